using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm;

/// <summary>The domain's listeners to the runtime, in one sink (the runtime has one): notifications, and incidents and their tasks following each other.</summary>
internal sealed class ItsmEventSink(Notifications.NotificationEventSink notifications, Incidents.IncidentTaskSync incidents) : IWorkflowEventSink
{
    public async Task TasksCreatedAsync(IReadOnlyList<HumanTaskRecord> tasks, CancellationToken cancellationToken)
    {
        await notifications.TasksCreatedAsync(tasks, cancellationToken);
        await incidents.TasksCreatedAsync(tasks, cancellationToken);
    }

    public async Task TaskAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken)
    {
        await notifications.TaskAssignedAsync(task, by, cancellationToken);
        await incidents.TaskAssignedAsync(task, by, cancellationToken);
    }

    public Task InstanceEndedAsync(ProcessInstanceRecord instance, CancellationToken cancellationToken) =>
        notifications.InstanceEndedAsync(instance, cancellationToken);

    public Task TriggerCommittedAsync(CancellationToken cancellationToken) =>
        incidents.FollowPendingDueDatesAsync(cancellationToken);
}
