using System.Globalization;
using System.Text;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Web.Categories;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Incidents;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Problems;

namespace WorkflowItsm.Web.Records;

/// <summary>
/// The activity stream's lines in words, from the record kernel's time line (<see cref="RecordTimeline"/>: comments,
/// work notes, field changes, workflow events) and the record's open workflow tasks, which link to the task.
/// </summary>
internal static class ActivityLines
{
    private static readonly HashSet<string> PersonFields = new(["assignedTo", "caller"], StringComparer.Ordinal);
    private static readonly HashSet<string> GroupFields = new(["assignmentGroup"], StringComparer.Ordinal);
    private static readonly HashSet<string> CiFields = new(["service", "configurationItem"], StringComparer.Ordinal);

    /// <summary>The user names a time line names (its authors, and the values of its person fields), to be read by name.</summary>
    public static IEnumerable<string?> People(IEnumerable<RecordActivity> timeline) =>
        timeline.SelectMany(a => a.Field is { } field && PersonFields.Contains(field) ? new[] { a.Who, a.OldValue, a.NewValue } : new string?[] { a.Who });

    /// <summary>The group keys a time line's group fields hold.</summary>
    public static IEnumerable<string?> Groups(IEnumerable<RecordActivity> timeline) =>
        timeline.Where(a => a.Field is { } field && GroupFields.Contains(field)).SelectMany(a => new[] { a.OldValue, a.NewValue });

    /// <summary>The CI numbers the changes name (service, configuration item), to read their names in one query.</summary>
    public static IEnumerable<string?> ConfigurationItems(IEnumerable<RecordActivity> timeline) =>
        timeline.Where(a => a.Field is { } field && CiFields.Contains(field)).SelectMany(a => new[] { a.OldValue, a.NewValue })
            .Concat(timeline.Where(a => a.Field == AffectedCisField).SelectMany(a => CiList(a.OldValue).Concat(CiList(a.NewValue))));

    // A change's affected CIs are audited as one list of numbers.
    private const string AffectedCisField = "affectedCis";

