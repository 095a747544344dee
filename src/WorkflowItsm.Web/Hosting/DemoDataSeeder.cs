using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Web.Configuration;

namespace WorkflowItsm.Web.Hosting;

/// <summary>The product's clock for replaying history: it says what time it is, and the demo seeder moves it.</summary>
internal sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// Demo data for a first look (setting Seed:DemoData, on in the launch profile `dotnet run` uses): teams and people,
/// routing rules, and about 200 incidents of the last 60 days in every state. The incidents are made by the real
/// services — workflows, SLA clocks, audit, notifications — on a copy of the host's services whose clock replays
/// the desk's history in time order, the jobs they plan (SLA checks, escalations) included
/// (<see cref="ReplayJobs"/>), so their SLA timelines and reports are what the product itself would have recorded.
/// The desk is a healthy one: most incidents are taken on and resolved within their SLA, a few are late, and what
/// people were told before the last hours is read. Runs once: only on a database without incidents.
/// </summary>
internal static partial class DemoDataSeeder
{
    public const string DemoPasswordSetting = "Seed:DemoPassword";
    private static readonly string[] Agents = ["ana", "ben", "chris", "dana", "eli"];
    private static readonly string[] Requesters = ["rita", "sam", "tom", "una", "victor"];

    /// <summary>Who runs changes: a change manager who chairs the CAB, and CAB members (their boards: the approvals module's demo data).</summary>
    private static readonly (string Name, string[] Roles)[] ChangePeople =
    [
        ("carl", [Roles.ChangeManager, Roles.CabMember]),
        ("cora", [Roles.CabMember]),
        ("colin", [Roles.CabMember]),
    ];
    private static readonly string[] Services = ["email", "vpn", "erp", "wifi", "printing", "laptops"];
    private static readonly TimeSpan History = TimeSpan.FromDays(60);

    /// <summary>Notifications younger than this are unread when the demo starts (a handful a person); older ones were read.</summary>
    private static readonly TimeSpan FreshNews = TimeSpan.FromDays(5);

    // Categorized as a desk would (sign-in trouble is access, the rest by service), so that the category suggested on
    // the portal learns something real from the demo.
    private static readonly Dictionary<string, string> CategoryOfService = new(StringComparer.Ordinal)
    {
        ["email"] = "software", ["vpn"] = "network", ["erp"] = "software", ["wifi"] = "network", ["printing"] = "hardware", ["laptops"] = "hardware",
    };

    // The CIs (by name, from the demo's CMDB) an incident about each service names: what broke for its caller.
    private static readonly Dictionary<string, string[]> ItemsOfService = new(StringComparer.Ordinal)
    {
        ["email"] = ["Exchange Server", "vm-mail-01"], ["vpn"] = ["fw-01"], ["erp"] = ["ERP suite", "erpdb", "vm-erp-app-01"],
        ["wifi"] = ["ap-floor-2", "core-sw-01"], ["printing"] = ["Print management", "vm-print-01"], ["laptops"] = ["Endpoint management"],
    };

    public static async Task SeedIfEmptyAsync(IServiceCollection hostServices, IServiceProvider host, IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        await using (var scope = host.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Incidents.AnyAsync(cancellationToken))
            {
                return;
            }
        }

        var count = configuration.GetValue("Seed:DemoIncidents", 200);
        var configured = configuration[DemoPasswordSetting];
        var password = string.IsNullOrWhiteSpace(configured) ? "Demo-7" + Guid.NewGuid().ToString("N")[..10] + "!" : configured;
        var now = host.GetRequiredService<TimeProvider>().GetUtcNow();
        var clock = new ReplayClock(now);
        var jobs = new ReplayJobs(clock);

        // The same services with the replay clock and job engine; nothing of it runs in the background (hosted services are never resolved).
        var replay = new ServiceCollection();
        foreach (var service in hostServices.Where(s => s.ServiceType != typeof(TimeProvider) && s.ServiceType != typeof(IJobs)))
        {
            ((ICollection<ServiceDescriptor>)replay).Add(service);
        }

