using Hangfire;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Journal;

/// <summary>Deletes the journal of instances that ended longer ago than <see cref="RuntimeOptions.JournalRetention"/>.</summary>
public sealed class JournalRetentionJob(WorkflowDbContext db, RuntimeOptions options, TimeProvider time)
{
    public const string RecurringJobId = "workflow-journal-retention";

    /// <summary>Returns how many journal rows were deleted.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (options.JournalRetention is not { } retention)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow().UtcDateTime - retention;
        return await db.Journal
            .Where(entry => db.ProcessInstances.Any(instance => instance.Id == entry.InstanceId && instance.EndedAt != null && instance.EndedAt < cutoff))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
