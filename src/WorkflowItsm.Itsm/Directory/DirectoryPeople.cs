using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Directory;

/// <summary>A person as the directory admin pages list them.</summary>
public sealed record PersonView(string UserName, string? DisplayName, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Groups, bool IsLockedOut);

/// <summary>What an admin fills in to add a person.</summary>
public sealed record NewPerson(string UserName, string? DisplayName, string? Email, string Password, IReadOnlyCollection<string> Roles, IReadOnlyCollection<string> Groups);

/// <summary>The directory's people: local accounts with their roles (permissions) and groups (which tasks they see).</summary>
public sealed class DirectoryPeople(ItsmDbContext db, UserManager<DirectoryUser> users, TimeProvider time)
{
    public async Task<IReadOnlyList<PersonView>> ListAsync(CancellationToken cancellationToken)
    {
        var people = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await db.Set<IdentityUserRole<string>>().AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var groups = await db.GroupMembers.AsNoTracking().ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return people.Select(p => new PersonView(p.UserName!, p.DisplayName, p.Email,
                roles.Where(r => r.UserId == p.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList(),
                groups.Where(g => g.UserId == p.Id).Select(g => g.GroupKey).Order(StringComparer.Ordinal).ToList(),
                p.LockoutEnd is { } end && end > now))
            .ToList();
    }

    /// <summary>Creates the account with its roles and groups, all or nothing.</summary>
    /// <returns>The problems (password rules, duplicate name, unknown role or group); empty when created.</returns>
    public async Task<IReadOnlyList<string>> CreateAsync(NewPerson person, CancellationToken cancellationToken)
    {
        var unknownRoles = person.Roles.Except(Roles.All, StringComparer.Ordinal).ToList();
        var knownGroups = await db.Groups.Select(g => g.Key).ToListAsync(cancellationToken);
        var unknownGroups = person.Groups.Except(knownGroups, StringComparer.Ordinal).ToList();
        if (unknownRoles.Count + unknownGroups.Count > 0)
        {
            return [.. unknownRoles.Select(r => $"There is no role '{r}'."), .. unknownGroups.Select(g => $"There is no group '{g}'.")];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new DirectoryUser
        {
            UserName = person.UserName.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(person.DisplayName) ? null : person.DisplayName.Trim(),
            // A blank field is no address (Identity then asks for one: emails are required and unique here).
            Email = string.IsNullOrWhiteSpace(person.Email) ? null : person.Email.Trim(),
            EmailConfirmed = true,
        };
        var created = await users.CreateAsync(user, person.Password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => e.Description).ToList();
        }

        var withRoles = await users.AddToRolesAsync(user, person.Roles);
        if (!withRoles.Succeeded)
        {
            return withRoles.Errors.Select(e => e.Description).ToList();
        }

        db.GroupMembers.AddRange(person.Groups.Distinct().Select(g => new DirectoryGroupMember { GroupKey = g, UserId = user.Id }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Replaces the person's roles and groups with the given ones.</summary>
    /// <exception cref="KeyNotFoundException">No such person.</exception>
    public async Task UpdateAsync(string userName, IReadOnlyCollection<string> roles, IReadOnlyCollection<string> groups, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new KeyNotFoundException($"No user '{userName}'.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await users.GetRolesAsync(user);
        await users.RemoveFromRolesAsync(user, current.Except(roles, StringComparer.Ordinal));
        await users.AddToRolesAsync(user, roles.Intersect(Roles.All, StringComparer.Ordinal).Except(current, StringComparer.Ordinal));
        db.GroupMembers.RemoveRange(await db.GroupMembers.Where(m => m.UserId == user.Id).ToListAsync(cancellationToken));
        var knownGroups = await db.Groups.Select(g => g.Key).ToListAsync(cancellationToken);
        db.GroupMembers.AddRange(groups.Intersect(knownGroups, StringComparer.Ordinal).Select(g => new DirectoryGroupMember { GroupKey = g, UserId = user.Id }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
