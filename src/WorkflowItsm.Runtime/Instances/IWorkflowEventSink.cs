using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// What the runtime tells the rest of the product after a transaction has committed (the domain's notifications
/// listen). Called after the commit, so a failure here never undoes the trigger; implementations must not throw
/// for what they cannot do (they log it). Any number may be registered (each module adds its own reaction); each
/// is told in the order of registration, and a sink implements only what it reacts to.
/// </summary>
public interface IWorkflowEventSink
{
    /// <summary>Tasks the trigger created (some with an assignee or a due date).</summary>
    Task TasksCreatedAsync(IReadOnlyList<HumanTaskRecord> tasks, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A person gave the task to <see cref="HumanTaskRecord.Assignee"/> (assign or delegate), or took it (claim: <paramref name="by"/> is the assignee).</summary>
    Task TaskAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The instance ended (completed, cancelled, terminated) in this trigger.</summary>
    Task InstanceEndedAsync(ProcessInstanceRecord instance, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A trigger committed, with whatever its service tasks wrote in its transaction: the moment for follow-up work
    /// those handlers could not do inside it. Told after every trigger, last.
    /// </summary>
    Task TriggerCommittedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
