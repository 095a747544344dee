using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Integrations;

public sealed record WebhookInput(string? Name, string? Url, IReadOnlyCollection<string>? Events, string? Filter, bool AllowPrivateAddresses);

public sealed record WebhookView(int Id, string Name, string Url, IReadOnlyList<string> Events, string? Filter, bool AllowPrivateAddresses, bool IsActive,
    int ConsecutiveFailures, DateTime? DisabledAt, string? DisabledReason, string CreatedBy, DateTime CreatedAt);

/// <summary>A new subscription: the only time its signing secret is shown.</summary>
public sealed record CreatedWebhook(WebhookView Webhook, string Secret);

public sealed record WebhookDeliveryView(long Id, int SubscriptionId, string EventType, string Subject, WebhookDeliveryStatus Status, int Attempts,
    int? ResponseStatus, int? ResponseTimeMs, string? Error, DateTime CreatedAt, DateTime? LastAttemptAt, DateTime? NextAttemptAt);

/// <summary>Admins' webhook subscriptions and their delivery log.</summary>
public sealed class WebhookSubscriptions(ItsmDbContext db, TimeProvider time)
{
    public async Task<CreatedWebhook> CreateAsync(WebhookInput input, string createdBy, CancellationToken cancellationToken)
    {
        var events = Validate(input);
        var secret = WebhookSigning.NewSecret();
        var subscription = new WebhookSubscription
        {
            Name = input.Name!.Trim(),
            Url = input.Url!.Trim(),
            Secret = secret,
            Events = string.Join(' ', events),
            Filter = Filter(input.Filter),
            AllowPrivateAddresses = input.AllowPrivateAddresses,
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        WebhookCapture.Forget();
        return new CreatedWebhook(View(subscription), secret);
    }

    /// <summary>Changes what it is told of and where; saving a disabled subscription enables it again, its failure count from 0.</summary>
    public async Task<WebhookView> UpdateAsync(int id, WebhookInput input, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(id, cancellationToken);
        var events = Validate(input);
        subscription.Name = input.Name!.Trim();
        subscription.Url = input.Url!.Trim();
        subscription.Events = string.Join(' ', events);
        subscription.Filter = Filter(input.Filter);
        subscription.AllowPrivateAddresses = input.AllowPrivateAddresses;
        (subscription.IsActive, subscription.ConsecutiveFailures, subscription.DisabledAt, subscription.DisabledReason) = (true, 0, null, null);
        await db.SaveChangesAsync(cancellationToken);
        WebhookCapture.Forget();
        return View(subscription);
    }

    public async Task<WebhookView> SetActiveAsync(int id, bool active, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(id, cancellationToken);
        subscription.IsActive = active;
        if (active)
        {
            (subscription.ConsecutiveFailures, subscription.DisabledAt, subscription.DisabledReason) = (0, null, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        WebhookCapture.Forget();
        return View(subscription);
    }

    public async Task<IReadOnlyList<WebhookView>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Recipient == null).OrderBy(s => s.Name).ToListAsync(cancellationToken)).Select(View)];

    /// <summary>The latest deliveries, newest first (of one subscription when given).</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(int? subscriptionId, int count, CancellationToken cancellationToken) =>
        await (from d in db.Set<WebhookDelivery>().AsNoTracking()
               join e in db.Set<WebhookEvent>() on d.EventId equals e.Id
               where subscriptionId == null || d.SubscriptionId == subscriptionId
               orderby d.Id descending
               select new WebhookDeliveryView(d.Id, d.SubscriptionId, d.EventType, e.Subject, d.Status, d.Attempts, d.ResponseStatus, d.ResponseTimeMs, d.Error,
                   d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt)).Take(Math.Clamp(count, 1, 500)).ToListAsync(cancellationToken);

    private async Task<WebhookSubscription> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<WebhookSubscription>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
        ?? throw new RecordNotFoundException($"There is no webhook {id}.");

    private static List<string> Validate(WebhookInput input)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name?.Trim(), WebhookSubscription.NameLength, required: true);
        errors.Length("url", input.Url?.Trim(), WebhookSubscription.UrlLength, required: true);
        if (!string.IsNullOrWhiteSpace(input.Url) && WebhookAddresses.RefuseUrl(input.Url.Trim()) is { } refused)
        {
            errors.Add("url", refused);
        }

        var events = (input.Events ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (events.Count == 0)
        {
            errors.Add("events", "Choose at least one event.");
        }

        foreach (var unknown in events.Except(WebhookEventTypes.All, StringComparer.Ordinal))
        {
            errors.Add("events", $"There is no event '{unknown}' (events: {string.Join(", ", WebhookEventTypes.All)}).");
        }

        errors.Length("filter", input.Filter, WebhookSubscription.FilterLength);
        errors.ThrowIfAny("webhook");
        return [.. WebhookEventTypes.All.Where(events.Contains)];
    }

    private static string? Filter(string? filter)
    {
        var prefixes = (filter ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return prefixes.Length == 0 ? null : string.Join(' ', prefixes);
    }

    private static WebhookView View(WebhookSubscription s) =>
        new(s.Id, s.Name, s.Url, s.EventList, s.Filter, s.AllowPrivateAddresses, s.IsActive, s.ConsecutiveFailures, s.DisabledAt, s.DisabledReason, s.CreatedBy, s.CreatedAt);
}
