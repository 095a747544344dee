using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkflowItsm.Bpmn.Timers;

/// <summary>ISO-8601 date-times as BPMN timers write them; a time without an offset is taken as UTC.</summary>
internal static partial class IsoDateTime
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}([.,]\d{1,7})?)?)?(Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool TryParse(string text, out DateTimeOffset value, out string? error)
    {
        value = default;
        var s = text.Trim();
        if (!Shape().IsMatch(s))
        {
            error = $"'{text}': expected an ISO-8601 date-time like 2026-12-01T09:30:00Z or 2026-12-01T09:30:00+01:00";
            return false;
        }

        if (!DateTimeOffset.TryParse(s.Replace(',', '.'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            error = $"'{text}': not a valid date-time (check the day of month, hour and offset)";
            return false;
        }

        error = null;
        return true;
    }

    public static bool LooksLikeDate(string text) => text.Length >= 10 && char.IsAsciiDigit(text[0]);
}
