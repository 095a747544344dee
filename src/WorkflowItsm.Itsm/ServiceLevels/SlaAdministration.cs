using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>What an admin sends to save a calendar.</summary>
public sealed record CalendarInput(string? Name, string? TimeZoneId, IReadOnlyList<CalendarHours>? Hours, IReadOnlyList<CalendarHoliday>? Holidays, int? Revision);

/// <summary>The invalid fields of an admin's change to a calendar or an SLA definition; nothing was saved.</summary>
public sealed class SlaValidationException(string record, IReadOnlyDictionary<string, string[]> errors) : RecordValidationException(record, errors);

/// <param name="TasksMoved">Open tasks of the incidents whose resolution target moved, given the new due date (the inbox sorts by it).</param>
public sealed record CalendarSaved(CalendarView Calendar, int ClocksRecalculated, int TasksMoved);

/// <summary>One clock as the incident page shows it: how much is used now, what is left, and its timeline.</summary>
public sealed record SlaClockView(
    Guid Id, string Name, SlaKind Kind, SlaClockState State, TimeSpan Target, TimeSpan Elapsed, TimeSpan Remaining, double PercentUsed,
    DateTime StartedAt, DateTime? DueAt, DateTime? StoppedAt, DateTime? BreachedAt, string CalendarKey, IReadOnlyList<SlaClockEventView> Timeline);

public sealed record SlaClockEventView(string Kind, DateTime At, TimeSpan Elapsed, string? Detail);

/// <summary>
/// Admin changes to calendars and SLA definitions, and the clocks' view. Saving a calendar recalculates every open
/// clock on it: the time counted so far stays as the old calendar counted it; from now on the new hours apply, and due
/// and warning moments (with their jobs) are planned again, and the incidents' tasks are due at their new targets.
/// </summary>
public sealed class SlaAdministration(ItsmDbContext db, BusinessCalendars calendars, SlaClocks clocks, SlaDefinitions definitions, IncidentTaskSync taskSync, TimeProvider time)
{
    private const int Batch = 1000;

