using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using WorkflowItsm.Itsm.Email;

namespace WorkflowItsm.Web.Integrations;

/// <summary>
/// The SMTP listener of the email channel (the SmtpServer library): the MTA in front forwards the channel's mail
/// here. Recipients outside <see cref="EmailChannelOptions.Domain"/> are refused at RCPT; an accepted mail is stored
/// (<see cref="InboundMailReceiver"/>) before the 250, so a mail the MTA was told we have is never lost.
/// </summary>
internal sealed partial class InboundMailListener(IOptions<EmailChannelOptions> options, IServiceScopeFactory scopes, ILogger<InboundMailListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var address = IPAddress.Parse(settings.ListenAddress);
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName(settings.Domain!)
            .MaxMessageSize(settings.MaxMessageBytes, MaxMessageSizeHandling.Strict)
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(address, settings.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new DomainFilter(settings.Domain!.Trim()));
        services.Add(new Store(scopes, logger));
        LogListening(logger, settings.ListenAddress, settings.Port, settings.Domain);
        try
        {
            await new SmtpServer.SmtpServer(serverOptions, services).StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the host stops
        }
        catch (System.Net.Sockets.SocketException failed)
        {
            LogCannotListen(logger, failed, settings.ListenAddress, settings.Port);
        }
    }

    /// <summary>Takes mail only for the channel's domain: the listener is no relay.</summary>
    private sealed class DomainFilter(string domain) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(string.Equals(to.Host, domain, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Store(IServiceScopeFactory scopes, ILogger logger) : MessageStore
    {
        private static readonly SmtpResponse UnknownSender = new(SmtpReplyCode.MailboxUnavailable, "5.7.1 The sender is not known here; mail from unknown addresses is refused");

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var envelope = transaction.From is { } from && !string.IsNullOrEmpty(from.User) ? $"{from.User}@{from.Host}" : null;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var answer = await scope.ServiceProvider.GetRequiredService<InboundMailReceiver>().ReceiveAsync(buffer.ToArray(), envelope, cancellationToken);
                return answer == ReceiptAnswer.Accepted ? SmtpResponse.Ok : UnknownSender;
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                // Not stored: a temporary failure, so the sending server keeps the mail and tries again.
                LogNotStored(logger, failed);
                return new SmtpResponse(SmtpReplyCode.InsufficientStorage, "4.3.0 The mail could not be stored; try again later");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email channel listening on {Address}:{Port} for mail to @{Domain}.")]
    private static partial void LogListening(ILogger logger, string address, int port, string? domain);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email channel cannot listen on {Address}:{Port} (EmailChannel:ListenAddress, EmailChannel:Port).")]
    private static partial void LogCannotListen(ILogger logger, Exception exception, string address, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "An inbound mail could not be stored; the sender's server was told to try again.")]
    private static partial void LogNotStored(ILogger logger, Exception exception);
}
