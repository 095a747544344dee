using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// Tells every registered <see cref="IWorkflowEventSink"/>, one after the other in the order of registration;
/// with none registered, the runtime runs on its own and nobody listens.
/// </summary>
public sealed class WorkflowEvents(IEnumerable<IWorkflowEventSink> sinks)
{
    private readonly IWorkflowEventSink[] sinks = [.. sinks];

    public async Task TasksCreatedAsync(IReadOnlyList<HumanTaskRecord> tasks, CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.TasksCreatedAsync(tasks, cancellationToken);
        }
    }

    public async Task TaskAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.TaskAssignedAsync(task, by, cancellationToken);
        }
    }

    public async Task InstanceEndedAsync(ProcessInstanceRecord instance, CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.InstanceEndedAsync(instance, cancellationToken);
        }
    }

    public async Task TriggerCommittedAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.TriggerCommittedAsync(cancellationToken);
        }
    }
}
