using Hangfire;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Journal;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Web.Scheduling;

/// <summary>Recurring jobs every host declares at start (the job engine keeps one definition per id, so hosts agree).</summary>
internal static class RecurringJobs
{
    public static void Register(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var jobs = scope.ServiceProvider.GetRequiredService<IJobs>();
        jobs.AddOrUpdateRecurring<TimerReconciliationJob>(
            TimerReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdateRecurring<AsyncJobReconciliationJob>(
            AsyncJobReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdateRecurring<WorkflowItsm.Itsm.ServiceLevels.SlaReconciliationJob>(
            WorkflowItsm.Itsm.ServiceLevels.SlaReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdateRecurring<WorkflowItsm.Itsm.Problems.RecurringIncidentDetectionJob>(
            WorkflowItsm.Itsm.Problems.RecurringIncidentDetectionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        jobs.AddOrUpdateRecurring<JournalRetentionJob>(
            JournalRetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
    }
}
