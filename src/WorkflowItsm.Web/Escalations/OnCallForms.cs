using System.Globalization;
using WorkflowItsm.Itsm.Escalations;

namespace WorkflowItsm.Web.Escalations;

/// <summary>One layer's rotation as the schedule pages edit it (times and dates as the browser's inputs give them).</summary>
public sealed class LayerForm
{
    public OnCallLayerKind Layer { get; set; } = OnCallLayerKind.Primary;
    public RotationKind Rotation { get; set; } = RotationKind.Weekly;
    public int? ShiftDays { get; set; } = 3;
    public DayOfWeek HandoffDay { get; set; } = DayOfWeek.Monday;

    /// <summary>"09:00", as a time input holds it.</summary>
    public string? HandoffTime { get; set; } = "09:00";

    /// <summary>"2026-03-02", as a date input holds it.</summary>
    public string? StartDate { get; set; }
    public OnCallRestriction Restriction { get; set; } = OnCallRestriction.Always;
    public List<string> Members { get; set; } = [];

    /// <summary>The person the "add a member" lookup holds.</summary>
    public string? Adding { get; set; }

    public static LayerForm From(OnCallLayer layer) => new()
    {
        Layer = layer.Kind,
        Rotation = layer.Rotation,
        ShiftDays = layer.ShiftDays,
        HandoffDay = layer.StartDate.DayOfWeek,
        HandoffTime = layer.HandoffTime.ToString("HH:mm", CultureInfo.InvariantCulture),
        StartDate = layer.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Restriction = layer.Restriction,
        Members = [.. layer.MemberList],
    };

    public NewOnCallLayer ToInput() => new()
    {
        Layer = Layer,
        Rotation = Rotation,
        ShiftDays = Rotation == RotationKind.Custom ? ShiftDays : null,
        HandoffDay = Rotation == RotationKind.Weekly ? HandoffDay : null,
        HandoffTime = TimeOnly.TryParse(HandoffTime, CultureInfo.InvariantCulture, out var time) ? time : null,
        StartDate = DateOnly.TryParseExact(StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null,
        Restriction = Restriction,
        Members = Members,
    };

    public void AddMember()
    {
        if (!string.IsNullOrWhiteSpace(Adding) && !Members.Contains(Adding, StringComparer.Ordinal))
        {
            Members.Add(Adding);
        }

        Adding = null;
    }

    /// <summary>Moves the member at <paramref name="index"/> one place earlier (<paramref name="by"/> -1) or later (+1).</summary>
    public void Move(int index, int by)
    {
        var to = index + by;
        if (to < 0 || to >= Members.Count)
        {
            return;
        }

        (Members[index], Members[to]) = (Members[to], Members[index]);
    }
}

/// <summary>Words and shapes the on-call pages share.</summary>
public static class OnCallDisplay
{
    public static readonly DayOfWeek[] WeekOrder =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static string Day(DayOfWeek day) => CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(day);

    public static string Layer(OnCallLayerKind layer) => EscalationLabels.Layer(layer);

    /// <summary>"Weekly, handing off Monday 09:00" — how a layer's shifts turn.</summary>
    public static string Rotation(OnCallLayer layer) => layer.Rotation switch
    {
        RotationKind.Daily => $"Daily, handing off at {layer.HandoffTime:HH\\:mm}",
        RotationKind.Weekly => $"Weekly, handing off {Day(layer.StartDate.DayOfWeek)} {layer.HandoffTime:HH\\:mm}",
        _ => $"Every {layer.ShiftDays} days, handing off at {layer.HandoffTime:HH\\:mm}",
    };

    /// <summary>A moment in the schedule's zone: "Mon 02 Mar 09:00".</summary>
    public static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("ddd dd MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A datetime-local input's text ("2026-03-02T09:00") read in <paramref name="zone"/>, in UTC.</summary>
    public static DateTime? FromInput(string? local, TimeZoneInfo zone) =>
        DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? OnCallRotation.ToUtc(DateOnly.FromDateTime(value), TimeOnly.FromDateTime(value), zone)
            : null;

    /// <summary>A UTC moment as a datetime-local input's text in <paramref name="zone"/>.</summary>
    public static string ToInput(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
