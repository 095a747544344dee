using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>
/// Reminds the owner of a licence (the admins when it has none) that it ends soon, once per threshold (30 and 7 days
/// before, by default): the closest threshold reached that has not been sent. A recurring job, daily. The reminder
/// row and the notification are written in one transaction and the row's unique index refuses a second one, so a
/// second run, a restart or another host running the job at the same moment sends nothing again.
/// </summary>
public sealed partial class LicenceRenewalReminderJob(ItsmDbContext db, Notifier notifier, SoftwareOptions options, TimeProvider time, ILogger<LicenceRenewalReminderJob> logger)
{
    public const string RecurringJobId = "licence-renewal-reminders";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var thresholds = options.ReminderThresholds;
        if (thresholds.Count == 0)
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var until = today.AddDays(thresholds.Max());
        var ending = await db.LicenceEntitlements.AsNoTracking()
            .Where(e => e.EndsOn != null && e.EndsOn >= today && e.EndsOn <= until)
            .Select(e => new
            {
                e.Id, e.ProductId, EndsOn = e.EndsOn!.Value, e.Owner, e.Metric, e.PurchaseReference,
                Product = db.SoftwareProducts.Where(p => p.Id == e.ProductId).Select(p => p.Publisher + " " + p.Name).First(),
                Version = e.Version == null ? null : e.Version.Version,
                Sent = db.LicenceRenewalReminders.Where(r => r.EntitlementId == e.Id && r.EndsOn == e.EndsOn).Select(r => r.DaysBefore).ToList(),
            })
            .OrderBy(e => e.EndsOn).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        List<string>? admins = null;
        var sent = 0;
        foreach (var entitlement in ending)
        {
            var daysLeft = entitlement.EndsOn.DayNumber - today.DayNumber;
            var threshold = thresholds.First(t => daysLeft <= t);
            if (entitlement.Sent.Any(d => d <= threshold))
            {
                continue;
            }

            admins ??= await AdminsAsync(cancellationToken);
            var recipients = entitlement.Owner is { } owner ? [owner] : admins;
            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["record"] = entitlement.Version is null ? entitlement.Product : $"{entitlement.Product} {entitlement.Version}",
                ["task"] = entitlement.PurchaseReference is { } reference ? $"{LicenceMetrics.Label(entitlement.Metric)}, {reference}" : LicenceMetrics.Label(entitlement.Metric),
                ["due"] = entitlement.EndsOn.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
                ["by"] = daysLeft.ToString(CultureInfo.InvariantCulture),
            };
            if (await SendOnceAsync(entitlement.Id, entitlement.EndsOn, threshold, recipients, values, $"/software/products/{entitlement.ProductId}", cancellationToken))
            {
                sent++;
            }
        }

        if (sent > 0)
        {
            LogSent(logger, sent);
        }

        return sent;
    }

    private async Task<bool> SendOnceAsync(long entitlementId, DateOnly endsOn, int threshold, IReadOnlyList<string> recipients,
        IReadOnlyDictionary<string, string?> values, string link, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.LicenceRenewalReminders.Add(new LicenceRenewalReminder { EntitlementId = entitlementId, EndsOn = endsOn, DaysBefore = threshold, SentAt = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(cancellationToken);
            await notifier.NotifyAsync(NotificationKinds.LicenceRenewal, recipients, values, link, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another run sent it meanwhile: its row is there, this one is not needed.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private Task<List<string>> AdminsAsync(CancellationToken cancellationToken) =>
        db.Set<IdentityUserRole<string>>().AsNoTracking()
            .Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, r) => ur.UserId)
            .Join(db.Users, id => id, u => u.Id, (id, u) => u.UserName!)
            .ToListAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} licence renewal reminder(s)")]
    private static partial void LogSent(ILogger logger, int count);
}
