using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>
/// camunda:errorEventDefinition on external tasks, as Camunda 7's ExternalTaskServiceTest checks them: tried in order
/// when the worker completes the task or reports its failure; the first whose expression holds throws its error at the
/// task; one without an expression never holds.
/// </summary>
public class ExternalTaskErrorRuleTests
{
    private const string Errors = """<bpmn:error id="Error_A" errorCode="codeA" name="Rule A" /><bpmn:error id="Error_B" errorCode="codeB" />""";

    /// <summary>start → external task (with the rules) → end; an error boundary per code leads to its own user task.</summary>
    private static ProcessRunner Runner(string rules) => ProcessRunner.FromXml(Process($"""
        <bpmn:startEvent id="s" />
        <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="billing">
          <bpmn:extensionElements>{rules}</bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:boundaryEvent id="caughtA" attachedToRef="work"><bpmn:errorEventDefinition errorRef="Error_A" /></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="caughtB" attachedToRef="work"><bpmn:errorEventDefinition errorRef="Error_B" /></bpmn:boundaryEvent>
        <bpmn:userTask id="handleA" /><bpmn:userTask id="handleB" />
        <bpmn:endEvent id="e" /><bpmn:endEvent id="eA" /><bpmn:endEvent id="eB" />
        {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}{Flow("f3", "caughtA", "handleA")}{Flow("f4", "caughtB", "handleB")}
        {Flow("f5", "handleA", "eA")}{Flow("f6", "handleB", "eB")}
        """, Errors));

    private static string Rule(string id, string errorRef, string? expression) =>
        expression is null
            ? $"""<camunda:errorEventDefinition id="{id}" errorRef="{errorRef}" />"""
            : $"""<camunda:errorEventDefinition id="{id}" errorRef="{errorRef}" expression="{System.Security.SecurityElement.Escape(expression)}" />""";

    private static string Vars(string name) => "${" + name + "}";

    [Fact]
    public async Task A_rule_that_holds_with_the_workers_variables_throws_its_error_at_the_task_on_completion()
    {
        var runner = Runner(Rule("r", "Error_A", "${foo == 'bar'}"));
        var started = await runner.StartAsync();

        await runner.TriggerAsync(new ExternalTaskCompleted(started.CreatedBookmarks[0].Id, new Dictionary<string, object?> { ["foo"] = "bar" }));

        runner.TokensAt("handleA").Should().ContainSingle("the error was caught by the task's boundary");
        runner.Variables["foo"].Should().Be("bar", "the worker's variables are kept");
    }

    [Fact]
    public async Task A_rule_that_does_not_hold_lets_the_task_complete()
    {
        var runner = Runner(Rule("r", "Error_A", "${foo == 'bar'}"));
        var started = await runner.StartAsync();

        var done = await runner.TriggerAsync(new ExternalTaskCompleted(started.CreatedBookmarks[0].Id, new Dictionary<string, object?> { ["foo"] = "baz" }));

        done.Status.Should().Be(ExecutionStatus.Completed);
        runner.Entered.Should().NotContain(["handleA", "handleB"]);
    }

    [Theory]
    [InlineData(true, true, "handleA")]
    [InlineData(false, true, "handleB")]
    public async Task The_first_rule_that_holds_wins(bool a, bool b, string handler)
    {
        var runner = Runner(Rule("ruleA", "Error_A", Vars("a")) + Rule("ruleB", "Error_B", Vars("b")));
        var started = await runner.StartAsync();

        await runner.TriggerAsync(new ExternalTaskCompleted(started.CreatedBookmarks[0].Id, new Dictionary<string, object?> { ["a"] = a, ["b"] = b }));

        runner.TokensAt(handler).Should().ContainSingle();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task A_rule_without_an_expression_never_holds(string? expression)
    {
        var runner = Runner(Rule("r", "Error_A", expression));
        var started = await runner.StartAsync();

        var done = await runner.TriggerAsync(new ExternalTaskCompleted(started.CreatedBookmarks[0].Id));

        done.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task On_failure_the_rule_reads_the_workers_error_message_and_on_completion_there_is_none()
    {
        var onFailure = Runner(Rule("r", "Error_A", "${externalTask.getErrorMessage() == 'myErrorMessage'}"));
        var failing = await onFailure.StartAsync();
        await onFailure.TriggerAsync(new ExternalTaskFailed(failing.CreatedBookmarks[0].Id, "myErrorMessage"));
        onFailure.TokensAt("handleA").Should().ContainSingle();

        var otherFailure = Runner(Rule("r", "Error_A", "${externalTask.errorMessage == 'myErrorMessage'}"));
        var other = await otherFailure.StartAsync();
        var failed = await otherFailure.TriggerAsync(new ExternalTaskFailed(other.CreatedBookmarks[0].Id, "disk full"));
        failed.Status.Should().Be(ExecutionStatus.ElementFailed, "no rule holds, so the failure stands");

        var onCompletion = Runner(Rule("r", "Error_B", "${externalTask.getErrorMessage() == null}"));
        var completing = await onCompletion.StartAsync();
        await onCompletion.TriggerAsync(new ExternalTaskCompleted(completing.CreatedBookmarks[0].Id));
        onCompletion.TokensAt("handleB").Should().ContainSingle();
    }

    [Fact]
    public async Task A_rule_naming_a_variable_the_worker_did_not_send_fails_the_task_and_names_the_rule()
    {
        var runner = Runner(Rule("needsFoo", "Error_A", "${foo == 'bar'}"));
        var started = await runner.StartAsync();

        var result = await runner.TriggerAsync(new ExternalTaskCompleted(started.CreatedBookmarks[0].Id));

        result.Status.Should().Be(ExecutionStatus.ElementFailed);
        result.Failures.Single().Message.Should().Contain("needsFoo").And.Contain("foo");
        runner.TokensAt("work").Single().Phase.Should().Be(TokenPhase.Failed);
    }

    [Fact]
    public void An_error_rule_on_a_task_that_is_not_external_is_refused_naming_why()
    {
        var parsed = new BpmnParser().Parse(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="work" camunda:class="h"><bpmn:extensionElements>{Rule("r", "Error_A", Vars("x"))}</bpmn:extensionElements></bpmn:serviceTask>
            {Flow("f1", "s", "work")}
            """, Errors));

        parsed.Definitions!.Processes[0].FindNode("work")!.UnsupportedFeatures.Should().ContainSingle()
            .Which.Should().Contain("not external");
    }
}
