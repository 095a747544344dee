namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>Settings of software compliance and licence renewals (section <c>Software</c>).</summary>
public sealed class SoftwareOptions
{
    public const string Section = "Software";

    /// <summary>An installation not reported for this many days, or not used for this many, is a removal candidate.</summary>
    public int RemovalAfterDays { get; set; } = 30;

    /// <summary>How many days before an entitlement ends its owner is reminded (each threshold once); unset: 30 and 7.</summary>
    public int[]? ReminderDaysBefore { get; set; }

    // Unset rather than defaulted: configuration binding appends to an array it finds filled.
    public IReadOnlyList<int> ReminderThresholds =>
        ReminderDaysBefore is { Length: > 0 } days ? [.. days.Where(d => d >= 0).Distinct().Order()] : [7, 30];

    /// <summary>The most installations one import batch may hold (a larger feed is sent in several batches).</summary>
    public int MaxImportBatch { get; set; } = 10_000;
}
