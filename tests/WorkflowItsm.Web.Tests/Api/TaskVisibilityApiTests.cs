using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>Agents see the tasks of their groups and their own; any other task answers 404, as if it did not exist.</summary>
public sealed class TaskVisibilityApiTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();
    private string taskId = null!;

    public async ValueTask InitializeAsync()
    {
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        // Low impact and urgency: the task is offered to "service-desk".
        using var started = await admin.PostAsJsonAsync("/api/process-instances",
            new { key = "incident-triage", variables = new { impact = 3, urgency = 3, shortDescription = "Printer jam" } });
        var instanceId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        taskId = (await admin.GetFromJsonAsync<JsonElement>($"/api/tasks?instanceId={instanceId}")).GetProperty("items")[0].GetProperty("id").GetString()!;

        await host.CreateUserAsync("desk.agent", "Desk-Agent-1!", Roles.Agent);
        await host.CreateUserAsync("other.agent", "Other-Agent-1!", Roles.Agent);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync("service-desk", "desk.agent", default);
    }

    private static async Task<IReadOnlyList<string>> ListedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tasks", TestContext.Current.CancellationToken)).GetProperty("items")
            .EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task An_agent_outside_the_group_neither_lists_nor_reaches_the_task()
    {
        using var other = await host.SignedInAsync("other.agent", "Other-Agent-1!");
        var ct = TestContext.Current.CancellationToken;

        (await ListedAsync(other)).Should().NotContain(taskId);
        (await other.GetAsync(new Uri($"/api/tasks/{taskId}", UriKind.Relative), ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/tasks/{taskId}/claim", new { }, ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { } }, ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_group_member_works_the_task_and_an_assignee_outside_the_group_sees_it()
    {
        using var desk = await host.SignedInAsync("desk.agent", "Desk-Agent-1!");
        using var other = await host.SignedInAsync("other.agent", "Other-Agent-1!");
        var ct = TestContext.Current.CancellationToken;

        (await ListedAsync(desk)).Should().Contain(taskId);
        (await desk.PostAsJsonAsync($"/api/tasks/{taskId}/claim", new { }, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await desk.PostAsJsonAsync($"/api/tasks/{taskId}/assign", new { assignee = "other.agent" }, ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await ListedAsync(other)).Should().Contain(taskId, "it is assigned to them now");
        (await other.GetAsync(new Uri($"/api/tasks/{taskId}", UriKind.Relative), ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Offering_the_task_to_another_group_moves_it_out_of_the_first_groups_sight()
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync("service-desk-l2", "other.agent", TestContext.Current.CancellationToken);
        }

        using var desk = await host.SignedInAsync("desk.agent", "Desk-Agent-1!");
        using var other = await host.SignedInAsync("other.agent", "Other-Agent-1!");
        var ct = TestContext.Current.CancellationToken;

        using var unknown = await desk.PostAsJsonAsync($"/api/tasks/{taskId}/assign", new { group = "no-such-group" }, ct);
        using var offered = await desk.PostAsJsonAsync($"/api/tasks/{taskId}/assign", new { group = "service-desk-l2" }, ct);

        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync(ct)).Should().Contain("no-such-group");
        offered.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListedAsync(desk)).Should().NotContain(taskId);
        (await ListedAsync(other)).Should().Contain(taskId);
        var task = await other.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}", ct);
        task.GetProperty("candidateGroups").GetString().Should().Be("service-desk-l2");
        task.GetProperty("assignee").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task An_admin_who_sees_every_task_gets_404_from_each_route_for_a_task_that_does_not_exist()
    {
        // Admins skip the visibility look-up, so each route must find (and miss) the task itself.
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        var ct = TestContext.Current.CancellationToken;
        const string missing = "no-such-task";

        (await admin.GetAsync(new Uri($"/api/tasks/{missing}", UriKind.Relative), ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync(new Uri($"/api/tasks/{missing}/comments", UriKind.Relative), ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreach (var (route, body) in new (string, object)[]
                 {
                     ("claim", new { }), ("unclaim", new { }), ("assign", new { assignee = "desk.agent" }), ("delegate", new { userId = "desk.agent" }),
                     ("complete", new { variables = new { } }), ("comments", new { text = "Anyone?" }),
                 })
        {
            using var response = await admin.PostAsJsonAsync($"/api/tasks/{missing}/{route}", body, ct);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, route);
        }
    }

    [Fact]
    public async Task A_page_that_is_not_full_and_a_full_one_both_give_the_true_total()
    {
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        var ct = TestContext.Current.CancellationToken;
        using (var second = await admin.PostAsJsonAsync("/api/process-instances",
                   new { key = "incident-triage", variables = new { impact = 3, urgency = 3, shortDescription = "Toner low" } }, ct))
        {
            second.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var all = (await admin.GetFromJsonAsync<JsonElement>("/api/tasks?pageSize=100", ct)).GetProperty("total").GetInt32();
        all.Should().BeGreaterThanOrEqualTo(2);
        (await admin.GetFromJsonAsync<JsonElement>("/api/tasks?pageSize=1", ct)).GetProperty("total").GetInt32().Should().Be(all, "a full page counts");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/tasks?pageSize=1&page={all}", ct)).GetProperty("total").GetInt32().Should().Be(all, "the last page, full too");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/tasks?pageSize=100&page=2", ct)).GetProperty("total").GetInt32().Should().Be(all, "an empty page past the end counts");
        var lastPartial = (await admin.GetFromJsonAsync<JsonElement>($"/api/tasks?pageSize={all - 1}&page=2", ct));
        lastPartial.GetProperty("items").GetArrayLength().Should().Be(1);
        lastPartial.GetProperty("total").GetInt32().Should().Be(all, "a page that is not full tells the total from its place");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
