using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>
/// Turns what the runtime did into notifications: a task given to someone, a task's due date coming and passing
/// (scheduled jobs), a request completed. Runs after the commit; a failure is logged, never thrown.
/// </summary>
internal sealed partial class NotificationEventSink(Notifier notifier, IOptions<SmtpOptions> options, TimeProvider time, IJobs jobs, ILogger<NotificationEventSink> logger)
    : IWorkflowEventSink
{
    public async Task TasksCreatedAsync(IReadOnlyList<HumanTaskRecord> tasks, CancellationToken cancellationToken)
    {
        foreach (var task in tasks)
        {
            await SafelyAsync(async () =>
            {
                if (task.Assignee is not null)
                {
                    await notifier.NotifyAsync(NotificationKinds.TaskAssigned, [task.Assignee], Values(task, "The process"), TaskDueJob.LinkOf(task.Id), cancellationToken);
                }

                if (task.DueDate is { } due)
                {
                    var dueAt = new DateTimeOffset(due, TimeSpan.Zero);
                    var soon = dueAt - options.Value.DueSoonBefore;
                    if (soon > time.GetUtcNow())
                    {
                        TaskDueJob.Schedule(jobs, task.Id, NotificationKinds.TaskDueSoon, soon);
                    }

                    TaskDueJob.Schedule(jobs, task.Id, NotificationKinds.TaskOverdue, dueAt);
                }
            }, task.Id);
        }
    }

    // Nobody is told about a task they took themselves.
    public Task TaskAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken) =>
        task.Assignee == by ? Task.CompletedTask : SafelyAsync(() => notifier.NotifyAsync(NotificationKinds.TaskAssigned, [task.Assignee!], Values(task, by), TaskDueJob.LinkOf(task.Id), cancellationToken), task.Id);

    public Task InstanceEndedAsync(ProcessInstanceRecord instance, CancellationToken cancellationToken) =>
        instance.Status == InstanceRunStatus.Completed && instance.StartedBy is { } requester
            ? SafelyAsync(() => notifier.NotifyAsync(NotificationKinds.RequestCompleted, [requester],
                new Dictionary<string, string?> { ["process"] = instance.DefinitionKey, ["record"] = instance.BusinessKey ?? instance.Id },
                $"/portal/requests/{instance.Id}", cancellationToken), instance.Id)
            : Task.CompletedTask;

    public Task TriggerCommittedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static Dictionary<string, string?> Values(HumanTaskRecord task, string? by) => new()
    {
        ["task"] = task.Name ?? task.ElementId,
        ["process"] = task.DefinitionKey,
        ["record"] = task.BusinessKey ?? task.InstanceId,
        ["due"] = task.DueDate?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ["by"] = by,
    };

    private async Task SafelyAsync(Func<Task> action, string subject)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException)
        {
            LogNotificationFailed(logger, subject, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notifications about {Subject} were not written")]
    private static partial void LogNotificationFailed(ILogger logger, string subject, Exception exception);
}
