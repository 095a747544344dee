using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Web.Tests.Scheduling;

/// <summary>The jobs port's after-commit rule against the host's real Hangfire storage.</summary>
public sealed class JobsAfterCommitTests : IAsyncDisposable
{
    private readonly WebHostFactory host = new();

    /// <summary>
    /// Scheduled a day ahead for a bookmark that does not exist, so the host's Hangfire server leaves it waiting (and
    /// would do nothing if it ran it).
    /// </summary>
    private static void Plan(IJobs jobs, string bookmarkId) =>
        jobs.Schedule<TimerJob>(job => job.FireAsync(bookmarkId, CancellationToken.None), DateTimeOffset.UtcNow.AddDays(1));

    private int StoredJobsFor(string bookmarkId) =>
        host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 10_000)
            .Count(j => j.Value.Job?.Type == typeof(TimerJob) && Equals(j.Value.Job.Args[0], bookmarkId));

    [Fact]
    public async Task Work_reaches_the_job_storage_at_once_outside_a_transaction_once_on_commit_and_never_on_rollback()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<IJobs>();

        Plan(jobs, $"{run}-outside");
        StoredJobsFor($"{run}-outside").Should().Be(1, "without a transaction the job is handed over at once");

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            Plan(jobs, $"{run}-rolled-back");
            await transaction.RollbackAsync(ct);
        }

        StoredJobsFor($"{run}-rolled-back").Should().Be(0, "work of a rolled-back transaction is dropped");

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            Plan(jobs, $"{run}-committed");
            StoredJobsFor($"{run}-committed").Should().Be(0, "nothing is handed over before the commit");
            await transaction.CommitAsync(ct);
        }

        StoredJobsFor($"{run}-committed").Should().Be(1, "the commit hands it over once");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
