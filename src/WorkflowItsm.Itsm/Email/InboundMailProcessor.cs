using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Email;

/// <summary>
/// Makes a record of a stored mail (a job, once per mail): a reply (the record's number in the subject, or
/// In-Reply-To/References naming a comment mail we sent) becomes a comment on that record, any other mail from a
/// known person a new incident; automatic mail, our own, a flood from one sender and unknown senders (per the
/// setting) make nothing. Attachments go through the record's attachment store; a part too large, refused or
/// unreadable is left out and the record says so in a work note. The raw mail stays with what became of it.
/// </summary>
public sealed partial class InboundMailProcessor(
    ItsmDbContext db, IncidentService incidents, RecordStore store, RecordKinds kinds, RecordHistory history, RecordAttachments attachments,
    UserManager<DirectoryUser> users, IOptions<EmailChannelOptions> options, IOptions<SmtpOptions> smtp, IJobs jobs, TimeProvider time, ILogger<InboundMailProcessor> logger)
{
    /// <summary>Who stands for the mail channel in audit entries it writes itself (the work note about left-out parts).</summary>
    public const string ChannelAuthor = "email";

    /// <summary>
    /// Mails still waiting after this long lost their job (a host stopped): the sweep plans them again. A job claims
    /// its mail first, so a job still queued behind a backlog and the sweep's cannot both make the record; a claim
    /// older than this belongs to a job whose host died mid-way, and is taken over.
    /// </summary>
    public static readonly TimeSpan SweepAfter = TimeSpan.FromMinutes(15);

    public const string SweepJobId = "inbound-mail-sweep";

    private static readonly HashSet<string> KnownEncodings = new(StringComparer.OrdinalIgnoreCase) { "7bit", "8bit", "binary", "base64", "quoted-printable", "x-uuencode", "uuencode", "uue" };

    [JobRetries(3)]
    public async Task ProcessAsync(long mailId, CancellationToken cancellationToken)
    {
        // One conditional update claims the mail, so of two jobs planned for it only one goes on.
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - SweepAfter;
        var claimed = await db.Set<InboundMail>()
            .Where(m => m.Id == mailId && m.Outcome == InboundMailOutcome.Received && (m.ClaimedAt == null || m.ClaimedAt < stale))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return; // processed already, or another job is on it
        }

        var mail = await db.Set<InboundMail>().FirstAsync(m => m.Id == mailId, cancellationToken);

        try
        {
            await ProcessAsync(mail, cancellationToken);
        }
        catch (RecordValidationException invalid)
        {
            db.ChangeTracker.Clear();
            await FinishAsync(mailId, InboundMailOutcome.Failed, $"Failed: {invalid.Message}", null, cancellationToken);
        }
    }

    /// <summary>Plans again the mails whose job was lost (recurring).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().UtcDateTime - SweepAfter;
        var waiting = await db.Set<InboundMail>().Where(m => m.Outcome == InboundMailOutcome.Received && m.ReceivedAt < before).Select(m => m.Id).Take(100).ToListAsync(cancellationToken);
        foreach (var id in waiting)
        {
            jobs.Enqueue<InboundMailProcessor>(p => p.ProcessAsync(id, CancellationToken.None));
        }
    }

    private async Task ProcessAsync(InboundMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(mail.Raw, writable: false);
            message = await MimeMessage.LoadAsync(stream, cancellationToken);
        }
        catch (FormatException)
        {
            await FinishAsync(mail.Id, InboundMailOutcome.Failed, "Failed: the mail could not be read (kept as received)", null, cancellationToken);
            return;
        }

        var sender = mail.Sender;
        if (sender is null)
        {
            await FinishAsync(mail.Id, InboundMailOutcome.Ignored, "Ignored: no sender address", null, cancellationToken);
            return;
        }

        if (OwnAddresses(settings).Contains(sender))
        {
            LogIgnored(logger, mail.Id, sender, "sent by this system");
            await FinishAsync(mail.Id, InboundMailOutcome.Ignored, "Ignored: sent by this system (a loop)", null, cancellationToken);
            return;
        }

        if (MailContent.AutomaticReason(message) is { } automatic)
        {
            LogIgnored(logger, mail.Id, sender, automatic);
            await FinishAsync(mail.Id, InboundMailOutcome.Ignored, automatic, null, cancellationToken);
            return;
        }

        // The first N in the hour before this one count, in the order received, so a flood makes at most N records
        // whatever order the jobs run in.
        var since = mail.ReceivedAt - TimeSpan.FromHours(1);
        var earlier = await db.Set<InboundMail>().CountAsync(m => m.Sender == sender && m.Id < mail.Id && m.ReceivedAt >= since, cancellationToken);
        if (earlier >= settings.MaxMailsPerSenderPerHour)
        {
            LogIgnored(logger, mail.Id, sender, "rate per sender exceeded");
            await FinishAsync(mail.Id, InboundMailOutcome.Ignored,
                $"Ignored: more than {settings.MaxMailsPerSenderPerHour.ToString(CultureInfo.InvariantCulture)} mails from this sender in an hour", null, cancellationToken);
            return;
        }

        var person = await users.FindByEmailAsync(sender);
        if (person is null)
        {
            switch (settings.UnknownSenders)
            {
                case UnknownSenderPolicy.Drop:
                    await FinishAsync(mail.Id, InboundMailOutcome.Dropped, "Dropped: unknown sender", null, cancellationToken);
                    return;
                case UnknownSenderPolicy.Refuse:
                    await FinishAsync(mail.Id, InboundMailOutcome.Refused, "Refused: unknown sender", null, cancellationToken);
                    return;
                default:
                    person = await CreateRequesterAsync(sender, mail.SenderName, cancellationToken);
                    break;
            }
        }

        var userName = person.UserName!;
        var body = MailContent.BodyText(message);
        var target = await ReplyTargetAsync(message, mail.Subject, userName, cancellationToken);
        string number;
        string outcome;
        if (target is not null)
        {
            var text = MailContent.WithoutQuote(body);
            history.AddNote(target, RecordNoteKind.Comment, text.Length == 0 ? "(Replied by email without text.)" : text, userName);
            await store.SaveAsync(target, cancellationToken);
            number = target.Number;
            outcome = $"Comment on {number}";
        }
        else
        {
            var subject = string.IsNullOrWhiteSpace(mail.Subject) ? "(no subject)" : mail.Subject.Trim();
            var incident = await incidents.CreateAsync(new NewIncident
            {
                ShortDescription = subject.Length <= Record.ShortDescriptionLength ? subject : subject[..(Record.ShortDescriptionLength - 1)] + "…",
                Description = body.Length == 0 ? null : body.Length <= Record.TextLength ? body : body[..Record.TextLength],
                Caller = userName,
            }, userName, cancellationToken);
            number = incident.Number;
            outcome = $"Created {number}";
        }

        var leftOut = await AttachAsync(message, number, userName, settings, cancellationToken);
        if (leftOut.Count > 0)
        {
            var record = await store.FindAsync(number, cancellationToken);
            history.AddNote(record, RecordNoteKind.WorkNote, "From the email, left out: " + string.Join("; ", leftOut) + ". The mail as received is kept under Inbound mail.", ChannelAuthor);
            await store.SaveAsync(record, cancellationToken);
            outcome += leftOut.Count == 1 ? " (1 part left out)" : $" ({leftOut.Count.ToString(CultureInfo.InvariantCulture)} parts left out)";
        }

        await FinishAsync(mail.Id, target is null ? InboundMailOutcome.Created : InboundMailOutcome.Commented, outcome, number, cancellationToken);
    }

    /// <summary>The record a reply is to: one we mailed (In-Reply-To, then References), else a number in the subject; only one the sender may comment on.</summary>
    private async Task<Record?> ReplyTargetAsync(MimeMessage message, string? subject, string userName, CancellationToken cancellationToken)
    {
        var referenced = new List<string>();
        if (!string.IsNullOrEmpty(message.InReplyTo))
        {
            referenced.Add(message.InReplyTo);
        }

        referenced.AddRange(message.References.Reverse());
        var ids = referenced.Select(r => r.Trim('<', '>', ' ')).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var candidates = new List<string>();
        if (ids.Count > 0)
        {
            var sent = await db.Set<SentRecordMail>().AsNoTracking().Where(s => ids.Contains(s.MessageId)).Select(s => new { s.MessageId, s.RecordNumber }).ToListAsync(cancellationToken);
            candidates.AddRange(ids.Select(id => sent.FirstOrDefault(s => s.MessageId == id)?.RecordNumber).OfType<string>());
        }

        candidates.AddRange(MailContent.NumbersIn(subject));
        foreach (var number in candidates.Distinct(StringComparer.Ordinal))
        {
            if (kinds.OfNumber(number) is null)
            {
                continue;
            }

            Record record;
            try
            {
                record = await store.FindAsync(number, cancellationToken);
            }
            catch (RecordNotFoundException)
            {
                continue;
            }

            if (string.Equals(RecordContacts.Of(record), userName, StringComparison.Ordinal) || await IsStaffAsync(userName))
            {
                return record;
            }
        }

        return null;
    }

    private async Task<bool> IsStaffAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return false;
        }

        var roles = await users.GetRolesAsync(user);
        return roles.Any(Roles.Staff.Contains);
    }

    /// <summary>Attaches each part that is a file; returns what was left out, in words.</summary>
    private async Task<List<string>> AttachAsync(MimeMessage message, string number, string userName, EmailChannelOptions settings, CancellationToken cancellationToken)
    {
        var leftOut = new List<string>();
        foreach (var part in message.BodyParts)
        {
            if (part is MessagePart attachedMail)
            {
                var name = attachedMail.ContentDisposition?.FileName ?? "attached mail.eml";
                await TryAttachAsync(number, name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ? name : name + ".eml", "message/rfc822", () =>
                {
                    using var buffer = new MemoryStream();
                    attachedMail.Message?.WriteTo(buffer, cancellationToken);
                    return buffer.ToArray();
                }, userName, settings, leftOut, cancellationToken);
                continue;
            }

            if (part is not MimePart mime || (mime is TextPart && !mime.IsAttachment))
            {
                continue; // the body itself
            }

            var fileName = mime.FileName ?? $"attachment{Extension(mime.ContentType)}";
            if (Malformed(mime) is { } why)
            {
                leftOut.Add($"{fileName} ({why})");
                continue;
            }

            await TryAttachAsync(number, fileName, mime.ContentType.MimeType, () =>
            {
                using var buffer = new MemoryStream();
                mime.Content!.DecodeTo(buffer, cancellationToken);
                return buffer.ToArray();
            }, userName, settings, leftOut, cancellationToken);
        }

        return leftOut;
    }

    private async Task TryAttachAsync(string number, string fileName, string contentType, Func<byte[]> decode, string userName, EmailChannelOptions settings, List<string> leftOut, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = decode();
        }
        catch (Exception unreadable) when (unreadable is FormatException or ParseException or InvalidOperationException or IOException)
        {
            leftOut.Add($"{fileName} (the part could not be read)");
            return;
        }

        if (content.LongLength > settings.MaxAttachmentBytes)
        {
            leftOut.Add($"{fileName} ({AttachmentRules.Describe(content.LongLength)}, over the limit of {AttachmentRules.Describe(settings.MaxAttachmentBytes)})");
            return;
        }

        try
        {
            await attachments.AddAsync(number, fileName, contentType, content, userName, cancellationToken);
        }
        catch (AttachmentTooLargeException tooLarge)
        {
            leftOut.Add($"{fileName} ({tooLarge.Message})");
        }
        catch (AttachmentTypeRefusedException refused)
        {
            leftOut.Add($"{fileName} ({refused.Message})");
        }
    }

    /// <summary>Why a part cannot be taken as it says it is encoded; null when it can.</summary>
    private static string? Malformed(MimePart part)
    {
        var declared = part.Headers[HeaderId.ContentTransferEncoding]?.Trim();
        if (!string.IsNullOrEmpty(declared) && !KnownEncodings.Contains(declared))
        {
            return $"an unknown transfer encoding '{declared}'";
        }

        if (part.Content?.Stream is not { } stream)
        {
            return "the part has no content";
        }

        if (part.ContentTransferEncoding == ContentEncoding.Base64)
        {
            // MimeKit skips what is not base64 without a word; a file missing bytes would be stored as if whole.
            using var encoded = new MemoryStream();
            stream.Position = 0;
            stream.CopyTo(encoded);
            stream.Position = 0;
            var length = 0;
            var padding = false;
            foreach (var b in encoded.GetBuffer().AsSpan(0, (int)encoded.Length))
            {
                if (b is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
                {
                    continue;
                }

                var valid = b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/';
                if (b == (byte)'=')
                {
                    padding = true;
                }
                else if (!valid || padding)
                {
                    return "its base64 content is broken";
                }

                length++;
            }

            if (length % 4 != 0)
            {
                return "its base64 content is cut short";
            }
        }

        return null;
    }

    private static string Extension(ContentType type) => MimeTypes.TryGetExtension(type.MimeType, out var extension) ? extension : ".bin";

    private async Task<DirectoryUser> CreateRequesterAsync(string address, string? name, CancellationToken cancellationToken)
    {
        var local = new string([.. address.Split('@')[0].ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')]);
        local = local.Length == 0 ? "requester" : local[..Math.Min(local.Length, 50)];
        var userName = local;
        for (var i = 2; await users.FindByNameAsync(userName) is not null; i++)
        {
            userName = local + i.ToString(CultureInfo.InvariantCulture);
        }

        var user = new DirectoryUser { UserName = userName, Email = address, EmailConfirmed = true, DisplayName = string.IsNullOrWhiteSpace(name) ? address : name };
        // No password: the person signs in only once an admin or a password reset gives her one.
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new RecordValidationException("requester", new Dictionary<string, string[]> { ["email"] = [.. created.Errors.Select(e => e.Description)] });
        }

        await users.AddToRoleAsync(user, Roles.Requester);
        LogRequesterCreated(logger, userName, address);
        cancellationToken.ThrowIfCancellationRequested();
        return user;
    }

    private HashSet<string> OwnAddresses(EmailChannelOptions settings)
    {
        var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(settings.Address) && MailboxAddress.TryParse(settings.Address, out var address))
        {
            own.Add(address.Address);
        }

        if (MailboxAddress.TryParse(smtp.Value.From, out var from))
        {
            own.Add(from.Address);
        }

        return own;
    }

    private async Task FinishAsync(long mailId, InboundMailOutcome outcome, string text, string? number, CancellationToken cancellationToken)
    {
        var mail = await db.Set<InboundMail>().FirstAsync(m => m.Id == mailId, cancellationToken);
        mail.Outcome = outcome;
        mail.OutcomeText = InboundMailReceiver.Cut(text, InboundMail.OutcomeTextLength);
        mail.RecordNumber = number;
        mail.ProcessedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail {Id} from {Sender} ignored: {Reason}.")]
    private static partial void LogIgnored(ILogger logger, long id, string sender, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Requester {UserName} created for mail from {Address}.")]
    private static partial void LogRequesterCreated(ILogger logger, string userName, string address);
}

/// <summary>Who a record's public comments are for: the incident's caller, the request's requested-for, else who opened it.</summary>
public static class RecordContacts
{
    public static string Of(Record record) => record switch
    {
        Incident incident => incident.Caller,
        Requests.ServiceRequest request => request.RequestedFor,
        Requests.RequestedItem item => item.RequestedFor,
        _ => record.OpenedBy,
    };
}
