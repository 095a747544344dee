using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Bpmn;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Tests.Jobs;

/// <summary>
/// A host killed while it held a recurring job's lock leaves it held until the storage expires it; the next host's
/// start declares its recurring jobs and must not fail on that lock (a CI run saw a restarted host exit with Hangfire's
/// lock timeout). The declaration is tried again in the background instead.
/// </summary>
public sealed class RecurringJobLockTests : IAsyncLifetime
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly LockedRecurringJobs recurring = new(lockedTimes: 2);
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        await connection.OpenAsync();
        services = new ServiceCollection()
            .AddDbContext<WorkflowDbContext>(options => options.UseSqlite(connection))
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IRecurringJobManager>(recurring)
            .AddBpmnEngine(typeof(RecurringJobLockTests).Assembly)
            .AddWorkflowRuntime()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Database.EnsureCreatedAsync();
    }

    [Fact]
    public async Task A_declaration_whose_lock_is_held_does_not_fail_the_start_and_is_declared_once_the_lock_is_free()
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var declare = () => scope.ServiceProvider.GetRequiredService<IJobs>().AddOrUpdateRecurring<TimerPumpJob>(
                TimerPumpJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());

            declare.Should().NotThrow("a lock left by a stopped host must not stop this one from starting");
        }

        recurring.Declared.Should().BeEmpty();
        await WaitUntilAsync(() => recurring.Declared.Count > 0);

        recurring.Declared.Should().Equal(TimerPumpJob.RecurringJobId);
        recurring.Attempts.Should().Be(3, "the first try and two retries, the second of which found the lock free");
    }

    /// <summary>Moves the clock by the retry delay until the background declaration has tried again.</summary>
    private async Task WaitUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            time.Advance(HangfireJobs.RecurringRetryDelay);
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        done().Should().BeTrue("the background declaration runs on the clock's retry delay");
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>A recurring job manager whose lock is held for the first declarations, as a killed host leaves it.</summary>
    private sealed class LockedRecurringJobs(int lockedTimes) : IRecurringJobManager
    {
        private int attempts;

        public int Attempts => Volatile.Read(ref attempts);

        public List<string> Declared { get; } = [];

        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options)
        {
            if (Interlocked.Increment(ref attempts) <= lockedTimes)
            {
                throw new DistributedLockTimeoutException($"recurring-job:{recurringJobId}");
            }

            lock (Declared)
            {
                Declared.Add(recurringJobId);
            }
        }

        public void Trigger(string recurringJobId) => throw new NotSupportedException();

        public void RemoveIfExists(string recurringJobId) => throw new NotSupportedException();
    }
}
