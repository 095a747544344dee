using Hangfire;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Journal;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Scheduling;

/// <summary>
/// Recurring jobs every host declares at start (the job engine keeps one definition per id, so hosts agree): the runtime's
/// own, then each module's (<see cref="WebModule.RecurringJobs"/>).
/// </summary>
internal static class RecurringJobs
{
    public static void Register(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var jobs = scope.ServiceProvider.GetRequiredService<IJobs>();
        // The pump replaced the timer reconciliation: an existing database must stop running the old recurring job.
        jobs.RemoveRecurring(TimerPumpJob.ReplacedRecurringJobId);
        jobs.AddOrUpdateRecurring<TimerPumpJob>(
            TimerPumpJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdateRecurring<AsyncJobReconciliationJob>(
            AsyncJobReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdateRecurring<JournalRetentionJob>(
            JournalRetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
        foreach (var module in services.GetServices<WebModule>())
        {
            module.RecurringJobs?.Invoke(jobs);
        }
    }
}
