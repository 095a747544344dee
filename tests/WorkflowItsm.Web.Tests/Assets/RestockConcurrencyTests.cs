using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Assets;

/// <summary>
/// A stock rule raises exactly one restock order however many issues take its stock below the threshold at once: on
/// a real PostgreSQL server (and on the embedded default), many assets are issued concurrently through the API; the
/// unique pending order per rule lets one of the racing checks write it.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class RestockConcurrencyTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IAsyncDisposable
{
    private const int Assets = 12;
    private const string Password = "Restock-Pass-1!";
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
    [InlineData("PostgreSql")]
    [InlineData("Sqlite")]
    public async Task Two_or_more_issues_at_once_below_the_threshold_raise_exactly_one_restock_order(string provider)
    {
        using var agent = await StartAsync(provider);
        using var model = await agent.PostAsJsonAsync("/api/assets/models", new { manufacturer = "Apple", name = "iPhone 15 (race)", category = "Phone", unitCost = 850 }, Ct);
        var modelId = (await model.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        using var room = await agent.PostAsJsonAsync("/api/assets/stockrooms", new { name = "Race store" }, Ct);
        var stockroomId = (await room.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var numbers = new List<string>();
        for (var i = 0; i < Assets; i++)
        {
            using var created = await agent.PostAsJsonAsync("/api/assets", new { modelId, serialNumber = $"RACE-{i}", state = "InStock", stockroomId }, Ct);
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            numbers.Add((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString()!);
        }

        // The threshold is the whole stock: every one of the concurrent issues finds the stock low and races to raise the order.
        using (var rule = await agent.PostAsJsonAsync("/api/assets/stock-rules", new { modelId, stockroomId, threshold = Assets, restockQuantity = 10 }, Ct))
        {
            rule.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var issues = await Task.WhenAll(numbers.Select(number => agent.PostAsJsonAsync($"/api/assets/{number}/issue", new { assignedPerson = "desk.agent" }, Ct)));

        issues.Select(r => r.StatusCode).Should().AllSatisfy(status => status.Should().Be(HttpStatusCode.OK));
        foreach (var issue in issues)
        {
            issue.Dispose();
        }

        var orders = await agent.GetFromJsonAsync<JsonElement>("/api/assets/restock-orders?all=true", Ct);
        orders.EnumerateArray().Where(o => o.GetProperty("modelId").GetInt32() == modelId).Should().ContainSingle()
            .Which.GetProperty("quantity").GetInt32().Should().Be(10);
    }

    private async Task<HttpClient> StartAsync(string provider)
    {
        if (provider == "PostgreSql")
        {
            server.SkipIfUnavailable();
            var connectionString = await server.CreateDatabaseAsync("restock");
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
}
