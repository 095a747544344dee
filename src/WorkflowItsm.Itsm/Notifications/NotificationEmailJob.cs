using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>Emails one notification over SMTP (MailKit); the job engine retries it when the server does not take it.</summary>
public sealed class NotificationEmailJob(ItsmDbContext db, IOptions<SmtpOptions> options, TimeProvider time, NotificationPreferences preferences)
{
    [JobRetries(5)]
    public async Task SendAsync(long notificationId, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == notificationId, cancellationToken);
        if (notification is null || notification.EmailedAt is not null)
        {
            return;
        }

        if (!await preferences.WantsEmailAsync(notification.Recipient, notification.Kind, cancellationToken))
        {
            notification.EmailNote = "The person turned email off for this kind of notification.";
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        try
        {
            notification.EmailNote = await DeliverAsync(notification.Recipient, notification.Title, notification.Body, notification.Link, cancellationToken);
        }
        catch (Exception exception) when (IsSendFailure(exception))
        {
            notification.EmailNote = exception.Message.Length > 1000 ? exception.Message[..1000] : exception.Message;
            await db.SaveChangesAsync(cancellationToken);
            throw; // the job engine tries again later
        }

        if (notification.EmailNote is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        notification.EmailedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Emails a notification the person wants by email only: nothing is kept under her bell, so a mail that cannot
    /// go (no address, no server) is only dropped, and a failed send is tried again by the job engine.
    /// </summary>
    [JobRetries(5)]
    public async Task SendOnlyByEmailAsync(string recipient, string kind, string title, string body, string? link, CancellationToken cancellationToken)
    {
        if (await preferences.WantsEmailAsync(recipient, kind, cancellationToken))
        {
            await DeliverAsync(recipient, title, body, link, cancellationToken);
        }
    }

    /// <summary>Sends the mail; returns why none was sent (no server set, no address), or null once the server took it.</summary>
    private async Task<string?> DeliverAsync(string recipient, string title, string body, string? link, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        var address = await db.Users.Where(u => u.UserName == recipient).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(smtp.Host) || string.IsNullOrWhiteSpace(address))
        {
            return string.IsNullOrWhiteSpace(smtp.Host) ? Notifier.NoMailServer : "The person has no email address.";
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(address));
        message.Subject = title;
        var linkLine = link is null ? "" : $"\n\n{(smtp.PublicBaseUrl ?? "").TrimEnd('/')}{link}";
        message.Body = new TextPart("plain") { Text = body + linkLine };
        await SendMessageAsync(message, cancellationToken);
        return null;
    }

    /// <summary>
    /// Sends a mail made elsewhere (a record's comment, with its own headers) through the same server; the caller
    /// has checked that <see cref="SmtpOptions.Host"/> is set.
    /// </summary>
    /// <exception cref="InvalidOperationException">No SMTP server is set.</exception>
    public async Task SendMessageAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new InvalidOperationException("No SMTP server is set (Smtp:Host).");
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.UseSsl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    internal static bool IsSendFailure(Exception exception) =>
        exception is IOException or SmtpCommandException or SmtpProtocolException or System.Net.Sockets.SocketException or AuthenticationException;
}
