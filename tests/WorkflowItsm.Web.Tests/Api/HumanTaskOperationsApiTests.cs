using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>Claim, assign, delegate, comment, suspend and set variables through the HTTP API.</summary>
public sealed class HumanTaskOperationsApiTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();
    private HttpClient client = null!;
    private string instanceId = null!;
    private string taskId = null!;

    public async ValueTask InitializeAsync()
    {
        client = await host.SignedInAsync();
        using var started = await client.PostAsJsonAsync("/api/process-instances",
            new { key = "incident-triage", variables = new { impact = 1, urgency = 1, shortDescription = "Outage" } });
        instanceId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/tasks?instanceId={instanceId}");
        taskId = page.GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Claim_assign_and_delegate_change_who_holds_the_task()
    {
        var claim = await PostAsync($"/api/tasks/{taskId}/claim", new { });
        var assign = await PostAsync($"/api/tasks/{taskId}/assign", new { assignee = "cy" });
        var delegated = await PostAsync($"/api/tasks/{taskId}/delegate", new { userId = "dan" });
        var mine = await client.GetFromJsonAsync<JsonElement>("/api/tasks?assignee=dan", TestContext.Current.CancellationToken);

        claim.Body.GetProperty("assignee").GetString().Should().Be("admin");
        assign.Body.GetProperty("assignee").GetString().Should().Be("cy");
        delegated.Body.GetProperty("owner").GetString().Should().Be("cy");
        mine.GetProperty("items").EnumerateArray().Should().ContainSingle(t => t.GetProperty("id").GetString() == taskId);
    }

    [Fact]
    public async Task Delegate_without_a_person_and_an_empty_comment_name_their_field()
    {
        var delegated = await PostAsync($"/api/tasks/{taskId}/delegate", new { userId = "" });
        var comment = await PostAsync($"/api/tasks/{taskId}/comments", new { text = "" });

        delegated.Status.Should().Be(HttpStatusCode.BadRequest);
        delegated.Body.GetProperty("errors").TryGetProperty("userId", out _).Should().BeTrue();
        comment.Status.Should().Be(HttpStatusCode.BadRequest);
        comment.Body.GetProperty("errors").TryGetProperty("text", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Comments_are_stored_as_text()
    {
        const string payload = "<script>alert('x')</script> called the user";

        var added = await PostAsync($"/api/tasks/{taskId}/comments", new { text = payload });
        var comments = await client.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}/comments", TestContext.Current.CancellationToken);

        added.Status.Should().Be(HttpStatusCode.Created);
        comments.EnumerateArray().Single().GetProperty("text").GetString().Should().Be(payload);
    }

    [Fact]
    public async Task Suspended_instance_refuses_completion_with_409_until_resumed()
    {
        var suspend = await PostAsync($"/api/process-instances/{instanceId}/suspend", new { });
        var blocked = await PostAsync($"/api/tasks/{taskId}/complete", new { variables = new { resolutionCode = "fixed", resolutionNotes = "ok" } });
        var resume = await PostAsync($"/api/process-instances/{instanceId}/resume", new { });
        var completed = await PostAsync($"/api/tasks/{taskId}/complete", new { variables = new { resolutionCode = "fixed", resolutionNotes = "ok" } });

        suspend.Body.GetProperty("isSuspended").GetBoolean().Should().BeTrue();
        blocked.Status.Should().Be(HttpStatusCode.Conflict);
        resume.Body.GetProperty("isSuspended").GetBoolean().Should().BeFalse();
        completed.Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Variables_are_set_on_a_running_instance()
    {
        using var response = await client.PutAsJsonAsync($"/api/process-instances/{instanceId}/variables",
            new { variables = new { note = "VIP", count = 3 } }, TestContext.Current.CancellationToken);
        using var empty = await client.PutAsJsonAsync($"/api/process-instances/{instanceId}/variables", new { variables = new { } }, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}", TestContext.Current.CancellationToken);
        details.GetProperty("variables").GetProperty("note").GetString().Should().Be("VIP");
        details.GetProperty("variables").GetProperty("count").GetInt32().Should().Be(3);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
