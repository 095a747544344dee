using WorkflowItsm.Bpmn.Dmn;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Dmn.DmnTables;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Dmn;

/// <summary>Business rule tasks with camunda:decisionRef, as Camunda 7 runs them, over an in-memory decision resolver.</summary>
public sealed class BusinessRuleTaskTests
{
    // The incident priority matrix: impact × urgency → priority (1 = critical), plus a team per rule.
    private static string Matrix(string tag = "v1", long highHigh = 1) =>
        Table("priorityMatrix", "UNIQUE", [new Input("impact", "string"), new Input("urgency", "string")],
            [new Output("priority", "integer"), new Output("team", "string")],
            [["\"high\"", "\"high\"", highHigh.ToString(System.Globalization.CultureInfo.InvariantCulture), "\"major-incident\""],
             ["\"high\"", "\"low\"", "2", "\"service-desk\""],
             ["\"low\"", "-", "4", "\"service-desk\""]]).Replace("name=\"priorityMatrix name\"", $"name=\"Priority\" camunda:versionTag=\"{tag}\"", StringComparison.Ordinal);

    private static string Process(string attributes) => BpmnXml.Process($"""
        <bpmn:startEvent id="s" />
        <bpmn:businessRuleTask id="decide" camunda:decisionRef="priorityMatrix" {attributes} />
        <bpmn:endEvent id="e" />
        {Flow("f1", "s", "decide")}
        {Flow("f2", "decide", "e")}
        """);

    private static async Task<ProcessRunner> RunAsync(string attributes, InMemoryDecisionResolver? decisions = null, string impact = "high", string urgency = "high")
    {
        var runner = ProcessRunner.FromXml(Process(attributes), decisions ?? new InMemoryDecisionResolver().Deploy(Matrix()));
        await runner.StartAsync(new Dictionary<string, object?> { ["impact"] = impact, ["urgency"] = urgency });
        return runner;
    }

    [Fact]
    public async Task The_default_mapping_is_the_result_list()
    {
        var runner = await RunAsync("camunda:resultVariable=\"result\"");
        runner.Last.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["result"].Should().BeEquivalentTo(new List<Dictionary<string, object?>>
        {
            new() { ["priority"] = 1L, ["team"] = "major-incident" },
        });
    }

    [Fact]
    public async Task Single_result_is_the_map_of_the_one_match()
    {
        var runner = await RunAsync("camunda:resultVariable=\"result\" camunda:mapDecisionResult=\"singleResult\"", urgency: "low");
        runner.Variables["result"].Should().BeEquivalentTo(new Dictionary<string, object?> { ["priority"] = 2L, ["team"] = "service-desk" });
    }

    [Fact]
    public async Task Single_entry_of_a_two_output_table_fails_the_task_naming_the_decision()
    {
        var runner = await RunAsync("camunda:resultVariable=\"p\" camunda:mapDecisionResult=\"singleEntry\"");
        runner.Last.Status.Should().Be(ExecutionStatus.ElementFailed);
        runner.Last.Failures.Should().ContainSingle().Which.Message.Should().Contain("'priorityMatrix'").And.Contain("singleEntry");
    }

    [Fact]
    public async Task Single_entry_and_collect_entries_of_a_one_output_table()
    {
        var oneOutput = Table("priorityMatrix", "COLLECT", [new Input("impact", "string")], [new Output("priority", "integer")],
            [["\"high\"", "1"], ["-", "3"]]);
        var decisions = new InMemoryDecisionResolver().Deploy(oneOutput);

        var collected = await RunAsync("camunda:resultVariable=\"all\" camunda:mapDecisionResult=\"collectEntries\"", decisions);
        collected.Variables["all"].Should().BeEquivalentTo(new List<object?> { 1L, 3L });

        var single = await RunAsync("camunda:resultVariable=\"p\" camunda:mapDecisionResult=\"singleEntry\"", decisions, impact: "low");
        single.Variables["p"].Should().Be(3L);
    }

    [Fact]
    public async Task No_match_gives_null_for_single_entry_and_an_empty_list_for_the_result_list()
    {
        var strict = Table("priorityMatrix", "UNIQUE", [new Input("impact", "string")], [new Output("priority", "integer")], [["\"high\"", "1"]]);
        var decisions = new InMemoryDecisionResolver().Deploy(strict);
        (await RunAsync("camunda:resultVariable=\"p\" camunda:mapDecisionResult=\"singleEntry\"", decisions, impact: "low")).Variables
            .Should().Contain("p", null);
        (await RunAsync("camunda:resultVariable=\"r\"", decisions, impact: "low")).Variables["r"].Should().BeEquivalentTo(new List<object>());
    }

