using System.Globalization;
using System.Text;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>A day without business hours and what it is called.</summary>
public sealed record Holiday(DateOnly Date, string Name);

/// <summary>
/// Reads holidays from iCalendar (RFC 5545) text, as public holiday feeds publish them.
/// </summary>
/// <remarks>
/// Each VEVENT is a holiday on the date of its DTSTART; a date-time DTSTART (UTC, floating or with TZID) counts on the
/// date it is written with, without converting zones. An optional DTEND is exclusive and makes a holiday of every date
/// before it. <c>RRULE:FREQ=YEARLY</c>, with optional INTERVAL, COUNT and UNTIL (and BYMONTH/BYMONTHDAY only when they
/// repeat DTSTART's month and day), repeats the event on the same month and day; a 29 February occurs in leap years only.
/// Any other RRULE, such as "fourth Thursday of November", cannot be expanded here, so only its DTSTART counts.
/// The name is the unescaped SUMMARY, empty without one. DURATION, EXDATE, RDATE and STATUS are ignored.
/// </remarks>
public static class HolidayCalendarImport
{
    private const string Calendar = "VCALENDAR";
    private const string Event = "VEVENT";

    private static readonly HashSet<string> PlainYearlyRuleParts = new(StringComparer.Ordinal) { "FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST" };

