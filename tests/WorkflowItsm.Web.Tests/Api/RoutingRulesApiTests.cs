using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>Admins keep the incident routing rules through the API: added last, checked (the group must exist), changed, reordered, removed; new incidents follow them.</summary>
public sealed class RoutingRulesApiTests : IAsyncLifetime
{
    private const string Password = "Route-Admin-Pass-1!";
    private readonly WebHostFactory host = new();
    private HttpClient admin = null!;

    public async ValueTask InitializeAsync()
    {
        await host.CreateUserAsync("route.admin", Password, Roles.Admin);
        admin = await host.SignedInAsync("route.admin", Password);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("desktop", "Desktop support", null, Ct);
        await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("network", "Network team", null, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<(int Id, int Position, string? Category, string Group)>> ListAsync() =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/api/routing-rules", Ct)).EnumerateArray()
            .Select(r => (r.GetProperty("id").GetInt32(), r.GetProperty("position").GetInt32(), r.GetProperty("category").GetString(), r.GetProperty("assignmentGroup").GetString()!))];

    private async Task<string> GroupOfNewIncidentAsync(string category, int impact, int urgency)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var incident = await scope.ServiceProvider.GetRequiredService<IncidentService>()
            .CreateAsync(new NewIncident { ShortDescription = $"Something with {category}", Category = category, Impact = impact, Urgency = urgency }, "route.admin", Ct);
        return incident.AssignmentGroup!;
    }

    [Fact]
    public async Task A_rule_with_an_unknown_group_is_a_400_naming_the_field()
    {
        using var refused = await admin.PostAsJsonAsync("/api/routing-rules", new { category = "hardware", assignmentGroup = "nobody", upToPriority = 9 }, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("assignmentGroup", "upToPriority");
        errors.GetProperty("assignmentGroup")[0].GetString().Should().Be("Assignment group: there is no group 'nobody'.");
    }

    [Fact]
    public async Task Rules_are_added_last_reordered_changed_and_removed_and_new_incidents_follow_them()
    {
        using var added = await admin.PostAsJsonAsync("/api/routing-rules", new { category = "hardware", assignmentGroup = "desktop" }, Ct);
        added.StatusCode.Should().Be(HttpStatusCode.Created, await added.Content.ReadAsStringAsync(Ct));
        var hardware = (await added.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var rules = await ListAsync();
        rules.Select(r => r.Group).Should().Equal("service-desk-l2", "desktop");

        // A high hardware incident: the seeded "P1–P2 to second line" rule comes first; after the reorder, desktop does.
        (await GroupOfNewIncidentAsync("hardware", 1, 2)).Should().Be("service-desk-l2");
        using var reordered = await admin.PutAsJsonAsync("/api/routing-rules/order", new { ids = new[] { hardware, rules[0].Id } }, Ct);
        reordered.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListAsync()).Select(r => (r.Position, r.Group)).Should().Equal((1, "desktop"), (2, "service-desk-l2"));
        (await GroupOfNewIncidentAsync("hardware", 1, 2)).Should().Be("desktop");

        using var changed = await admin.PutAsJsonAsync($"/api/routing-rules/{hardware}", new { category = "network", assignmentGroup = "network" }, Ct);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await GroupOfNewIncidentAsync("network", 3, 3)).Should().Be("network");
        (await GroupOfNewIncidentAsync("hardware", 3, 3)).Should().Be(IncidentRouting.FallbackGroup);

        (await admin.DeleteAsync($"/api/routing-rules/{hardware}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ListAsync()).Select(r => r.Group).Should().Equal("service-desk-l2");
        (await admin.DeleteAsync($"/api/routing-rules/{hardware}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var incomplete = await admin.PutAsJsonAsync("/api/routing-rules/order", new { ids = new[] { 12345 } }, Ct);
        incomplete.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