    [Fact]
    public async Task Latest_binding_takes_the_newest_version_and_version_binding_the_named_one()
    {
        var decisions = new InMemoryDecisionResolver().Deploy(Matrix("v1", highHigh: 1)).Deploy(Matrix("v2", highHigh: 9));

        (await RunAsync("camunda:resultVariable=\"p\" camunda:mapDecisionResult=\"singleResult\"", decisions)).Variables["p"]
            .Should().BeEquivalentTo(new Dictionary<string, object?> { ["priority"] = 9L, ["team"] = "major-incident" });
        var pinned = await RunAsync("camunda:decisionRefBinding=\"version\" camunda:decisionRefVersion=\"1\" camunda:resultVariable=\"p\" camunda:mapDecisionResult=\"singleResult\"", decisions);
        ((IDictionary<string, object?>)pinned.Variables["p"]!)["priority"].Should().Be(1L);
        var tagged = await RunAsync("camunda:decisionRefBinding=\"versionTag\" camunda:decisionRefVersionTag=\"v1\" camunda:resultVariable=\"p\" camunda:mapDecisionResult=\"singleResult\"", decisions);
        ((IDictionary<string, object?>)tagged.Variables["p"]!)["priority"].Should().Be(1L);
    }

    [Fact]
    public async Task An_unknown_decision_or_version_fails_the_task_saying_which()
    {
        var missing = await RunAsync("camunda:resultVariable=\"p\"", new InMemoryDecisionResolver());
        missing.Last.Failures.Should().ContainSingle().Which.Message.Should().Contain("No decision is deployed with the key 'priorityMatrix'");

        var noVersion = await RunAsync("camunda:decisionRefBinding=\"version\" camunda:decisionRefVersion=\"7\" camunda:resultVariable=\"p\"");
        noVersion.Last.Failures.Should().ContainSingle().Which.Message.Should().Contain("version 7");
    }

    [Fact]
    public async Task A_hit_policy_violation_fails_the_task_and_keeps_the_token_for_a_retry()
    {
        var overlapping = Table("priorityMatrix", "UNIQUE", [new Input("impact", "string")], [new Output("priority", "integer")], [["-", "1"], ["\"high\"", "2"]]);
        var runner = await RunAsync("camunda:resultVariable=\"p\"", new InMemoryDecisionResolver().Deploy(overlapping));
        runner.Last.Status.Should().Be(ExecutionStatus.ElementFailed);
        runner.Last.Failures.Single().Message.Should().Contain("UNIQUE");
        runner.TokensAt("decide").Should().ContainSingle();
    }

    [Fact]
    public void The_parser_reads_the_decision_reference_and_the_validator_accepts_it_without_a_handler()
    {
        var parsed = new BpmnParser().Parse(Process("camunda:decisionRefBinding=\"version\" camunda:decisionRefVersion=\"2\" camunda:resultVariable=\"p\" camunda:mapDecisionResult=\"collectEntries\""));
        parsed.Problems.Should().BeEmpty();
        var task = parsed.Definitions!.Processes[0].FindNode("decide").Should().BeOfType<ServiceTask>().Subject;
        task.Decision.Should().BeEquivalentTo(new DecisionReference(new ExpressionText("priorityMatrix"), DecisionRefBinding.Version,
            new ExpressionText("2"), null, "p", DecisionResultMapping.CollectEntries));
        new BpmnValidator().Validate(parsed.Definitions).Where(p => p.Severity == BpmnProblemSeverity.Error).Should().BeEmpty();
    }

    [Theory]
    [InlineData("camunda:decisionRefBinding=\"version\"", "BPMN039", "decisionRefVersion")]
    [InlineData("camunda:mapDecisionResult=\"firstEntry\"", "BPMN023", "mapDecisionResult")]
    public void Bad_references_are_refused_naming_the_task(string attributes, string code, string text)
    {
        var parsed = new BpmnParser().Parse(Process(attributes));
        var problems = new BpmnValidator().Validate(parsed.Definitions!);
        problems.Should().Contain(p => p.Code == code && p.ElementId == "decide" && p.Message.Contains(text));
    }
}
