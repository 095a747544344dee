using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// CMDB health through GET /api/cmdb/health and the CI list's ?health= filter, on SQLite and on PostgreSQL (the
/// findings are SQL): stale CIs by their class's refresh period (by UpdatedAt when no attribute was written),
/// orphans (an application or software instance that runs on nothing; a server nothing depends on is none),
/// duplicates (one class, the same name or serial number ignoring case and spaces). Each host has its own database,
/// so the counts are exactly this estate's.
/// </summary>
public sealed class CmdbHealthApiTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    private const string Password = "Cmdb-Health-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_counts_stale_orphan_and_duplicate_CIs_and_lists_them_on_SQLite()
    {
        await using var host = new WebHostFactory();
        await HealthScenarioAsync(host);
    }

    [Fact]
    public async Task Health_counts_stale_orphan_and_duplicate_CIs_and_lists_them_on_PostgreSQL()
    {
        server.SkipIfUnavailable();
        var connectionString = await server.CreateDatabaseAsync("cmdbhealth");
        await using var baseHost = new WebHostFactory();
        await using var host = baseHost.WithWebHostBuilder(builder => builder
            .UseSetting("Database:Provider", "PostgreSql")
            .UseSetting("ConnectionStrings:Default", connectionString));
        await HealthScenarioAsync(host);
    }

    private static async Task HealthScenarioAsync(WebApplicationFactory<Program> host)
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DirectoryUser>>();
            var user = new DirectoryUser { UserName = "health.agent", Email = "health.agent@example.test" };
            (await users.CreateAsync(user, Password)).Succeeded.Should().BeTrue();
            (await users.AddToRoleAsync(user, Roles.Agent)).Succeeded.Should().BeTrue();
        }

        using var admin = await host.SignedInAsync();
        using var agent = await host.SignedInAsync("health.agent", Password);

        async Task<string> Ci(string name, string @class, object? attributes = null)
        {
            using var created = await agent.PostAsJsonAsync("/api/cmdb/cis", new { name, @class, state = "Operational", attributes }, Ct);
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
            return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("ci").GetProperty("number").GetString()!;
        }

        async Task Relate(string source, string type, string target) =>
            (await agent.PostAsJsonAsync("/api/cmdb/relations", new { source, type, target }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        async Task LastWritten(string number, int daysAgo, bool onlyOneAttribute = false)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            var then = DateTime.UtcNow.AddDays(-daysAgo);
            var id = await db.ConfigurationItems.Where(c => c.Number == number).Select(c => c.Id).SingleAsync(Ct);
            var values = db.CiAttributeValues.Where(v => v.CiId == id);
            if (onlyOneAttribute)
            {
                var first = await values.OrderBy(v => v.Id).Select(v => v.Id).FirstAsync(Ct);
                values = values.Where(v => v.Id == first);
            }

            await values.ExecuteUpdateAsync(v => v.SetProperty(x => x.WrittenAt, then), Ct);
            await db.ConfigurationItems.Where(c => c.Id == id).ExecuteUpdateAsync(c => c.SetProperty(x => x.UpdatedAt, then), Ct);
        }

        // Stale: attributes 61 days old (server: 60-day period); a location without attributes updated 61 days ago.
        var oldServer = await Ci("old-srv", CmdbSeed.Server, new { ramGb = "16", operatingSystem = "Debian 11" });
        await LastWritten(oldServer, 61);
        var bareLocation = await Ci("Old depot", CmdbSeed.Location);
        await LastWritten(bareLocation, 61);
        // Not stale: one attribute of two is fresh; a network device 100 days old in a class kept for 200 days; a retired CI.
        var halfFresh = await Ci("half-fresh-srv", CmdbSeed.Server, new { ramGb = "16", operatingSystem = "Debian 12" });
        await LastWritten(halfFresh, 61, onlyOneAttribute: true);
        (await admin.PutAsJsonAsync("/api/cmdb/classes/network-device", new { refreshPeriodDays = 200 }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var slowSwitch = await Ci("slow-switch", CmdbSeed.NetworkDevice, new { deviceType = "switch" });
        await LastWritten(slowSwitch, 100);
        var retired = await Ci("retired-srv", CmdbSeed.Server, new { ramGb = "8" });
        (await agent.PostAsJsonAsync($"/api/cmdb/cis/{retired}/transitions", new { state = "Retired" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        await LastWritten(retired, 400);

        // Orphans: an application and a database that run on / are hosted on nothing. Not: a hosted application, a lone server.
        await Ci("Orphan app", CmdbSeed.Application);
        await Ci("orphan-db", CmdbSeed.Database);
        var host1 = await Ci("app-host-01", CmdbSeed.Server, new { serialNumber = "HOST-1" });
        await Relate(await Ci("Hosted app", CmdbSeed.Application), CmdbSeed.RunsOn, host1);

        // Duplicates: two servers named alike, two servers sharing a serial number; not a virtual machine of the same name (another class).
        await Ci("Dup Server", CmdbSeed.Server);
        await Ci("dup server", CmdbSeed.Server);
        await Ci("Dup Server", CmdbSeed.VirtualMachine);
        await Ci("serial-a", CmdbSeed.Server, new { serialNumber = "AB 12-X" });
        await Ci("serial-b", CmdbSeed.Server, new { serialNumber = "ab12-x" });

        var counts = await agent.GetFromJsonAsync<JsonElement>("/api/cmdb/health", Ct);
        counts.GetProperty("stale").GetInt32().Should().Be(2);
        counts.GetProperty("orphans").GetInt32().Should().Be(2);
        counts.GetProperty("duplicates").GetInt32().Should().Be(4);

        async Task<List<string>> Listed(string health)
        {
            var page = await agent.GetFromJsonAsync<JsonElement>($"/api/cmdb/cis?health={health}&pageSize=50", Ct);
            return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
        }

        (await Listed("stale")).Should().BeEquivalentTo("old-srv", "Old depot");
        (await Listed("orphan")).Should().BeEquivalentTo("Orphan app", "orphan-db");
        (await Listed("Duplicate")).Should().BeEquivalentTo("Dup Server", "dup server", "serial-a", "serial-b");
        using var bad = await agent.GetAsync("/api/cmdb/cis?health=broken", Ct);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("health", out _).Should().BeTrue();
    }
}
