using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Directory;

/// <summary>
/// Who an external identity provider says signed in. <see cref="Roles"/> and <see cref="Groups"/> are null when the
/// provider is not configured to send them (the directory then keeps managing them), else the provider's full list.
/// </summary>
public sealed record ExternalIdentity(
    string Provider,
    string Subject,
    string? Email,
    bool EmailVerified,
    string? PreferredUserName,
    string? DisplayName,
    IReadOnlyCollection<string>? Roles,
    IReadOnlyCollection<string>? Groups);

/// <summary>How an external sign-in was refused, for the sign-in page to explain.</summary>
public enum ExternalSignInRefusal
{
    None,

    /// <summary>The provider sent no email address (accounts need one).</summary>
    NoEmail,

    /// <summary>A local account already has the email, and the provider did not say it verified it.</summary>
    EmailTaken,

    /// <summary>The linked account is locked.</summary>
    LockedOut,
}

public sealed record ExternalSignInResult(DirectoryUser? User, ExternalSignInRefusal Refusal)
{
    public static ExternalSignInResult Refused(ExternalSignInRefusal refusal) => new(null, refusal);
}

/// <summary>
/// Accounts of people who sign in through an external OpenID Connect provider: found by the provider's subject,
/// else linked to the local account with the same verified email, else created as a requester. When the provider
/// sends roles or groups, they replace the account's at every sign-in (the provider is then the source of truth);
/// names the product does not know are ignored, and someone left with no known role is a requester.
/// </summary>
public sealed class ExternalAccounts(ItsmDbContext db, UserManager<DirectoryUser> users, TimeProvider time)
{
    /// <summary>Role of people created on their first external sign-in when the provider sends no roles.</summary>
    public static readonly IReadOnlyList<string> DefaultRoles = [Directory.Roles.Requester];

    public async Task<ExternalSignInResult> FindOrCreateAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var user = await users.FindByLoginAsync(identity.Provider, identity.Subject);
        if (user is null)
        {
            if (string.IsNullOrWhiteSpace(identity.Email))
            {
                return ExternalSignInResult.Refused(ExternalSignInRefusal.NoEmail);
            }

            user = await users.FindByEmailAsync(identity.Email);
            if (user is not null && !identity.EmailVerified)
            {
                // Linking on an unverified address would hand a local account to whoever typed that address at the provider.
                return ExternalSignInResult.Refused(ExternalSignInRefusal.EmailTaken);
            }
        }

        if (user is not null && user.LockoutEnd is { } end && end > time.GetUtcNow())
        {
            return ExternalSignInResult.Refused(ExternalSignInRefusal.LockedOut);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var isNew = user is null;
        if (user is null)
        {
            user = new DirectoryUser
            {
                UserName = await FreeUserNameAsync(identity),
                Email = identity.Email!.Trim(),
                EmailConfirmed = identity.EmailVerified,
                DisplayName = string.IsNullOrWhiteSpace(identity.DisplayName) ? null : identity.DisplayName.Trim(),
            };
            Succeed(await users.CreateAsync(user), "create the account");
        }

        if (await users.FindByLoginAsync(identity.Provider, identity.Subject) is null)
        {
            Succeed(await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.Subject, identity.Provider)), "link the account");
        }

        await SyncRolesAsync(user, identity.Roles ?? (isNew ? DefaultRoles : null));
        if (identity.Groups is not null)
        {
            await SyncGroupsAsync(user, identity.Groups, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ExternalSignInResult(user, ExternalSignInRefusal.None);
    }

    private async Task SyncRolesAsync(DirectoryUser user, IReadOnlyCollection<string>? wanted)
    {
        if (wanted is null)
        {
            return;
        }

        var known = wanted.Select(r => Directory.Roles.All.FirstOrDefault(k => string.Equals(k, r, StringComparison.OrdinalIgnoreCase)))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (known.Count == 0)
        {
            known = [.. DefaultRoles]; // only names the product does not know: everybody may still ask for help
        }

        var current = await users.GetRolesAsync(user);
        Succeed(await users.RemoveFromRolesAsync(user, current.Except(known, StringComparer.Ordinal)), "remove roles");
        Succeed(await users.AddToRolesAsync(user, known.Except(current, StringComparer.Ordinal)), "add roles");
    }

    private async Task SyncGroupsAsync(DirectoryUser user, IReadOnlyCollection<string> wanted, CancellationToken cancellationToken)
    {
        var known = await db.Groups.Select(g => g.Key).ToListAsync(cancellationToken);
        var keys = wanted.Select(g => known.FirstOrDefault(k => string.Equals(k, g, StringComparison.OrdinalIgnoreCase))).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var current = await db.GroupMembers.Where(m => m.UserId == user.Id).ToListAsync(cancellationToken);
        db.GroupMembers.RemoveRange(current.Where(m => !keys.Contains(m.GroupKey)));
        db.GroupMembers.AddRange(keys.Except(current.Select(m => m.GroupKey)).Select(g => new DirectoryGroupMember { GroupKey = g, UserId = user.Id }));
        await db.SaveChangesAsync(cancellationToken);
    }

    // The provider's preferred name, else the address's local part, cut to the characters Identity allows; a
    // number is appended while a local account already has it (never taking over somebody else's name).
    private async Task<string> FreeUserNameAsync(ExternalIdentity identity)
    {
        var wanted = Clean(identity.PreferredUserName) ?? Clean(identity.Email?.Split('@')[0]) ?? "user";
        var candidate = wanted;
        for (var n = 2; await users.FindByNameAsync(candidate) is not null; n++)
        {
            candidate = wanted + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var allowed = users.Options.User.AllowedUserNameCharacters;
        var cleaned = new StringBuilder();
        foreach (var c in name.Trim())
        {
            cleaned.Append(string.IsNullOrEmpty(allowed) || allowed.Contains(c, StringComparison.Ordinal) ? c : '-');
        }

        var result = cleaned.ToString().Trim('-');
        return result.Length == 0 ? null : result[..Math.Min(result.Length, 200)];
    }

    private static void Succeed(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
