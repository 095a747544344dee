using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Email;

/// <summary>How the listener answers a mail it was given.</summary>
public enum ReceiptAnswer
{
    /// <summary>Stored; 250.</summary>
    Accepted,

    /// <summary>Stored as refused (an unknown sender under <see cref="UnknownSenderPolicy.Refuse"/>); 550.</summary>
    RefusedUnknownSender,
}

/// <summary>
/// Takes a mail from the SMTP listener: stores its raw MIME first (so it is kept whatever happens next), then plans
/// its processing through the jobs port. Only the headers are read here; the rest is the job's.
/// </summary>
public sealed partial class InboundMailReceiver(ItsmDbContext db, IJobs jobs, IOptions<EmailChannelOptions> options, TimeProvider time, ILogger<InboundMailReceiver> logger)
{
    public async Task<ReceiptAnswer> ReceiveAsync(byte[] raw, string? envelopeSender, CancellationToken cancellationToken)
    {
        var mail = new InboundMail
        {
            Raw = raw,
            Size = raw.LongLength,
            ReceivedAt = time.GetUtcNow().UtcDateTime,
            EnvelopeSender = Cut(envelopeSender, InboundMail.AddressLength),
            Outcome = InboundMailOutcome.Received,
        };
        ReadHeaders(mail, raw);
        var refuse = options.Value.UnknownSenders == UnknownSenderPolicy.Refuse && !await IsKnownAsync(mail.Sender, cancellationToken);
        if (refuse)
        {
            mail.Outcome = InboundMailOutcome.Refused;
            mail.OutcomeText = "Refused: unknown sender";
            mail.ProcessedAt = mail.ReceivedAt;
        }

        db.Add(mail);
        await db.SaveChangesAsync(cancellationToken);
        if (refuse)
        {
            LogRefused(logger, mail.Id, mail.Sender ?? "(none)");
            return ReceiptAnswer.RefusedUnknownSender;
        }

        jobs.Enqueue<InboundMailProcessor>(p => p.ProcessAsync(mail.Id, CancellationToken.None));
        return ReceiptAnswer.Accepted;
    }

    private async Task<bool> IsKnownAsync(string? sender, CancellationToken cancellationToken)
    {
        if (sender is null)
        {
            return false;
        }

        var normalized = sender.ToUpperInvariant();
        return await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken);
    }

    private static void ReadHeaders(InboundMail mail, byte[] raw)
    {
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            var headers = HeaderList.Load(stream);
            if (headers[HeaderId.From] is { } from && InternetAddressList.TryParse(from, out var addresses) && addresses.Mailboxes.FirstOrDefault() is { } sender)
            {
                mail.Sender = Cut(sender.Address.Trim().ToLowerInvariant(), InboundMail.AddressLength);
                mail.SenderName = Cut(string.IsNullOrWhiteSpace(sender.Name) ? null : sender.Name.Trim(), Records.Record.NameLength);
            }

            mail.Subject = Cut(headers[HeaderId.Subject]?.Trim(), InboundMail.SubjectLength);
            mail.MessageId = Cut(headers[HeaderId.MessageId]?.Trim(), InboundMail.MessageIdLength);
        }
        catch (FormatException)
        {
            // Headers that cannot be read: the mail is kept all the same, and the job says what it could not do.
        }
    }

    internal static string? Cut(string? text, int length) => text is null ? null : text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail {Id} from {Sender} refused: unknown sender.")]
    private static partial void LogRefused(ILogger logger, long id, string sender);
}
