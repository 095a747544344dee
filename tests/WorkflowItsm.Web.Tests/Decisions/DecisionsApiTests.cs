using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WorkflowItsm.Web.Tests.Decisions;

/// <summary>.dmn files deploy beside .bpmn, evaluate through the API, and drive business rule tasks of deployed processes.</summary>
public sealed class DecisionsApiTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();
    private HttpClient client = null!;

    public async ValueTask InitializeAsync() => client = await host.SignedInAsync();

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The incident priority matrix a process owner edits: impact × urgency (1 high … 3 low) → priority 1 … 5.
    private static string Matrix(int highest = 1) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="matrix" name="Priority matrix" namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="priorityMatrix" name="Incident priority">
            <decisionTable id="table" hitPolicy="UNIQUE">
              <input id="impact" label="Impact"><inputExpression typeRef="integer"><text>impact</text></inputExpression></input>
              <input id="urgency" label="Urgency"><inputExpression typeRef="integer"><text>urgency</text></inputExpression></input>
              <output id="priority" name="priority" typeRef="integer" />
              <rule id="critical"><inputEntry><text>1</text></inputEntry><inputEntry><text>1</text></inputEntry><outputEntry><text>{highest}</text></outputEntry></rule>
              <rule id="high"><inputEntry><text>1</text></inputEntry><inputEntry><text>[2..3]</text></inputEntry><outputEntry><text>2</text></outputEntry></rule>
              <rule id="moderate"><inputEntry><text>2</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>3</text></outputEntry></rule>
              <rule id="low"><inputEntry><text>3</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>4</text></outputEntry></rule>
            </decisionTable>
          </decision>
        </definitions>
        """;

    private const string Process = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="prioritise" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:businessRuleTask id="decide" camunda:decisionRef="priorityMatrix" camunda:resultVariable="priority" camunda:mapDecisionResult="singleEntry" />
            <bpmn:userTask id="work" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="decide" />
            <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="work" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private async Task<HttpResponseMessage> DeployAsync(params (string Name, string Xml)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, xml) in files)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(xml)), "files", name);
        }

        return await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, Ct);
    }

    private Task<HttpResponseMessage> EvaluateAsync(string key, object variables) =>
        client.PostAsJsonAsync($"/api/decisions/{key}/evaluate", new { variables }, Ct);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    [Fact]
    public async Task A_dmn_file_deploys_beside_a_bpmn_file_and_evaluates_through_the_api()
    {
        using var deployed = await DeployAsync(("matrix.dmn", Matrix()), ("prioritise.bpmn", Process));
        deployed.StatusCode.Should().Be(HttpStatusCode.Created, await deployed.Content.ReadAsStringAsync(Ct));
        (await JsonAsync(deployed)).EnumerateArray().Select(d => (d.GetProperty("key").GetString(), d.GetProperty("kind").GetString()))
            .Should().BeEquivalentTo([("prioritise", "process"), ("priorityMatrix", "decision")]);

        using var evaluated = await EvaluateAsync("priorityMatrix", new { impact = 1, urgency = 3 });
        evaluated.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await JsonAsync(evaluated);
        result.GetArrayLength().Should().Be(1);
        result[0].GetProperty("priority").GetInt64().Should().Be(2);

        // Camunda REST clients wrap values with their type.
        using var typed = await EvaluateAsync("priorityMatrix", new { impact = new { value = 3, type = "Integer" }, urgency = new { value = 1, type = "Integer" } });
        (await JsonAsync(typed))[0].GetProperty("priority").GetInt64().Should().Be(4);
    }

    [Fact]
    public async Task A_second_deployment_is_version_2_and_the_list_shows_the_latest()
    {
        (await DeployAsync(("matrix.dmn", Matrix()))).StatusCode.Should().Be(HttpStatusCode.Created);
        using var again = await DeployAsync(("matrix.dmn", Matrix()));
        (await JsonAsync(again))[0].GetProperty("isNewVersion").GetBoolean().Should().BeFalse("identical content keeps its version");
        using var second = await DeployAsync(("matrix.dmn", Matrix(highest: 5)));
        (await JsonAsync(second))[0].GetProperty("version").GetInt32().Should().Be(2);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/decisions", Ct);
        var matrix = list.EnumerateArray().Single(d => d.GetProperty("key").GetString() == "priorityMatrix");
        matrix.GetProperty("latestVersion").GetInt32().Should().Be(2);
        matrix.GetProperty("hitPolicy").GetString().Should().Be("UNIQUE");
        matrix.GetProperty("name").GetString().Should().Be("Incident priority");
        using var evaluated = await EvaluateAsync("priorityMatrix", new { impact = 1, urgency = 1 });
        (await JsonAsync(evaluated))[0].GetProperty("priority").GetInt64().Should().Be(5, "evaluate takes the latest version");
        var xml = await client.GetStringAsync(new Uri("/api/decisions/priorityMatrix/xml", UriKind.Relative), Ct);
        xml.Should().Contain("<text>5</text>");
    }

    [Fact]
    public async Task Unknown_key_is_404_and_a_bad_value_is_400_naming_the_input()
    {
        (await DeployAsync(("matrix.dmn", Matrix()))).StatusCode.Should().Be(HttpStatusCode.Created);

        using var unknown = await EvaluateAsync("nope", new { impact = 1 });
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var bad = await EvaluateAsync("priorityMatrix", new { impact = "very", urgency = 1 });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await JsonAsync(bad);
        problem.GetProperty("errors").TryGetProperty("Impact", out var messages).Should().BeTrue();
        messages[0].GetString().Should().Contain("\"very\"").And.Contain("integer");
    }

    [Fact]
    public async Task A_broken_table_is_refused_at_deployment_naming_the_decision_and_rule_and_nothing_is_stored()
    {
        using var refused = await DeployAsync(("matrix.dmn", Matrix().Replace("<text>[2..3]</text>", "<text>[2..</text>", StringComparison.Ordinal)), ("prioritise.bpmn", Process));
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = (await JsonAsync(refused)).GetProperty("problems")[0];
        problem.GetProperty("code").GetString().Should().Be("DMN001");
        problem.GetProperty("elementId").GetString().Should().Be("priorityMatrix");
        problem.GetProperty("message").GetString().Should().Contain("rule 'high'");

        var list = await client.GetFromJsonAsync<JsonElement>("/api/decisions", Ct);
        list.GetArrayLength().Should().Be(0);
        using var process = await client.GetAsync(new Uri("/api/process-definitions/prioritise/versions", UriKind.Relative), Ct);
        process.StatusCode.Should().Be(HttpStatusCode.NotFound, "the process of the same deployment is not stored either");
    }

    [Fact]
    public async Task A_business_rule_task_in_a_deployed_process_evaluates_the_latest_decision()
    {
        (await DeployAsync(("matrix.dmn", Matrix()), ("prioritise.bpmn", Process))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await DeployAsync(("matrix.dmn", Matrix(highest: 9)))).StatusCode.Should().Be(HttpStatusCode.Created);

        using var started = await client.PostAsJsonAsync("/api/process-instances", new { key = "prioritise", variables = new { impact = 1, urgency = 1 } }, Ct);
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync(Ct));
        var id = (await JsonAsync(started)).GetProperty("id").GetString();

        var details = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{id}", Ct);
        details.GetProperty("variables").GetProperty("priority").GetInt64().Should().Be(9);
        details.GetProperty("instance").GetProperty("activeElements").EnumerateArray().Select(e => e.GetString()).Should().Equal("work");
    }
}
