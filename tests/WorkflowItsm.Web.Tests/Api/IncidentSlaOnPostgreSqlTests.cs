using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>The system clock moved by an offset the test sets: time the product sees can jump ahead while Hangfire runs on real time.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>
/// An incident's life through the API on a real PostgreSQL server, with its SLA breach fired by Hangfire's own
/// scheduler: the incident is reported on an injected clock set 4 hours (less a few seconds) back, the clock then
/// jumps to now, and the breach job Hangfire scheduled for the due moment runs seconds later and starts the
/// sla-escalation workflow.
/// </summary>
public sealed class IncidentSlaOnPostgreSqlTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IAsyncDisposable
{
    private const string Password = "Incident-Pass-1!";
    private static readonly TimeSpan P1Resolution = TimeSpan.FromHours(4);
    private readonly ShiftedClock clock = new();
    private readonly WebHostFactory baseHost = new();
    private WebApplicationFactory<Program>? host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await baseHost.DisposeAsync();
    }

    [Fact]
    public async Task An_incident_breaches_its_SLA_through_Hangfire_escalates_and_is_worked_to_closed()
    {
        server.SkipIfUnavailable();
        var connectionString = await server.CreateDatabaseAsync("incidents");
        host = baseHost.WithWebHostBuilder(builder => builder
            .UseSetting("Database:Provider", "PostgreSql")
            .UseSetting("ConnectionStrings:Default", connectionString)
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DirectoryUser>>();
            foreach (var (name, role) in new[] { ("l2.agent", Roles.Agent), ("rita", Roles.Requester) })
            {
                var user = new DirectoryUser { UserName = name, Email = $"{name}@example.test" };
                (await users.CreateAsync(user, Password)).Succeeded.Should().BeTrue();
                (await users.AddToRoleAsync(user, role)).Succeeded.Should().BeTrue();
            }

            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync("service-desk-l2", "l2.agent", Ct);
        }

        using var admin = await host!.SignedInAsync("admin", WebHostFactory.AdminPassword);
        using var agent = await host!.SignedInAsync("l2.agent", Password);
        using var rita = await host!.SignedInAsync("rita", Password);

        // Only the breach moment is planned for the P1 resolution clock (no warnings), so one Hangfire job is due.
        var definitions = await admin.GetFromJsonAsync<JsonElement>("/api/sla-definitions", Ct);
        var p1Resolution = definitions.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "P1 resolution in 4 hours");
        var edited = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(p1Resolution.GetRawText())!;
        edited["warningPercents"] = JsonSerializer.SerializeToElement<string?>(null);
        (await admin.PutAsJsonAsync($"/api/sla-definitions/{p1Resolution.GetProperty("id").GetInt32()}", edited, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Reported (as the product's clock sees it) 4 hours ago less 15 seconds.
        clock.Offset = -(P1Resolution - TimeSpan.FromSeconds(15));
        using var created = await rita.PostAsJsonAsync("/api/incidents", new { shortDescription = "Payroll is down", impact = 1, urgency = 1 }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString()!;
        // Taken on at once (the response promise is kept), then the clock jumps to now.
        (await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "InProgress" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        clock.Offset = TimeSpan.Zero;

        var breached = await EventuallyAsync(async () =>
            (await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}/sla", Ct)).EnumerateArray()
                .FirstOrDefault(c => c.GetProperty("kind").GetString() == "Resolution" && c.GetProperty("breachedAt").ValueKind != JsonValueKind.Null),
            TimeSpan.FromSeconds(90));
        breached.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Should().Equal("started", "breached");
        breached.GetProperty("percentUsed").GetDouble().Should().BeGreaterThanOrEqualTo(100);

        // The escalation workflow asks second line to decide; they hand it to the service desk.
        var decision = await EventuallyAsync(async () =>
            (await agent.GetFromJsonAsync<JsonElement>("/api/tasks", Ct)).GetProperty("items").EnumerateArray()
                .FirstOrDefault(t => t.GetProperty("elementId").GetString() == "DecideEscalation" && t.GetProperty("businessKey").GetString() == number),
            TimeSpan.FromSeconds(30));
        (await agent.PostAsJsonAsync($"/api/tasks/{decision.GetProperty("id").GetString()}/complete",
            new { variables = new { action = "reassign", newGroup = "service-desk" } }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var incident = (await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}", Ct)).GetProperty("incident");
        incident.GetProperty("assignmentGroup").GetString().Should().Be("service-desk");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            (await db.Notifications.AnyAsync(n => n.Recipient == "l2.agent" && n.Kind == "sla-breached", Ct)).Should().BeTrue();
        }

        // Resolved on the record, confirmed by the caller: closed, both workflows ended.
        (await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "Resolved", resolutionCode = "fixed", resolutionNotes = "Restarted payroll" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await rita.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "Closed" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var instances = await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances?businessKey={number}", Ct);
        instances.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("definitionKey").GetString()}:{i.GetProperty("status").GetString()}")
            .Should().BeEquivalentTo("incident-triage:Completed", "sla-escalation:Completed");
        var clocks = await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}/sla", Ct);
        clocks.EnumerateArray().Select(c => $"{c.GetProperty("kind").GetString()}:{c.GetProperty("state").GetString()}:{c.GetProperty("breachedAt").ValueKind != JsonValueKind.Null}")
            .Should().BeEquivalentTo("Response:Stopped:False", "Resolution:Stopped:True");
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> probe, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var found = await probe();
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not there within {within}.");
            }

            await Task.Delay(500, Ct);
        }
    }
}
