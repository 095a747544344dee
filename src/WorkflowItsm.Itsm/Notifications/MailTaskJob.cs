using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>Sends an email task's mail through the product's SMTP server (<c>Smtp</c> settings); retried while the server does not take it.</summary>
public sealed partial class MailTaskJob(NotificationEmailJob mailer, IOptions<SmtpOptions> options, ILogger<MailTaskJob> logger)
{
    [JobRetries(5)]
    public async Task SendAsync(MailTaskMessage mail, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            LogNoServer(logger, mail.Subject, mail.To);
            return;
        }

        var message = new MimeMessage();
        message.From.AddRange(InternetAddressList.Parse(mail.From ?? smtp.From));
        message.To.AddRange(InternetAddressList.Parse(mail.To));
        if (mail.Cc.Length > 0)
        {
            message.Cc.AddRange(InternetAddressList.Parse(mail.Cc));
        }

        if (mail.Bcc.Length > 0)
        {
            message.Bcc.AddRange(InternetAddressList.Parse(mail.Bcc));
        }

        message.Subject = mail.Subject;
        var body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html };
        message.Body = body.ToMessageBody();
        await mailer.SendMessageAsync(message, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The email task's mail '{Subject}' to {To} was not sent: no mail server is set (Smtp:Host).")]
    private static partial void LogNoServer(ILogger logger, string subject, string to);
}
