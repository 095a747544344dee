using System.Net;
using System.Net.Http.Json;
using System.Text;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Email;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Tests.Email;

/// <summary>
/// Email in and out (issue 23) through real SMTP: MailKit sends to the host's listener on a loopback port, and the
/// host's comment mails arrive at a loopback server of the test. Unknown senders are dropped on this host (the
/// other settings have hosts of their own in <see cref="UnknownSenderTests"/>); at most 10 mails per sender an hour.
/// </summary>
public sealed class EmailChannelTests(EmailChannelTests.Setup shared) : IClassFixture<EmailChannelTests.Setup>
{
    private const string Password = "Mail-Person-Pass-1!";

    public sealed class Setup : IAsyncLifetime
    {
        public EmailChannelHost Channel { get; } = new(UnknownSenderPolicy.Drop, maxPerHour: 10);
        public HttpClient Admin { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await Channel.Host.CreateUserAsync("alice", Password, Roles.Requester);
            await Channel.Host.CreateUserAsync("bob", Password, Roles.Requester);
            await Channel.Host.CreateUserAsync("flood", Password, Roles.Requester);
            Admin = await Channel.Host.SignedInAsync();
        }

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await Channel.DisposeAsync();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EmailChannelHost Channel => shared.Channel;

    [Fact]
    public async Task A_new_mail_from_a_known_person_becomes_an_incident_with_its_attachment()
    {
        var mail = EmailChannelHost.Mail("Alice <alice@example.test>", "Printer on floor 3 jams", "It jams on every second page.\nTray 2.");
        var log = "%PDF-1.4\npaper jam at 10:02\npaper jam at 10:05\n%%EOF\n"u8.ToArray();
        var body = new BodyBuilder { TextBody = "It jams on every second page.\nTray 2." };
        body.Attachments.Add("printer-log.pdf", log, new ContentType("application", "pdf"));
        mail.Body = body.ToMessageBody();

        await Channel.SendAsync(mail);

        var stored = await Channel.ProcessedAsync(mail);
        stored.Should().NotBeNull();
        stored!.Outcome.Should().Be(InboundMailOutcome.Created);
        stored.OutcomeText.Should().Be($"Created {stored.RecordNumber}");
        var incident = await Channel.QueryAsync(db => db.Set<Incident>().SingleAsync(i => i.Number == stored.RecordNumber, Ct));
        incident.ShortDescription.Should().Be("Printer on floor 3 jams");
        incident.Description.Should().Be("It jams on every second page.\nTray 2.");
        incident.Caller.Should().Be("alice");
        var attachment = await Channel.QueryAsync(db => db.Set<RecordAttachment>().SingleAsync(a => a.RecordNumber == incident.Number, Ct));
        attachment.FileName.Should().Be("printer-log.pdf");
        attachment.Content.Should().Equal(log);
        attachment.UploadedBy.Should().Be("alice");
    }

    [Fact]
    public async Task An_html_only_mail_gives_its_text_without_markup()
    {
        var mail = EmailChannelHost.Mail("bob@example.test", "VPN drops", "");
        mail.Body = new TextPart("html") { Text = "<html><head><style>p{color:red}</style></head><body><p>The VPN drops every <b>5 minutes</b>.</p><p>Since Monday &amp; today.</p><script>alert(1)</script></body></html>" };

        await Channel.SendAsync(mail);

        var stored = await Channel.ProcessedAsync(mail);
        stored!.Outcome.Should().Be(InboundMailOutcome.Created);
        var incident = await Channel.QueryAsync(db => db.Set<Incident>().SingleAsync(i => i.Number == stored.RecordNumber, Ct));
        incident.Description.Should().Be("The VPN drops every 5 minutes.\nSince Monday & today.");
    }

