namespace WorkflowItsm.Itsm.Records;

public static class RecordText
{
    /// <summary>The text trimmed, or null when there is none: how records store optional text fields and filters.</summary>
    public static string? TrimmedOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A requested change of an optional text field: null leaves <paramref name="current"/>; an empty text clears it.</summary>
    public static string? Changed(string? requested, string? current) => requested is null ? current : TrimmedOrNull(requested);
}
