using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class CallActivityTests
{
    private static ProcessRunner Runner(string mappings, string attributes = """calledElement="change-approval" """) =>
        ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:callActivity id="call" {attributes}>
              <bpmn:extensionElements>{mappings}</bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:boundaryEvent id="rejected" attachedToRef="call"><bpmn:errorEventDefinition errorRef="rej" /></bpmn:boundaryEvent>
            <bpmn:userTask id="after" /><bpmn:userTask id="handleRejection" />
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "call")}{Flow("f2", "call", "after")}{Flow("f3", "after", "e")}
            {Flow("f4", "rejected", "handleRejection")}{Flow("f5", "handleRejection", "e2")}
            """, """<bpmn:error id="rej" errorCode="REJECTED" />"""));

    [Fact]
    public async Task Call_activity_asks_the_host_to_start_the_child_with_mapped_inputs()
    {
        var runner = Runner(
            $"""
            <camunda:in source="ci" target="configurationItem" />
            <camunda:in sourceExpression="{Expr("risk * 2")}" target="weight" />
            <camunda:in businessKey="{"#{execution.processBusinessKey}"}" />
            """,
            """calledElement="change-approval" camunda:calledElementBinding="version" camunda:calledElementVersion="3" """);

        var started = await runner.StartAsync(new() { ["ci"] = "CI1", ["risk"] = 2L, ["secret"] = "x" }, businessKey: "CHG1");

        var bookmark = started.CreatedBookmarks.Should().ContainSingle().Subject;
        bookmark.Should().BeEquivalentTo(new
        {
            Kind = BookmarkKind.CallActivity,
            CalledElement = "change-approval",
            CalledElementBinding = "version",
            CalledElementVersion = "3",
            ChildBusinessKey = "CHG1",
        });
        bookmark.Inputs.Should().BeEquivalentTo(new Dictionary<string, object?> { ["configurationItem"] = "CI1", ["weight"] = 4L });
        started.Journal.Should().Contain(j => j.Kind == JournalEntryKind.CallActivityStarted && j.Detail == "change-approval");
    }

    [Fact]
    public async Task All_variables_go_in_and_mapped_outputs_come_back()
    {
        var runner = Runner($"""
            <camunda:in variables="all" />
            <camunda:out source="approved" target="changeApproved" />
            <camunda:out sourceExpression="{Expr("votes.size()")}" target="voteCount" />
            """);
        var started = await runner.StartAsync(new() { ["a"] = 1L, ["b"] = "two" });
        started.CreatedBookmarks.Single().Inputs.Should().BeEquivalentTo(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = "two" });

        var result = await runner.TriggerAsync(new CallActivityCompleted(runner.BookmarkAt("call").Id, new Dictionary<string, object?>
        {
            ["approved"] = true,
            ["votes"] = new List<object?> { "yes", "yes", "no" },
            ["childOnly"] = 1L,
        }));

        result.Status.Should().Be(ExecutionStatus.Running);
        runner.TokenPositions.Should().Equal("after");
        runner.Variables.Should().Contain("changeApproved", true).And.Contain("voteCount", 3L).And.NotContainKey("childOnly");
    }

    [Fact]
    public async Task Local_out_mappings_feed_only_the_call_activitys_output_parameters()
    {
        var runner = Runner("""
            <camunda:inputOutput><camunda:outputParameter name="summary">${verdict}-${score}</camunda:outputParameter></camunda:inputOutput>
            <camunda:out source="verdict" target="verdict" local="true" />
            <camunda:out source="score" target="score" local="true" />
            """);
        await runner.StartAsync();

        await runner.TriggerAsync(new CallActivityCompleted(runner.BookmarkAt("call").Id, new Dictionary<string, object?> { ["verdict"] = "ok", ["score"] = 3L }));

        runner.TokenPositions.Should().Equal("after");
        runner.Variables.Should().Contain("summary", "ok-3").And.NotContainKey("verdict").And.NotContainKey("score");
    }

    [Fact]
    public async Task Child_fault_with_an_error_code_is_a_bpmn_error_at_the_call_activity()
    {
        var runner = Runner(string.Empty);
        await runner.StartAsync();

        await runner.TriggerAsync(new CallActivityFaulted(runner.BookmarkAt("call").Id, "REJECTED", "CAB said no"));

        runner.TokenPositions.Should().Equal("handleRejection");
    }

    [Fact]
    public async Task Child_fault_without_error_code_fails_the_call_activity()
    {
        var runner = Runner(string.Empty);
        await runner.StartAsync();

        var result = await runner.TriggerAsync(new CallActivityFaulted(runner.BookmarkAt("call").Id, null, "child crashed"));

        result.Status.Should().Be(ExecutionStatus.ElementFailed);
        result.Failures.Single().Should().Match<ElementFailure>(f => f.ElementId == "call" && f.Message == "child crashed");
    }
    [Fact]
    public async Task Output_mapping_that_fails_marks_the_call_activity_failed()
    {
        var runner = Runner($"""<camunda:out sourceExpression="{Expr("missing.field")}" target="x" />""");
        await runner.StartAsync();

        var result = await runner.TriggerAsync(new CallActivityCompleted(runner.BookmarkAt("call").Id));

        result.Status.Should().Be(ExecutionStatus.ElementFailed);
        result.Failures.Single().ElementId.Should().Be("call");
    }
}
