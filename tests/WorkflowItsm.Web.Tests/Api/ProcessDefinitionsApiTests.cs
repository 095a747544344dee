using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

public sealed class ProcessDefinitionsApiTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private static string Model(string id, string extra = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="{id}" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:endEvent id="End"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="End" />
            {extra}
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static MultipartFormDataContent Upload(string fileName, string xml, string? comment = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(xml));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "files", fileName);
        if (comment is not null)
        {
            form.Add(new StringContent(comment), "comment");
        }

        return form;
    }

    [Fact]
    public async Task Bundled_incident_triage_is_deployed_at_start()
    {
        using var client = await host.SignedInAsync();

        var list = await client.GetStringAsync(new Uri("/api/process-definitions", UriKind.Relative), TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(list);
        json.RootElement.EnumerateArray().Should().Contain(e => e.GetProperty("key").GetString() == "incident-triage" && e.GetProperty("latestVersion").GetInt32() == 1);
    }

    [Fact]
    public async Task Process_owner_deploys_new_versions_and_reads_them_back()
    {
        using var client = await host.SignedInAsync();

        using var first = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), Upload("p.bpmn", Model("p"), "first"), TestContext.Current.CancellationToken);
        using var second = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), Upload("p.bpmn", Model("p", "<bpmn:documentation>v2</bpmn:documentation>"), "second"), TestContext.Current.CancellationToken);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        (await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("\"version\":2");
        var versions = await client.GetStringAsync(new Uri("/api/process-definitions/p/versions", UriKind.Relative), TestContext.Current.CancellationToken);
        versions.Should().Contain("\"comment\":\"second\"").And.Contain("\"deployedBy\":\"admin\"");
        var xml = await client.GetStringAsync(new Uri("/api/process-definitions/p/versions/1/xml", UriKind.Relative), TestContext.Current.CancellationToken);
        xml.Should().NotContain("v2");
    }

    [Fact]
    public async Task Invalid_model_is_refused_with_400_listing_each_problem_by_element_id()
    {
        using var client = await host.SignedInAsync();

        using var response = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative),
            Upload("bad.bpmn", Model("bad", """<bpmn:sequenceFlow id="Dangling" sourceRef="Start" targetRef="Missing" />""")), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        problem.RootElement.GetProperty("problems").EnumerateArray()
            .Should().Contain(p => p.GetProperty("elementId").GetString() == "Dangling" && p.GetProperty("fileName").GetString() == "bad.bpmn");
        using var versions = await client.GetAsync(new Uri("/api/process-definitions/bad/versions", UriKind.Relative), TestContext.Current.CancellationToken);
        versions.StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was stored");
    }

    [Fact]
    public async Task A_model_with_thousands_of_errors_answers_the_first_ones_and_how_many_more()
    {
        using var client = await host.SignedInAsync();
        var dangling = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"""<bpmn:sequenceFlow id="D{i}" sourceRef="Start" targetRef="Missing{i}" />"""));

        using var response = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), Upload("huge.bpmn", Model("huge", dangling)), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        body.Length.Should().BeLessThan(100_000, "the answer lists the first problems, not all of them");
        using var problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("problems").GetArrayLength().Should().Be(200);
        var count = problem.RootElement.GetProperty("problemCount").GetInt32();
        count.Should().BeGreaterThanOrEqualTo(5_000);
        problem.RootElement.GetProperty("problemsNotListed").GetInt32().Should().Be(count - 200);
    }

    [Fact]
    public async Task Body_that_is_not_multipart_is_refused_as_unsupported_media_type()
    {
        using var client = await host.SignedInAsync();

        using var response = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), new StringContent("<xml/>", Encoding.UTF8, "application/xml"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_key_and_version_answer_404_problem_details()
    {
        using var client = await host.SignedInAsync();

        using var key = await client.GetAsync(new Uri("/api/process-definitions/nope/versions", UriKind.Relative), TestContext.Current.CancellationToken);
        using var version = await client.GetAsync(new Uri("/api/process-definitions/incident-triage/versions/99/xml", UriKind.Relative), TestContext.Current.CancellationToken);

        key.StatusCode.Should().Be(HttpStatusCode.NotFound);
        version.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await version.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("has no version 99");
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_agents_may_not_deploy()
    {
        await host.CreateUserAsync("agent2", "Agent-Pass-123!", Roles.Agent);

        using var anonymous = host.CreateBrowserClient();
        using var anonymousResponse = await anonymous.PostAsync(new Uri("/api/deployments", UriKind.Relative), Upload("p.bpmn", Model("p")), TestContext.Current.CancellationToken);
        using var agentClient = await host.SignedInAsync("agent2", "Agent-Pass-123!");
        using var agentResponse = await agentClient.PostAsync(new Uri("/api/deployments", UriKind.Relative), Upload("p.bpmn", Model("p")), TestContext.Current.CancellationToken);

        anonymousResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        agentResponse.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Element_templates_offer_the_hosts_handlers()
    {
        using var client = await host.SignedInAsync();

        var templates = await client.GetStringAsync(new Uri("/api/process-definitions/element-templates", UriKind.Relative), TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(templates);
        json.RootElement.EnumerateArray().Should().Contain(t => t.GetProperty("id").GetString() == "workflowitsm.notify.sla-warning");
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
