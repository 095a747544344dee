namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>How identification compares text: surrounding spaces and case do not count ("sn-1 " is "SN-1").</summary>
public static class MatchText
{
    public static string? Of(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();
}
