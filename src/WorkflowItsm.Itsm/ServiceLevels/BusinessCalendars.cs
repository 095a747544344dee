using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>Working hours of one weekday as the API and the admin page give them ("08:00"; an end of "00:00" or "24:00" is midnight).</summary>
public sealed record CalendarHours(DayOfWeek Day, string Start, string End);

public sealed record CalendarHoliday(DateOnly Date, string Name);

public sealed record CalendarView(string Key, string Name, string TimeZoneId, IReadOnlyList<CalendarHours> Hours, IReadOnlyList<CalendarHoliday> Holidays, int Revision, DateTime UpdatedAt, string? UpdatedBy);

/// <summary>
/// Reads business calendars and turns them into <see cref="BusinessCalendar"/>s. Parsed calendars are cached by their
/// content (immutable), so every host may keep them; a save is simply new content.
/// </summary>
public sealed class BusinessCalendars(ItsmDbContext db)
{
    public const string BusinessHours = "business-hours";
    public const string AroundTheClock = "24x7";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    // Keyed by content, not only key and revision: one process may serve several databases (tests, tools) whose
    // calendars share a key and revision but not their hours.
    private static readonly ConcurrentDictionary<(string TimeZoneId, string Hours, string Holidays), BusinessCalendar> Parsed = new();

    internal static BusinessCalendarRecord[] Seed { get; } =
    [
        new()
        {
            Key = BusinessHours,
            Name = "Service desk hours (Mon–Fri 08:00–18:00, Berlin)",
            TimeZoneId = "Europe/Berlin",
            HoursJson = HoursToJson(Enumerable.Range(1, 5).Select(d => new CalendarHours((DayOfWeek)d, "08:00", "18:00")).ToList()),
            HolidaysJson = HolidaysToJson([
                new(new DateOnly(2026, 12, 24), "Christmas Eve"), new(new DateOnly(2026, 12, 25), "Christmas Day"),
                new(new DateOnly(2026, 12, 26), "Boxing Day"), new(new DateOnly(2026, 12, 31), "New Year's Eve"),
                new(new DateOnly(2027, 1, 1), "New Year's Day")]),
            UpdatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        },
        new()
        {
            Key = AroundTheClock,
            Name = "Around the clock",
            TimeZoneId = "Etc/UTC",
            HoursJson = HoursToJson(Enum.GetValues<DayOfWeek>().Select(d => new CalendarHours(d, "00:00", "24:00")).ToList()),
            HolidaysJson = "[]",
            UpdatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        },
    ];

    /// <exception cref="ServiceLevelSettingNotFoundException">No such calendar.</exception>
    public async Task<BusinessCalendar> GetAsync(string key, CancellationToken cancellationToken)
    {
        var record = await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken)
            ?? throw new ServiceLevelSettingNotFoundException($"No business calendar '{key}'.");
        return Parse(record);
    }

    public async Task<IReadOnlyList<CalendarView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Key).ToListAsync(cancellationToken)).Select(ToView).ToList();

    /// <summary>Every calendar by key (a page showing several clocks names and measures each on its own calendar).</summary>
    public async Task<IReadOnlyDictionary<string, CalendarView>> ByKeyAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).ToDictionary(c => c.Key, StringComparer.Ordinal);

    public async Task<CalendarView?> GetViewAsync(string key, CancellationToken cancellationToken) =>
        await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken) is { } record ? ToView(record) : null;

    /// <summary>The calendar of a stored record (cached by key and revision).</summary>
    public static BusinessCalendar Parse(BusinessCalendarRecord record) =>
        Parsed.GetOrAdd((record.TimeZoneId, record.HoursJson, record.HolidaysJson), _ => Build(record.TimeZoneId, HoursFromJson(record.HoursJson), HolidaysFromJson(record.HolidaysJson)));

    /// <exception cref="ArgumentException">Hours that overlap or end before they start; a time that is not HH:mm.</exception>
    /// <exception cref="TimeZoneNotFoundException">Unknown zone.</exception>
    public static BusinessCalendar Build(string timeZoneId, IReadOnlyList<CalendarHours> hours, IReadOnlyList<CalendarHoliday> holidays) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId), hours.Select(ToWorkingHours), holidays.Select(h => h.Date));

    public static CalendarView ToView(BusinessCalendarRecord record) =>
        new(record.Key, record.Name, record.TimeZoneId, HoursFromJson(record.HoursJson), HolidaysFromJson(record.HolidaysJson), record.Revision, record.UpdatedAt, record.UpdatedBy);

    internal static string HoursToJson(IReadOnlyList<CalendarHours> hours) => JsonSerializer.Serialize(hours, Json);

    internal static string HolidaysToJson(IReadOnlyList<CalendarHoliday> holidays) => JsonSerializer.Serialize(holidays.OrderBy(h => h.Date).ToList(), Json);

    private static List<CalendarHours> HoursFromJson(string json) => JsonSerializer.Deserialize<List<CalendarHours>>(json, Json) ?? [];

    private static List<CalendarHoliday> HolidaysFromJson(string json) => JsonSerializer.Deserialize<List<CalendarHoliday>>(json, Json) ?? [];

    private static WorkingHours ToWorkingHours(CalendarHours hours) => new(hours.Day, Time(hours.Start, hours.Day), Time(hours.End, hours.Day));

    private static TimeOnly Time(string text, DayOfWeek day) =>
        text is "24:00" ? TimeOnly.MinValue
        : TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time
        : throw new ArgumentException($"{day}: '{text}' is not a time of day (HH:mm, 24:00 for midnight).", nameof(text));
}
