using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;

using static WorkflowItsm.LoadTest.RuntimeServices;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// The incident figures at scale on PostgreSQL: seeds N incidents (<see cref="IncidentSeeder"/>), then times, one
/// request at a time as an agent's browser sends them, the list views an agent uses (<see cref="IncidentQueries.ListAsync"/>,
/// count included; as PostgreSQL plans them and with parallel query off), the incident page's data
/// (<see cref="IncidentQueries.GetAsync"/>, and the SLA clocks the page asks for next), and saving the business-hours
/// calendar, which recalculates every running clock on it: without a job engine, with the real Hangfire
/// PostgreSQL storage as the host has it (a check job for each clock with a warning or breach ahead), and with every
/// clock first set within its target so that each needs a job.
/// </summary>
internal static class IncidentScaleLoad
{
    private const int PageSize = 50;
    private const int DeepPage = 20;

    public static async Task RunAsync(string connectionString, int incidents, int runningClocks, int samples, int warmup, string parallelQuery, string recompute)
    {
        GlobalConfiguration.Configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
        var jobs = new CountingJobClient();
        await using var withJobs = RuntimeServices.Build(new PostgreSqlDatabaseProvider(), connectionString, s => s.Replace(ServiceDescriptor.Singleton<IBackgroundJobClient>(jobs)));
        await using var withoutJobs = RuntimeServices.Build(new PostgreSqlDatabaseProvider(), connectionString, s => s.Replace(ServiceDescriptor.Scoped<IJobs, NoJobs>()));
        await InScope(withJobs, s => s.GetRequiredService<ItsmDbContext>().Database.MigrateAsync());

        var existing = await InScope(withJobs, s => s.GetRequiredService<ItsmDbContext>().Incidents.LongCountAsync());
        if (existing == 0)
        {
            var businessHours = await InScope(withJobs, s => s.GetRequiredService<BusinessCalendars>().GetAsync(BusinessCalendars.BusinessHours, default));
            var aroundTheClock = await InScope(withJobs, s => s.GetRequiredService<BusinessCalendars>().GetAsync(BusinessCalendars.AroundTheClock, default));
            await new IncidentSeeder(connectionString, incidents, runningClocks).SeedAsync(businessHours, aroundTheClock);
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the database holds {existing:N0} incidents already: not seeding"));
            incidents = (int)existing;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"incidents at scale on PostgreSQL: {incidents:N0} incidents, {Environment.ProcessorCount} cores, one request at a time, {warmup} warm-up + {samples} measured per line"));
        if (parallelQuery is "on" or "both")
        {
            await MeasureListsAsync(withoutJobs, incidents, samples, warmup, "PostgreSQL's defaults");
        }

        if (parallelQuery is "off" or "both")
        {
            // Starting parallel workers costs this kind of VM 60-150 ms a query, more than most of these queries take alone.
            await SetForDatabaseAsync(withoutJobs, "max_parallel_workers_per_gather", "0");
            await MeasureListsAsync(withoutJobs, incidents, samples, warmup, "parallel query off: max_parallel_workers_per_gather = 0");
            await SetForDatabaseAsync(withoutJobs, "max_parallel_workers_per_gather", null);
        }

        await MeasurePagesAsync(withoutJobs, incidents, samples, warmup);
        await MeasureReportsAsync(withoutJobs);
        var runs = recompute.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (runs.Contains("without-jobs"))
        {
            await RecomputeAsync(withoutJobs, "without job scheduling (no job engine)", "08:00", "17:00", null);
        }

        if (runs.Contains("with-jobs"))
        {
            await RecomputeAsync(withJobs, "with Hangfire.PostgreSql scheduling each clock's next check", "07:30", "18:00", jobs);
        }

