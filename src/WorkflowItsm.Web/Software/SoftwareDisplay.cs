using System.Globalization;
using MudBlazor;
using WorkflowItsm.Itsm.Assets.Software;

namespace WorkflowItsm.Web.Software;

/// <summary>How software compliance and licences read on every page: words, colours, amounts and dates.</summary>
internal static class SoftwareDisplay
{
    /// <summary>Agents and admins add and change licences; other staff read them.</summary>
    public const string WriterRoles = "agent,admin";

    public static string StatusText(ComplianceView? compliance) => compliance switch
    {
        null => "Not computed yet",
        { Status: ComplianceStatus.OverUsed } c => $"Over-used: {Count(c.Shortfall)} {LicenceMetrics.Unit(c.Metric)} short",
        { Status: ComplianceStatus.UnderUsed } c => $"Under-used: {Count(c.Surplus)} spare",
        _ => "Compliant",
    };

    public static string StatusLabel(ComplianceStatus status) => status switch
    {
        ComplianceStatus.OverUsed => "Over-used",
        ComplianceStatus.UnderUsed => "Under-used",
        _ => "Compliant",
    };

    public static Color StatusColor(ComplianceView? compliance) => compliance?.Status switch
    {
        ComplianceStatus.OverUsed => Color.Error,
        ComplianceStatus.UnderUsed => Color.Info,
        ComplianceStatus.Compliant => Color.Success,
        _ => Color.Default,
    };

    public static string Rights(int? rights) => rights is { } count ? Count(count) : "Unlimited";

    public static string Rights(EntitlementView entitlement) =>
        entitlement.Metric == LicenceMetric.Site ? "Unlimited" : $"{Count(entitlement.Count ?? 0)} {LicenceMetrics.Unit(entitlement.Metric)}";

    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Money(decimal? amount) => amount is { } value ? value.ToString("N2", CultureInfo.InvariantCulture) : "–";

    public static string Date(DateOnly? date) => date?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "–";

    public static string Period(EntitlementView entitlement) => (entitlement.StartsOn, entitlement.EndsOn) switch
    {
        (null, null) => "No end",
        (null, { } end) => $"Until {Date(end)}",
        ({ } start, null) => $"From {Date(start)}",
        ({ } start, { } end) => $"{Date(start)} – {Date(end)}",
    };

    public static string Version(EntitlementView entitlement) =>
        entitlement.Version is null ? "Any version" : entitlement.DowngradeRights ? $"{entitlement.Version} and older" : entitlement.Version;

    public static string DaysLeft(DateOnly? end, DateOnly today) => end is { } date
        ? (date.DayNumber - today.DayNumber) switch
        {
            0 => "Today",
            1 => "Tomorrow",
            var days => $"In {days} days",
        }
        : "–";
}
