using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>How a person hears about one kind of notification: under the bell, by email, both, or not at all.</summary>
[Flags]
public enum NotificationDelivery
{
    Off = 0,
    InApp = 1,
    Email = 2,
    InAppAndEmail = InApp | Email,
}

/// <summary>
/// How each person wants each kind of notification. Kept as the person's identity claims, one per channel turned off
/// for a kind, so no table of its own is needed and a new kind comes both in the app and by email.
/// </summary>
public sealed class NotificationPreferences(ItsmDbContext db)
{
    public const string EmailOffClaim = "workflowitsm:notification-email-off";
    public const string InAppOffClaim = "workflowitsm:notification-in-app-off";

    /// <summary>The choices in the order people are offered them.</summary>
    public static IReadOnlyList<NotificationDelivery> Choices { get; } =
        [NotificationDelivery.InAppAndEmail, NotificationDelivery.InApp, NotificationDelivery.Email, NotificationDelivery.Off];

    /// <summary>What people read for a choice.</summary>
    public static string Label(NotificationDelivery delivery) => delivery switch
    {
        NotificationDelivery.InAppAndEmail => "In the app and by email",
        NotificationDelivery.InApp => "In the app only",
        NotificationDelivery.Email => "By email only",
        _ => "Not at all",
    };

    /// <summary>The person's choice for every kind (a kind she never chose comes both ways).</summary>
    public async Task<IReadOnlyDictionary<string, NotificationDelivery>> GetAsync(string userName, CancellationToken cancellationToken) =>
        (await DeliveriesAsync([userName], cancellationToken)).GetValueOrDefault(userName) is { } mine
            ? mine
            : NotificationKinds.All.ToDictionary(kind => kind, _ => NotificationDelivery.InAppAndEmail, StringComparer.Ordinal);

    /// <summary>How <paramref name="kind"/> reaches each of <paramref name="userNames"/>; one read for all of them.</summary>
    public async Task<IReadOnlyDictionary<string, NotificationDelivery>> DeliveryOfAsync(IReadOnlyCollection<string> userNames, string kind, CancellationToken cancellationToken)
    {
        var all = await DeliveriesAsync(userNames, cancellationToken);
        return userNames.Distinct(StringComparer.Ordinal).ToDictionary(
            user => user, user => all.GetValueOrDefault(user)?.GetValueOrDefault(kind) ?? NotificationDelivery.InAppAndEmail, StringComparer.Ordinal);
    }

    public async Task<bool> WantsEmailAsync(string userName, string kind, CancellationToken cancellationToken) =>
        (await GetAsync(userName, cancellationToken)).GetValueOrDefault(kind, NotificationDelivery.InAppAndEmail).HasFlag(NotificationDelivery.Email);

    /// <summary>Stores the person's choice for each kind named (kinds not named keep theirs).</summary>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public async Task SetAsync(string userName, IEnumerable<KeyValuePair<string, NotificationDelivery>> choices, CancellationToken cancellationToken)
    {
        var chosen = choices.ToList();
        EnsureKnown(chosen.Select(c => c.Key), nameof(choices));
        var kinds = chosen.Select(c => c.Key).Distinct(StringComparer.Ordinal).ToList();
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(cancellationToken);
        var claims = db.Set<IdentityUserClaim<string>>();
        claims.RemoveRange(await claims.Where(c => c.UserId == userId && (c.ClaimType == EmailOffClaim || c.ClaimType == InAppOffClaim) && kinds.Contains(c.ClaimValue!))
            .ToListAsync(cancellationToken));
        foreach (var (kind, delivery) in chosen.DistinctBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!delivery.HasFlag(NotificationDelivery.Email))
            {
                claims.Add(new IdentityUserClaim<string> { UserId = userId, ClaimType = EmailOffClaim, ClaimValue = kind });
            }

            if (!delivery.HasFlag(NotificationDelivery.InApp))
            {
                claims.Add(new IdentityUserClaim<string> { UserId = userId, ClaimType = InAppOffClaim, ClaimValue = kind });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static void EnsureKnown(IEnumerable<string> kinds, string parameter)
    {
        if (kinds.FirstOrDefault(kind => !NotificationKinds.All.Contains(kind)) is { } unknown)
        {
            throw new ArgumentException($"There is no notification kind '{unknown}'.", parameter);
        }
    }

    private async Task<Dictionary<string, Dictionary<string, NotificationDelivery>>> DeliveriesAsync(IReadOnlyCollection<string> userNames, CancellationToken cancellationToken)
    {
        var off = await (from claim in db.Set<IdentityUserClaim<string>>()
                         join user in db.Users on claim.UserId equals user.Id
                         where userNames.Contains(user.UserName!) && (claim.ClaimType == EmailOffClaim || claim.ClaimType == InAppOffClaim)
                         select new { user.UserName, claim.ClaimType, claim.ClaimValue }).ToListAsync(cancellationToken);
        return off.GroupBy(c => c.UserName!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => NotificationKinds.All.ToDictionary(kind => kind, kind =>
                NotificationDelivery.InAppAndEmail
                & (g.Any(c => c.ClaimType == EmailOffClaim && c.ClaimValue == kind) ? ~NotificationDelivery.Email : NotificationDelivery.InAppAndEmail)
                & (g.Any(c => c.ClaimType == InAppOffClaim && c.ClaimValue == kind) ? ~NotificationDelivery.InApp : NotificationDelivery.InAppAndEmail),
                StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