        replay.AddSingleton<TimeProvider>(clock);
        replay.AddSingleton<IJobs>(jobs);
        await using var services = replay.BuildServiceProvider();
        clock.Now = now - History - TimeSpan.FromDays(1);
        await PeopleAsync(services, password, cancellationToken);
        // The CMDB is seeded at the real time, not the replay's: its CIs were seen by discovery lately, so only the
        // demo's deliberately stale one is stale, and a spreadsheet import does not outrank discovery's values.
        await using (var scope = host.CreateAsyncScope())
        {
            await CmdbDemoData.SeedAsync(scope.ServiceProvider, cancellationToken);
        }

        var estate = await EstateAsync(services, cancellationToken);

        var random = new Random(2026);
        // The desk is busy now too: the newest few arrived within the last hours, so queues and inboxes have work in them
        // whatever the hour of the start (the page crawl opens a task from them).
        var recent = Math.Max(2, count / 20);
        var openedTimes = Enumerable.Range(0, count)
            .Select(i => now - TimeSpan.FromMinutes(random.Next(20, i < recent ? 180 : (int)History.TotalMinutes))).Order().ToList();
        // Each incident draws from its own generator: the replay interleaves the incidents by time, and a shared one
        // would hand out its numbers in an order that depends on the hour and weekday of the start (business hours
        // move the due moments), so the demo's story (how many P1s, which are late) changed with the clock.
        await ReplayAsync(services, clock, jobs,
            openedTimes.Select((opened, i) => IncidentAsync(services, estate, new Random(2026 + i), opened, now, cancellationToken)), now);
        await ReadOlderNotificationsAsync(services, now - FreshNews, cancellationToken);
        clock.Now = now;
        await using (var scope = host.CreateAsyncScope())
        {
            jobs.HandOverTo(scope.ServiceProvider.GetRequiredService<IJobs>());
        }

