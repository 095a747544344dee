using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Cab;

/// <summary>A board as an admin or change manager gives it.</summary>
public sealed record CabDefinitionInput(string? Name, string? Schedule, string? TimeZone, int? MeetingMinutes, int? MinutesPerChange,
    string? Manager, string? MembersGroup, bool Active = true, IReadOnlyList<CabDelegateInput>? Delegates = null);

public sealed record CabDelegateInput(string? Member, string? Delegate);

public sealed record CabDefinitionView(long Id, string Name, string Schedule, string TimeZone, int MeetingMinutes, int MinutesPerChange,
    string Manager, string MembersGroup, bool Active, IReadOnlyList<CabDelegateInput> Delegates, DateTime? NextMeeting);

/// <summary>The boards: list, add, change (each field checked and named when wrong; nothing saved then).</summary>
public sealed class CabDefinitions(ItsmDbContext db, DirectoryGroups groups, TimeProvider time)
{
    public const string Kind = "CAB";

    public async Task<IReadOnlyList<CabDefinitionView>> ListAsync(CancellationToken cancellationToken)
    {
        var definitions = await db.CabDefinitions.AsNoTracking().Include(d => d.Delegates).OrderBy(d => d.Name).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return [.. definitions.Select(d => View(d, now))];
    }

    public async Task<CabDefinitionView> GetAsync(long id, CancellationToken cancellationToken)
    {
        var definition = await db.CabDefinitions.AsNoTracking().Include(d => d.Delegates).FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
            ?? throw new RecordNotFoundException($"No CAB {id}.");
        return View(definition, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>The board itself (with its delegates), read-only, for the agenda job.</summary>
    public async Task<CabDefinition> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.CabDefinitions.AsNoTracking().Include(d => d.Delegates).FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
        ?? throw new RecordNotFoundException($"No CAB {id}.");

    public async Task<CabDefinitionView> AddAsync(CabDefinitionInput input, CancellationToken cancellationToken)
    {
        var definition = new CabDefinition { Name = "", Schedule = "", TimeZone = "", Manager = "", MembersGroup = "" };
        await ApplyAsync(definition, input, cancellationToken);
        db.CabDefinitions.Add(definition);
        await db.SaveChangesAsync(cancellationToken);
        return View(definition, time.GetUtcNow().UtcDateTime);
    }

    public async Task<CabDefinitionView> UpdateAsync(long id, CabDefinitionInput input, CancellationToken cancellationToken)
    {
        var definition = await db.CabDefinitions.Include(d => d.Delegates).FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
            ?? throw new RecordNotFoundException($"No CAB {id}.");
        await ApplyAsync(definition, input, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return View(definition, time.GetUtcNow().UtcDateTime);
    }

    private async Task ApplyAsync(CabDefinition definition, CabDefinitionInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name?.Trim(), CabDefinition.NameLength, required: true);
        if (CabSchedule.TryParse(input.Schedule, input.TimeZone, out var field, out var error) is null)
        {
            errors.Add(field!, error!);
        }

        if (input.MeetingMinutes is not (>= 15 and <= 480))
        {
            errors.Add("meetingMinutes", "Meeting length is 15 to 480 minutes.");
        }

        if (input.MinutesPerChange is not (>= 1 and <= 120))
        {
            errors.Add("minutesPerChange", "Minutes per change is 1 to 120.");
        }

        var people = new List<string?> { input.Manager };
        people.AddRange((input.Delegates ?? []).SelectMany(d => new[] { d.Member, d.Delegate }));
        var named = people.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Users.Where(u => named.Contains(u.UserName!)).Select(u => u.UserName!).ToListAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(input.Manager))
        {
            errors.Add("manager", "Manager is required.");
        }
        else if (!known.Contains(input.Manager.Trim()))
        {
            errors.Add("manager", $"There is no person '{input.Manager}'.");
        }

        if (string.IsNullOrWhiteSpace(input.MembersGroup))
        {
            errors.Add("membersGroup", "Members group is required.");
        }
        else if (!await groups.ExistsAsync(input.MembersGroup.Trim(), cancellationToken))
        {
            errors.Add("membersGroup", $"There is no group '{input.MembersGroup}'.");
        }

        foreach (var (stand, index) in (input.Delegates ?? []).Select((d, i) => (d, i)))
        {
            if (string.IsNullOrWhiteSpace(stand.Member) || !known.Contains(stand.Member.Trim())
                || string.IsNullOrWhiteSpace(stand.Delegate) || !known.Contains(stand.Delegate.Trim()))
            {
                errors.Add($"delegates[{index}]", "A delegate names a known member and a known person who stands in for them.");
            }
        }

        var name = input.Name?.Trim();
        if (!string.IsNullOrEmpty(name) && await db.CabDefinitions.AnyAsync(d => d.Name == name && d.Id != definition.Id, cancellationToken))
        {
            errors.Add("name", $"There is already a CAB named '{name}'.");
        }

        errors.ThrowIfAny("CAB");
        definition.Name = name!;
        definition.Schedule = input.Schedule!.Trim();
        definition.TimeZone = input.TimeZone!.Trim();
        definition.MeetingMinutes = input.MeetingMinutes!.Value;
        definition.MinutesPerChange = input.MinutesPerChange!.Value;
        definition.Manager = input.Manager!.Trim();
        definition.MembersGroup = input.MembersGroup!.Trim();
        definition.Active = input.Active;
        definition.Delegates.Clear();
        definition.Delegates.AddRange((input.Delegates ?? []).DistinctBy(d => d.Member!.Trim(), StringComparer.Ordinal)
            .Select(d => new CabDelegate { Member = d.Member!.Trim(), Delegate = d.Delegate!.Trim() }));
    }

    private static CabDefinitionView View(CabDefinition d, DateTime now) =>
        new(d.Id, d.Name, d.Schedule, d.TimeZone, d.MeetingMinutes, d.MinutesPerChange, d.Manager, d.MembersGroup, d.Active,
            [.. d.Delegates.OrderBy(x => x.Member, StringComparer.Ordinal).Select(x => new CabDelegateInput(x.Member, x.Delegate))],
            d.Active ? CabSchedule.Of(d).NextAfter(now) : null);
}
