using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>The designer's drafts over the API: any state is saved, conflicts are refused, errors block publishing.</summary>
public sealed class ProcessDraftsApiTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private static string Model(string id, string task = "<bpmn:userTask id=\"Work\" camunda:candidateGroups=\"service-desk\"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="{id}" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            {task}
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
            <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A service task with no implementation: an error the validator names by element id.</summary>
    private static string Broken(string id) => Model(id, "<bpmn:serviceTask id=\"Work\"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    [Fact]
    public async Task A_draft_is_saved_in_any_state_and_read_back()
    {
        using var client = await host.SignedInAsync();
        var ct = TestContext.Current.CancellationToken;

        using var saved = await client.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Broken("onboarding"), revision = 0 }, ct);
        using var read = await client.GetAsync(new Uri("/api/process-drafts/onboarding", UriKind.Relative), ct);

        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(saved)).GetProperty("revision").GetInt32().Should().Be(1);
        var draft = await JsonAsync(read);
        draft.GetProperty("xml").GetString().Should().Contain("serviceTask");
        draft.GetProperty("updatedBy").GetString().Should().Be("admin");
    }

    [Fact]
    public async Task The_second_of_two_saves_from_the_same_revision_is_refused_and_the_first_is_kept()
    {
        using var first = await host.SignedInAsync();
        var ct = TestContext.Current.CancellationToken;
        await host.CreateUserAsync("second.owner", "Second-Owner-1!", Roles.ProcessOwner);
        using var second = await host.SignedInAsync("second.owner", "Second-Owner-1!");
        (await first.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Model("onboarding"), revision = 0 }, ct)).EnsureSuccessStatusCode();

        // Both opened revision 1; the first saves, then the second.
        using var firstSave = await first.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Model("onboarding").Replace("service-desk", "hr", StringComparison.Ordinal), revision = 1 }, ct);
        using var secondSave = await second.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Model("onboarding").Replace("service-desk", "it", StringComparison.Ordinal), revision = 1 }, ct);

        firstSave.StatusCode.Should().Be(HttpStatusCode.OK);
        secondSave.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await JsonAsync(secondSave);
        problem.GetProperty("detail").GetString().Should().Contain("changed by admin").And.Contain("were not saved");
        problem.GetProperty("currentRevision").GetInt32().Should().Be(2);
        var stored = await JsonAsync(await first.GetAsync(new Uri("/api/process-drafts/onboarding", UriKind.Relative), ct));
        stored.GetProperty("xml").GetString().Should().Contain("camunda:candidateGroups=\"hr\"");
    }

    [Fact]
    public async Task Check_lists_every_problem_with_its_element_and_publish_is_refused_while_errors_remain()
    {
        using var client = await host.SignedInAsync();
        var ct = TestContext.Current.CancellationToken;
        (await client.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Broken("onboarding"), revision = 0 }, ct)).EnsureSuccessStatusCode();

        using var check = await client.PostAsJsonAsync("/api/process-drafts/onboarding/check", new { xml = Broken("onboarding") }, ct);
        using var publish = await client.PostAsJsonAsync("/api/process-drafts/onboarding/publish", new { revision = 1, comment = "try" }, ct);
        using var versions = await client.GetAsync(new Uri("/api/process-definitions/onboarding/versions", UriKind.Relative), ct);

        var checkJson = await JsonAsync(check);
        checkJson.GetProperty("canPublish").GetBoolean().Should().BeFalse();
        checkJson.GetProperty("problems").EnumerateArray().Should().Contain(p => p.GetProperty("elementId").GetString() == "Work" && p.GetProperty("isError").GetBoolean());
        publish.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(publish)).GetProperty("problems").EnumerateArray().Should().Contain(p => p.GetProperty("elementId").GetString() == "Work");
        versions.StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was deployed");
    }

    [Fact]
    public async Task A_valid_draft_publishes_as_the_next_version_with_who_and_comment()
    {
        using var client = await host.SignedInAsync();
        var ct = TestContext.Current.CancellationToken;
        (await client.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Model("onboarding"), revision = 0 }, ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/process-drafts/onboarding/publish", new { revision = 1, comment = "first" }, ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Model("onboarding").Replace("service-desk", "hr", StringComparison.Ordinal), revision = 1 }, ct)).EnsureSuccessStatusCode();

        using var second = await client.PostAsJsonAsync("/api/process-drafts/onboarding/publish", new { revision = 2, comment = "route to HR" }, ct);
        var versions = await JsonAsync(await client.GetAsync(new Uri("/api/process-definitions/onboarding/versions", UriKind.Relative), ct));
        var overview = await JsonAsync(await client.GetAsync(new Uri("/api/process-definitions/overview", UriKind.Relative), ct));

        second.StatusCode.Should().Be(HttpStatusCode.Created);
        (await JsonAsync(second)).GetProperty("version").GetInt32().Should().Be(2);
        versions.EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("comment").GetString(), v.GetProperty("deployedBy").GetString()))
            .Should().Equal((2, "route to HR", "admin"), (1, "first", "admin"));
        var row = overview.EnumerateArray().Single(p => p.GetProperty("key").GetString() == "onboarding");
        row.GetProperty("latestVersion").GetInt32().Should().Be(2);
        row.GetProperty("draftIsPublished").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_draft_whose_process_id_is_not_its_key_cannot_be_published()
    {
        using var client = await host.SignedInAsync();
        var ct = TestContext.Current.CancellationToken;

        using var check = await client.PostAsJsonAsync("/api/process-drafts/onboarding/check", new { xml = Model("renamed") }, ct);

        (await JsonAsync(check)).GetProperty("problems").EnumerateArray().Should().ContainSingle(p => p.GetProperty("code").GetString() == "DRAFT001");
    }

    [Theory]
    [InlineData("/api/process-drafts/1bad", "{\"xml\":\"<x/>\",\"revision\":0}", "key")]
    [InlineData("/api/process-drafts/onboarding", "{\"revision\":0}", "xml")]
    [InlineData("/api/process-drafts/onboarding", "{\"xml\":\"  \",\"revision\":0}", "xml")]
    public async Task Bad_saves_are_400_naming_the_field(string url, string body, string field)
    {
        using var client = await host.SignedInAsync();

        using var response = await client.PutAsync(new Uri(url, UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("field").GetString().Should().Be(field);
    }

    [Fact]
    public async Task A_malformed_draft_is_saved_and_its_check_reports_the_parse_error_without_touching_the_live_version()
    {
        using var client = await host.SignedInAsync();
        var ct = TestContext.Current.CancellationToken;
        (await client.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Model("onboarding"), revision = 0 }, ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/process-drafts/onboarding/publish", new { revision = 1 }, ct)).EnsureSuccessStatusCode();

        using var save = await client.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = "<bpmn:definitions><unclosed>", revision = 1 }, ct);
        using var check = await client.PostAsJsonAsync("/api/process-drafts/onboarding/check", new { xml = "<bpmn:definitions><unclosed>" }, ct);
        using var publish = await client.PostAsJsonAsync("/api/process-drafts/onboarding/publish", new { revision = 2 }, ct);
        var live = await client.GetStringAsync(new Uri("/api/process-definitions/onboarding/versions/1/xml", UriKind.Relative), ct);

        save.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(check)).GetProperty("problems").EnumerateArray().Should().Contain(p => p.GetProperty("code").GetString() == "BPMN001");
        publish.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        live.Should().Contain("camunda:candidateGroups=\"service-desk\"");
    }

    [Fact]
    public async Task Agents_cannot_read_or_write_drafts()
    {
        await host.CreateUserAsync("alex.agent", "Alex-Agent-1!", Roles.Agent);
        using var client = await host.SignedInAsync("alex.agent", "Alex-Agent-1!");

        using var save = await client.PutAsJsonAsync("/api/process-drafts/onboarding", new { xml = Model("onboarding"), revision = 0 }, TestContext.Current.CancellationToken);

        save.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