        if (runs.Contains("all-pending"))
        {
            // Most seeded clocks are long breached with their warnings sent, so they need no check job. The worst case:
            // every clock within its target, each with a warning or its due moment ahead and so a job to schedule.
            await InScope(withJobs, s => s.GetRequiredService<ItsmDbContext>().Database.ExecuteSqlRawAsync("""
                UPDATE "SlaClocks" SET "ElapsedSeconds" = 0, "RunningSince" = now() - random() * interval '1 hour', "BreachedAt" = NULL, "WarningsSent" = NULL
                WHERE "CalendarKey" = 'business-hours' AND "State" = 'Running'
                """));
            await RecomputeAsync(withJobs, "with Hangfire.PostgreSql, every clock within its target (worst case)", "08:00", "18:00", jobs);
        }
    }

    private sealed record ListView(string Name, Func<Random, IncidentFilter> Filter, RecordSort Sort, bool Deep = true);

    /// <summary>A setting for the sessions opened from now on (null: back to the server's).</summary>
    private static async Task SetForDatabaseAsync(IServiceProvider services, string setting, string? value)
    {
        await InScope(services, async s =>
        {
            var database = s.GetRequiredService<ItsmDbContext>().Database;
            var name = await database.SqlQueryRaw<string>("SELECT current_database() AS \"Value\"").SingleAsync();
            await database.ExecuteSqlRawAsync(value is null ? $"ALTER DATABASE \"{name}\" RESET {setting}" : $"ALTER DATABASE \"{name}\" SET {setting} = {value}");
        });
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    private static async Task MeasureListsAsync(IServiceProvider services, int incidents, int samples, int warmup, string settings)
    {
        var groups = IncidentSeeder.Groups.Length;
        var categories = IncidentSeeder.CategoryNames.ToArray();
        var open = IncidentSeeder.OpenStates.Select(Enum.Parse<IncidentState>).ToArray();
        ListView[] views =
        [
            new("group open queue by priority", r => new() { States = open, AssignmentGroup = IncidentSeeder.Groups[r.Next(groups)] }, RecordSort.Priority),
            new("my open by priority", r => new() { States = open, AssignedTo = IncidentSeeder.Agent(r.Next(groups), r.Next(IncidentSeeder.AgentsPerGroup)) }, RecordSort.Priority),
            new("all open newest", _ => new() { States = open }, RecordSort.Newest),
            new("caller's incidents newest", r => new() { Caller = IncidentSeeder.Caller(r.Next(IncidentSeeder.Callers)) }, RecordSort.Newest),
            new("category + InProgress by updated", r => new() { States = [IncidentState.InProgress], Category = categories[r.Next(categories.Length)] }, RecordSort.Updated),
            new("category + Closed by updated", r => new() { States = [IncidentState.Closed], Category = categories[r.Next(categories.Length)] }, RecordSort.Updated),
            new("search by number", r => new() { Text = IncidentSeeder.Number(1 + r.Next(incidents)) }, RecordSort.Newest, Deep: false),
        ];

        var latencies = new LatencyRecorder();
        var random = new Random(7);
        long totals = 0;
        foreach (var view in views)
        {
            foreach (var page in view.Deep ? new[] { 1, DeepPage } : [1])
            {
                var name = $"{view.Name}, page {page}";
                for (var i = 0; i < warmup + samples; i++)
                {
                    var filter = view.Filter(random);
                    var list = i < warmup
                        ? await List(services, filter, view.Sort, page)
                        : await latencies.TimeAsync(name, () => List(services, filter, view.Sort, page));
                    totals += list.Total;
                }
            }
        }

        Console.WriteLine($"list views (IncidentQueries.ListAsync: COUNT(*) + page of {PageSize}), {settings}, ms:");
        latencies.Print(Console.Out);
        GC.KeepAlive(totals);
    }

    private static Task<Page<IncidentListItem>> List(IServiceProvider services, IncidentFilter filter, RecordSort sort, int page) =>
        InScope(services, s => s.GetRequiredService<IncidentQueries>().ListAsync(filter, sort, page, PageSize, default));

    private static async Task MeasurePagesAsync(IServiceProvider services, int incidents, int samples, int warmup)
    {
        var latencies = new LatencyRecorder();
        var random = new Random(11);
        var missing = 0;
        for (var i = 0; i < warmup + samples; i++)
        {
            // Half of them among the incidents seeded with a field history and notes.
            var id = 1 + random.Next(incidents);
            if (i % 2 == 0)
            {
                id -= (id - 1) % 10;
            }

            var number = IncidentSeeder.Number(id);
            var name = IncidentSeeder.HasHistory(id) ? "with history" : "without";
            async Task<bool> Page(IServiceProvider s)
            {
                var details = await s.GetRequiredService<IncidentQueries>().GetAsync(number, withWorkNotes: true, default);
                return details is not null;
            }

            async Task<int> Clocks(IServiceProvider s) =>
                await s.GetRequiredService<IncidentQueries>().IdentifyAsync(number, default) is { } found
                    ? (await s.GetRequiredService<SlaAdministration>().ClocksOfAsync(found.Id, default)).Count
                    : -1;

            if (i < warmup)
            {
                await InScope(services, Page);
                await InScope(services, Clocks);
                continue;
            }

            missing += await latencies.TimeAsync($"incident page ({name})", () => InScope(services, Page)) ? 0 : 1;
            await latencies.TimeAsync($"its SLA clocks ({name})", () => InScope(services, Clocks));
        }

        Console.WriteLine("incident page (IncidentQueries.GetAsync: incident, parent, children, notes, history) and its SLA clocks (IdentifyAsync + ClocksOfAsync), ms:");
        latencies.Print(Console.Out);
        if (missing > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{missing} numbers not found: the measurement is wrong"));
        }
    }

    /// <summary>
    /// The service-level report (compliance, time to resolve with its median, backlog by age, daily volume) over the
    /// last month and the longest period allowed; its medians are computed from one row per resolved incident.
    /// </summary>
    private static async Task MeasureReportsAsync(IServiceProvider services)
    {
        const int Runs = 5;
        var latencies = new LatencyRecorder();
        var to = DateTime.UtcNow;
        foreach (var (name, days) in new[] { ("last 30 days", 30), ($"last {ServiceLevelReports.MaxDays} days", ServiceLevelReports.MaxDays) })
        {
            var from = to.AddDays(-days);
            Task<ServiceLevelReport> Build(IServiceProvider s) => s.GetRequiredService<ServiceLevelReports>().BuildAsync(from, to, default);
            var report = await InScope(services, Build); // warm-up
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < Runs; i++)
            {
                await latencies.TimeAsync($"report, {name}", () => InScope(services, Build));
            }

            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / Runs;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report, {name}: {report.ResolutionTimes.Sum(r => r.Resolved):N0} resolved incidents in its medians, {allocated / 1024.0 / 1024.0:F0} MB allocated a report"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"service-level report (ServiceLevelReports.BuildAsync), {Runs} runs each after one warm-up, ms:"));
        latencies.Print(Console.Out);
    }

    private static async Task RecomputeAsync(IServiceProvider services, string how, string opens, string closes, CountingJobClient? jobs)
    {
        var scheduledBefore = jobs?.Created ?? 0;
        var running = await InScope(services, s => s.GetRequiredService<ItsmDbContext>().SlaClocks
            .CountAsync(c => c.CalendarKey == BusinessCalendars.BusinessHours && c.State == SlaClockState.Running));
        var current = (await InScope(services, s => s.GetRequiredService<BusinessCalendars>().GetViewAsync(BusinessCalendars.BusinessHours, default)))!;
        var hours = Enumerable.Range(1, 5).Select(d => new CalendarHours((DayOfWeek)d, opens, closes)).ToList();
        var watch = Stopwatch.StartNew();
        var saved = await InScope(services, s => s.GetRequiredService<SlaAdministration>().SaveCalendarAsync(BusinessCalendars.BusinessHours,
            new CalendarInput(current.Name, current.TimeZoneId, hours, current.Holidays, current.Revision), "scale-test", default));
        var seconds = watch.Elapsed.TotalSeconds;
        var scheduled = jobs is null ? "" : string.Create(CultureInfo.InvariantCulture, $", {jobs.Created - scheduledBefore:N0} check jobs scheduled");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"calendar change (SlaAdministration.SaveCalendarAsync, business-hours to {opens}–{closes}) {how}: {saved.ClocksRecalculated:N0} of {running:N0} running clocks recalculated and {saved.TasksMoved:N0} tasks given their new due date in {seconds:F1} s{scheduled}"));
    }

    /// <summary>No job engine: what is planned goes nowhere, to measure the recalculation alone.</summary>
    private sealed class NoJobs : IJobs
    {
        public string? Enqueue<TJob>(System.Linq.Expressions.Expression<Func<TJob, Task>> call) => null;

        public string? Schedule<TJob>(System.Linq.Expressions.Expression<Func<TJob, Task>> call, DateTimeOffset at) => null;

        public void AddOrUpdateRecurring<TJob>(string id, System.Linq.Expressions.Expression<Func<TJob, Task>> call, string cron)
        {
        }

        public void RemoveRecurring(string id)
        {
        }

        public void Delete(string jobId)
        {
        }

        public bool IsPending(string jobId, TimeSpan processingTimeout) => false;
    }

    /// <summary>The host's job client, counting the jobs the recalculation schedules.</summary>
    private sealed class CountingJobClient : IBackgroundJobClient
    {
        // Made on first use: the storage is configured when the services are built.
        private readonly Lazy<IBackgroundJobClient> inner = new(() => new BackgroundJobClient(JobStorage.Current));
        private int created;

        public int Created => Volatile.Read(ref created);

        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
        {
            Interlocked.Increment(ref created);
            return inner.Value.Create(job, state);
        }

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => inner.Value.ChangeState(jobId, state, expectedState);
    }
}
