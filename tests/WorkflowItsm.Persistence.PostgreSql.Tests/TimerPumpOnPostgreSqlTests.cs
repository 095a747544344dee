using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>The timer pump on two hosts sharing one database, pumping at the same moment: each timer is handed over once.</summary>
public sealed class TimerPumpOnPostgreSqlTests(PostgreSqlServer server) : IAsyncLifetime
{
    private const int Timers = 60;

    private static readonly BpmnFile WaitADay = new("wait-a-day.bpmn", TimerProcesses.StartWaitEnd("wait-a-day", "P1D"));

    private readonly RecordingTimers firstTimers = new("first");
    private readonly RecordingTimers secondTimers = new("second");
    private ServiceProvider first = null!;
    private ServiceProvider second = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (first, var connectionString) = await RuntimeOnPostgreSql.StartWithConnectionAsync(server, "pump", firstTimers);
        second = RuntimeOnPostgreSql.Build(connectionString, secondTimers);
        await using var scope = first.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync([WaitADay], "test", null, Ct);
    }

    [Fact]
    public async Task Two_hosts_pumping_at_once_hand_each_timer_over_exactly_once()
    {
        for (var i = 0; i < Timers; i++)
        {
            await using var scope = first.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("wait-a-day", BusinessKey: $"T{i}"), Ct);
        }

        firstTimers.Scheduled.Should().BeEmpty("a day away the timers are bookmark rows alone");
        await using (var scope = first.CreateAsyncScope())
        {
            // A day later: each is two minutes away, within the horizon.
            await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Bookmarks.Where(b => b.Kind == "Timer")
                .ExecuteUpdateAsync(set => set.SetProperty(b => b.DueAt, DateTime.UtcNow.AddMinutes(2)), Ct);
        }

        // Two pumps on each host, released together, taking small batches so that they meet on the same timers.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pumps = new[] { first, first, second, second }.Select(host => Task.Run(async () =>
        {
            await go.Task;
            while (true)
            {
                await using var scope = host.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().HandOverNearTimersAsync(7, Ct) == 0)
                {
                    return;
                }
            }
        }, Ct)).ToList();
        go.SetResult();
        await Task.WhenAll(pumps);

        var scheduled = firstTimers.Scheduled.Concat(secondTimers.Scheduled).ToList();
        scheduled.Should().HaveCount(Timers, "each timer is handed over once");
        scheduled.Select(s => s.BookmarkId).Should().OnlyHaveUniqueItems();
        await using (var scope = second.CreateAsyncScope())
        {
            var noted = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking()
                .Where(b => b.Kind == "Timer").ToDictionaryAsync(b => b.Id, b => b.JobId, Ct);
            noted.Should().HaveCount(Timers);
            noted.Should().BeEquivalentTo(scheduled.ToDictionary(s => s.BookmarkId, s => (string?)s.JobId), "each bookmark notes the job that was made for it");
        }

        firstTimers.Cancelled.Concat(secondTimers.Cancelled).Should().BeEmpty("no pump scheduled a job it then had to take back");
        TestContext.Current.TestOutputHelper?.WriteLine($"handed over by the first host: {firstTimers.Scheduled.Count}, by the second: {secondTimers.Scheduled.Count}");
    }

    public async ValueTask DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    /// <summary>One host's scheduler: what it was asked to schedule, with job ids naming the host.</summary>
    private sealed class RecordingTimers(string hostName) : ITimerScheduler
    {
        private int count;

        public ConcurrentQueue<(string BookmarkId, string JobId)> Scheduled { get; } = new();
        public ConcurrentQueue<string> Cancelled { get; } = new();

        public string Schedule(string bookmarkId, DateTimeOffset due)
        {
            var jobId = $"{hostName}-{Interlocked.Increment(ref count)}";
            Scheduled.Enqueue((bookmarkId, jobId));
            return jobId;
        }

        public void Cancel(string jobId) => Cancelled.Enqueue(jobId);
    }
}
