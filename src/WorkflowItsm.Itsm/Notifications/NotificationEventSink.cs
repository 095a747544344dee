using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>
/// Turns what the runtime did into notifications: a task given to someone, a task's due date coming and passing
/// (Hangfire scheduled jobs), a request completed. Runs after the commit; a failure is logged, never thrown.
/// </summary>
internal sealed partial class NotificationEventSink(Notifier notifier, IOptions<SmtpOptions> options, TimeProvider time, IServiceProvider services, ILogger<NotificationEventSink> logger)
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

                if (task.DueDate is { } due && services.GetService<IBackgroundJobClient>() is { } jobs)
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

/// <summary>
/// A task's due-soon or overdue moment (a Hangfire scheduled job): tells the assignee, or the candidates while nobody
/// holds it. The due date may have moved since the moment was planned (it follows its record's SLA): a moment that
/// moved later is planned again for then, one that went away with the due date says nothing.
/// </summary>
public sealed class TaskDueJob(ItsmDbContext db, DirectoryGroups directory, Notifier notifier, IOptions<SmtpOptions> options, TimeProvider time, IServiceProvider services)
{
    /// <summary>Hosts' clocks and Hangfire's polling differ by seconds; a moment this close has come.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(1);

    public static string LinkOf(string taskId) => $"/tasks/{Uri.EscapeDataString(taskId)}";

    /// <summary>Plans the <paramref name="kind"/> moment (due soon or overdue) of a task.</summary>
    internal static void Schedule(IBackgroundJobClient jobs, string taskId, string kind, DateTimeOffset at) =>
        jobs.Schedule<TaskDueJob>(job => job.RunAsync(taskId, kind, CancellationToken.None), at);

    public async Task RunAsync(string taskId, string kind, CancellationToken cancellationToken)
    {
        var task = await db.HumanTasks.AsNoTracking().Include(t => t.Candidates).FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is not { Status: HumanTaskStatus.Open })
        {
            return; // done or cancelled in the meantime: nothing to warn about
        }

        var moment = kind == NotificationKinds.TaskDueSoon ? task.DueDate - options.Value.DueSoonBefore : task.DueDate;
        if (moment is null)
        {
            return;
        }

        if (moment > time.GetUtcNow().UtcDateTime + Tolerance)
        {
            if (services.GetService<IBackgroundJobClient>() is { } jobs)
            {
                Schedule(jobs, taskId, kind, new DateTimeOffset(DateTime.SpecifyKind(moment.Value, DateTimeKind.Utc)));
            }

            return;
        }

        IEnumerable<string> recipients;
        if (task.Assignee is not null)
        {
            recipients = [task.Assignee];
        }
        else
        {
            var groups = task.Candidates.Where(c => c.Kind == HumanTaskCandidate.GroupKind).Select(c => c.Name).ToList();
            var members = await directory.MembersOfAsync(groups, cancellationToken);
            recipients = members.Concat(task.Candidates.Where(c => c.Kind == HumanTaskCandidate.UserKind).Select(c => c.Name));
        }

        await notifier.NotifyAsync(kind, recipients, NotificationEventSink.Values(task, null), LinkOf(task.Id), cancellationToken);
    }
}
