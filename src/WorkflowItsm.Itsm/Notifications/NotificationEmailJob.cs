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

        var smtp = options.Value;
        var address = await db.Users.Where(u => u.UserName == notification.Recipient).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(smtp.Host) || string.IsNullOrWhiteSpace(address))
        {
            notification.EmailNote = string.IsNullOrWhiteSpace(smtp.Host) ? "No SMTP server is set (Smtp:Host)." : "The person has no email address.";
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(address));
        message.Subject = notification.Title;
        var link = notification.Link is null ? "" : $"\n\n{(smtp.PublicBaseUrl ?? "").TrimEnd('/')}{notification.Link}";
        message.Body = new TextPart("plain") { Text = notification.Body + link };
        try
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.UseSsl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or SmtpCommandException or SmtpProtocolException or System.Net.Sockets.SocketException or AuthenticationException)
        {
            notification.EmailNote = exception.Message.Length > 1000 ? exception.Message[..1000] : exception.Message;
            await db.SaveChangesAsync(cancellationToken);
            throw; // the job engine tries again later
        }

        notification.EmailedAt = time.GetUtcNow().UtcDateTime;
        notification.EmailNote = null;
        await db.SaveChangesAsync(cancellationToken);
    }
}