    [Fact]
    public async Task A_reply_naming_the_record_in_its_subject_becomes_a_comment_without_the_quoted_mail()
    {
        var first = EmailChannelHost.Mail("alice@example.test", "Laptop battery swells", "The battery lifts the keyboard.");
        await Channel.SendAsync(first);
        var number = (await Channel.ProcessedAsync(first))!.RecordNumber!;

        var reply = EmailChannelHost.Mail("alice@example.test", $"RE: [{number}] Laptop battery swells", "Photo sent to IT already.\n\nOn Mon, 1 Dec 2026 at 10:00, Support wrote:\n> Please send a photo.");
        await Channel.SendAsync(reply);

        var stored = await Channel.ProcessedAsync(reply);
        stored!.Outcome.Should().Be(InboundMailOutcome.Commented);
        stored.OutcomeText.Should().Be($"Comment on {number}");
        var notes = await Channel.QueryAsync(db => db.Set<RecordNote>().Where(n => n.RecordNumber == number).ToListAsync(Ct));
        notes.Should().ContainSingle(n => n.Kind == RecordNoteKind.Comment).Which.Should().Match<RecordNote>(n => n.Text == "Photo sent to IT already." && n.Author == "alice");
        (await Channel.QueryAsync(db => db.Set<Incident>().CountAsync(i => i.ShortDescription.Contains("battery swells"), Ct))).Should().Be(1, "the reply made no second incident");
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied", "Ignored: automatic reply")]
    [InlineData("X-Autoreply", "yes", "Ignored: automatic reply")]
    [InlineData("Precedence", "bulk", "Ignored: bulk or mailing-list mail")]
    [InlineData("Precedence", "list", "Ignored: bulk or mailing-list mail")]
    public async Task Automatic_mail_is_kept_but_makes_no_record(string header, string value, string outcome)
    {
        var mail = EmailChannelHost.Mail("bob@example.test", $"Out of office ({header} {value})", "I am away until Monday.");
        mail.Headers.Add(header, value);

        await Channel.SendAsync(mail);

        var stored = await Channel.ProcessedAsync(mail);
        stored!.Outcome.Should().Be(InboundMailOutcome.Ignored);
        stored.OutcomeText.Should().Be(outcome);
        stored.RecordNumber.Should().BeNull();
        (await Channel.QueryAsync(db => db.Set<Incident>().AnyAsync(i => i.ShortDescription == mail.Subject, Ct))).Should().BeFalse();
    }

    [Fact]
    public async Task A_mail_marked_auto_submitted_no_is_a_persons_mail()
    {
        var mail = EmailChannelHost.Mail("bob@example.test", "Monitor flickers", "Since the update.");
        mail.Headers.Add("Auto-Submitted", "no");

        await Channel.SendAsync(mail);

        (await Channel.ProcessedAsync(mail))!.Outcome.Should().Be(InboundMailOutcome.Created);
    }

    [Fact]
    public async Task Mail_from_our_own_address_is_ignored_as_a_loop()
    {
        var mail = EmailChannelHost.Mail(EmailChannelHost.Address, "[INC0000001] Looping", "Our own mail came back.");

        await Channel.SendAsync(mail);

        var stored = await Channel.ProcessedAsync(mail);
        stored!.Outcome.Should().Be(InboundMailOutcome.Ignored);
        stored.OutcomeText.Should().Be("Ignored: sent by this system (a loop)");
    }

    [Fact]
    public async Task A_loop_of_50_mails_from_one_sender_makes_only_the_first_10_records()
    {
        var mails = Enumerable.Range(1, 50).Select(i => EmailChannelHost.Mail("flood@example.test", $"Flood {i:00}", $"Mail {i}.")).ToArray();

        await Channel.SendAsync(mails);

        var outcomes = new List<InboundMail>();
        foreach (var mail in mails)
        {
            outcomes.Add((await Channel.ProcessedAsync(mail))!);
        }

        outcomes.Take(10).Should().OnlyContain(m => m.Outcome == InboundMailOutcome.Created);
        outcomes.Skip(10).Should().OnlyContain(m => m.Outcome == InboundMailOutcome.Ignored && m.OutcomeText == "Ignored: more than 10 mails from this sender in an hour");
        (await Channel.QueryAsync(db => db.Set<Incident>().CountAsync(i => i.Caller == "flood", Ct))).Should().Be(10);
    }

    [Fact]
    public async Task Mail_from_an_unknown_sender_is_dropped_here_and_kept()
    {
        var mail = EmailChannelHost.Mail("stranger@elsewhere.test", "Buy cheap watches", "Now.");

        await Channel.SendAsync(mail);

        var stored = await Channel.ProcessedAsync(mail);
        stored!.Outcome.Should().Be(InboundMailOutcome.Dropped);
        stored.OutcomeText.Should().Be("Dropped: unknown sender");
        (await Channel.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "stranger@elsewhere.test", Ct))).Should().BeFalse();
    }

    [Fact]
    public async Task A_recipient_outside_the_domain_is_refused_at_rcpt()
    {
        var mail = EmailChannelHost.Mail("alice@example.test", "Relay me", "Please.", to: "someone@other.test");

        var send = () => Channel.SendAsync(mail);

        (await send.Should().ThrowAsync<SmtpCommandException>()).Which.ErrorCode.Should().Be(SmtpErrorCode.RecipientNotAccepted);
    }

