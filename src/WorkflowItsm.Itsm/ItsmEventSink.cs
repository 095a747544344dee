using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm;

/// <summary>The domain's listeners to the runtime, in one sink (the runtime has one): notifications, and incidents following their tasks.</summary>
internal sealed class ItsmEventSink(Notifications.NotificationEventSink notifications, Incidents.IncidentTaskSync incidents) : IWorkflowEventSink
{
    public Task TasksCreatedAsync(IReadOnlyList<HumanTaskRecord> tasks, CancellationToken cancellationToken) =>
        notifications.TasksCreatedAsync(tasks, cancellationToken);

    public async Task TaskAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken)
    {
        await notifications.TaskAssignedAsync(task, by, cancellationToken);
        await incidents.TaskAssignedAsync(task, by, cancellationToken);
    }

    public Task InstanceEndedAsync(ProcessInstanceRecord instance, CancellationToken cancellationToken) =>
        notifications.InstanceEndedAsync(instance, cancellationToken);
}
