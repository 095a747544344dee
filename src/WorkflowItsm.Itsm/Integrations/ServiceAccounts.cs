using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Integrations;

public sealed record NewServiceAccount(string? UserName, string? DisplayName, string? Description, IReadOnlyCollection<string>? Roles);

public sealed record ServiceAccountView(string UserName, string? DisplayName, string? Description, IReadOnlyList<string> Roles, string CreatedBy, DateTime CreatedAt, int ActiveTokens);

/// <summary>
/// Accounts of other systems (a scheduler, a pipeline, a worker): directory users without a password, so no one
/// signs in as them; they act only through the tokens an admin makes for them, with the roles the admin gave.
/// </summary>
public sealed class ServiceAccounts(ItsmDbContext db, UserManager<DirectoryUser> users, TimeProvider time)
{
    /// <summary>Their addresses: Identity wants a unique one, and the reserved .invalid domain never receives mail.</summary>
    public const string EmailDomain = "service-accounts.invalid";

    public async Task<ServiceAccountView> CreateAsync(NewServiceAccount input, string createdBy, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var userName = input.UserName?.Trim();
        errors.Length("userName", userName, 64, required: true);
        if (!string.IsNullOrEmpty(userName) && !userName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '_'))
        {
            errors.Add("userName", "A service account's user name has lower-case letters, digits, '-', '.' and '_' only.");
        }

        errors.Length("displayName", input.DisplayName, Record.NameLength);
        errors.Length("description", input.Description, ServiceAccount.DescriptionLength);
        var roles = (input.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count == 0)
        {
            errors.Add("roles", "Give the account at least one role.");
        }

        foreach (var unknown in roles.Except(Roles.All, StringComparer.Ordinal))
        {
            errors.Add("roles", $"There is no role '{unknown}'.");
        }

        if (!string.IsNullOrEmpty(userName) && await users.FindByNameAsync(userName) is not null)
        {
            errors.Add("userName", $"There is already an account '{userName}'.");
        }

        errors.ThrowIfAny("service account");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new DirectoryUser
        {
            UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? userName : input.DisplayName.Trim(),
            Email = $"{userName}@{EmailDomain}",
            EmailConfirmed = true,
        };
        // No password: password sign-in has nothing to check against and always fails.
        Check(await users.CreateAsync(user));
        Check(await users.AddToRolesAsync(user, roles));
        var account = new ServiceAccount
        {
            UserName = userName!,
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ServiceAccountView(account.UserName, user.DisplayName, account.Description, roles, createdBy, account.CreatedAt, 0);
    }

    public async Task<IReadOnlyList<ServiceAccountView>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var accounts = await db.Set<ServiceAccount>().AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken);
        var names = accounts.Select(a => a.UserName).ToList();
        var people = await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, cancellationToken);
        var roles = await (from ur in db.Set<IdentityUserRole<string>>()
                           join u in db.Users on ur.UserId equals u.Id
                           join r in db.Roles on ur.RoleId equals r.Id
                           where names.Contains(u.UserName!)
                           select new { u.UserName, r.Name }).ToListAsync(cancellationToken);
        var tokens = await db.Set<ApiToken>().Where(t => names.Contains(t.UserName) && t.RevokedAt == null && t.ExpiresAt > now)
            .GroupBy(t => t.UserName).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. accounts.Select(a => new ServiceAccountView(a.UserName, people.GetValueOrDefault(a.UserName)?.DisplayName, a.Description,
            [.. roles.Where(r => r.UserName == a.UserName).Select(r => r.Name!).Order(StringComparer.Ordinal)], a.CreatedBy, a.CreatedAt, tokens.GetValueOrDefault(a.UserName)))];
    }

    /// <exception cref="RecordNotFoundException">No such service account.</exception>
    public async Task EnsureExistsAsync(string userName, CancellationToken cancellationToken)
    {
        if (!await db.Set<ServiceAccount>().AnyAsync(a => a.UserName == userName, cancellationToken))
        {
            throw new RecordNotFoundException($"There is no service account '{userName}'.");
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new RecordValidationException("service account", new Dictionary<string, string[]> { ["userName"] = [.. result.Errors.Select(e => e.Description)] });
        }
    }
}
