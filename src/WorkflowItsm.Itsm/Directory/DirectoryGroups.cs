using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Directory;

/// <summary>A group as lists show it.</summary>
public sealed record GroupView(string Key, string DisplayName, string? Description, IReadOnlyList<string> Members);

/// <summary>Groups and their members: who sees which tasks in "my groups".</summary>
public sealed partial class DirectoryGroups(ItsmDbContext db)
{
    public async Task<IReadOnlyList<GroupView>> ListAsync(CancellationToken cancellationToken)
    {
        var groups = await db.Groups.AsNoTracking().OrderBy(g => g.Key).ToListAsync(cancellationToken);
        var members = await db.GroupMembers.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.GroupKey, u.UserName })
            .ToListAsync(cancellationToken);
        return groups.Select(g => new GroupView(g.Key, g.DisplayName, g.Description,
            members.Where(m => m.GroupKey == g.Key).Select(m => m.UserName!).Order(StringComparer.Ordinal).ToList())).ToList();
    }

    /// <summary>Whether <paramref name="key"/> can name a group: letters, digits, '-', '_', '.' (BPMN lists groups with commas).</summary>
    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => db.Groups.AnyAsync(g => g.Key == key, cancellationToken);

    /// <summary>The keys of the groups <paramref name="userName"/> belongs to (empty for an unknown user).</summary>
    public async Task<IReadOnlyList<string>> GroupsOfAsync(string userName, CancellationToken cancellationToken) =>
        await db.GroupMembers.AsNoTracking()
            .Join(db.Users.Where(u => u.UserName == userName), m => m.UserId, u => u.Id, (m, _) => m.GroupKey)
            .OrderBy(key => key)
            .ToListAsync(cancellationToken);

    /// <summary>The user names of the members of <paramref name="groupKeys"/> (whom a group's notification reaches).</summary>
    public async Task<IReadOnlyList<string>> MembersOfAsync(IReadOnlyCollection<string> groupKeys, CancellationToken cancellationToken) =>
        await db.GroupMembers.AsNoTracking().Where(m => groupKeys.Contains(m.GroupKey))
            .Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u.UserName!)
            .Distinct()
            .ToListAsync(cancellationToken);

    /// <summary>Creates the group when it does not exist yet; returns whether it was created.</summary>
    public async Task<bool> EnsureAsync(string key, string displayName, string? description, CancellationToken cancellationToken)
    {
        if (await db.Groups.AnyAsync(g => g.Key == key, cancellationToken))
        {
            return false;
        }

        db.Groups.Add(new DirectoryGroup { Key = key, DisplayName = displayName, Description = description });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Puts <paramref name="userName"/> into the group (nothing happens when already in it).</summary>
    /// <exception cref="KeyNotFoundException">No such group or user.</exception>
    public async Task AddMemberAsync(string groupKey, string userName, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken)
            ?? throw new KeyNotFoundException($"No user '{userName}'.");
        if (!await db.Groups.AnyAsync(g => g.Key == groupKey, cancellationToken))
        {
            throw new KeyNotFoundException($"No group '{groupKey}'.");
        }

        if (!await db.GroupMembers.AnyAsync(m => m.GroupKey == groupKey && m.UserId == user.Id, cancellationToken))
        {
            db.GroupMembers.Add(new DirectoryGroupMember { GroupKey = groupKey, UserId = user.Id });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex KeyPattern();
}
