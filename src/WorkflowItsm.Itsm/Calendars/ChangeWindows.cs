using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Calendars;

/// <summary>A window as asked for: one-off (start, end) or weekly (days, start time, duration, time zone).</summary>
public sealed record NewChangeWindow
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public ChangeWindowKind Kind { get; init; }
    public bool AppliesToAll { get; init; }

    /// <summary>The release environment it is a deployment window (or blackout) of; it may then name no CI.</summary>
    public string? Environment { get; init; }

    public DateTime? Start { get; init; }
    public DateTime? End { get; init; }
    public IReadOnlyList<DayOfWeek>? Days { get; init; }
    public TimeOnly? StartTime { get; init; }
    public int? DurationMinutes { get; init; }
    public string? TimeZone { get; init; }

    /// <summary>The CIs and services (CI numbers) it applies to.</summary>
    public IReadOnlyList<string>? Targets { get; init; }
}

/// <summary>Maintenance and blackout windows: defined by change managers, read by the calendar and the conflict check.</summary>
public sealed class ChangeWindows(ItsmDbContext db, TimeProvider time)
{
    public const string Kind = "change window";

    /// <summary>A weekly window is open at most a week at a time.</summary>
    public const int MaxDurationMinutes = 7 * 24 * 60;

    public async Task<IReadOnlyList<ChangeWindow>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<ChangeWindow>().AsNoTracking().Include(w => w.Targets).OrderBy(w => w.Kind).ThenBy(w => w.Name).ToListAsync(cancellationToken);

    public Task<ChangeWindow?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.Set<ChangeWindow>().AsNoTracking().Include(w => w.Targets).FirstOrDefaultAsync(w => w.Id == id, cancellationToken);

    /// <summary>The windows that may be open in [<paramref name="from"/>, <paramref name="to"/>): every weekly one and the one-off ones meeting it (indexed on kind, start, end).</summary>
    public async Task<IReadOnlyList<ChangeWindow>> InRangeAsync(DateTime from, DateTime to, CancellationToken cancellationToken) =>
        await db.Set<ChangeWindow>().AsNoTracking().Include(w => w.Targets)
            .Where(w => w.Days != WeekDays.None || (w.Start < to && w.End > from))
            .ToListAsync(cancellationToken);

    /// <summary>As <see cref="InRangeAsync(DateTime, DateTime, CancellationToken)"/>, only those on everything or naming one of <paramref name="numbers"/>.</summary>
    public async Task<IReadOnlyList<ChangeWindow>> InRangeAsync(DateTime from, DateTime to, IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        var keys = numbers.ToList();
        return await db.Set<ChangeWindow>().AsNoTracking().Include(w => w.Targets)
            .Where(w => w.Days != WeekDays.None || (w.Start < to && w.End > from))
            .Where(w => w.AppliesToAll || w.Targets.Any(t => keys.Contains(t.CiNumber)))
            .ToListAsync(cancellationToken);
    }

    /// <exception cref="RecordValidationException">Name, dates, recurrence or targets wrong (unknown CI, end before start).</exception>
    public async Task<ChangeWindow> CreateAsync(NewChangeWindow input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name?.Trim(), ChangeWindow.NameLength, required: true);
        errors.Length("description", input.Description, Record.TextLength);
        var days = (input.Days ?? []).Aggregate(WeekDays.None, (all, day) => all | ChangeWindow.WeekDaysOf(day));
        if (days == WeekDays.None)
        {
            if (input.Start is null)
            {
                errors.Add("start", "Give the start (or the days of a weekly window).");
            }

            if (input.End is null)
            {
                errors.Add("end", "Give the end.");
            }
            else if (input.Start is { } start && input.End <= start)
            {
                errors.Add("end", "The end must be after the start.");
            }
        }
        else
        {
            if (input.Kind == ChangeWindowKind.Blackout)
            {
                errors.Add("days", "A blackout window is one range (start and end), not weekly.");
            }

            if (input.StartTime is null)
            {
                errors.Add("startTime", "Give the time a weekly window opens.");
            }

            if (input.DurationMinutes is not (> 0 and <= MaxDurationMinutes))
            {
                errors.Add("durationMinutes", $"A weekly window lasts 1 to {MaxDurationMinutes} minutes.");
            }
        }

        var zone = string.IsNullOrWhiteSpace(input.TimeZone) ? "UTC" : input.TimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add("timeZone", $"'{zone}' is no time zone (use an IANA name such as Europe/Paris).");
        }

        var targets = (input.Targets ?? []).Select(t => t.Trim().ToUpperInvariant()).Where(t => t.Length > 0).Distinct().ToList();
        var environment = RecordText.TrimmedOrNull(input.Environment)?.ToLowerInvariant();
        errors.Length("environment", environment, ChangeWindow.EnvironmentLength);
        if (!input.AppliesToAll && targets.Count == 0 && environment is null)
        {
            errors.Add("targets", "Name the CIs or services it applies to, or the release environment, or make it apply to everything.");
        }

        if (targets.Count > 0)
        {
            var known = await db.ConfigurationItems.AsNoTracking().Where(c => targets.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken);
            foreach (var unknown in targets.Except(known))
            {
                errors.Add("targets", $"There is no CI '{unknown}'.");
            }
        }

        errors.ThrowIfAny(Kind);
        var window = new ChangeWindow
        {
            Name = input.Name!.Trim(),
            Description = input.Description,
            Kind = input.Kind,
            AppliesToAll = input.AppliesToAll,
            Environment = environment,
            Start = days == WeekDays.None ? Utc(input.Start) : null,
            End = days == WeekDays.None ? Utc(input.End) : null,
            Days = days,
            StartTime = days == WeekDays.None ? null : input.StartTime,
            DurationMinutes = days == WeekDays.None ? null : input.DurationMinutes,
            TimeZone = zone,
            Targets = input.AppliesToAll ? [] : [.. targets.Select(t => new ChangeWindowTarget { CiNumber = t })],
            CreatedBy = by,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(window);
        await db.SaveChangesAsync(cancellationToken);
        return window;
    }

    /// <returns>Whether there was such a window.</returns>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ChangeWindow>().Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>A moment given with its kind (local, UTC, unspecified: read as UTC) in UTC.</summary>
    public static DateTime? Utc(DateTime? moment) => moment switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        { } other => DateTime.SpecifyKind(other, DateTimeKind.Utc),
    };
}