        LogSeeded(logger, count);
        Console.WriteLine();
        Console.WriteLine("================================================================");
        Console.WriteLine($"  Demo data: {count} incidents. Agents {string.Join(", ", Agents)}; change manager carl, CAB members cora and colin; requesters {string.Join(", ", Requesters)}.");
        Console.WriteLine($"  Their password: {(string.IsNullOrWhiteSpace(configured) ? password : $"as set in {DemoPasswordSetting}")}");
        Console.WriteLine("================================================================");
        Console.WriteLine();
    }

    private static async Task PeopleAsync(IServiceProvider services, string password, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var groups = scope.ServiceProvider.GetRequiredService<DirectoryGroups>();
        await groups.EnsureAsync("network", "Network team", "Routers, Wi-Fi, VPN.", cancellationToken);
        await groups.EnsureAsync("applications", "Application support", "ERP, email and desktop software.", cancellationToken);
        var people = scope.ServiceProvider.GetRequiredService<DirectoryPeople>();
        string[][] teams = [["service-desk"], ["service-desk"], ["service-desk-l2", "service-desk-managers"], ["network"], ["applications", "service-desk-l2"]];
        for (var i = 0; i < Agents.Length; i++)
        {
            Created(await people.CreateAsync(new NewPerson(Agents[i], Capitalized(Agents[i]), $"{Agents[i]}@demo.workflowitsm.local", password, [Roles.Agent], teams[i]), cancellationToken));
        }

        foreach (var (name, roles) in ChangePeople)
        {
            Created(await people.CreateAsync(new NewPerson(name, Capitalized(name), $"{name}@demo.workflowitsm.local", password, roles, []), cancellationToken));
        }

        foreach (var requester in Requesters)
        {
            Created(await people.CreateAsync(new NewPerson(requester, Capitalized(requester), $"{requester}@demo.workflowitsm.local", password, [Roles.Requester], []), cancellationToken));
        }

        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        db.IncidentRoutingRules.AddRange(
            new IncidentRoutingRule { Order = 20, Category = "network", AssignmentGroup = "network" },
            new IncidentRoutingRule { Order = 30, Category = "software", AssignmentGroup = "applications" });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>For each service word of the demo's incidents, its business service's number and the numbers of its CIs in the demo's CMDB.</summary>
    private static async Task<Dictionary<string, (string Service, string[] Items)>> EstateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var references = scope.ServiceProvider.GetRequiredService<CiReferences>();
        var businessServices = await references.MatchServicesAsync(Services, cancellationToken);
        var items = await references.MatchItemsAsync(ItemsOfService.Values.SelectMany(names => names), cancellationToken);
        return Services.ToDictionary(s => s, s => (businessServices[s].Number, ItemsOfService[s].Select(name => items[name].Number).ToArray()), StringComparer.Ordinal);
    }

    /// <summary>
    /// Replays the lives of the incidents side by side in time order: each yields the moment of its next step, and
    /// the step runs once the clock (and the jobs planned before it) got there. Steps that would come after
    /// <paramref name="now"/> do not happen: those incidents are still open.
    /// </summary>
    private static async Task ReplayAsync(IServiceProvider services, ReplayClock clock, ReplayJobs jobs, IEnumerable<IAsyncEnumerable<DateTimeOffset>> lives, DateTimeOffset now)
    {
        var next = new PriorityQueue<IAsyncEnumerator<DateTimeOffset>, (DateTimeOffset At, int Order)>();
        var order = 0;
        foreach (var life in lives)
        {
            var steps = life.GetAsyncEnumerator();
            if (await steps.MoveNextAsync())
            {
                next.Enqueue(steps, (steps.Current, order++));
            }
        }

        while (next.TryDequeue(out var steps, out var when))
        {
            if (when.At >= now)
            {
                await steps.DisposeAsync();
                continue;
            }

            await jobs.RunUntilAsync(services, when.At);
            clock.Now = when.At > clock.Now ? when.At : clock.Now;
            if (await steps.MoveNextAsync())
            {
                next.Enqueue(steps, (steps.Current, when.Order));
            }
            else
            {
                await steps.DisposeAsync();
            }
        }

        await jobs.RunUntilAsync(services, now);
    }

    /// <summary>
    /// One incident's life as a desk that keeps its promises lives it: taken on and resolved within the SLA's target
    /// most of the time, late now and then. Each yielded moment is when the step after it happens.
    /// </summary>
    private static async IAsyncEnumerable<DateTimeOffset> IncidentAsync(IServiceProvider services, Dictionary<string, (string Service, string[] Items)> estate, Random random, DateTimeOffset opened, DateTimeOffset now,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return opened;
        var age = now - opened;
        var caller = Requesters[random.Next(Requesters.Length)];
        var service = Services[random.Next(Services.Length)];
        var problem = Problems[random.Next(Problems.Length)];
        var category = problem.Contains("sign", StringComparison.Ordinal) || problem.Contains("password", StringComparison.Ordinal) ? "access" : CategoryOfService[service];
        var impact = Weighted(random, 10, 30, 60);
        var urgency = Weighted(random, 15, 35, 50);
        var incident = await InScopeAsync(services, s => s.GetRequiredService<IncidentService>().CreateAsync(
            new NewIncident
            {
                ShortDescription = $"{Capitalized(service)}: {problem}",
                Caller = caller,
                Category = category,
                Service = estate[service].Service,
                ConfigurationItem = estate[service].Items[random.Next(estate[service].Items.Length)],
                Impact = impact,
                Urgency = urgency,
            }, caller, cancellationToken));

        var fate = random.Next(100);
        if (fate < 5)
        {
            yield return opened + TimeSpan.FromMinutes(30);
            await TransitionAsync(services, incident.Number, new IncidentTransition(IncidentState.Cancelled), caller, cancellationToken);
            yield break;
        }

        // Recent ones of lower priority may still wait for someone to take them on.
        var (respond, resolve) = await DueSpansAsync(services, incident, opened, cancellationToken);
        if (fate < 20 && incident.Priority > 2 && age < respond / 2)
        {
            yield break;
        }

        var agent = incident.AssignmentGroup switch
        {
            "network" => "dana",
            "applications" => "eli",
            "service-desk-l2" => random.Next(2) == 0 ? "chris" : "eli",
            _ => random.Next(2) == 0 ? "ana" : "ben",
        };
        // Within the time to the clocks' due moments keeps the promise; one in eight is late.
        var takenOn = opened + Share(random, respond);
        yield return takenOn;
        await InScopeAsync(services, s => s.GetRequiredService<IncidentService>().TakeOnAsync(incident.Number, agent, agent, cancellationToken));

        if (fate is >= 20 and < 30)
        {
            yield return takenOn + TimeSpan.FromMinutes(random.Next(10, 60));
            await TransitionAsync(services, incident.Number, new IncidentTransition(IncidentState.OnHold, OnHoldReason.AwaitingCaller), agent, cancellationToken);
            yield break;
        }

        var resolved = opened + Share(random, resolve);
        yield return resolved > takenOn ? resolved : takenOn + TimeSpan.FromMinutes(10);
        await TransitionAsync(services, incident.Number,
            new IncidentTransition(IncidentState.Resolved, ResolutionCode: random.Next(4) == 0 ? "workaround" : "fixed", ResolutionNotes: "Fixed and checked with the caller."),
            agent, cancellationToken);

        yield return (resolved > takenOn ? resolved : takenOn) + TimeSpan.FromHours(random.Next(1, 40));
        await TransitionAsync(services, incident.Number, new IncidentTransition(IncidentState.Closed), caller, cancellationToken);
    }

    /// <summary>
    /// The wall-clock time from opening to the response and resolution clocks' due moments: the targets in business
    /// time on their calendars, so a share past it is late whatever nights and weekends lie between (the seeded
    /// targets stand in for an incident without a clock).
    /// </summary>
    private static async Task<(TimeSpan Respond, TimeSpan Resolve)> DueSpansAsync(IServiceProvider services, Incident incident, DateTimeOffset opened, CancellationToken cancellationToken)
    {
        var due = await InScopeAsync(services, s => s.GetRequiredService<ItsmDbContext>().SlaClocks.AsNoTracking()
            .Where(c => c.IncidentId == incident.Id && c.DueAt != null).Select(c => new { c.Kind, c.DueAt }).ToListAsync(cancellationToken));
        TimeSpan SpanTo(SlaKind kind, TimeSpan seeded) =>
            due.FirstOrDefault(d => d.Kind == kind)?.DueAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) - opened : seeded;
        return incident.Priority switch
        {
            1 => (SpanTo(SlaKind.Response, TimeSpan.FromMinutes(15)), SpanTo(SlaKind.Resolution, TimeSpan.FromHours(4))),
            2 => (SpanTo(SlaKind.Response, TimeSpan.FromHours(1)), SpanTo(SlaKind.Resolution, TimeSpan.FromHours(8))),
            _ => (SpanTo(SlaKind.Response, TimeSpan.FromHours(4)), SpanTo(SlaKind.Resolution, TimeSpan.FromHours(30))),
        };
    }

    /// <summary>Mostly 20–90 % of the time to due; one time in eight 110–180 % (late).</summary>
    private static TimeSpan Share(Random random, TimeSpan target) =>
        target * (random.Next(8) == 0 ? 1.1 + random.NextDouble() * 0.7 : 0.2 + random.NextDouble() * 0.7);

    /// <summary>People read what they were told: only the last days' notifications are still news when the demo starts.</summary>
    private static async Task ReadOlderNotificationsAsync(IServiceProvider services, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var cutoff = before.UtcDateTime;
        await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Notifications.Where(n => n.ReadAt == null && n.CreatedAt < cutoff)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, n => n.CreatedAt), cancellationToken);
    }

    private static readonly string[] Problems =
        ["cannot connect", "very slow since this morning", "error when signing in", "stops responding", "not working for the whole team", "asks for a password again and again"];

    private static Task<Incident> TransitionAsync(IServiceProvider services, string number, IncidentTransition transition, string by, CancellationToken cancellationToken) =>
        InScopeAsync(services, s => s.GetRequiredService<IncidentService>().TransitionAsync(number, transition, by, cancellationToken));

    private static async Task<T> InScopeAsync<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private static void Created(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new StartupConfigurationException($"Demo people could not be created (check {DemoPasswordSetting} against the password rules): {string.Join(" ", problems)}");
        }
    }

    private static int Weighted(Random random, int one, int two, int three)
    {
        var roll = random.Next(one + two + three);
        return roll < one ? 1 : roll < one + two ? 2 : 3;
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Count} incidents")]
    private static partial void LogSeeded(ILogger logger, int count);
}
