using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

/// <summary>A new on-call schedule of a group, with one rotation per layer.</summary>
public sealed record NewOnCallSchedule
{
    public string? GroupKey { get; init; }
    public string? Name { get; init; }

    /// <summary>An IANA zone ("Europe/Berlin"); handoffs and restrictions are read in it.</summary>
    public string? TimeZone { get; init; }
    public IReadOnlyList<NewOnCallLayer>? Layers { get; init; }
}

/// <summary>One layer's rotation: its members in order, how long a shift lasts and when it hands off.</summary>
public sealed record NewOnCallLayer
{
    public OnCallLayerKind? Layer { get; init; }
    public RotationKind? Rotation { get; init; }

    /// <summary>A custom rotation's shift length in days (daily and weekly know theirs).</summary>
    public int? ShiftDays { get; init; }

    /// <summary>A weekly rotation's handoff weekday (default: Monday).</summary>
    public DayOfWeek? HandoffDay { get; init; }

    /// <summary>Local handoff time (default 09:00).</summary>
    public TimeOnly? HandoffTime { get; init; }
    public DateOnly? StartDate { get; init; }
    public OnCallRestriction? Restriction { get; init; }
    public IReadOnlyList<string>? Members { get; init; }
}

/// <summary>A person covering a layer for a span.</summary>
public sealed record NewOnCallOverride
{
    public OnCallLayerKind? Layer { get; init; }
    public string? UserName { get; init; }
    public DateTime? StartsAt { get; init; }
    public DateTime? EndsAt { get; init; }
    public string? Reason { get; init; }
}

public sealed record OnCallLayerView(OnCallLayerKind Layer, string LayerLabel, string Rotation, int ShiftDays, TimeOnly HandoffTime, DateOnly StartDate, string Restriction, IReadOnlyList<string> Members);

public sealed record OnCallOverrideView(int Id, OnCallLayerKind Layer, string UserName, DateTime StartsAt, DateTime EndsAt, string? Reason);

public sealed record OnCallScheduleView(int Id, string GroupKey, string Name, string TimeZone, IReadOnlyList<OnCallLayerView> Layers, IReadOnlyList<OnCallOverrideView> Overrides);

/// <summary>One entry of a schedule's calendar: a layer's rotation shift, or an override.</summary>
public sealed record OnCallCalendarEntry(OnCallLayerKind Layer, string LayerLabel, string UserName, DateTime StartsAt, DateTime EndsAt, bool IsOverride, string? Note);

/// <summary>A span one person answers a layer of a schedule.</summary>
public sealed record OnCallPersonShift(int ScheduleId, string ScheduleName, string GroupKey, OnCallLayerKind Layer, string LayerLabel, DateTime StartsAt, DateTime EndsAt, bool IsOverride);

/// <summary>Who answers a layer at a moment (nobody: <see cref="UserName"/> null), and for how long.</summary>
public sealed record OnCallAnswer(int ScheduleId, string ScheduleName, OnCallLayerKind Layer, string LayerLabel, DateTime At, string? UserName, DateTime? ShiftStartsAt, DateTime? ShiftEndsAt, bool IsOverride);

/// <summary>
/// On-call schedules: a new schedule or override is validated whole (nothing is stored when a field is wrong, the
/// error names the field), and "who is on call at T" is answered for a schedule or a group.
/// </summary>
public sealed class OnCallSchedules(ItsmDbContext db, TimeProvider time)
{
    public const string Kind = "on-call schedule";
    public const string OverrideKind = "on-call override";

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<OnCallSchedule> CreateAsync(NewOnCallSchedule input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("groupKey", input.GroupKey, DirectoryGroup.KeyLength, required: true);
        var group = RecordText.TrimmedOrNull(input.GroupKey);
        if (group is not null && !await db.Groups.AnyAsync(g => g.Key == group, cancellationToken))
        {
            errors.Add("groupKey", $"There is no group '{group}'.");
        }

        var layers = await CheckAsync(errors, input, cancellationToken);
        errors.ThrowIfAny(Kind);

        var schedule = new OnCallSchedule
        {
            GroupKey = group!,
            Name = input.Name!.Trim(),
            TimeZone = input.TimeZone!.Trim(),
            CreatedBy = by,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            Layers = [.. layers.Select(Build)],
        };
        db.Set<OnCallSchedule>().Add(schedule);
        await db.SaveChangesAsync(cancellationToken);
        return schedule;
    }

