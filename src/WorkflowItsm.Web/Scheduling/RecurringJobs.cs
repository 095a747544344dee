using Hangfire;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Journal;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Scheduling;

/// <summary>
/// Recurring jobs every host declares at start (Hangfire keeps one definition per id, so hosts agree): the runtime's
/// own, then each module's (<see cref="WebModule.RecurringJobs"/>).
/// </summary>
internal static class RecurringJobs
{
    public static void Register(IServiceProvider services)
    {
        var recurringJobs = services.GetRequiredService<IRecurringJobManager>();
        recurringJobs.AddOrUpdate<TimerReconciliationJob>(
            TimerReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurringJobs.AddOrUpdate<AsyncJobReconciliationJob>(
            AsyncJobReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurringJobs.AddOrUpdate<JournalRetentionJob>(
            JournalRetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
        foreach (var module in services.GetServices<WebModule>())
        {
            module.RecurringJobs?.Invoke(recurringJobs);
        }
    }
}
