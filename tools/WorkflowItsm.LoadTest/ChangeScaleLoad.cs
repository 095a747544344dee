using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Conflicts;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Persistence.PostgreSql;

using static WorkflowItsm.LoadTest.RuntimeServices;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// The change calendar and conflict detection at scale on PostgreSQL: on the CMDB of the cmdb mode
/// (<see cref="CmdbSeeder"/>), seeds <c>--changes</c> changes over two years (a year back, mostly closed; a year
/// ahead, open), each on a CI and up to two more of its stack, by 500 engineers, with weekly maintenance windows and
/// blackouts on business services; then times, one call at a time, the conflict check of an open change
/// (<see cref="ChangeConflictCheck.CheckAsync"/>, and as the API runs it, storing what it found), the calendar's month
/// view (<see cref="ChangeCalendar.RangeAsync"/> over six weeks) and the next free slot.
/// </summary>
internal static class ChangeScaleLoad
{
    private const int Engineers = 500;
    private const int Batch = 5_000;

    public static async Task RunAsync(string connectionString, int cis, int changes, int samples, int warmup)
    {
        await using var services = Build(new PostgreSqlDatabaseProvider(), connectionString);
        await InScope(services, s => s.GetRequiredService<ItsmDbContext>().Database.MigrateAsync());
        if (await CmdbScaleLoad.EnsureCmdbAsync(services, connectionString, cis) is not { } cmdb)
        {
            return;
        }

        var now = DateTime.UtcNow;
        var existing = await InScope(services, s => s.GetRequiredService<ItsmDbContext>().Changes.CountAsync());
        if (existing == 0)
        {
            await SeedAsync(services, cmdb, changes, now);
        }

        var random = new Random(31);
        var open = ChangeLifecycle.Open.ToList();
        var candidates = await InScope(services, s => s.GetRequiredService<ItsmDbContext>().Changes.AsNoTracking()
            .Where(c => open.Contains(c.State) && c.PlannedStart > now).Select(c => c.Number).ToListAsync());
        var latencies = new LatencyRecorder();
        var found = new List<int>();
        for (var i = 0; i < warmup + samples; i++)
        {
            var number = candidates[random.Next(candidates.Count)];
            var measured = i >= warmup;
            var change = await InScope(services, s => s.GetRequiredService<ItsmDbContext>().Changes.AsNoTracking().Include(c => c.AffectedCis).SingleAsync(c => c.Number == number));
            var start = Stopwatch.GetTimestamp();
            var conflicts = await InScope(services, s => s.GetRequiredService<ChangeConflictCheck>().CheckAsync(change, default));
            if (measured)
            {
                latencies.Add("conflict check of one change (CheckAsync)", Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                found.Add(conflicts.Count);
            }

            start = Stopwatch.GetTimestamp();
            await InScope(services, s => s.GetRequiredService<ChangeConflictCheck>().CheckAndStoreAsync(number, default));
            if (measured)
            {
                latencies.Add("conflict check as the API runs it (load, check, store)", Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            var monthStart = now.Date.AddDays(random.Next(-330, 330));
            start = Stopwatch.GetTimestamp();
            var range = await InScope(services, s => s.GetRequiredService<ChangeCalendar>().RangeAsync(monthStart, monthStart.AddDays(42), default));
            if (measured)
            {
                latencies.Add($"calendar month view (6 weeks, ~{range.Entries.Count / 100 * 100}+ entries)", Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        for (var i = 0; i < Math.Min(50, samples); i++)
        {
            var number = candidates[random.Next(candidates.Count)];
            await latencies.TimeAsync("next free slot (90 days)", () => InScope(services, s => s.GetRequiredService<NextFreeSlot>().FindAsync(number, default)));
        }

        var sorted = found.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"changes: {changes:N0} on {cmdb.Total:N0} CIs; {warmup} warm-up + {samples} measured, one call at a time, ms (conflicts found per check: median {sorted[sorted.Length / 2]}, max {sorted[^1]}):"));
        latencies.Print(Console.Out);
    }

    private static async Task SeedAsync(IServiceProvider services, CmdbSeeder cmdb, int count, DateTime now)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(17);
        var first = now.Date.AddDays(-365);
        for (var done = 0; done < count; done += Batch)
        {
            var size = Math.Min(Batch, count - done);
            await InScope(services, async s =>
            {
                var db = s.GetRequiredService<ItsmDbContext>();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                var numbers = await s.GetRequiredService<RecordNumbers>().NextRangeAsync(RecordNumbers.Change, size, default);
                foreach (var number in numbers)
                {
                    var start = first.AddMinutes(random.Next(0, 730 * 24 * 4) * 15);
                    var ci = 1 + random.NextInt64(cmdb.Total);
                    var state = start < now
                        ? (random.Next(10) == 0 ? ChangeState.Cancelled : ChangeState.Closed)
                        : (ChangeState)random.Next((int)ChangeState.New, (int)ChangeState.Implement + 1);
                    var change = new Change
                    {
                        Number = number, ShortDescription = $"Change on {cmdb.Name(ci)}", OpenedBy = "load", OpenedAt = now, UpdatedAt = now, State = state,
                        PlannedStart = start, PlannedEnd = start.AddMinutes(30 * random.Next(1, 9)),
                        AssignedTo = $"eng-{random.Next(Engineers)}", ConfigurationItem = CmdbSeeder.Number(ci),
                        AffectedCis = [.. Enumerable.Range(1, random.Next(3)).Select(k => ci + k).Where(id => id <= cmdb.Total)
                            .Select(id => new ChangeAffectedCi { CiNumber = CmdbSeeder.Number(id) })],
                    };
                    db.Changes.Add(change);
                }

                await db.SaveChangesAsync();
            });
        }

        await InScope(services, async s =>
        {
            var windows = s.GetRequiredService<ChangeWindows>();
            for (var i = 0; i < 200; i++)
            {
                var service = CmdbSeeder.Number(CmdbSeeder.Id(random.Next(cmdb.Domains), 0));
                await windows.CreateAsync(new NewChangeWindow
                {
                    Name = $"Maintenance {i}", Kind = ChangeWindowKind.Maintenance, Days = [(DayOfWeek)random.Next(7)], StartTime = new TimeOnly(22, 0),
                    DurationMinutes = 240, Targets = [service],
                }, "load", default);
            }

            for (var i = 0; i < 20; i++)
            {
                var service = CmdbSeeder.Number(CmdbSeeder.Id(random.Next(cmdb.Domains), 0));
                var start = now.Date.AddDays(random.Next(-300, 300));
                await windows.CreateAsync(new NewChangeWindow
                {
                    Name = $"Blackout {i}", Kind = ChangeWindowKind.Blackout, Start = start, End = start.AddDays(random.Next(2, 8)), Targets = [service],
                }, "load", default);
            }

            await s.GetRequiredService<ItsmDbContext>().Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {count:N0} changes, 200 maintenance windows and 20 blackouts in {watch.Elapsed.TotalSeconds:F0} s"));
    }
}
