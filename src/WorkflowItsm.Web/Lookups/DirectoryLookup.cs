using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Lookups;

/// <summary>A person as a lookup offers them: stored by user name, shown by display name.</summary>
public sealed record PersonOption(string UserName, string? DisplayName, string? Email)
{
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? UserName : DisplayName;
}

/// <summary>A group as a lookup offers it: stored by key, shown by display name.</summary>
public sealed record GroupOption(string Key, string DisplayName);

/// <summary>The contact card: who the person is and how to reach them.</summary>
public sealed record PersonCard(string UserName, string Name, string? Email, string? Phone, IReadOnlyList<GroupOption> Groups);

/// <summary>Display names for the user names and group keys a page shows; what the directory does not know is shown as stored.</summary>
public sealed record DirectoryNames(IReadOnlyDictionary<string, string> People, IReadOnlyDictionary<string, string> Groups)
{
    public static DirectoryNames None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    public string Person(string? userName) => userName is null ? "" : People.GetValueOrDefault(userName, userName);

    public string Group(string? key) => key is null ? "" : Groups.GetValueOrDefault(key, key);
}

/// <summary>
/// The directory as the lookups search it: people by display name, user name or email, groups by display name or
/// key; matching happens in the database, case aside, and answers are limited. Only staff may look people up
/// (a requester listing the directory would be a leak): for anyone else every answer is empty.
/// </summary>
public sealed class DirectoryLookup(ItsmDbContext db)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;

#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
    /// <summary>People whose names or email contain <paramref name="text"/> (everyone when empty), names starting with it first; only members of <paramref name="groupKey"/> when given.</summary>
    public async Task<IReadOnlyList<PersonOption>> PeopleAsync(string? text, string? groupKey, int limit, ClaimsPrincipal asker, CancellationToken cancellationToken)
    {
        if (!Policies.IsStaff(asker))
        {
            return [];
        }

        var needle = Needle(text);
        var people = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(groupKey))
        {
            var key = groupKey.Trim();
            people = people.Where(u => db.GroupMembers.Any(m => m.GroupKey == key && m.UserId == u.Id));
        }

        if (needle.Length > 0)
        {
            people = people.Where(u => u.UserName!.ToLower().Contains(needle) || (u.DisplayName != null && u.DisplayName.ToLower().Contains(needle))
                || (u.Email != null && u.Email.ToLower().Contains(needle)));
        }

        return await people
            .OrderByDescending(u => needle.Length > 0 && (u.DisplayName ?? u.UserName!).ToLower().StartsWith(needle))
            .ThenBy(u => u.DisplayName ?? u.UserName)
            .Take(Math.Clamp(limit, 1, MaxLimit))
            .Select(u => new PersonOption(u.UserName!, u.DisplayName, u.Email))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Groups whose display name or key contains <paramref name="text"/> (all when empty), names starting with it first.</summary>
    public async Task<IReadOnlyList<GroupOption>> GroupsAsync(string? text, int limit, ClaimsPrincipal asker, CancellationToken cancellationToken)
    {
        if (!Policies.IsStaff(asker))
        {
            return [];
        }

        var needle = Needle(text);
        var groups = db.Groups.AsNoTracking();
        if (needle.Length > 0)
        {
            groups = groups.Where(g => g.DisplayName.ToLower().Contains(needle) || g.Key.ToLower().Contains(needle));
        }

        return await groups
            .OrderByDescending(g => needle.Length > 0 && g.DisplayName.ToLower().StartsWith(needle))
            .ThenBy(g => g.DisplayName)
            .Take(Math.Clamp(limit, 1, MaxLimit))
            .Select(g => new GroupOption(g.Key, g.DisplayName))
            .ToListAsync(cancellationToken);
    }
#pragma warning restore CA1304, CA1311, CA1862

    /// <summary>The person with exactly this user name, or null.</summary>
    public async Task<PersonOption?> PersonAsync(string userName, ClaimsPrincipal asker, CancellationToken cancellationToken) =>
        !Policies.IsStaff(asker) ? null
        : await db.Users.AsNoTracking().Where(u => u.UserName == userName)
            .Select(u => new PersonOption(u.UserName!, u.DisplayName, u.Email)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The group with exactly this key, or null.</summary>
    public async Task<GroupOption?> GroupAsync(string key, ClaimsPrincipal asker, CancellationToken cancellationToken) =>
        !Policies.IsStaff(asker) ? null
        : await db.Groups.AsNoTracking().Where(g => g.Key == key).Select(g => new GroupOption(g.Key, g.DisplayName)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The contact card of the person with this user name, or null.</summary>
    public async Task<PersonCard?> CardAsync(string userName, ClaimsPrincipal asker, CancellationToken cancellationToken)
    {
        if (!Policies.IsStaff(asker))
        {
            return null;
        }

        var person = await db.Users.AsNoTracking().Where(u => u.UserName == userName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.PhoneNumber }).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return null;
        }

        var groups = await db.GroupMembers.AsNoTracking().Where(m => m.UserId == person.Id)
            .Join(db.Groups, m => m.GroupKey, g => g.Key, (_, g) => g)
            .OrderBy(g => g.DisplayName)
            .Select(g => new GroupOption(g.Key, g.DisplayName))
            .ToListAsync(cancellationToken);
        return new PersonCard(person.UserName!, new PersonOption(person.UserName!, person.DisplayName, person.Email).Name, person.Email, person.PhoneNumber, groups);
    }

    /// <summary>Display names of the given people and groups, in two queries (for a page of a list).</summary>
    public async Task<DirectoryNames> NamesAsync(IEnumerable<string?> userNames, IEnumerable<string?> groupKeys, ClaimsPrincipal asker, CancellationToken cancellationToken)
    {
        if (!Policies.IsStaff(asker))
        {
            return DirectoryNames.None;
        }

        var people = userNames.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var keys = groupKeys.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var personNames = people.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => people.Contains(u.UserName!) && u.DisplayName != null)
            .Select(u => new { u.UserName, u.DisplayName }).ToListAsync(cancellationToken);
        var groupNames = keys.Count == 0 ? [] : await db.Groups.AsNoTracking().Where(g => keys.Contains(g.Key))
            .Select(g => new { g.Key, g.DisplayName }).ToListAsync(cancellationToken);
        return new DirectoryNames(
            personNames.Where(p => !string.IsNullOrWhiteSpace(p.DisplayName)).ToDictionary(p => p.UserName!, p => p.DisplayName!, StringComparer.Ordinal),
            groupNames.ToDictionary(g => g.Key, g => g.DisplayName, StringComparer.Ordinal));
    }

    private static string Needle(string? text) => text?.Trim().ToLowerInvariant() ?? "";
}
