using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// "One trigger, one transaction" under load, on the embedded default and on a real PostgreSQL server: many incidents
/// made at once get distinct numbers, and a start whose save fails leaves nothing behind (its number is given back).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class RecordNumberConcurrencyTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IAsyncDisposable
{
    private const int Concurrent = 64;
    private const string Password = "Numbers-Pass-1!";
    private const string FailingBusinessKey = "refused-by-the-database";
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

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Incidents_created_at_once_through_the_API_get_distinct_numbers(string provider)
    {
        var agent = await StartAsync(provider);

        var responses = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i =>
            agent.PostAsJsonAsync("/api/incidents", new { shortDescription = $"Concurrent report {i}", category = "network", impact = 3, urgency = 3 }, Ct)));

        responses.Select(r => r.StatusCode).Should().AllSatisfy(status => status.Should().Be(HttpStatusCode.Created));
        var numbers = new List<string>();
        foreach (var response in responses)
        {
            numbers.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString()!);
            response.Dispose();
        }

        numbers.Should().OnlyHaveUniqueItems().And.HaveCount(Concurrent);
        (await StoredNumbersAsync("Concurrent report")).Should().BeEquivalentTo(numbers);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Incident_triage_started_at_once_gives_each_incident_its_own_number(string provider)
    {
        var admin = await StartAsync(provider);

        var responses = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => StartTriageAsync(admin, $"Concurrent start {i}", businessKey: null)));

        responses.Select(r => r.StatusCode).Should().AllSatisfy(status => status.Should().Be(HttpStatusCode.Created));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var numbers = await StoredNumbersAsync("Concurrent start");
        numbers.Should().HaveCount(Concurrent).And.OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_start_whose_save_fails_leaves_no_incident_behind_and_gives_its_number_back(string provider)
    {
        var admin = await StartAsync(provider);
        using (var first = await StartTriageAsync(admin, "Before the failure", businessKey: null))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var before = (await StoredNumbersAsync("Before the failure")).Single();
        await RefuseInstancesWithBusinessKeyAsync(provider);

        // The handler takes a number and adds the incident; then the database refuses the instance row.
        using (var failed = await StartTriageAsync(admin, "Should vanish", FailingBusinessKey))
        {
            ((int)failed.StatusCode).Should().BeGreaterThanOrEqualTo(400);
        }

        (await StoredNumbersAsync("Should vanish")).Should().BeEmpty("the incident and the instance commit together or not at all");
        using (var next = await StartTriageAsync(admin, "After the failure", businessKey: null))
        {
            next.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var after = (await StoredNumbersAsync("After the failure")).Single();
        long.Parse(after[3..], System.Globalization.CultureInfo.InvariantCulture).Should()
            .Be(long.Parse(before[3..], System.Globalization.CultureInfo.InvariantCulture) + 1, "the failed start's number was rolled back with it");
    }

    private async Task<HttpClient> StartAsync(string provider)
    {
        if (provider == "PostgreSql")
        {
            server.SkipIfUnavailable();
            var connectionString = await server.CreateDatabaseAsync("numbers");
            host = baseHost.WithWebHostBuilder(builder => builder
                .UseSetting("Database:Provider", "PostgreSql")
                .UseSetting("ConnectionStrings:Default", connectionString));
        }
        else
        {
            host = baseHost;
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DirectoryUser>>();
            var agent = new DirectoryUser { UserName = "desk.agent", Email = "desk.agent@example.test" };
            (await users.CreateAsync(agent, Password)).Succeeded.Should().BeTrue();
            (await users.AddToRolesAsync(agent, [Roles.Agent, Roles.Admin])).Succeeded.Should().BeTrue();
        }

        return await host.SignedInAsync("desk.agent", Password);
    }

    private static Task<HttpResponseMessage> StartTriageAsync(HttpClient client, string shortDescription, string? businessKey) =>
        client.PostAsJsonAsync("/api/process-instances", new
        {
            key = "incident-triage",
            businessKey,
            variables = new Dictionary<string, object?> { ["shortDescription"] = shortDescription, ["category"] = "network", ["impact"] = 3, ["urgency"] = 3 },
        }, Ct);

    private async Task<List<string>> StoredNumbersAsync(string descriptionPrefix)
    {
        await using var scope = host!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        return await db.Incidents.AsNoTracking().Where(i => i.ShortDescription.StartsWith(descriptionPrefix)).Select(i => i.Number).ToListAsync(Ct);
    }

    /// <summary>A database trigger that refuses one business key: a real failure of the runtime's save, after the handlers ran.</summary>
    private async Task RefuseInstancesWithBusinessKeyAsync(string provider)
    {
        await using var scope = host!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        if (provider == "PostgreSql")
        {
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE FUNCTION refuse_instance() RETURNS trigger AS $$
                BEGIN
                  IF NEW."BusinessKey" = '{FailingBusinessKey}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_instance BEFORE INSERT ON "ProcessInstances" FOR EACH ROW EXECUTE FUNCTION refuse_instance();
                """, Ct);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TRIGGER refuse_instance BEFORE INSERT ON "ProcessInstances"
                WHEN NEW."BusinessKey" = '{FailingBusinessKey}'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
                """, Ct);
        }
    }
}
