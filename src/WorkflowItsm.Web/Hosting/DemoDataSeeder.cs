using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;

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
/// services — workflows, SLA clocks, audit — on a copy of the host's services whose clock replays each incident's
/// history, so their SLA timelines and reports are what the product itself would have recorded. Runs once: only on
/// a database without incidents.
/// </summary>
internal static partial class DemoDataSeeder
{
    public const string DemoPasswordSetting = "Seed:DemoPassword";
    private static readonly string[] Agents = ["ana", "ben", "chris", "dana", "eli"];
    private static readonly string[] Requesters = ["rita", "sam", "tom", "una", "victor"];
    private static readonly string[] Services = ["email", "vpn", "erp", "wifi", "printing", "laptops"];

    // Categorized as a desk would (sign-in trouble is access, the rest by service), so that the category suggested on
    // the portal learns something real from the demo.
    private static readonly Dictionary<string, string> CategoryOfService = new(StringComparer.Ordinal)
    {
        ["email"] = "software", ["vpn"] = "network", ["erp"] = "software", ["wifi"] = "network", ["printing"] = "hardware", ["laptops"] = "hardware",
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

        // The same services with the replay clock; nothing of it runs in the background (hosted services are never resolved).
        var replay = new ServiceCollection();
        foreach (var service in hostServices.Where(s => s.ServiceType != typeof(TimeProvider)))
        {
            ((ICollection<ServiceDescriptor>)replay).Add(service);
        }

        replay.AddSingleton<TimeProvider>(clock);
        await using var services = replay.BuildServiceProvider();
        await PeopleAsync(services, password, cancellationToken);

        var random = new Random(2026);
        var openedTimes = Enumerable.Range(0, count).Select(_ => now - TimeSpan.FromMinutes(random.Next(20, 60 * 24 * 60))).Order().ToList();
        foreach (var opened in openedTimes)
        {
            await IncidentAsync(services, clock, random, opened, now, cancellationToken);
        }

        clock.Now = now;
        LogSeeded(logger, count);
        Console.WriteLine();
        Console.WriteLine("================================================================");
        Console.WriteLine($"  Demo data: {count} incidents. Agents {string.Join(", ", Agents)}; requesters {string.Join(", ", Requesters)}.");
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

    private static async Task IncidentAsync(IServiceProvider services, ReplayClock clock, Random random, DateTimeOffset opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var age = now - opened;
        var caller = Requesters[random.Next(Requesters.Length)];
        var service = Services[random.Next(Services.Length)];
        var problem = Problems[random.Next(Problems.Length)];
        var category = problem.Contains("sign", StringComparison.Ordinal) || problem.Contains("password", StringComparison.Ordinal) ? "access" : CategoryOfService[service];
        var impact = Weighted(random, 10, 30, 60);
        var urgency = Weighted(random, 15, 35, 50);
        clock.Now = opened;
        var incident = await InScopeAsync(services, s => s.GetRequiredService<IncidentService>().CreateAsync(
            new NewIncident
            {
                ShortDescription = $"{Capitalized(service)}: {problem}",
                Caller = caller,
                Category = category,
                Service = service,
                ConfigurationItem = $"{service}-{random.Next(1, 4):00}",
                Impact = impact,
                Urgency = urgency,
            }, caller, cancellationToken));

        var fate = random.Next(100);
        if (fate < 5 && age > TimeSpan.FromHours(1))
        {
            await AtAsync(clock, opened + TimeSpan.FromMinutes(30), now, () => TransitionAsync(services, incident.Number, new IncidentTransition(IncidentState.Cancelled), caller, cancellationToken));
            return;
        }

        // Recent ones may still wait for someone to take them on.
        if (age < TimeSpan.FromDays(2) && fate < 20)
        {
            return;
        }

        var agent = incident.AssignmentGroup switch
        {
            "network" => "dana",
            "applications" => "eli",
            "service-desk-l2" => random.Next(2) == 0 ? "chris" : "eli",
            _ => random.Next(2) == 0 ? "ana" : "ben",
        };
        var takenOn = opened + TimeSpan.FromMinutes(random.Next(5, incident.Priority <= 2 ? 90 : 600));
        if (!await AtAsync(clock, takenOn, now, () => InScopeAsync(services, s => s.GetRequiredService<IncidentService>().TakeOnAsync(incident.Number, agent, agent, cancellationToken))))
        {
            return;
        }

        if (fate is >= 20 and < 30)
        {
            await AtAsync(clock, takenOn + TimeSpan.FromMinutes(random.Next(10, 120)), now,
                () => TransitionAsync(services, incident.Number, new IncidentTransition(IncidentState.OnHold, OnHoldReason.AwaitingCaller), agent, cancellationToken));
            return;
        }

        var resolved = takenOn + TimeSpan.FromMinutes(random.Next(20, incident.Priority <= 2 ? 8 * 60 : 4 * 24 * 60));
        if (fate is >= 30 and < 40 || !await AtAsync(clock, resolved, now, () => TransitionAsync(services, incident.Number,
                new IncidentTransition(IncidentState.Resolved, ResolutionCode: random.Next(4) == 0 ? "workaround" : "fixed", ResolutionNotes: "Fixed and checked with the caller."),
                agent, cancellationToken)))
        {
            return;
        }

        await AtAsync(clock, resolved + TimeSpan.FromHours(random.Next(1, 40)), now,
            () => TransitionAsync(services, incident.Number, new IncidentTransition(IncidentState.Closed), caller, cancellationToken));
    }

    private static readonly string[] Problems =
        ["cannot connect", "very slow since this morning", "error when signing in", "stops responding", "not working for the whole team", "asks for a password again and again"];

    /// <summary>Runs <paramref name="step"/> at <paramref name="at"/> on the replay clock, unless that is still in the future.</summary>
    private static async Task<bool> AtAsync(ReplayClock clock, DateTimeOffset at, DateTimeOffset now, Func<Task> step)
    {
        if (at >= now)
        {
            return false;
        }

        clock.Now = at;
        await step();
        return true;
    }

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