    [Fact]
    public async Task A_30_MB_attachment_is_left_out_and_noted_and_the_mail_is_kept_whole()
    {
        var big = new byte[30 * 1024 * 1024];
        Random.Shared.NextBytes(big);
        var body = new BodyBuilder { TextBody = "The dump of the crashed server." };
        body.Attachments.Add("memory.dmp", big, new ContentType("application", "octet-stream"));
        body.Attachments.Add("notes.txt", "crashed at 03:12"u8.ToArray(), new ContentType("text", "plain"));
        var mail = EmailChannelHost.Mail("bob@example.test", "Server crashed", "");
        mail.Body = body.ToMessageBody();

        await Channel.SendAsync(mail);

        var stored = await Channel.ProcessedAsync(mail);
        stored!.Outcome.Should().Be(InboundMailOutcome.Created);
        stored.OutcomeText.Should().Be($"Created {stored.RecordNumber} (1 part left out)");
        stored.Size.Should().BeGreaterThan(30 * 1024 * 1024, "the raw mail is kept with the part");
        var number = stored.RecordNumber!;
        (await Channel.QueryAsync(db => db.Set<RecordAttachment>().Where(a => a.RecordNumber == number).Select(a => a.FileName).ToListAsync(Ct)))
            .Should().Equal("notes.txt");
        var note = await Channel.QueryAsync(db => db.Set<RecordNote>().SingleAsync(n => n.RecordNumber == number && n.Kind == RecordNoteKind.WorkNote && n.Author == InboundMailProcessor.ChannelAuthor, Ct));
        note.Text.Should().Be("From the email, left out: memory.dmp (30 MiB, over the limit of 10 MiB). The mail as received is kept under Inbound mail.");
    }

    [Fact]
    public async Task A_malformed_mime_part_is_left_out_and_noted_and_the_rest_is_taken()
    {
        var raw = $"""
            From: alice@example.test
            To: {EmailChannelHost.Address}
            Subject: Scanner broken
            Message-ID: <malformed-1@sender.example.test>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain

            The scanner shows E42.
            --b1
            Content-Type: image/png
            Content-Disposition: attachment; filename="screen.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo***this is not base64***!!
            --b1
            Content-Type: text/plain
            Content-Disposition: attachment; filename="error.txt"
            Content-Transfer-Encoding: x-rot13

            R42
            --b1
            Content-Type: text/plain
            Content-Disposition: attachment; filename="readme.txt"

            Error E42 means the lamp.
            --b1--

            """.Replace("\n", "\r\n", StringComparison.Ordinal);
        Channel.Start();
        using (var client = new SmtpClient())
        {
            await Channel.ConnectAsync(client);
            // The raw bytes as written: MailKit would re-encode a message it builds.
            using var stream = new MemoryStream(Encoding.ASCII.GetBytes(raw));
            var message = await MimeMessage.LoadAsync(stream, Ct);
            await client.SendAsync(message, Ct);
            await client.DisconnectAsync(true, Ct);
        }

        var stored = await Channel.ProcessedAsync(new MimeMessage { MessageId = "malformed-1@sender.example.test" });
        stored!.Outcome.Should().Be(InboundMailOutcome.Created);
        stored.OutcomeText.Should().EndWith("(2 parts left out)");
        Encoding.ASCII.GetString(stored.Raw).Should().Contain("***this is not base64***", "the mail is kept as it came");
        var number = stored.RecordNumber!;
        (await Channel.QueryAsync(db => db.Set<RecordAttachment>().Where(a => a.RecordNumber == number).Select(a => a.FileName).ToListAsync(Ct))).Should().Equal("readme.txt");
        var note = await Channel.QueryAsync(db => db.Set<RecordNote>().SingleAsync(n => n.RecordNumber == number && n.Kind == RecordNoteKind.WorkNote, Ct));
        note.Text.Should().Contain("screen.png (its base64 content is broken)").And.Contain("error.txt (an unknown transfer encoding 'x-rot13')");
    }

