using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Portal;

public sealed record RequestHistoryLine(DateTime At, string Text);

/// <summary>What a requester cares about in their request's journal: submitted, who works on it, what was done, closed — not the engine's steps.</summary>
internal static class RequestHistory
{
    /// <summary>Newest first.</summary>
    public static IReadOnlyList<RequestHistoryLine> Of(InstanceDetails details)
    {
        string TaskName(string? elementId) => details.Tasks.FirstOrDefault(t => t.ElementId == elementId)?.Name ?? "the team";

        return details.Journal
            .Select(j => (j.At, Text: j.Kind switch
            {
                nameof(JournalEntryKind.InstanceStarted) => "Submitted",
                nameof(JournalEntryKind.TaskCreated) => $"Now with {TaskName(j.ElementId)}",
                nameof(JournalEntryKind.TaskCompleted) => $"{TaskName(j.ElementId)}: done",
                nameof(JournalEntryKind.InstanceCompleted) or nameof(JournalEntryKind.InstanceTerminated) => "Completed", // terminate end event
                nameof(JournalEntryKind.InstanceCancelled) => "Closed",
                _ => null,
            }))
            .Where(line => line.Text is not null)
            .Select(line => new RequestHistoryLine(line.At, line.Text!))
            .Reverse()
            .ToList();
    }
}
