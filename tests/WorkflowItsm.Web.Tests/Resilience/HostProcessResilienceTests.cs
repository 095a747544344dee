using System.Diagnostics;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Resilience;

/// <summary>
/// Real host processes on the real PostgreSQL fixture: one killed with SIGKILL in the middle of a load and started
/// again; two sharing one database and racing for the same tasks. Either way every instance must reach its end with
/// nothing done twice and no timer lost.
/// </summary>
[Trait("Category", "Resilience")]
[Collection(RunsAlone.Name)]
public sealed class HostProcessResilienceTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IDisposable
{
    // The crash test's load is the one issue 4 names (at least 1,000 instances); racing two hosts for the same tasks
    // needs fewer to collide on every kind of step, and the suite's time is counted.
    private const int CrashLoad = 1000;
    private const int RaceLoad = 400;
    private static readonly TimeSpan StartWithin = TimeSpan.FromMinutes(2);

    // Reconciliation runs every minute; after a crash it must pick up lost jobs at its next run, not an hour later.
    private static readonly TimeSpan EndWithin = TimeSpan.FromMinutes(5);

    private readonly string folder = TestEnvironment.CreateTempFolder("resilience");

    [Fact]
    public async Task A_host_killed_with_SIGKILL_under_load_loses_nothing_after_a_restart()
    {
        server.SkipIfUnavailable();
        var connectionString = await server.CreateDatabaseAsync("crash");
        var load = new ResilienceLoad(CrashLoad);

        await using (var doomed = await HostProcess.StartAsync(folder, Settings(connectionString), StartWithin))
        {
            var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => doomed.SignInAsync()));
            await ResilienceLoad.DeployAsync(clients[0]);
            using var stop = new CancellationTokenSource();
            var work = Task.WhenAll(
                clients.Take(4).Select(client => load.StartAsync(client, stop.Token))
                    .Concat(clients.Skip(4).Select(client => load.CompleteTasksAsync(client, racing: false, stop.Token))));

            await WaitUntilAsync(() => load.Started.Count >= CrashLoad * 2 / 5 && !load.CompletedByUs.IsEmpty, TimeSpan.FromMinutes(3), doomed);
            await doomed.KillAsync();
            await stop.CancelAsync();
            await work;
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        load.Started.Count.Should().BeLessThan(CrashLoad, "the host died in the middle of the load");
        var completedBeforeTheCrash = load.CompletedByUs.Count;

        await using var restarted = await HostProcess.StartAsync(folder, Settings(connectionString), StartWithin);
        var survivors = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => restarted.SignInAsync()));
        using var done = new CancellationTokenSource();
        var completers = survivors.Select(client => load.CompleteTasksAsync(client, racing: false, done.Token)).ToList();
        await load.StartMissingAsync(survivors, await ResilienceLoad.ExistingBusinessKeysAsync(connectionString));
        var completed = await load.WaitForAllCompletedAsync(connectionString, EndWithin);
        await done.CancelAsync();
        await Task.WhenAll(completers);

        completed.Should().Be(CrashLoad, $"every instance ends after the restart; unfinished:{Environment.NewLine}{await ResilienceLoad.DescribeUnfinishedAsync(connectionString)}{Environment.NewLine}the host printed:{Environment.NewLine}{restarted.RecentOutput}");
        load.CompletedByUs.Count.Should().BeGreaterThan(completedBeforeTheCrash);
        await load.AssertEndStateAsync(connectionString);
    }

    [Fact]
    public async Task Two_host_processes_on_one_database_racing_for_the_same_tasks_end_as_one_host_would()
    {
        server.SkipIfUnavailable();
        var connectionString = await server.CreateDatabaseAsync("twohosts");
        var load = new ResilienceLoad(RaceLoad);

        // The second host starts once the first has migrated the database, as in a rolling deployment.
        await using var first = await HostProcess.StartAsync(folder, Settings(connectionString), StartWithin);
        await using var second = await HostProcess.StartAsync(folder, Settings(connectionString), StartWithin);
        var onFirst = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => first.SignInAsync()));
        var onSecond = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => second.SignInAsync()));
        await ResilienceLoad.DeployAsync(onFirst[0]);

        using var done = new CancellationTokenSource();
        var starters = onFirst.Take(2).Concat(onSecond.Take(2)).Select(client => load.StartAsync(client, CancellationToken.None)).ToList();
        // One completer per host walks the same page in the same order: each task is completed on both hosts at once.
        var completers = new[] { onFirst[2], onSecond[2] }.Select(client => load.CompleteTasksAsync(client, racing: true, done.Token)).ToList();
        await Task.WhenAll(starters);
        var completed = await load.WaitForAllCompletedAsync(connectionString, EndWithin);
        await done.CancelAsync();
        await Task.WhenAll(completers);

        completed.Should().Be(RaceLoad, $"every instance ends; unfinished:{Environment.NewLine}{await ResilienceLoad.DescribeUnfinishedAsync(connectionString)}{Environment.NewLine}the hosts printed:{Environment.NewLine}{first.RecentOutput}{Environment.NewLine}{second.RecentOutput}");
        load.Started.Should().HaveCount(RaceLoad);
        load.Conflicts.Should().BePositive("the two hosts really raced for the same tasks");
        await load.AssertEndStateAsync(connectionString);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:Default"] = connectionString,
        ["Runtime:LostJobGrace"] = "00:00:05",
        // One SLA warning per instance would flood the output the failure messages quote.
        ["Logging:LogLevel:WorkflowItsm.Itsm.Notifications"] = "Error",
    };

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within, HostProcess host)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(within, $"the load should have progressed; the host printed:{Environment.NewLine}{host.RecentOutput}");
            await Task.Delay(50);
        }
    }
}