    [Fact]
    public async Task A_public_comment_is_mailed_to_the_caller_and_her_reply_threads_back_as_a_comment()
    {
        var first = EmailChannelHost.Mail("alice@example.test", "Cannot open the payroll app", "It says access denied.");
        await Channel.SendAsync(first);
        var number = (await Channel.ProcessedAsync(first))!.RecordNumber!;

        (await shared.Admin.PostAsJsonAsync($"/api/incidents/{number}/notes", new { kind = "Comment", text = "Which account do you sign in with?" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        var sent = await Channel.Outgoing.WaitForAsync(m => m.MessageId?.StartsWith(number + ".", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));
        sent.Should().NotBeNull("the comment is mailed to the caller");
        sent!.To.Mailboxes.Single().Address.Should().Be("alice@example.test");
        sent.Subject.Should().Be($"[{number}] Cannot open the payroll app");
        sent.ReplyTo.Mailboxes.Single().Address.Should().Be(EmailChannelHost.Address);
        sent.Headers["Auto-Submitted"].Should().Be("auto-generated");
        sent.TextBody.Should().Contain("Which account do you sign in with?").And.Contain("https://itsm.example.test/portal/requests/");

        // Her client replies to the Reply-To with In-Reply-To and References; the subject here names no record.
        var reply = EmailChannelHost.Mail("alice@example.test", "Re: my question", "My usual one, alice.\n\n> Which account do you sign in with?");
        reply.InReplyTo = sent.MessageId;
        reply.References.Add(sent.MessageId!);
        await Channel.SendAsync(reply);

        var stored = await Channel.ProcessedAsync(reply);
        stored!.Outcome.Should().Be(InboundMailOutcome.Commented);
        stored.RecordNumber.Should().Be(number);
        var comments = await Channel.QueryAsync(db => db.Set<RecordNote>().Where(n => n.RecordNumber == number && n.Kind == RecordNoteKind.Comment).OrderBy(n => n.Id).ToListAsync(Ct));
        comments.Select(c => (c.Author, c.Text)).Should().Equal(("admin", "Which account do you sign in with?"), ("alice", "My usual one, alice."));

        // Her own comment is not mailed back to her: the next comment's mail is the second and last one.
        (await shared.Admin.PostAsJsonAsync($"/api/incidents/{number}/notes", new { kind = "Comment", text = "Access granted." }, Ct)).EnsureSuccessStatusCode();
        var second = await Channel.Outgoing.WaitForAsync(m => m.TextBody?.Contains("Access granted.", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));
        second.Should().NotBeNull();
        second!.InReplyTo.Should().Be(sent.MessageId, "the mails of one record thread in the caller's client");
        await WaitForAllSentAsync(number, expected: 2);
        Channel.Outgoing.Messages.Count(m => m.MessageId?.StartsWith(number + ".", StringComparison.Ordinal) == true).Should().Be(2);
    }

    [Fact]
    public async Task A_work_note_sends_nothing()
    {
        var first = EmailChannelHost.Mail("bob@example.test", "Headset broken", "The left side is silent.");
        await Channel.SendAsync(first);
        var number = (await Channel.ProcessedAsync(first))!.RecordNumber!;

        (await shared.Admin.PostAsJsonAsync($"/api/incidents/{number}/notes", new { kind = "WorkNote", text = "Staff only: order a new one." }, Ct)).EnsureSuccessStatusCode();
        (await shared.Admin.PostAsJsonAsync($"/api/incidents/{number}/notes", new { kind = "Comment", text = "A new headset is on its way." }, Ct)).EnsureSuccessStatusCode();

        (await Channel.Outgoing.WaitForAsync(m => m.TextBody?.Contains("A new headset is on its way.", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30))).Should().NotBeNull();
        Channel.Outgoing.Messages.Should().NotContain(m => m.TextBody != null && m.TextBody.Contains("Staff only", StringComparison.Ordinal));
        (await Channel.QueryAsync(db => db.Set<SentRecordMail>().CountAsync(s => s.RecordNumber == number, Ct))).Should().Be(1);
    }

    [Fact]
    public async Task Admins_list_received_mail_with_outcomes_in_words_and_download_it_as_received()
    {
        var mail = EmailChannelHost.Mail("bob@example.test", "Keyboard missing keys", "F and J.");
        await Channel.SendAsync(mail);
        var stored = await Channel.ProcessedAsync(mail);

        var list = await shared.Admin.GetFromJsonAsync<List<ListedMail>>("/api/inbound-mail?search=keyboard", Ct);
        list.Should().ContainSingle().Which.Result.Should().Be($"Created {stored!.RecordNumber}");
        var raw = await shared.Admin.GetAsync($"/api/inbound-mail/{stored.Id}/raw", Ct);
        raw.Content.Headers.ContentType!.MediaType.Should().Be("message/rfc822");
        (await raw.Content.ReadAsStringAsync(Ct)).Should().Contain("Subject: Keyboard missing keys");

        using var requester = await Channel.Host.SignedInAsync("bob", Password);
        (await requester.GetAsync("/api/inbound-mail", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await shared.Admin.GetAsync("/api/inbound-mail/999999/raw", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private sealed record ListedMail(long Id, string? Subject, string Result);

    private async Task WaitForAllSentAsync(string number, int expected)
    {
        for (var wait = 0; wait < 300 && await Channel.QueryAsync(db => db.Set<SentRecordMail>().CountAsync(s => s.RecordNumber == number && s.SentAt != null, Ct)) < expected; wait++)
        {
            await Task.Delay(100, Ct);
        }
    }
}
