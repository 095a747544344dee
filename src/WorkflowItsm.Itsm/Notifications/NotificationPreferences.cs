using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>
/// Which kinds of notification a person does not want by email (the bell always shows them). Kept as the person's
/// identity claims, one per kind turned off, so no table of its own is needed and a new kind is on by default.
/// </summary>
public sealed class NotificationPreferences(ItsmDbContext db)
{
    public const string EmailOffClaim = "workflowitsm:notification-email-off";

    public async Task<IReadOnlySet<string>> EmailOffAsync(string userName, CancellationToken cancellationToken) =>
        (await (from claim in db.Set<IdentityUserClaim<string>>()
                join user in db.Users on claim.UserId equals user.Id
                where user.UserName == userName && claim.ClaimType == EmailOffClaim
                select claim.ClaimValue!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public async Task<bool> WantsEmailAsync(string userName, string kind, CancellationToken cancellationToken) =>
        !(await EmailOffAsync(userName, cancellationToken)).Contains(kind);

    /// <summary>Turns email off for exactly <paramref name="emailOff"/> (kinds the product does not know are refused).</summary>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public async Task SetEmailOffAsync(string userName, IEnumerable<string> emailOff, CancellationToken cancellationToken)
    {
        var kinds = emailOff.Distinct(StringComparer.Ordinal).ToList();
        if (kinds.FirstOrDefault(kind => !NotificationKinds.All.Contains(kind)) is { } unknown)
        {
            throw new ArgumentException($"There is no notification kind '{unknown}'.", nameof(emailOff));
        }

        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(cancellationToken);
        var claims = db.Set<IdentityUserClaim<string>>();
        claims.RemoveRange(await claims.Where(c => c.UserId == userId && c.ClaimType == EmailOffClaim).ToListAsync(cancellationToken));
        claims.AddRange(kinds.Select(kind => new IdentityUserClaim<string> { UserId = userId, ClaimType = EmailOffClaim, ClaimValue = kind }));
        await db.SaveChangesAsync(cancellationToken);
    }
}
