using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

using static WorkflowItsm.LoadTest.RuntimeServices;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Timer lateness with many timers pending: seeds N instances whose timer is a day away (as the product keeps them:
/// bookmark rows alone, beyond the timer horizon, no Hangfire job), runs a Hangfire server as the host does, with the
/// timer pump as its recurring job (every minute, and once at the start of the probes), then starts probe instances
/// whose 20-second timer (within the horizon: a Hangfire job at once) ends them, and prints how late the probes'
/// timers fired (end time − start time − 20 s, so it includes the probe's own start and end transactions).
/// </summary>
internal static class TimerLoad
{
    private static readonly TimeSpan ProbeDelay = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(string connectionString, int pending, int probes, double probesPerSecond, int clients)
    {
        GlobalConfiguration.Configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
        await using var services = RuntimeServices.Build(new PostgreSqlDatabaseProvider(), connectionString,
            collection => collection.AddSingleton<IRecurringJobManager>(_ => new RecurringJobManager(JobStorage.Current)));
        await RuntimeServices.MigrateAndDeployAsync(services,
            new BpmnFile("pending.bpmn", TimerProcesses.StartWaitEnd("timer-pending", "P1D")), new BpmnFile("probe.bpmn", TimerProcesses.StartWaitEnd("timer-probe", "PT20S")));

        var seeding = Stopwatch.StartNew();
        var template = await InScope(services, s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("timer-pending"), default));
        var bookmarkIds = await InScope(services, s => ClonePendingAsync(s.GetRequiredService<ItsmDbContext>(), template.Id, pending));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {bookmarkIds.Count} pending timers (instances and bookmark rows; a day away, no Hangfire job) in {seeding.Elapsed.TotalSeconds:F0} s; " +
            $"Hangfire holds {JobStorage.Current.GetMonitoringApi().ScheduledCount()} scheduled jobs"));

        var pumping = Stopwatch.StartNew();
        await InScope(services, s => s.GetRequiredService<TimerPumpJob>().RunAsync(default));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one timer pump run over {bookmarkIds.Count} pending timers: {pumping.Elapsed.TotalMilliseconds:F0} ms"));
        await InScope(services, s =>
        {
            s.GetRequiredService<IJobs>().AddOrUpdateRecurring<TimerPumpJob>(TimerPumpJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
            return Task.CompletedTask;
        });

        using var server = new BackgroundJobServer(
            new BackgroundJobServerOptions { SchedulePollingInterval = TimeSpan.FromSeconds(1), Activator = new ScopedJobActivator(services) }, JobStorage.Current);
        // The pump also runs while the probes fall due, not only at the minute the recurring schedule next reaches.
        services.GetRequiredService<IRecurringJobManager>().Trigger(TimerPumpJob.RecurringJobId);
        var probing = Stopwatch.StartNew();
        var started = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref started)) < probes)
            {
                // Probes start at a steady rate, so their timers fall due at that rate while the others wait.
                var startAt = TimeSpan.FromSeconds(i / probesPerSecond);
                if (startAt > probing.Elapsed)
                {
                    await Task.Delay(startAt - probing.Elapsed);
                }

                await InScope(services, s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("timer-probe"), default));
            }
        })));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"started {probes} probes in {probing.Elapsed.TotalSeconds:F1} s; waiting for their timers"));

        List<double> lateness;
        var deadline = DateTime.UtcNow + ProbeDelay + TimeSpan.FromMinutes(3);
        while (true)
        {
            lateness = await InScope(services, async s => (await s.GetRequiredService<ItsmDbContext>().ProcessInstances.AsNoTracking()
                    .Where(i => i.DefinitionKey == "timer-probe" && i.EndedAt != null)
                    .Select(i => new { i.StartedAt, i.EndedAt })
                    .ToListAsync())
                .Select(i => (i.EndedAt!.Value - i.StartedAt - ProbeDelay).TotalMilliseconds).ToList());
            if (lateness.Count >= probes || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(1000);
        }

        var sorted = lateness.Order().ToArray();
        double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer lateness on PostgreSQL with {pending} pending timers, {probes} probes due at {probesPerSecond:F0}/s, {Environment.ProcessorCount} cores: {sorted.Length} fired"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lateness ms: p50 {Percentile(50):F0}  p95 {Percentile(95):F0}  p99 {Percentile(99):F0}  max {sorted[^1]:F0}"));
    }

    /// <summary>Copies the template instance and its timer bookmark <paramref name="count"/> times in two statements; returns the new bookmark ids.</summary>
    private static async Task<List<string>> ClonePendingAsync(ItsmDbContext db, string templateId, int count)
    {
        await CloneRowsAsync(db, typeof(ProcessInstanceRecord), "Id", "'pending-' || n", "Id", templateId, count);
        await CloneRowsAsync(db, typeof(BookmarkRecord), "Id", "'pending-timer-' || n", "InstanceId", templateId, count, ("InstanceId", "'pending-' || n"));
        return await db.Bookmarks.AsNoTracking().Where(b => b.Id.StartsWith("pending-timer-")).Select(b => b.Id).ToListAsync();
    }

    private static Task<int> CloneRowsAsync(ItsmDbContext db, Type entity, string idColumn, string idExpression, string templateColumn, string templateId, int count,
        params (string Column, string Expression)[] overrides)
    {
        var entityType = db.Model.FindEntityType(entity)!;
        var table = entityType.GetTableName();
        var columns = entityType.GetProperties().Select(p => p.GetColumnName()).ToList();
        var replaced = overrides.Append((idColumn, idExpression)).ToDictionary(o => o.Item1, o => o.Item2);
        var select = string.Join(", ", columns.Select(c => replaced.TryGetValue(c, out var expression) ? expression : $"\"{c}\""));
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                  $"SELECT {select} FROM \"{table}\", generate_series(1, {count.ToString(CultureInfo.InvariantCulture)}) AS n WHERE \"{templateColumn}\" = {{0}}";
        return db.Database.ExecuteSqlRawAsync(sql, templateId);
    }

    /// <summary>Hangfire jobs resolved from a scope of their own, as the host's activator does.</summary>
    private sealed class ScopedJobActivator(IServiceProvider services) : JobActivator
    {
        public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(services.CreateAsyncScope());

        private sealed class Scope(AsyncServiceScope scope) : JobActivatorScope
        {
            public override object Resolve(Type type) => scope.ServiceProvider.GetRequiredService(type);

            public override void DisposeScope() => scope.Dispose();
        }
    }
}
