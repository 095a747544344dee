using System.Globalization;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using WorkflowItsm.Itsm.Email;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;
using WorkflowItsm.Web.Tests.Notifications;

namespace WorkflowItsm.Web.Tests.Email;

/// <summary>
/// A host whose email channel listens on a free loopback port, and whose outgoing mail goes to a loopback SMTP
/// server kept by the test; mail is sent to the listener with MailKit's real SMTP client.
/// </summary>
public sealed class EmailChannelHost : IAsyncDisposable
{
    public const string Domain = "itsm.example.test";
    public const string Address = "support@itsm.example.test";

    public EmailChannelHost(UnknownSenderPolicy unknownSenders, int maxPerHour = 10)
    {
        ListenPort = TestEnvironment.FreeLoopbackPort();
        Host.Settings["EmailChannel:Enabled"] = "true";
        Host.Settings["EmailChannel:Port"] = ListenPort.ToString(CultureInfo.InvariantCulture);
        Host.Settings["EmailChannel:Domain"] = Domain;
        Host.Settings["EmailChannel:Address"] = Address;
        Host.Settings["EmailChannel:UnknownSenders"] = unknownSenders.ToString();
        Host.Settings["EmailChannel:MaxMailsPerSenderPerHour"] = maxPerHour.ToString(CultureInfo.InvariantCulture);
        Host.Settings["Smtp:Host"] = "127.0.0.1";
        Host.Settings["Smtp:Port"] = Outgoing.Port.ToString(CultureInfo.InvariantCulture);
        Host.Settings["Smtp:From"] = "WorkflowItsm <itsm@example.test>";
        Host.Settings["Smtp:PublicBaseUrl"] = "https://itsm.example.test";
    }

    public WebHostFactory Host { get; } = new();

    /// <summary>Where the host's own mail arrives.</summary>
    public LoopbackSmtpServer Outgoing { get; } = new();

    public int ListenPort { get; }

    /// <summary>Starts the host (and so its listener).</summary>
    public void Start() => Host.StartServer();

    public static MimeMessage Mail(string from, string subject, string text, string to = Address)
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("sender.example.test") };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    /// <summary>Sends the mails over one SMTP session to the listener (waiting for it to listen first).</summary>
    public async Task SendAsync(params MimeMessage[] messages)
    {
        Start();
        using var client = new SmtpClient();
        await ConnectAsync(client);
        foreach (var message in messages)
        {
            await client.SendAsync(message);
        }

        await client.DisconnectAsync(quit: true);
    }

    public async Task ConnectAsync(SmtpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.ConnectAsync("127.0.0.1", ListenPort, MailKit.Security.SecureSocketOptions.None);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 50)
            {
                await Task.Delay(100); // the listener starts with the host
            }
        }
    }

    /// <summary>The stored mail with that Message-ID once its job has processed it (null if it never was, within 60 s).</summary>
    public async Task<InboundMail?> ProcessedAsync(MimeMessage sent)
    {
        var id = sent.MessageId;
        for (var wait = 0; wait < 600; wait++)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            var mail = await db.Set<InboundMail>().AsNoTracking().Where(m => m.MessageId == "<" + id + ">" || m.MessageId == id).FirstOrDefaultAsync();
            if (mail is { Outcome: not InboundMailOutcome.Received })
            {
                return mail;
            }

            await Task.Delay(100);
        }

        return null;
    }

    public async Task<T> QueryAsync<T>(Func<ItsmDbContext, Task<T>> query)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ItsmDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Outgoing.DisposeAsync();
    }
}