    /// <exception cref="SlaValidationException"/>
    /// <exception cref="DbUpdateConcurrencyException">A stale revision.</exception>
    public async Task<CalendarSaved> SaveCalendarAsync(string key, CalendarInput input, string by, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!System.Text.RegularExpressions.Regex.IsMatch(key, "^[a-z0-9][a-z0-9-]{0,59}$"))
        {
            errors["key"] = ["A key is 1 to 60 lower-case letters, digits and dashes."];
        }

        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters."];
        }

        BusinessCalendar? parsed = null;
        try
        {
            parsed = BusinessCalendars.Build(input.TimeZoneId ?? "", input.Hours ?? [], input.Holidays ?? []);
        }
        catch (TimeZoneNotFoundException)
        {
            errors["timeZoneId"] = [$"'{input.TimeZoneId}' is not a time zone (use an IANA name such as Europe/Berlin)."];
        }
        catch (ArgumentException invalid)
        {
            errors["hours"] = [invalid.Message];
        }

        if (parsed is { HasWorkingHours: false })
        {
            errors["hours"] = ["A calendar needs working hours on at least one day."];
        }

        if (errors.Count > 0)
        {
            throw new SlaValidationException("calendar", errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var record = await db.BusinessCalendars.FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        var old = record is null ? null : BusinessCalendars.Parse(record);
        if (record is null)
        {
            record = new BusinessCalendarRecord { Key = key, Name = "", TimeZoneId = "", HoursJson = "[]", HolidaysJson = "[]" };
            db.BusinessCalendars.Add(record);
        }
        else if (input.Revision is { } revision && revision != record.Revision)
        {
            throw new DbUpdateConcurrencyException($"Calendar '{key}' was changed meanwhile (revision {record.Revision}, not {revision}).");
        }

        record.Name = input.Name!.Trim();
        record.TimeZoneId = input.TimeZoneId!;
        record.HoursJson = BusinessCalendars.HoursToJson(input.Hours ?? []);
        record.HolidaysJson = BusinessCalendars.HolidaysToJson(input.Holidays ?? []);
        record.UpdatedAt = now;
        record.UpdatedBy = by;
        record.Revision++;
        await db.SaveChangesAsync(cancellationToken);

        var recalculated = old is null ? new Recalculation(0, []) : await RecalculateClocksAsync(key, old, BusinessCalendars.Parse(record), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var tasksMoved = await taskSync.FollowResolutionDueAsync(recalculated.IncidentsWithNewResolutionTarget, cancellationToken);
        return new CalendarSaved(BusinessCalendars.ToView(record), recalculated.Clocks, tasksMoved);
    }

    /// <summary>Adds holidays from an iCalendar text (RFC 5545) for the given years; existing dates keep their names.</summary>
    /// <exception cref="HolidayFileMalformedException">Not iCalendar; the message names the line.</exception>
    public async Task<CalendarSaved> ImportHolidaysAsync(string key, string icalText, int firstYear, int lastYear, string by, CancellationToken cancellationToken)
    {
        var view = await calendars.GetViewAsync(key, cancellationToken) ?? throw new ServiceLevelSettingNotFoundException($"No business calendar '{key}'.");
        var imported = HolidayCalendarImport.Parse(icalText, firstYear, lastYear);
        var merged = view.Holidays.Concat(imported.Where(h => view.Holidays.All(k => k.Date != h.Date)).Select(h => new CalendarHoliday(h.Date, h.Name)))
            .GroupBy(h => h.Date).Select(g => g.First()).OrderBy(h => h.Date).ToList();
        return await SaveCalendarAsync(key, new CalendarInput(view.Name, view.TimeZoneId, view.Hours, merged, view.Revision), by, cancellationToken);
    }

    /// <exception cref="SlaValidationException"/>
    public async Task<SlaDefinition> SaveDefinitionAsync(int? id, SlaDefinition input, CancellationToken cancellationToken)
    {
        var errors = await definitions.ValidateAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            throw new SlaValidationException("SLA definition", errors);
        }

        var stored = id is { } existing
            ? await db.SlaDefinitions.FirstOrDefaultAsync(d => d.Id == existing, cancellationToken) ?? throw new ServiceLevelSettingNotFoundException($"No SLA definition {existing}.")
            : db.SlaDefinitions.Add(new SlaDefinition { Name = "", CalendarKey = input.CalendarKey }).Entity;
        stored.Name = input.Name.Trim();
        stored.Kind = input.Kind;
        stored.Priorities = RecordText.TrimmedOrNull(input.Priorities);
        stored.Service = RecordText.TrimmedOrNull(input.Service)?.ToUpperInvariant();
        stored.AssignmentGroup = RecordText.TrimmedOrNull(input.AssignmentGroup);
        stored.Category = RecordText.TrimmedOrNull(input.Category);
        stored.TargetSeconds = input.TargetSeconds;
        stored.CalendarKey = input.CalendarKey;
        stored.PauseOnHoldReasons = RecordText.TrimmedOrNull(input.PauseOnHoldReasons);
        stored.WarningPercents = RecordText.TrimmedOrNull(input.WarningPercents);
        stored.BreachProcessKey = RecordText.TrimmedOrNull(input.BreachProcessKey);
        stored.RestartOnReassignment = input.Kind == SlaKind.Response && input.RestartOnReassignment;
        stored.Order = input.Order;
        stored.IsActive = input.IsActive;
        await db.SaveChangesAsync(cancellationToken);
        return stored;
    }

    /// <summary>Removes a definition no clock was ever started from.</summary>
    /// <exception cref="ServiceLevelSettingNotFoundException"/>
    /// <exception cref="SlaDefinitionInUseException">Clocks were started from it: switch it off instead.</exception>
    public async Task RemoveDefinitionAsync(int id, CancellationToken cancellationToken)
    {
        var stored = await db.SlaDefinitions.FirstOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw new ServiceLevelSettingNotFoundException($"No SLA definition {id}.");
        var clocksStarted = await db.SlaClocks.CountAsync(c => c.DefinitionId == id, cancellationToken);
        if (clocksStarted > 0)
        {
            throw new SlaDefinitionInUseException($"\"{stored.Name}\" has timed {clocksStarted} incident(s), whose clocks name it; switch it off (Active) instead of removing it.");
        }

        db.SlaDefinitions.Remove(stored);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SlaClockView>> ClocksOfAsync(long incidentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await db.SlaClocks.AsNoTracking().Where(c => c.IncidentId == incidentId).OrderBy(c => c.Kind).ThenBy(c => c.StartedAt).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var events = await db.SlaClockEvents.AsNoTracking().Where(e => ids.Contains(e.ClockId)).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var views = new List<SlaClockView>();
        foreach (var clock in rows)
        {
            var (elapsed, remaining) = SlaClocks.Progress(clock, await calendars.GetAsync(clock.CalendarKey, cancellationToken), now);
            views.Add(new SlaClockView(clock.Id, clock.Name, clock.Kind, clock.State, clock.Target, elapsed, remaining,
                Math.Round(100 * elapsed / clock.Target, 1), clock.StartedAt, clock.DueAt, clock.StoppedAt, clock.BreachedAt, clock.CalendarKey,
                events.Where(e => e.ClockId == clock.Id).Select(e => new SlaClockEventView(e.Kind, e.At, TimeSpan.FromSeconds(e.ElapsedSeconds), e.Detail)).ToList()));
        }

        return views;
    }

    private sealed record Recalculation(int Clocks, IReadOnlyCollection<long> IncidentsWithNewResolutionTarget);

    private async Task<Recalculation> RecalculateClocksAsync(string key, BusinessCalendar old, BusinessCalendar current, DateTime now, CancellationToken cancellationToken)
    {
        // The warnings are planned from the definitions; loaded once here, not looked up per clock.
        await clocks.DefinitionsAsync(cancellationToken);

        // The running clocks of this calendar, read once and then loaded a batch at a time; paused ones count nothing
        // until they resume.
        var ids = await db.SlaClocks.AsNoTracking().Where(c => c.CalendarKey == key && c.State == SlaClockState.Running)
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        var count = 0;
        var resolutionMoved = new List<long>();
        var checks = new List<PlannedCheck>(Batch);
        foreach (var chunk in ids.Chunk(Batch))
        {
            var batch = await db.SlaClocks.Where(c => chunk.Contains(c.Id) && c.State == SlaClockState.Running).ToListAsync(cancellationToken);
            foreach (var clock in batch)
            {
                SlaClocks.FoldWith(clock, old, now);
                clocks.AddEvent(clock, SlaClockEvents.Recalculated, now, clock.ElapsedSeconds, $"calendar {key} changed");
                var dueBefore = clock.DueAt;
                clocks.Plan(clock, now, current, checks);
                if (clock.Kind == SlaKind.Resolution && clock.DueAt != dueBefore)
                {
                    resolutionMoved.Add(clock.IncidentId);
                }
            }

            await clocks.ScheduleChecksAsync(checks, cancellationToken);
            checks.Clear();
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            count += batch.Count;
        }

        return new Recalculation(count, resolutionMoved);
    }
}
