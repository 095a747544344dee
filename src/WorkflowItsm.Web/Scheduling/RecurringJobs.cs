using Hangfire;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Journal;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Web.Scheduling;

/// <summary>Recurring jobs every host declares at start (Hangfire keeps one definition per id, so hosts agree).</summary>
internal static class RecurringJobs
{
    public static void Register(IServiceProvider services)
    {
        var recurringJobs = services.GetRequiredService<IRecurringJobManager>();
        recurringJobs.AddOrUpdate<TimerReconciliationJob>(
            TimerReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurringJobs.AddOrUpdate<AsyncJobReconciliationJob>(
            AsyncJobReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurringJobs.AddOrUpdate<WorkflowItsm.Itsm.ServiceLevels.SlaReconciliationJob>(
            WorkflowItsm.Itsm.ServiceLevels.SlaReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurringJobs.AddOrUpdate<WorkflowItsm.Itsm.Problems.RecurringIncidentDetectionJob>(
            WorkflowItsm.Itsm.Problems.RecurringIncidentDetectionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        recurringJobs.AddOrUpdate<JournalRetentionJob>(
            JournalRetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
    }
}