    /// <summary>The holidays dated in <paramref name="firstYear"/> to <paramref name="lastYear"/>, ordered by date.</summary>
    /// <exception cref="HolidayFileMalformedException">The text is not an iCalendar; the message names the line and the problem.</exception>
    public static IReadOnlyList<Holiday> Parse(string icalText, int firstYear, int lastYear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstYear, DateOnly.MinValue.Year);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lastYear, DateOnly.MaxValue.Year);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear, lastYear);

        var holidays = new HashSet<Holiday>();
        var open = new Stack<(string Name, int Line)>();
        EventLines? current = null;
        var lastLine = 0;
        foreach (var line in ContentLines(icalText))
        {
            lastLine = line.Number;
            if (open.Count == 0 && !line.Is("BEGIN", Calendar))
            {
                throw Error(line.Number, $"expected BEGIN:VCALENDAR but found '{line.Name}'.");
            }

            if (line.Name == "BEGIN")
            {
                var component = line.Value.Trim().ToUpperInvariant();
                if (component == Event && open.Peek().Name == Calendar)
                {
                    current = new EventLines(line.Number);
                }

                open.Push((component, line.Number));
            }
            else if (line.Name == "END")
            {
                var component = line.Value.Trim().ToUpperInvariant();
                var (expected, beganAt) = open.Peek();
                if (component != expected)
                {
                    throw Error(line.Number, $"END:{component} does not close BEGIN:{expected} of line {beganAt}.");
                }

                open.Pop();
                if (component == Event && current is not null)
                {
                    holidays.UnionWith(Expand(current, firstYear, lastYear));
                    current = null;
                }
            }
            else if (current is not null && open.Peek().Name == Event)
            {
                current.Add(line);
            }
        }

        if (lastLine == 0)
        {
            throw Error(1, "the text is empty; expected BEGIN:VCALENDAR.");
        }

        if (open.Count > 0)
        {
            var (name, beganAt) = open.Peek();
            throw Error(lastLine, $"the text ends before END:{name} for BEGIN:{name} of line {beganAt}.");
        }

        return [.. holidays.OrderBy(h => h.Date).ThenBy(h => h.Name, StringComparer.Ordinal)];
    }

    private static IEnumerable<Holiday> Expand(EventLines lines, int firstYear, int lastYear)
    {
        var startLine = lines.Start ?? throw Error(lines.BeginLine, "the VEVENT that begins here has no DTSTART.");
        var start = ParseDateValue(startLine);
        var lastDate = start.Date;
        if (lines.End is { } endLine)
        {
            var end = ParseDateValue(endLine);
            if (end.Date < start.Date || (end.Time is null && end.Date == start.Date))
            {
                throw Error(endLine.Number, $"DTEND {endLine.Value} is not after DTSTART {startLine.Value}.");
            }

            // The end is exclusive: a date ends the day before, a date-time at midnight too.
            lastDate = end.Time is null || end.Time == TimeOnly.MinValue ? end.Date.AddDays(-1) : end.Date;
            if (lastDate < start.Date)
            {
                lastDate = start.Date;
            }
        }

        var name = lines.Summary is { } summary ? Unescape(summary.Value) : "";
        var extraDays = lastDate.DayNumber - start.Date.DayNumber;
        foreach (var occurrence in Occurrences(start.Date, lines.Rule, lastYear))
        {
            for (var day = 0; day <= extraDays; day++)
            {
                var date = occurrence.AddDays(day);
                if (date.Year >= firstYear && date.Year <= lastYear)
                {
                    yield return new Holiday(date, name);
                }
            }
        }
    }

    /// <summary>The first date of each occurrence up to the end of <paramref name="lastYear"/>.</summary>
    private static IEnumerable<DateOnly> Occurrences(DateOnly start, ContentLine? ruleLine, int lastYear)
    {
        if (ruleLine is null)
        {
            return [start];
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in ruleLine.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Error(ruleLine.Number, $"RRULE part '{part}' is not NAME=VALUE.");
            }

            parts[part[..equals].ToUpperInvariant()] = part[(equals + 1)..];
        }

        if (!parts.TryGetValue("FREQ", out var frequency))
        {
            throw Error(ruleLine.Number, "RRULE has no FREQ.");
        }

        var interval = parts.TryGetValue("INTERVAL", out var intervalText) ? PositiveNumber(ruleLine, "INTERVAL", intervalText) : 1;
        var count = parts.TryGetValue("COUNT", out var countText) ? PositiveNumber(ruleLine, "COUNT", countText) : int.MaxValue;
        var until = DateOnly.MaxValue;
        if (parts.TryGetValue("UNTIL", out var untilText))
        {
            until = TryParseDateValue(untilText, out var untilDate, out _)
                ? untilDate
                : throw Error(ruleLine.Number, $"RRULE UNTIL '{untilText}' is not a date (yyyyMMdd) or date-time (yyyyMMddTHHmmss[Z]).");
        }

        var repeatsMonthAndDay = frequency.Equals("YEARLY", StringComparison.OrdinalIgnoreCase)
            && parts.Keys.All(key => PlainYearlyRuleParts.Contains(key)
                || (key == "BYMONTH" && parts[key] == start.Month.ToString(CultureInfo.InvariantCulture))
                || (key == "BYMONTHDAY" && parts[key] == start.Day.ToString(CultureInfo.InvariantCulture)));
        return repeatsMonthAndDay ? Yearly(start, interval, count, until, lastYear) : [start];
    }

    private static IEnumerable<DateOnly> Yearly(DateOnly start, int interval, int count, DateOnly until, int lastYear)
    {
        var occurred = 0;
        for (var year = start.Year; year <= lastYear && occurred < count; year += interval)
        {
            // RFC 5545: a 29 February in a common year does not exist and does not count.
            if (start.Day > DateTime.DaysInMonth(year, start.Month))
            {
                continue;
            }

            var date = new DateOnly(year, start.Month, start.Day);
            if (date > until)
            {
                yield break;
            }

            occurred++;
            yield return date;
        }
    }

    private static int PositiveNumber(ContentLine ruleLine, string part, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw Error(ruleLine.Number, $"RRULE {part} '{text}' is not a positive whole number.");

    private static (DateOnly Date, TimeOnly? Time) ParseDateValue(ContentLine line)
    {
        var value = line.Value.Trim();
        var dateOnly = string.Equals(line.Parameter("VALUE"), "DATE", StringComparison.OrdinalIgnoreCase);
        if (!TryParseDateValue(value, out var date, out var time) || (dateOnly && time is not null))
        {
            throw Error(line.Number, dateOnly
                ? $"{line.Name} '{value}' is not a date (yyyyMMdd)."
                : $"{line.Name} '{value}' is not a date (yyyyMMdd) or date-time (yyyyMMddTHHmmss[Z]).");
        }

        return (date, time);
    }

    private static bool TryParseDateValue(string value, out DateOnly date, out TimeOnly? time)
    {
        time = null;
        if (DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (DateTime.TryParseExact(value, ["yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmmss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            date = DateOnly.FromDateTime(dateTime);
            time = TimeOnly.FromDateTime(dateTime);
            return true;
        }

        return false;
    }

    /// <summary>Undoes RFC 5545 TEXT escaping: \\ \; \, and \n or \N for a line break.</summary>
    private static string Unescape(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                result.Append(text[i] is 'n' or 'N' ? '\n' : text[i]);
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>Unfolded content lines, each numbered by the physical line it starts on; blank lines are skipped.</summary>
    private static IEnumerable<ContentLine> ContentLines(string text)
    {
        var physical = text.TrimStart('\uFEFF').Split('\n');
        var logical = new StringBuilder();
        var startsAt = 0;
        for (var index = 0; index < physical.Length; index++)
        {
            var line = physical[index].TrimEnd('\r');
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                if (startsAt == 0)
                {
                    throw Error(index + 1, "a continuation line (starting with a space or tab) has no line to continue.");
                }

                logical.Append(line, 1, line.Length - 1);
                continue;
            }

            if (startsAt > 0)
            {
                yield return ContentLine.Parse(logical.ToString(), startsAt);
                logical.Clear();
                startsAt = 0;
            }

            if (line.Length > 0)
            {
                logical.Append(line);
                startsAt = index + 1;
            }
        }

        if (startsAt > 0)
        {
            yield return ContentLine.Parse(logical.ToString(), startsAt);
        }
    }

    private static HolidayFileMalformedException Error(int line, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"iCalendar line {line}: {problem}"));

    /// <summary>The properties of one VEVENT that make a holiday.</summary>
    private sealed class EventLines(int beginLine)
    {
        public int BeginLine { get; } = beginLine;

        public ContentLine? Start { get; private set; }

        public ContentLine? End { get; private set; }

        public ContentLine? Summary { get; private set; }

        public ContentLine? Rule { get; private set; }

        public void Add(ContentLine line)
        {
            switch (line.Name)
            {
                case "DTSTART":
                    Start = Start is null ? line : throw Error(line.Number, "the VEVENT has a second DTSTART.");
                    break;
                case "DTEND":
                    End = End is null ? line : throw Error(line.Number, "the VEVENT has a second DTEND.");
                    break;
                case "SUMMARY":
                    Summary ??= line;
                    break;
                case "RRULE":
                    Rule = Rule is null ? line : throw Error(line.Number, "the VEVENT has a second RRULE, which is not supported.");
                    break;
            }
        }
    }

    /// <summary>One unfolded <c>NAME;PARAM=value:VALUE</c> line; the name upper-cased, parameter names too.</summary>
    private sealed record ContentLine(int Number, string Name, IReadOnlyDictionary<string, string> Parameters, string Value)
    {
        public bool Is(string name, string value) => Name == name && Value.Trim().Equals(value, StringComparison.OrdinalIgnoreCase);

        public string? Parameter(string name) => Parameters.GetValueOrDefault(name);

        public static ContentLine Parse(string line, int number)
        {
            var position = line.IndexOfAny([';', ':']);
            if (position <= 0)
            {
                throw Error(number, $"expected NAME:VALUE but found '{line}'.");
            }

            var name = line[..position].Trim().ToUpperInvariant();
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            while (line[position] == ';')
            {
                var equals = line.IndexOf('=', position);
                if (equals < 0)
                {
                    throw Error(number, $"parameter of {name} has no '='.");
                }

                var parameterName = line[(position + 1)..equals].Trim().ToUpperInvariant();
                position = equals + 1;
                var valueStart = position;
                // Quoted parameter values may hold ';' and ':' (a TZID or an ALTREP URL).
                if (position < line.Length && line[position] == '"')
                {
                    var closing = line.IndexOf('"', position + 1);
                    if (closing < 0)
                    {
                        throw Error(number, $"parameter {parameterName} of {name} has no closing quote.");
                    }

                    position = closing + 1;
                }

                var next = position < line.Length ? line.IndexOfAny([';', ':'], position) : -1;
                if (next < 0)
                {
                    throw Error(number, $"{name} has no ':' before its value.");
                }

                parameters[parameterName] = line[valueStart..next].Trim('"');
                position = next;
            }

            return new ContentLine(number, name, parameters, line[(position + 1)..]);
        }
    }
}
