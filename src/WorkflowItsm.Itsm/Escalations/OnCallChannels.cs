using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Integrations;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

public sealed record OnCallChannelView(string Url, bool IsActive, string? DisabledReason, DateTime CreatedAt);

/// <summary>A person's pager hook as it was saved: the signing secret is shown this once.</summary>
public sealed record SavedOnCallChannel(OnCallChannelView Channel, string? Secret);

/// <summary>
/// The channel seam for SMS, voice and chat: a person names a webhook URL (her SMS or chat gateway) and every page to
/// her is posted there too, as an <see cref="WebhookEventTypes.EscalationPaged"/> event. It is a webhook subscription
/// of the integrations addressed to her (<see cref="WebhookSubscription.Recipient"/>), so it is signed, guarded
/// against private addresses, retried, logged and disabled like any other; a shared chat channel is an admin's
/// subscription to the same event.
/// </summary>
public sealed class OnCallChannels(ItsmDbContext db, TimeProvider time)
{
    public const string Kind = "pager hook";

    public async Task<OnCallChannelView?> OfAsync(string userName, CancellationToken cancellationToken) =>
        await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Recipient == userName).Select(s => new OnCallChannelView(s.Url, s.IsActive, s.DisabledReason, s.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Sets the person's hook URL (enabling it again); a new hook gets its secret, returned this once.</summary>
    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<SavedOnCallChannel> SetAsync(string userName, string? url, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("url", url?.Trim(), WebhookSubscription.UrlLength, required: true);
        if (!string.IsNullOrWhiteSpace(url) && WebhookAddresses.RefuseUrl(url.Trim()) is { } refused)
        {
            errors.Add("url", refused);
        }

        errors.ThrowIfAny(Kind);
        var row = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Recipient == userName, cancellationToken);
        string? secret = null;
        if (row is null)
        {
            secret = WebhookSigning.NewSecret();
            row = new WebhookSubscription
            {
                Name = Clip($"Pager of {userName}"), Url = url!.Trim(), Secret = secret, Events = WebhookEventTypes.EscalationPaged, Recipient = userName,
                CreatedBy = userName, CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Add(row);
        }
        else
        {
            row.Url = url!.Trim();
            (row.IsActive, row.ConsecutiveFailures, row.DisabledAt, row.DisabledReason) = (true, 0, null, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        WebhookCapture.Forget();
        return new SavedOnCallChannel(new OnCallChannelView(row.Url, row.IsActive, row.DisabledReason, row.CreatedAt), secret);
    }

    /// <summary>A new signing secret for the person's hook (the old one stops verifying at once).</summary>
    /// <exception cref="RecordNotFoundException">She has no hook.</exception>
    public async Task<string> ResetSecretAsync(string userName, CancellationToken cancellationToken)
    {
        var row = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Recipient == userName, cancellationToken)
            ?? throw new RecordNotFoundException($"{userName} has no pager hook.");
        row.Secret = WebhookSigning.NewSecret();
        await db.SaveChangesAsync(cancellationToken);
        return row.Secret;
    }

    /// <summary>Removes the person's hook and its delivery log.</summary>
    public async Task RemoveAsync(string userName, CancellationToken cancellationToken)
    {
        var ids = await db.Set<WebhookSubscription>().Where(s => s.Recipient == userName).Select(s => s.Id).ToListAsync(cancellationToken);
        await db.Set<WebhookDelivery>().Where(d => ids.Contains(d.SubscriptionId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<WebhookSubscription>().Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        WebhookCapture.Forget();
    }

    private static string Clip(string text) => text.Length <= WebhookSubscription.NameLength ? text : text[..WebhookSubscription.NameLength];
}
