namespace WorkflowItsm.Itsm.Records;

public static class RecordText
{
    /// <summary>The text trimmed, or null when there is none: how records store optional text fields and filters.</summary>
    public static string? TrimmedOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
