using System.Globalization;
using System.Text;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Web.Incidents;
using WorkflowItsm.Web.Problems;

namespace WorkflowItsm.Web.Records;

/// <summary>
/// The activity stream's lines from what <see cref="IncidentQueries"/> and <see cref="ProblemQueries"/> return today:
/// notes, field audit and the open workflow tasks. The only place that knows those shapes, so that it can be pointed at
/// the record kernel's merged time line when that exists.
/// </summary>
internal static class RecordActivity
{
    public static IReadOnlyList<ActivityItem> Of(IncidentDetails details, IEnumerable<HumanTaskView> openTasks) =>
    [
        .. details.Notes.Select(note => new ActivityItem(note.At, note.Author,
            note.Kind == IncidentNoteKind.WorkNote ? ActivityKind.WorkNote : ActivityKind.Comment, note.Text)),
        .. OneLinePerSave(details.History.Select(change => Change(change.ChangedAt, change.ChangedBy, change.Field, change.OldValue, change.NewValue, IncidentValue))),
        .. openTasks.Select(task => new ActivityItem(task.CreatedAt, "Workflow", ActivityKind.Workflow,
            $"Task opened: {task.Name ?? task.ElementId}", $"tasks/{Uri.EscapeDataString(task.Id)}")),
    ];

    public static IReadOnlyList<ActivityItem> Of(ProblemDetails details) =>
    [
        .. OneLinePerSave(details.History.Select(change => change.Field == "incident"
            ? new ActivityItem(change.ChangedAt, change.ChangedBy, ActivityKind.FieldChange,
                change.NewValue is { } linked ? $"Incident {linked} linked" : $"Incident {change.OldValue} unlinked")
            : Change(change.ChangedAt, change.ChangedBy, change.Field, change.OldValue, change.NewValue, ProblemValue))),
    ];

    // The fields one person changed at one moment (opening the record, one save) read as one line of the stream.
    private static IEnumerable<ActivityItem> OneLinePerSave(IEnumerable<ActivityItem> changes) =>
        changes.GroupBy(change => (change.At, change.Who))
            .Select(save => save.First() with { Text = string.Join("\n", save.Select(change => change.Text)) });

    private static ActivityItem Change(DateTime at, string who, string field, string? from, string? to, Func<string, string, string> value)
    {
        var label = FieldLabel(field);
        // The parent is audited by its row id, which means nothing to a reader.
        var text = field == "parentId" ? $"{label} changed"
            : from is null ? $"{label}: {value(field, to ?? "")}"
            : to is null ? $"{label} cleared (was {value(field, from)})"
            : $"{label}: {value(field, from)} → {value(field, to)}";
        return new ActivityItem(at, who, ActivityKind.FieldChange, text);
    }

    private static string FieldLabel(string field) => field switch
    {
        "configurationItem" => "Configuration item",
        "isMajor" => "Major incident",
        "isKnownError" => "Known error",
        "parentId" => "Parent incident",
        "onHoldReason" => "On hold because",
        "resolutionCode" => "Resolution",
        _ => Sentence(field),
    };

    private static string IncidentValue(string field, string value) => field switch
    {
        "state" when Enum.TryParse<IncidentState>(value, out var state) => IncidentDisplay.StateText(state),
        "onHoldReason" when Enum.TryParse<OnHoldReason>(value, out var reason) => IncidentDisplay.OnHoldText(reason),
        _ => CommonValue(field, value),
    };

    private static string ProblemValue(string field, string value) =>
        field == "state" && Enum.TryParse<ProblemState>(value, out var state) ? ProblemDisplay.StateText(state) : CommonValue(field, value);

    private static string CommonValue(string field, string value) => field switch
    {
        "priority" when int.TryParse(value, CultureInfo.InvariantCulture, out var priority) => IncidentDisplay.PriorityText(priority),
        _ when value == "true" => "Yes",
        _ when value == "false" => "No",
        _ => value,
    };

    // "assignmentGroup" → "Assignment group".
    private static string Sentence(string field)
    {
        var text = new StringBuilder(field.Length + 4);
        foreach (var c in field)
        {
            if (text.Length == 0)
            {
                text.Append(char.ToUpperInvariant(c));
            }
            else if (char.IsUpper(c))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
