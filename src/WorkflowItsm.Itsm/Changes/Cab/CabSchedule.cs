using Cronos;

namespace WorkflowItsm.Itsm.Changes.Cab;

/// <summary>A board's meeting times: its cron schedule read in its time zone, so "Tuesday 14:00" stays 14:00 across daylight saving.</summary>
public sealed class CabSchedule
{
    private readonly CronExpression cron;
    private readonly TimeZoneInfo zone;

    private CabSchedule(CronExpression cron, TimeZoneInfo zone)
    {
        this.cron = cron;
        this.zone = zone;
    }

    /// <summary>The schedule, or null with <paramref name="error"/> naming what is wrong (for a 400 on the field).</summary>
    public static CabSchedule? TryParse(string? schedule, string? timeZone, out string? field, out string? error)
    {
        field = null;
        error = null;
        CronExpression cron;
        try
        {
            cron = CronExpression.Parse(schedule ?? string.Empty, CronFormat.Standard);
        }
        catch (CronFormatException exception)
        {
            (field, error) = ("schedule", $"Schedule is not a cron expression of five fields (minute hour day month weekday, e.g. \"0 14 * * 2\" for Tuesdays at 14:00): {exception.Message}");
            return null;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? string.Empty, out var zone))
        {
            (field, error) = ("timeZone", $"Time zone '{timeZone}' is not known (use an id such as Europe/London or UTC).");
            return null;
        }

        return new CabSchedule(cron, zone);
    }

    public static CabSchedule Of(CabDefinition definition) =>
        TryParse(definition.Schedule, definition.TimeZone, out _, out var error)
        ?? throw new InvalidOperationException($"CAB '{definition.Name}' has an unreadable schedule: {error}");

    /// <summary>The first meeting start after <paramref name="utc"/> (UTC), or null when the schedule has no more.</summary>
    public DateTime? NextAfter(DateTime utc) => cron.GetNextOccurrence(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
