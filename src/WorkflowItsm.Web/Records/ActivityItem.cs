namespace WorkflowItsm.Web.Records;

/// <summary>What a line of a record's activity stream is; the stream's filter offers each.</summary>
public enum ActivityKind
{
    Comment,
    WorkNote,
    FieldChange,
    Workflow,
}

/// <summary>One line of a record's activity stream: who did what, when.</summary>
/// <param name="Href">Where the line leads (a workflow task), if anywhere.</param>
public sealed record ActivityItem(DateTime At, string Who, ActivityKind Kind, string Text, string? Href = null);
