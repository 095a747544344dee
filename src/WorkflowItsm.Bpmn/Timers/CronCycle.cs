using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace WorkflowItsm.Bpmn.Timers;

/// <summary>
/// Cron expressions for <c>timeCycle</c>, evaluated in UTC by Cronos. Two dialects, told apart by field count:
/// five fields are Unix cron (day of week 0-7, Sunday = 0 or 7); six or seven fields are Camunda 7's Quartz cron
/// (seconds first, day of week 1-7 with Sunday = 1, optional year last, which must be * or ?).
/// </summary>
internal static partial class CronCycle
{
    [GeneratedRegex(@"(?<![/#\d])\d+", RegexOptions.CultureInvariant)]
    private static partial Regex DayNumber();

    public static bool LooksLikeCron(string text) => text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5;

    public static bool TryParse(string text, out CronExpression? cron, out string? error)
    {
        cron = null;
        var fields = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        CronFormat format;
        switch (fields.Length)
        {
            case 5:
                format = CronFormat.Standard;
                break;
            case 6 or 7:
                if (fields.Length == 7 && fields[6] is not ("*" or "?"))
                {
                    error = $"'{text}': a cron year field other than * or ? is not supported";
                    return false;
                }

                if (!TryQuartzDaysToUnix(fields[5], out var dayOfWeek, out error))
                {
                    error = $"'{text}': {error}";
                    return false;
                }

                fields = [.. fields[..5], dayOfWeek];
                format = CronFormat.IncludeSeconds;
                break;
            default:
                error = $"'{text}': a cron expression has 5 fields (minute hour day month weekday) or 6-7 in Quartz style (second first)";
                return false;
        }

        try
        {
            cron = CronExpression.Parse(string.Join(' ', fields), format);
            error = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{text}': {ex.Message}";
            return false;
        }
    }

    /// <summary>Quartz numbers weekdays 1 (Sunday) to 7 (Saturday); Cronos 0 (Sunday) to 6. Names need no change.</summary>
    private static bool TryQuartzDaysToUnix(string field, out string unixField, out string? error)
    {
        string? invalid = null;
        unixField = DayNumber().Replace(field, match =>
        {
            var day = int.Parse(match.Value, CultureInfo.InvariantCulture);
            if (day is < 1 or > 7)
            {
                invalid = match.Value;
            }

            return (day - 1).ToString(CultureInfo.InvariantCulture);
        });

        error = invalid is null ? null : $"day of week {invalid} is out of range; Quartz cron counts 1 (SUN) to 7 (SAT)";
        return invalid is null;
    }
}
