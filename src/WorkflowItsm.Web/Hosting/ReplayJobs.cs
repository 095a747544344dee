using System.Linq.Expressions;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Web.Hosting;

/// <summary>
/// The job engine of the demo's replayed history: what the services plan (SLA checks, task due dates, timers,
/// continuations, notifications) runs when the replay clock reaches its moment, as the host's engine would have run
/// it then. Without it those jobs went to the host's engine with moments long past and all ran in the first minute
/// after start: every clock the replay never checked breached at once. Jobs still ahead at the end are handed to the
/// host's engine. Email is not replayed: history is not mailed to the demo's made-up addresses.
/// </summary>
internal sealed class ReplayJobs(ReplayClock clock) : IJobs
{
    private readonly List<PlannedJob> planned = [];
    private long order;

    private sealed record PlannedJob(string Id, DateTimeOffset At, long Order, Func<IServiceProvider, Task> Run, Action<IJobs> HandOver);

    public string? Enqueue<TJob>(Expression<Func<TJob, Task>> call) => Plan(call, clock.Now);

    public string? Schedule<TJob>(Expression<Func<TJob, Task>> call, DateTimeOffset at) => Plan(call, at);

    // Recurring jobs are the host's: it declares them after the seeding.
    public void AddOrUpdateRecurring<TJob>(string id, Expression<Func<TJob, Task>> call, string cron)
    {
    }

    public void RemoveRecurring(string id)
    {
    }

    public void Delete(string jobId) => planned.RemoveAll(job => job.Id == jobId);

    public bool IsPending(string jobId, TimeSpan processingTimeout) => planned.Any(job => job.Id == jobId);

    /// <summary>Runs every job planned up to <paramref name="until"/> in the order of its moment, the clock at that moment; jobs they plan join in.</summary>
    public async Task RunUntilAsync(IServiceProvider services, DateTimeOffset until)
    {
        while (planned.Where(job => job.At <= until).MinBy(job => (job.At, job.Order)) is { } next)
        {
            planned.Remove(next);
            if (next.At > clock.Now)
            {
                clock.Now = next.At;
            }

            await using var scope = services.CreateAsyncScope();
            await next.Run(scope.ServiceProvider);
        }
    }

    /// <summary>Gives the jobs still ahead to the host's engine.</summary>
    public void HandOverTo(IJobs host)
    {
        foreach (var job in planned.OrderBy(job => job.At).ThenBy(job => job.Order))
        {
            job.HandOver(host);
        }

        planned.Clear();
    }

    private string Plan<TJob>(Expression<Func<TJob, Task>> call, DateTimeOffset at)
    {
        var id = $"replay-{++order}";
        if (typeof(TJob) == typeof(NotificationEmailJob))
        {
            return id;
        }

        var run = call.Compile();
        planned.Add(new PlannedJob(id, at, order, services => run(ActivatorUtilities.GetServiceOrCreateInstance<TJob>(services)),
            host => host.Schedule(call, at)));
        return id;
    }
}
