using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Authorization;

/// <summary>
/// Operating instances and correlating messages is for process owners and admins; agents read an instance only when
/// one of its tasks is theirs to see, and reach no other group's workflow through the instance or message API.
/// </summary>
public sealed class InstanceOperationsAuthorizationTests : IAsyncLifetime
{
    private const string Password = "Instance-Pass-1!";
    private readonly WebHostFactory host = new();
    private string instanceId = null!;
    private string incidentNumber = null!;

    public async ValueTask InitializeAsync()
    {
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        // Low impact and urgency: the Resolve task is offered to "service-desk".
        using var started = await admin.PostAsJsonAsync("/api/process-instances",
            new { key = "incident-triage", variables = new { impact = 3, urgency = 3, shortDescription = "Printer jam" } });
        instanceId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        incidentNumber = (await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}")).GetProperty("variables").GetProperty("incidentNumber").GetString()!;

        await host.CreateUserAsync("desk.agent", Password, Roles.Agent);
        await host.CreateUserAsync("other.agent", Password, Roles.Agent);
        await host.CreateUserAsync("owner", Password, Roles.ProcessOwner);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync("service-desk", "desk.agent", default);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private async Task<Dictionary<string, HttpStatusCode>> OperateAsync(HttpClient client)
    {
        var ct = TestContext.Current.CancellationToken;
        var statuses = new Dictionary<string, HttpStatusCode>();
        async Task Record(string what, Task<HttpResponseMessage> call)
        {
            using var response = await call;
            statuses[what] = response.StatusCode;
        }

        await Record("get", client.GetAsync(new Uri($"/api/process-instances/{instanceId}", UriKind.Relative), ct));
        await Record("list", client.GetAsync(new Uri("/api/process-instances", UriKind.Relative), ct));
        await Record("variables", client.PutAsJsonAsync($"/api/process-instances/{instanceId}/variables", new { variables = new { priority = 1 } }, ct));
        await Record("suspend", client.PostAsJsonAsync($"/api/process-instances/{instanceId}/suspend", new { }, ct));
        await Record("resume", client.PostAsJsonAsync($"/api/process-instances/{instanceId}/resume", new { }, ct));
        await Record("message", client.PostAsJsonAsync("/api/messages", new { messageName = "incident-closed", correlationKey = "INC-NO-SUCH" }, ct));
        await Record("signal", client.PostAsJsonAsync("/api/signals", new { signalName = "no-listener" }, ct));
        await Record("migrate", client.PostAsJsonAsync($"/api/process-instances/{instanceId}/migrate", new { targetVersion = 99 }, ct));
        return statuses;
    }

    [Fact]
    public async Task An_agent_of_another_group_neither_reads_nor_moves_the_instance()
    {
        var ct = TestContext.Current.CancellationToken;
        using var other = await host.SignedInAsync("other.agent", Password);

        var statuses = await OperateAsync(other);
        using var message = await other.PostAsJsonAsync("/api/messages", new { messageName = "incident-resolved", correlationKey = incidentNumber }, ct);
        using var cancel = await other.PostAsJsonAsync($"/api/process-instances/{instanceId}/cancel", new { reason = "mine now" }, ct);

        statuses["get"].Should().Be(HttpStatusCode.NotFound, "an instance without a task of theirs is not confirmed to exist");
        statuses.Where(s => s.Key != "get").Should().OnlyContain(s => s.Value == HttpStatusCode.Forbidden);
        message.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        cancel.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
        var instance = (await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}", ct)).GetProperty("instance");
        instance.GetProperty("status").GetString().Should().Be("Running");
        instance.GetProperty("activeElements").EnumerateArray().Select(e => e.GetString()).Should().Equal(["ResolveIncident"], "the incident-resolved message did not move it");
    }

    [Fact]
    public async Task An_agent_reads_the_instance_of_a_task_of_their_group_but_operates_nothing()
    {
        using var desk = await host.SignedInAsync("desk.agent", Password);

        var statuses = await OperateAsync(desk);

        statuses["get"].Should().Be(HttpStatusCode.OK);
        statuses.Where(s => s.Key != "get").Should().OnlyContain(s => s.Value == HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_process_owner_reads_lists_and_operates_any_instance()
    {
        using var owner = await host.SignedInAsync("owner", Password);

        var statuses = await OperateAsync(owner);

        statuses["get"].Should().Be(HttpStatusCode.OK);
        statuses["list"].Should().Be(HttpStatusCode.OK);
        statuses["variables"].Should().Be(HttpStatusCode.NoContent);
        statuses["suspend"].Should().Be(HttpStatusCode.OK);
        statuses["resume"].Should().Be(HttpStatusCode.OK);
        statuses["message"].Should().Be(HttpStatusCode.NotFound, "nothing waits under that key: past authorization");
        statuses["signal"].Should().Be(HttpStatusCode.OK);
        statuses["migrate"].Should().NotBe(HttpStatusCode.Forbidden);
    }
}
