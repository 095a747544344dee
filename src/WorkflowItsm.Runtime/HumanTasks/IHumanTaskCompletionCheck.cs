using WorkflowItsm.Bpmn.Execution;

namespace WorkflowItsm.Runtime.HumanTasks;

/// <summary>
/// A module's say before a task completes, in the completion's transaction: it may refuse (a
/// <see cref="FormRejectedException"/> naming the field, as a form would) or record what completing means for its
/// data, which then commits with the completion or not at all. Every path that completes a task (task page, API,
/// a domain service) goes through it, so a rule of the domain cannot be walked around. Any number may be registered;
/// each looks at its own tasks only.
/// </summary>
public interface IHumanTaskCompletionCheck
{
    Task CheckAsync(HumanTaskRecord task, IReadOnlyDictionary<string, object?>? variables, string? completedBy, CancellationToken cancellationToken);
}