    private static string[] CiList(string? value) => value?.Split(", ", StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <param name="ciNames">The names of the CIs <see cref="ConfigurationItems"/> named, by number: a change of service or CI reads as names.</param>
    public static IReadOnlyList<ActivityItem> OfIncident(IReadOnlyList<RecordActivity> timeline, IEnumerable<HumanTaskView> openTasks, DirectoryNames names, CategoryNames categories,
        IReadOnlyDictionary<string, string>? ciNames = null) =>
    [
        .. Lines(timeline, (field, value) => IncidentValue(field, value, names, categories, ciNames), names),
        .. openTasks.Select(task => new ActivityItem(task.CreatedAt, "Workflow", ActivityKind.Workflow,
            $"Task opened: {task.Name ?? task.ElementId}", $"tasks/{Uri.EscapeDataString(task.Id)}")),
    ];

    public static IReadOnlyList<ActivityItem> OfProblem(IReadOnlyList<RecordActivity> timeline, DirectoryNames names, CategoryNames categories,
        IReadOnlyDictionary<string, string>? ciNames = null) =>
        Lines(timeline, (field, value) => ProblemValue(field, value, names, categories, ciNames), names);

    /// <param name="time">The reader's zone and format: the planned and actual window read as the change page shows them.</param>
    public static IReadOnlyList<ActivityItem> OfChange(IReadOnlyList<RecordActivity> timeline, DirectoryNames names, CategoryNames categories, BrowserTime time,
        IReadOnlyDictionary<string, string>? ciNames = null) =>
        Lines(timeline, (field, value) => ChangeValue(field, value, names, categories, time, ciNames), names);

    /// <summary>A record of a kind with no field labels of its own: <paramref name="value"/> puts a field's value in words.</summary>
    public static IReadOnlyList<ActivityItem> OfRecord(IReadOnlyList<RecordActivity> timeline, DirectoryNames names, Func<string, string, string> value) =>
        Lines(timeline, value, names);

    private static IReadOnlyList<ActivityItem> Lines(IReadOnlyList<RecordActivity> timeline, Func<string, string, string> value, DirectoryNames names) =>
    [
        .. timeline.Where(a => a.Kind is RecordActivityKind.Comment or RecordActivityKind.WorkNote)
            .Select(note => new ActivityItem(note.At, names.Person(note.Who), note.Kind == RecordActivityKind.WorkNote ? ActivityKind.WorkNote : ActivityKind.Comment, note.Text ?? "")),
        .. OneLinePerSave(timeline.Where(a => a.Kind == RecordActivityKind.FieldChange).Select(change => Change(change, value) with { Who = Author(change.Who, names) })),
        // An open task is listed with its link by the page; the others in words.
        .. timeline.Where(a => a.Kind == RecordActivityKind.Workflow && a.Field != "TaskCreated")
            .Select(step => new ActivityItem(step.At, Author(step.Who, names), ActivityKind.Workflow, WorkflowText(step))),
    ];

    // The workflow's own steps (a change's moves by its service tasks too) read as "Workflow", people by name.
    private static string Author(string who, DirectoryNames names) => who == "workflow" ? "Workflow" : names.Person(who);

    // The fields one person changed in one save (or on opening the record) read as one line: the entries of a save are
    // written within the same second.
    private static IEnumerable<ActivityItem> OneLinePerSave(IEnumerable<ActivityItem> changes) =>
        changes.GroupBy(change => (At: change.At.AddTicks(-(change.At.Ticks % TimeSpan.TicksPerSecond)), change.Who))
            .Select(save => save.First() with { Text = string.Join("\n", save.Select(change => change.Text)) });

    private static string WorkflowText(RecordActivity step) => step.Field switch
    {
        "InstanceStarted" => "Workflow started",
        "TaskCompleted" => "Task completed",
        "TaskClaimed" => "Task claimed",
        "TaskAssigned" => "Task assigned",
        "TimerFired" => "Timer fired",
        "MessageReceived" => "Message received",
        "ErrorThrown" => "Error raised",
        "EscalationThrown" => "Escalated",
        "ConditionMet" => "Condition met",
        "CompensationThrown" => "Compensation started (completed steps undone)",
        "CallActivityStarted" => "Sub-process started",
        "InstanceCompleted" => "Workflow finished",
        "InstanceTerminated" => "Workflow ended",
        "InstanceFaulted" => $"Workflow stopped on an error{(step.Text is { Length: > 0 } detail ? $": {detail}" : "")}",
        "InstanceCancelled" => "Workflow cancelled",
        _ => Sentence(step.Field ?? "Workflow step"),
    };

    private static ActivityItem Change(RecordActivity change, Func<string, string, string> value)
    {
        var field = change.Field ?? "";
        if (field == ProblemService.IncidentLinkField)
        {
            return new ActivityItem(change.At, change.Who, ActivityKind.FieldChange,
                change.NewValue is { } linked ? $"Incident {linked} linked" : $"Incident {change.OldValue} unlinked");
        }

        var label = FieldLabel(field);
        var (from, to) = (change.OldValue, change.NewValue);
        // The parent is audited by its row id, which means nothing to a reader.
        var text = field == "parentId" ? $"{label} changed"
            : from is null ? $"{label}: {value(field, to ?? "")}"
            : to is null ? $"{label} cleared (was {value(field, from)})"
            : $"{label}: {value(field, from)} → {value(field, to)}";
        return new ActivityItem(change.At, change.Who, ActivityKind.FieldChange, text);
    }

    private static string FieldLabel(string field) => field switch
    {
        "configurationItem" => "Configuration item",
        "isMajor" => "Major incident",
        "isKnownError" => "Known error",
        "parentId" => "Parent incident",
        "onHoldReason" => "On hold because",
        "resolutionCode" => "Resolution",
        "backoutPlan" => "Back-out plan",
        "affectedCis" => "Affected CIs",
        // Fields named with their subject ("gate G3", "deployment production") read as written.
        _ when field.Contains(' ', StringComparison.Ordinal) => char.ToUpperInvariant(field[0]) + field[1..],
        _ => Sentence(field),
    };

    private static string IncidentValue(string field, string value, DirectoryNames names, CategoryNames categories, IReadOnlyDictionary<string, string>? ciNames) => field switch
    {
        "state" when Enum.TryParse<IncidentState>(value, out var state) => IncidentDisplay.StateText(state),
        "onHoldReason" when Enum.TryParse<OnHoldReason>(value, out var reason) => IncidentDisplay.OnHoldText(reason),
        _ => CommonValue(field, value, names, categories, ciNames),
    };

    private static string ProblemValue(string field, string value, DirectoryNames names, CategoryNames categories, IReadOnlyDictionary<string, string>? ciNames) =>
        field == "state" && Enum.TryParse<ProblemState>(value, out var state) ? ProblemDisplay.StateText(state) : CommonValue(field, value, names, categories, ciNames);

    private static string ChangeValue(string field, string value, DirectoryNames names, CategoryNames categories, BrowserTime time,
        IReadOnlyDictionary<string, string>? ciNames) => field switch
    {
        "state" when Enum.TryParse<WorkflowItsm.Itsm.Changes.ChangeState>(value, out var state) => WorkflowItsm.Itsm.Changes.ChangeLabels.State(state),
        "type" when Enum.TryParse<WorkflowItsm.Itsm.Changes.ChangeType>(value, out var type) => WorkflowItsm.Itsm.Changes.ChangeLabels.Type(type),
        "risk" when Enum.TryParse<WorkflowItsm.Itsm.Changes.ChangeRisk>(value, out var risk) => WorkflowItsm.Itsm.Changes.ChangeLabels.Risk(risk),
        "closeCode" when Enum.TryParse<WorkflowItsm.Itsm.Changes.ChangeCloseCode>(value, out var code) => WorkflowItsm.Itsm.Changes.ChangeLabels.CloseCode(code),
        "plannedStart" or "plannedEnd" or "actualStart" or "actualEnd"
            when DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var moment) =>
            time.Moment(moment),
        AffectedCisField => string.Join(", ", CiList(value).Select(ci => ciNames?.GetValueOrDefault(ci) ?? ci)),
        _ => CommonValue(field, value, names, categories, ciNames),
    };

    // Values as the record page shows them: labels for codes, names for people and groups.
    private static string CommonValue(string field, string value, DirectoryNames names, CategoryNames categories, IReadOnlyDictionary<string, string>? ciNames) => field switch
    {
        "priority" when int.TryParse(value, CultureInfo.InvariantCulture, out var priority) => IncidentDisplay.PriorityText(priority),
        "impact" when int.TryParse(value, CultureInfo.InvariantCulture, out var impact) => IncidentDisplay.ImpactText(impact),
        "urgency" when int.TryParse(value, CultureInfo.InvariantCulture, out var urgency) => IncidentDisplay.UrgencyText(urgency),
        "category" => categories.Category(value),
        "subcategory" => categories.Subcategory(null, value),
        _ when PersonFields.Contains(field) => names.Person(value),
        _ when GroupFields.Contains(field) => names.Group(value),
        _ when CiFields.Contains(field) => ciNames?.GetValueOrDefault(value) ?? value,
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
