using Hangfire;
using WorkflowItsm.Itsm.Directory;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.ServiceTasks;

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
public sealed class NotifyPeopleHandler(IServiceProvider services) : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var groups = context.Inputs.GetValueOrDefault("groups") as string;
        var users = context.Inputs.GetValueOrDefault("users") as string;
        var message = context.Inputs.GetValueOrDefault("message") as string ?? string.Empty;
        var record = context.BusinessKey ?? context.ProcessInstanceId;
        // Without a job server (tools, some tests) nothing is sent.
        services.GetService<IBackgroundJobClient>()?.Enqueue<PeopleNotificationJob>(job => job.SendAsync(groups, users, record, message, CancellationToken.None));
        return ValueTask.FromResult(ServiceTaskResult.With(("notified", true)));
    }
}

/// <summary>Sends what <see cref="NotifyPeopleHandler"/> asked for.</summary>
public sealed class PeopleNotificationJob(DirectoryGroups directory, Notifier notifier)
{
    public async Task SendAsync(string? groups, string? users, string record, string message, CancellationToken cancellationToken)
    {
        var members = await directory.MembersOfAsync(Split(groups), cancellationToken);
        var link = record.StartsWith("INC", StringComparison.Ordinal) ? $"/incidents/{record}" : null;
        await notifier.NotifyAsync(NotificationKinds.Escalation, members.Concat(Split(users)),
            new Dictionary<string, string?> { ["record"] = record, ["by"] = message }, link, cancellationToken);
    }

    private static string[] Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
