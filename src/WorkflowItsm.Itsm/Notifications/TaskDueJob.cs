using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>
/// A task's due-soon or overdue moment (a scheduled job): tells the assignee, or the candidates while nobody
/// holds it. The due date may have moved since the moment was planned (it follows its record's SLA): a moment that
/// moved later is planned again for then, one that went away with the due date says nothing.
/// </summary>
public sealed class TaskDueJob(ItsmDbContext db, DirectoryGroups directory, Notifier notifier, IOptions<SmtpOptions> options, TimeProvider time, IJobs jobs)
{
    /// <summary>Hosts' clocks and the job engine's polling differ by seconds; a moment this close has come.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(1);

    public static string LinkOf(string taskId) => $"/tasks/{Uri.EscapeDataString(taskId)}";

    /// <summary>Plans the <paramref name="kind"/> moment (due soon or overdue) of a task.</summary>
    internal static void Schedule(IJobs jobs, string taskId, string kind, DateTimeOffset at) =>
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
            Schedule(jobs, taskId, kind, new DateTimeOffset(DateTime.SpecifyKind(moment.Value, DateTimeKind.Utc)));
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
