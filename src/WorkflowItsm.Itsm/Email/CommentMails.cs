using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Email;

/// <summary>
/// Hears public comments where every module saves them, the unit of work: each comment saved plans a
/// <see cref="CommentMailJob"/> through the jobs port (handed over on commit). Nothing is planned while no SMTP
/// server is set, so hosts and tests without mail see no jobs.
/// </summary>
public sealed class CommentMailCapture : SaveChangesInterceptor
{
    public static readonly CommentMailCapture Instance = new();

    private static readonly ConditionalWeakTable<DbContext, List<RecordNote>> Pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Plan(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Plan(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Capture(DbContext? context)
    {
        if (context is not ItsmDbContext db || Services(db) is not { } services || string.IsNullOrWhiteSpace(services.GetService<IOptions<SmtpOptions>>()?.Value.Host))
        {
            return;
        }

        // Added entries are tracked whether or not changes were detected yet (Add marks them at once).
        var comments = AddedEntries.Of<RecordNote>(db.ChangeTracker).Where(note => note.Kind == RecordNoteKind.Comment).ToList();
        if (comments.Count > 0)
        {
            Pending.AddOrUpdate(db, comments);
        }
    }

    // After the save, not the commit: the jobs port keeps the job until the open transaction (if any) commits.
    private static void Plan(DbContext? context)
    {
        if (context is null || !Pending.TryGetValue(context, out var comments))
        {
            return;
        }

        Pending.Remove(context);
        if (Services(context)?.GetService<IJobs>() is not { } jobs)
        {
            return;
        }

        foreach (var id in comments.Select(c => c.Id).Where(id => id > 0))
        {
            jobs.Enqueue<CommentMailJob>(job => job.SendAsync(id, CancellationToken.None));
        }
    }

    private static IServiceProvider? Services(DbContext context) => (context as ItsmDbContext)?.ApplicationServices;
}

/// <summary>
/// Mails one public comment to the record's contact (never to the comment's own author) through the notifications'
/// SMTP path: subject "[INC0001234] …", Reply-To the channel's address, a Message-ID remembered so that a reply
/// (In-Reply-To/References) threads back in as a comment on the same record.
/// </summary>
public sealed class CommentMailJob(ItsmDbContext db, RecordStore store, NotificationEmailJob mailer, IOptions<EmailChannelOptions> options, IOptions<SmtpOptions> smtp, TimeProvider time)
{
    [JobRetries(5)]
    public async Task SendAsync(long noteId, CancellationToken cancellationToken)
    {
        var note = await db.Set<RecordNote>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == noteId, cancellationToken);
        if (note is null || note.Kind != RecordNoteKind.Comment || string.IsNullOrWhiteSpace(smtp.Value.Host))
        {
            return;
        }

        var sent = await db.Set<SentRecordMail>().FirstOrDefaultAsync(s => s.NoteId == noteId, cancellationToken);
        if (sent?.SentAt is not null)
        {
            return; // a job run twice sends once
        }

        Record record;
        try
        {
            record = await store.FindAsync(note.RecordNumber, cancellationToken);
        }
        catch (RecordNotFoundException)
        {
            return;
        }

        var contact = RecordContacts.Of(record);
        if (string.Equals(contact, note.Author, StringComparison.Ordinal))
        {
            return; // her own comment (a reply by mail, say) is not mailed back to her
        }

        var person = await db.Users.AsNoTracking().Where(u => u.UserName == contact).Select(u => new { u.Email, u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(person?.Email) || person.Email.EndsWith("@" + Integrations.ServiceAccounts.EmailDomain, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var settings = options.Value;
        if (sent is null)
        {
            sent = new SentRecordMail
            {
                MessageId = $"{record.Number}.{noteId}.{Guid.NewGuid():N}@{settings.MessageIdDomain}",
                RecordNumber = record.Number,
                NoteId = noteId,
                Recipient = contact,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Add(sent);
            await db.SaveChangesAsync(cancellationToken); // remembered before it goes, so a quick reply finds it
        }

        var previous = await db.Set<SentRecordMail>().AsNoTracking().Where(s => s.RecordNumber == record.Number && s.Id < sent.Id && s.SentAt != null)
            .OrderByDescending(s => s.Id).Select(s => s.MessageId).FirstOrDefaultAsync(cancellationToken);
        var author = await db.Users.AsNoTracking().Where(u => u.UserName == note.Author).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? note.Author;
        var message = new MimeMessage { Subject = $"[{record.Number}] {record.ShortDescription}", MessageId = sent.MessageId };
        message.From.Add(MailboxAddress.Parse(smtp.Value.From));
        message.To.Add(new MailboxAddress(person.DisplayName ?? contact, person.Email));
        if (settings.Enabled && MailboxAddress.TryParse(settings.Address, out var replyTo))
        {
            message.ReplyTo.Add(replyTo);
        }

        if (previous is not null)
        {
            message.InReplyTo = previous;
            message.References.Add(previous);
        }

        // RFC 3834: an out-of-office answers no mail marked so; a person's reply carries no such header.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var link = string.IsNullOrWhiteSpace(smtp.Value.PublicBaseUrl) ? "" : $"\n\n{smtp.Value.PublicBaseUrl.TrimEnd('/')}/{RecordPaths.Of(record)}";
        var replyLine = message.ReplyTo.Count > 0 ? "\n\nReply to this mail to add a comment (keep the number in the subject)." : "";
        message.Body = new TextPart("plain") { Text = $"{author} commented on {record.Number} ({record.ShortDescription}):\n\n{note.Text}{replyLine}{link}" };
        await mailer.SendMessageAsync(message, cancellationToken);
        sent.SentAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Where the record's contact sees it, for links in mails: the portal for what people raise, else the record's page.</summary>
internal static class RecordPaths
{
    public static string Of(Record record) => record switch
    {
        Incidents.Incident { ProcessInstanceId: { } instance } => $"portal/requests/{Uri.EscapeDataString(instance)}",
        Incidents.Incident => $"incidents/{record.Number}",
        Requests.ServiceRequest => $"portal/orders/{record.Number}",
        Problems.Problem => $"problems/{record.Number}",
        Changes.Change => $"changes/{record.Number}",
        _ => $"records/{record.Number}",
    };
}
