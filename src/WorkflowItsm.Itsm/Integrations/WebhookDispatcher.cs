using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Integrations;

/// <summary>
/// Webhook delivery, as jobs: <see cref="DispatchAsync"/> turns new events into one delivery per subscription that
/// wants them (once: a delivery is unique per subscription and event); <see cref="DeliverAsync"/> posts one, signed,
/// and plans its retry with back-off, or gives up, or disables a subscription that keeps failing and tells the admins.
/// </summary>
public sealed partial class WebhookDispatcher(ItsmDbContext db, IJobs jobs, IOptions<WebhookOptions> options, TimeProvider time,
    Notifier notifier, ILogger<WebhookDispatcher> logger)
{
    public const string SweepJobId = "webhooks-sweep";

    private const int Batch = 200;

    // Every connection goes through WebhookAddresses, which checks the address the name resolved to. No redirects:
    // a receiver answers, it does not send the call elsewhere. No proxy: the address checked is the one called.
    private static readonly HttpClient PublicOnly = NewClient(allowPrivate: false);
    private static readonly HttpClient AnyAddress = NewClient(allowPrivate: true);

    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var events = await db.Set<WebhookEvent>().Where(e => e.DispatchedAt == null).OrderBy(e => e.Id).Take(Batch).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return;
        }

        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.IsActive).ToListAsync(cancellationToken);
        var ids = events.Select(e => e.Id).ToList();
        var made = await db.Set<WebhookDelivery>().Where(d => ids.Contains(d.EventId)).Select(d => new { d.SubscriptionId, d.EventId }).ToListAsync(cancellationToken);
        var deliveries = new List<WebhookDelivery>();
        foreach (var @event in events)
        {
            @event.DispatchedAt = now;
            deliveries.AddRange(subscriptions
                .Where(s => s.Wants(@event.Type, @event.Subject) && (s.Recipient is null || s.Recipient == @event.Recipient) && !made.Any(m => m.SubscriptionId == s.Id && m.EventId == @event.Id))
                .Select(s => new WebhookDelivery { SubscriptionId = s.Id, EventId = @event.Id, EventType = @event.Type, Status = WebhookDeliveryStatus.Pending, CreatedAt = now }));
        }

        db.AddRange(deliveries);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var delivery in deliveries)
        {
            jobs.Enqueue<WebhookDispatcher>(d => d.DeliverAsync(delivery.Id, CancellationToken.None));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The minute's sweep: events whose dispatch job was lost, deliveries whose retry job was lost.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await DispatchAsync(cancellationToken);
        var late = time.GetUtcNow().UtcDateTime - options.Value.Timeout - TimeSpan.FromMinutes(5);
        var stuck = await db.Set<WebhookDelivery>()
            .Where(d => (d.Status == WebhookDeliveryStatus.Pending && d.CreatedAt < late) || (d.Status == WebhookDeliveryStatus.Retrying && d.NextAttemptAt < late))
            .Select(d => d.Id).Take(Batch).ToListAsync(cancellationToken);
        foreach (var id in stuck)
        {
            jobs.Enqueue<WebhookDispatcher>(d => d.DeliverAsync(id, CancellationToken.None));
        }
    }

    public async Task DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await db.Set<WebhookDelivery>().SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null or { Status: WebhookDeliveryStatus.Delivered or WebhookDeliveryStatus.Failed })
        {
            return; // delivered already (a job run twice), or given up
        }

        var subscription = await db.Set<WebhookSubscription>().SingleAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
        if (!subscription.IsActive)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            delivery.Error = "The subscription was disabled before this was delivered.";
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var body = await db.Set<WebhookEvent>().Where(e => e.Id == delivery.EventId).Select(e => e.Payload).SingleAsync(cancellationToken);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSigning.EventHeader, delivery.EventType);
        request.Headers.Add(WebhookSigning.DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigning.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigning.SignatureHeader, WebhookSigning.Sign(subscription.Secret, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("WorkflowItsm-Webhooks", "1"));

        var client = subscription.AllowPrivateAddresses ? AnyAddress : PublicOnly;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var watch = Stopwatch.StartNew();
        string? error;
        int? status = null;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"The receiver answered {status} {response.ReasonPhrase}.";
        }
        catch (HttpRequestException failed) when (failed.GetBaseException() is WebhookAddressRefusedException refused)
        {
            error = refused.Message;
        }
        catch (Exception failed) when (failed is HttpRequestException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            error = failed is OperationCanceledException ? $"No answer within {settings.Timeout.TotalSeconds:0} s." : failed.Message;
        }

        delivery.Attempts++;
        delivery.LastAttemptAt = now.UtcDateTime;
        delivery.ResponseStatus = status;
        delivery.ResponseTimeMs = (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);
        delivery.Error = error is null ? null : error.Length > WebhookDelivery.ErrorLength ? error[..WebhookDelivery.ErrorLength] : error;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The count is counted in the database: deliveries to one subscription run at once, and counting on the
        // subscription read before the call lost one of two failures (and so never disabled a receiver that is down).
        var counted = db.Set<WebhookSubscription>().Where(s => s.Id == subscription.Id);
        await (error is null
            ? counted.ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, 0), cancellationToken)
            : counted.ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1), cancellationToken));
        await db.Entry(subscription).ReloadAsync(cancellationToken);
        if (error is null)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.NextAttemptAt = null;
        }
        else
        {
            LogFailed(logger, delivery.Id, subscription.Name, delivery.Attempts, error);
            if (subscription.IsActive && subscription.ConsecutiveFailures >= settings.MaxConsecutiveFailures)
            {
                await DisableAsync(subscription, error, now.UtcDateTime, cancellationToken);
            }

            if (subscription.IsActive && delivery.Attempts < settings.MaxAttempts)
            {
                var wait = settings.RetryDelay * Math.Pow(2, delivery.Attempts - 1);
                delivery.Status = WebhookDeliveryStatus.Retrying;
                delivery.NextAttemptAt = (now + wait).UtcDateTime;
                jobs.Schedule<WebhookDispatcher>(d => d.DeliverAsync(delivery.Id, CancellationToken.None), now + wait);
            }
            else
            {
                delivery.Status = WebhookDeliveryStatus.Failed;
                delivery.NextAttemptAt = null;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task DisableAsync(WebhookSubscription subscription, string lastError, DateTime now, CancellationToken cancellationToken)
    {
        subscription.IsActive = false;
        subscription.DisabledAt = now;
        subscription.DisabledReason = $"Disabled after {subscription.ConsecutiveFailures} failed deliveries in a row; the last: {lastError}";
        WebhookCapture.Forget();
        var admins = await (from ur in db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>()
                            join r in db.Roles on ur.RoleId equals r.Id
                            join u in db.Users on ur.UserId equals u.Id
                            where r.Name == Roles.Admin
                            select u.UserName!).ToListAsync(cancellationToken);
        // A person's own pager hook tells her; a shared one tells the admins.
        await notifier.NotifyAsync(NotificationKinds.WebhookDisabled, subscription.Recipient is { } owner ? [owner] : admins, new Dictionary<string, string?>
        {
            ["record"] = subscription.Name,
            ["process"] = subscription.Url,
            ["task"] = subscription.ConsecutiveFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["by"] = lastError,
        }, subscription.Recipient is null ? "/admin/webhooks" : "/escalations/me", cancellationToken);
    }

    private static HttpClient NewClient(bool allowPrivate) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = (context, ct) => WebhookAddresses.ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to {Subscription} failed (attempt {Attempt}): {Error}")]
    private static partial void LogFailed(ILogger logger, long deliveryId, string subscription, int attempt, string error);
}
