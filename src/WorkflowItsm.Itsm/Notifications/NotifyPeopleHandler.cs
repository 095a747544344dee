using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>
/// Tells the members of groups and named people something (in-app and email). The message is sent by a job after
/// the step, so the workflow's transaction never waits for it; a step that is retried may tell twice.
/// </summary>
[ServiceTask("notify.people", DisplayName = "Notify people",
    Description = "Sends a notification (in-app and email) to the members of groups and to named people.")]
[ServiceTaskInput("groups", ServiceTaskPropertyType.String, Label = "Groups", Description = "Comma-separated group keys, e.g. ${assignmentGroup},service-desk-managers.")]
[ServiceTaskInput("users", ServiceTaskPropertyType.String, Label = "People", Description = "Comma-separated user names.")]
[ServiceTaskInput("message", ServiceTaskPropertyType.Text, Label = "Message", Required = true)]
public sealed class NotifyPeopleHandler(IJobs jobs) : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var groups = context.Inputs.GetValueOrDefault("groups") as string;
        var users = context.Inputs.GetValueOrDefault("users") as string;
        var message = context.Inputs.GetValueOrDefault("message") as string ?? string.Empty;
        var record = context.BusinessKey ?? context.ProcessInstanceId;
        jobs.Enqueue<PeopleNotificationJob>(job => job.SendAsync(groups, users, record, message, CancellationToken.None));
        return ValueTask.FromResult(ServiceTaskResult.With(("notified", true)));
    }
}
