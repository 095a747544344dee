using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>What happens as an instance starts: its initiator and the event sub-processes it arms (issue 14, section 5).</summary>
public class StartEventTests
{
    private static readonly string TimerEventSubProcess = Process($"""
        <bpmn:startEvent id="s" /><bpmn:userTask id="work" /><bpmn:endEvent id="e" />
        {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}
        <bpmn:subProcess id="reminder" triggeredByEvent="true">
          <bpmn:startEvent id="remind" isInterrupting="false">
            <bpmn:timerEventDefinition><bpmn:timeDuration>{Expr("reminderDelay")}</bpmn:timeDuration></bpmn:timerEventDefinition>
          </bpmn:startEvent>
          <bpmn:endEvent id="reminded" />
          {Flow("rf", "remind", "reminded")}
        </bpmn:subProcess>
        """);

    [Fact]
    public async Task A_failing_timer_of_an_event_sub_process_start_fails_the_start_token_instead_of_throwing()
    {
        // StartTimerEventTest.shouldEvaluateExpressionStartTimerEventInEventSubprocess, with the variable missing.
        var runner = ProcessRunner.FromXml(TimerEventSubProcess);

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.ElementFailed);
        var failure = result.Failures.Should().ContainSingle().Subject;
        failure.ElementId.Should().Be("s");
        failure.ExceptionType.Should().Be(nameof(InvalidOperationException));
        failure.Message.Should().Contain("'remind'").And.Contain("'reminder'").And.Contain("reminderDelay");
        result.State.Bookmarks.Should().BeEmpty();
        result.CreatedTasks.Should().BeEmpty("the start token did not move");
    }

    [Fact]
    public async Task A_retried_start_arms_the_event_sub_process_and_goes_on()
    {
        var runner = ProcessRunner.FromXml(TimerEventSubProcess);
        var failed = await runner.StartAsync();
        runner.Variables["reminderDelay"] = "PT1H"; // what an operator's variable update does

        var retried = await runner.TriggerAsync(new RetryRequested(failed.Failures[0].TokenId));

        retried.Status.Should().Be(ExecutionStatus.Running);
        retried.ScheduledTimers.Should().ContainSingle().Which.Should().Match<ScheduledTimer>(t =>
            t.ElementId == "remind" && t.Due == FixedClock.Start.AddHours(1));
        runner.TokenPositions.Should().Equal("work");
        runner.State.Bookmarks.Should().ContainSingle(b => b.Kind == BookmarkKind.Timer);
    }

    [Fact]
    public async Task A_retry_that_fails_again_leaves_no_half_armed_subscriptions()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" /><bpmn:userTask id="work" /><bpmn:endEvent id="e" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}
            <bpmn:subProcess id="first" triggeredByEvent="true">
              <bpmn:startEvent id="firstStart" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
              <bpmn:endEvent id="firstEnd" />{Flow("ff", "firstStart", "firstEnd")}
            </bpmn:subProcess>
            <bpmn:subProcess id="second" triggeredByEvent="true">
              <bpmn:startEvent id="secondStart" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeDuration>{Expr("missing")}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
              <bpmn:endEvent id="secondEnd" />{Flow("sf", "secondStart", "secondEnd")}
            </bpmn:subProcess>
            """));
        var failed = await runner.StartAsync();

        var again = await runner.TriggerAsync(new RetryRequested(failed.Failures[0].TokenId));

        again.Status.Should().Be(ExecutionStatus.ElementFailed);
        runner.State.Bookmarks.Should().BeEmpty("the first timer armed on each attempt was taken back");
    }

    [Fact]
    public async Task An_unset_initiator_is_a_null_variable_that_expressions_can_read()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" camunda:initiator="starter" />
            <bpmn:exclusiveGateway id="gw" default="toKnown" />
            <bpmn:userTask id="anonymous" /><bpmn:userTask id="known" />
            {Flow("f1", "s", "gw")}{Flow("toAnonymous", "gw", "anonymous", Expr("starter == null"))}{Flow("toKnown", "gw", "known")}
            """));

        var anonymous = await runner.Engine.StartAsync(runner.Process, new StartInstanceRequest(), TestContext.Current.CancellationToken);
        var signedIn = await runner.Engine.StartAsync(runner.Process, new StartInstanceRequest(Initiator: "ana"), TestContext.Current.CancellationToken);
        var given = await runner.Engine.StartAsync(runner.Process,
            new StartInstanceRequest(Variables: new Dictionary<string, object?> { ["starter"] = "bob" }), TestContext.Current.CancellationToken);

        anonymous.Failures.Should().BeEmpty();
        anonymous.State.Variables.Should().ContainKey("starter").WhoseValue.Should().BeNull();
        anonymous.State.Tokens.Single().ElementId.Should().Be("anonymous");
        signedIn.State.Variables["starter"].Should().Be("ana");
        signedIn.State.Tokens.Single().ElementId.Should().Be("known");
        given.State.Variables["starter"].Should().Be("bob", "a start variable of that name is kept when nobody is signed in");
    }

    [Fact]
    public void An_expression_naming_a_variable_that_does_not_exist_still_fails()
    {
        var act = () => Scripts.Jint.Evaluate(Expr("starter == null"), new DictionaryScope());

        act.Should().Throw<ScriptFailedException>().WithMessage("*ReferenceError*starter*");
    }

    private sealed class DictionaryScope : IVariableScope
    {
        public bool TryGetVariable(string name, out object? value)
        {
            value = null;
            return false;
        }

        public IEnumerable<string> VariableNames => [];
    }
}