    /// <summary>Renames the schedule, moves it to another zone and replaces its layers' rotations (its group and overrides stay).</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<OnCallSchedule> UpdateAsync(int id, NewOnCallSchedule input, CancellationToken cancellationToken)
    {
        var schedule = await FindAsync(id, cancellationToken);
        var errors = new FieldErrors();
        var layers = await CheckAsync(errors, input, cancellationToken);
        foreach (var orphan in schedule.Overrides.Select(o => o.Layer).Distinct().Where(l => !layers.Any(n => n.Layer == l)))
        {
            errors.Add("layers", $"Overrides cover the {EscalationLabels.Layer(orphan).ToLowerInvariant()} layer: keep it, or remove its overrides first.");
        }

        errors.ThrowIfAny(Kind);
        schedule.Name = input.Name!.Trim();
        schedule.TimeZone = input.TimeZone!.Trim();
        db.Set<OnCallLayer>().RemoveRange(schedule.Layers);
        // The old rows go first: a layer's kind is unique per schedule.
        await db.SaveChangesAsync(cancellationToken);
        schedule.Layers = [.. layers.Select(Build)];
        await db.SaveChangesAsync(cancellationToken);
        return schedule;
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task RemoveOverrideAsync(int scheduleId, int overrideId, CancellationToken cancellationToken)
    {
        var found = await db.Set<OnCallOverride>().FirstOrDefaultAsync(o => o.Id == overrideId && o.ScheduleId == scheduleId, cancellationToken)
            ?? throw new RecordNotFoundException($"No override {overrideId} on on-call schedule {scheduleId}.");
        db.Set<OnCallOverride>().Remove(found);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Who keeps a schedule: admins, and the manager named for its group (a group's rota is its manager's to plan); everyone on the staff reads it.</summary>
    public async Task<bool> CanEditAsync(string groupKey, string userName, bool isAdmin, CancellationToken cancellationToken) =>
        isAdmin || await db.Set<EscalationGroupManager>().AnyAsync(m => m.GroupKey == groupKey && m.UserName == userName, cancellationToken);

    /// <summary>Whether the person may start a schedule at all: an admin, or the manager of some group (for that group).</summary>
    public async Task<bool> CanCreateAsync(string userName, bool isAdmin, CancellationToken cancellationToken) =>
        isAdmin || await db.Set<EscalationGroupManager>().AnyAsync(m => m.UserName == userName, cancellationToken);

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="OnCallForbiddenException">Neither an admin nor the group's manager.</exception>
    public async Task EnsureCanEditAsync(int scheduleId, string userName, bool isAdmin, CancellationToken cancellationToken)
    {
        var group = await db.Set<OnCallSchedule>().Where(s => s.Id == scheduleId).Select(s => s.GroupKey).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RecordNotFoundException($"No on-call schedule {scheduleId}.");
        if (!await CanEditAsync(group, userName, isAdmin, cancellationToken))
        {
            throw new OnCallForbiddenException($"Only an admin or the manager of {group} may change its on-call schedule.");
        }
    }

    private async Task<IReadOnlyList<NewOnCallLayer>> CheckAsync(FieldErrors errors, NewOnCallSchedule input, CancellationToken cancellationToken)
    {
        errors.Length("name", input.Name, OnCallSchedule.NameLength, required: true);
        if (string.IsNullOrWhiteSpace(input.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone.Trim(), out _))
        {
            errors.Add("timeZone", "Give the schedule's time zone as an IANA name, e.g. Europe/Berlin.");
        }

        var layers = input.Layers ?? [];
        if (layers.Count == 0)
        {
            errors.Add("layers", "Give at least one layer (primary) with its rotation.");
        }

        var people = await KnownPeopleAsync(layers.SelectMany(l => l.Members ?? []), cancellationToken);
        for (var i = 0; i < layers.Count; i++)
        {
            CheckLayer(errors, $"layers[{i}]", layers[i], people);
        }

        foreach (var twice in layers.Where(l => l.Layer is not null).GroupBy(l => l.Layer).Where(g => g.Count() > 1))
        {
            errors.Add("layers", $"The {EscalationLabels.Layer(twice.Key!.Value).ToLowerInvariant()} layer is given twice.");
        }

        return layers;
    }

    private static OnCallLayer Build(NewOnCallLayer l) => new()
    {
        Kind = l.Layer!.Value,
        Rotation = l.Rotation!.Value,
        ShiftDays = l.Rotation switch { RotationKind.Daily => 1, RotationKind.Weekly => 7, _ => l.ShiftDays!.Value },
        HandoffTime = l.HandoffTime ?? new TimeOnly(9, 0),
        StartDate = OnCallRotation.FirstShiftDay(l.Rotation!.Value, l.StartDate!.Value, l.HandoffDay ?? DayOfWeek.Monday),
        Restriction = l.Restriction ?? OnCallRestriction.Always,
        Members = string.Join(',', l.Members!.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim())),
    };

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<OnCallOverride> AddOverrideAsync(int scheduleId, NewOnCallOverride input, string by, CancellationToken cancellationToken)
    {
        var schedule = await FindAsync(scheduleId, cancellationToken);
        var errors = new FieldErrors();
        if (input.Layer is not { } layer || !schedule.Layers.Any(l => l.Kind == layer))
        {
            errors.Add("layer", $"Name a layer of this schedule: {string.Join(", ", schedule.Layers.Select(l => EscalationLabels.Layer(l.Kind).ToLowerInvariant()))}.");
        }

        errors.Length("userName", input.UserName, Record.NameLength, required: true);
        if (!string.IsNullOrWhiteSpace(input.UserName) && (await KnownPeopleAsync([input.UserName], cancellationToken)).Count == 0)
        {
            errors.Add("userName", $"There is nobody called '{input.UserName}'.");
        }

        errors.Texts(("reason", input.Reason));
        if (input.StartsAt is null)
        {
            errors.Add("startsAt", "Give when the override starts.");
        }

        if (input.EndsAt is null)
        {
            errors.Add("endsAt", "Give when the override ends.");
        }
        else if (input.StartsAt is { } starts && input.EndsAt <= starts)
        {
            errors.Add("endsAt", "The override ends before it starts: give an end after the start.");
        }

        errors.ThrowIfAny(OverrideKind);

        var added = new OnCallOverride
        {
            ScheduleId = schedule.Id,
            Layer = input.Layer!.Value,
            UserName = input.UserName!.Trim(),
            StartsAt = Utc(input.StartsAt!.Value),
            EndsAt = Utc(input.EndsAt!.Value),
            Reason = RecordText.TrimmedOrNull(input.Reason),
            CreatedBy = by,
        };
        db.Set<OnCallOverride>().Add(added);
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task<OnCallSchedule> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<OnCallSchedule>().Include(s => s.Layers).Include(s => s.Overrides).FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
        ?? throw new RecordNotFoundException($"No on-call schedule {id}.");

    public async Task<IReadOnlyList<OnCallScheduleView>> ListAsync(string? group, CancellationToken cancellationToken)
    {
        var schedules = await db.Set<OnCallSchedule>().AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides)
            .Where(s => group == null || s.GroupKey == group).OrderBy(s => s.GroupKey).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        return [.. schedules.Select(ToView)];
    }

    /// <summary>Who answers the layer of the schedule at <paramref name="atUtc"/> (now when null).</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<OnCallAnswer> WhoAsync(int scheduleId, OnCallLayerKind layer, DateTime? atUtc, CancellationToken cancellationToken) =>
        Answer(await FindAsync(scheduleId, cancellationToken), layer, atUtc ?? time.GetUtcNow().UtcDateTime);

    /// <summary>Who answers the layer for the group: its first schedule (oldest) with someone on it at that moment; null when no schedule does.</summary>
    /// <exception cref="RecordNotFoundException">The group has no schedule.</exception>
    public async Task<OnCallAnswer> WhoForGroupAsync(string group, OnCallLayerKind layer, DateTime? atUtc, CancellationToken cancellationToken)
    {
        var schedules = await db.Set<OnCallSchedule>().AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides)
            .Where(s => s.GroupKey == group).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        if (schedules.Count == 0)
        {
            throw new RecordNotFoundException($"The group '{group}' has no on-call schedule.");
        }

        var at = atUtc ?? time.GetUtcNow().UtcDateTime;
        var answers = schedules.Select(s => Answer(s, layer, at)).ToList();
        return answers.FirstOrDefault(a => a.UserName is not null) ?? answers[0];
    }

    /// <summary>The most days a calendar range (and the feed) covers.</summary>
    public const int MaxCalendarDays = 400;

    /// <summary>The schedule's shifts (per layer, in rotation; its restriction said in the note) and overrides overlapping the range, in order.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<IReadOnlyList<OnCallCalendarEntry>> CalendarAsync(int scheduleId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var schedule = await FindAsync(scheduleId, cancellationToken);
        return Calendar(schedule, fromUtc, toUtc);
    }

    public static IReadOnlyList<OnCallCalendarEntry> Calendar(OnCallSchedule schedule, DateTime fromUtc, DateTime toUtc)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        var shifts = schedule.Layers.SelectMany(layer => OnCallRotation.Shifts(layer, zone, Utc(fromUtc), Utc(toUtc)).Select(shift => new OnCallCalendarEntry(
            layer.Kind, EscalationLabels.Layer(layer.Kind), shift.UserName, shift.StartsAt, shift.EndsAt, false,
            layer.Restriction == OnCallRestriction.Always ? null : EscalationLabels.Restriction(layer.Restriction))));
        var overrides = schedule.Overrides.Where(o => o.EndsAt > fromUtc && o.StartsAt < toUtc)
            .Select(o => new OnCallCalendarEntry(o.Layer, EscalationLabels.Layer(o.Layer), o.UserName, o.StartsAt, o.EndsAt, true, o.Reason));
        return [.. shifts.Concat(overrides).OrderBy(e => e.StartsAt).ThenBy(e => e.Layer)];
    }

    /// <summary>
    /// The spans <paramref name="userName"/> actually answers across every schedule (overrides applied, restricted
    /// hours left out), in order: her personal on-call calendar.
    /// </summary>
    public async Task<IReadOnlyList<OnCallPersonShift>> PersonShiftsAsync(string userName, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var schedules = await db.Set<OnCallSchedule>().AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return [.. schedules
            .Where(s => s.Layers.Any(l => l.MemberList.Contains(userName, StringComparer.Ordinal)) || s.Overrides.Any(o => o.UserName == userName))
            .SelectMany(s => s.Layers.Select(l => l.Kind).Union(s.Overrides.Select(o => o.Layer)).Distinct()
                .SelectMany(layer => OnCallRotation.Coverage(s, layer, Utc(fromUtc), Utc(toUtc))
                    .Where(span => span.UserName == userName)
                    .Select(span => new OnCallPersonShift(s.Id, s.Name, s.GroupKey, layer, EscalationLabels.Layer(layer), span.StartsAt, span.EndsAt, span.IsOverride))))
            .OrderBy(p => p.StartsAt).ThenBy(p => p.ScheduleId)];
    }

    public static OnCallAnswer Answer(OnCallSchedule schedule, OnCallLayerKind layer, DateTime atUtc)
    {
        var at = Utc(atUtc);
        var shift = OnCallRotation.At(schedule, layer, at);
        return new OnCallAnswer(schedule.Id, schedule.Name, layer, EscalationLabels.Layer(layer), at, shift?.UserName, shift?.StartsAt, shift?.EndsAt, shift?.IsOverride ?? false);
    }

    public static OnCallScheduleView ToView(OnCallSchedule s) => new(s.Id, s.GroupKey, s.Name, s.TimeZone,
        [.. s.Layers.OrderBy(l => l.Kind).Select(l => new OnCallLayerView(l.Kind, EscalationLabels.Layer(l.Kind), EscalationLabels.Rotation(l.Rotation), l.ShiftDays, l.HandoffTime, l.StartDate,
            EscalationLabels.Restriction(l.Restriction), l.MemberList))],
        [.. s.Overrides.OrderBy(o => o.StartsAt).Select(o => new OnCallOverrideView(o.Id, o.Layer, o.UserName, o.StartsAt, o.EndsAt, o.Reason))]);

    private static void CheckLayer(FieldErrors errors, string at, NewOnCallLayer layer, IReadOnlySet<string> people)
    {
        if (layer.Layer is null)
        {
            errors.Add($"{at}.layer", "Say which layer this is: primary or secondary.");
        }

        if (layer.Rotation is null)
        {
            errors.Add($"{at}.rotation", "Say how the rotation hands off: daily, weekly or custom.");
        }
        else if (layer.Rotation == RotationKind.Custom && layer.ShiftDays is not (>= 1 and <= 366))
        {
            errors.Add($"{at}.shiftDays", "A custom rotation needs its shift length: 1 to 366 days.");
        }

        if (layer.StartDate is null)
        {
            errors.Add($"{at}.startDate", "Give the day the rotation starts.");
        }

        var members = (layer.Members ?? []).Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
        if (members.Count == 0)
        {
            errors.Add($"{at}.members", "A rotation needs at least one member.");
        }

        foreach (var unknown in members.Where(m => !people.Contains(m.Trim())))
        {
            errors.Add($"{at}.members", $"There is nobody called '{unknown}'.");
        }

        if (members.Any(m => m.Contains(',', StringComparison.Ordinal)) || string.Join(',', members).Length > Record.TextLength)
        {
            errors.Add($"{at}.members", "List the members by user name, one per entry.");
        }
    }

    private async Task<IReadOnlySet<string>> KnownPeopleAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var wanted = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.Ordinal).ToList();
        return (await db.Users.Where(u => wanted.Contains(u.UserName!)).Select(u => u.UserName!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A moment given without a zone is read as UTC (the API's dates carry one and come in as UTC already).</summary>
    internal static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
