using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>
/// Issue 24: a receive task without a message is Camunda 7's plain wait state — it waits until triggered by hand, its
/// trigger's variables reach the instance, a boundary timer still interrupts it; behind an event-based gateway a
/// receive task must race on a message.
/// </summary>
public class PlainWaitStateTests
{
    private const string Body = """
        <bpmn:startEvent id="s" />
        <bpmn:receiveTask id="wait" />
        <bpmn:boundaryEvent id="tooLong" attachedToRef="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:endEvent id="done" />
        <bpmn:endEvent id="gaveUp" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
        <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="done" />
        <bpmn:sequenceFlow id="f3" sourceRef="tooLong" targetRef="gaveUp" />
        """;

    [Fact]
    public async Task It_waits_until_triggered_and_the_triggers_variables_reach_the_instance()
    {
        var runner = ProcessRunner.FromXml(Process(Body));
        var started = await runner.StartAsync();
        started.CreatedBookmarks.Select(b => (b.Kind, b.ElementId)).Should().BeEquivalentTo([(BookmarkKind.Wait, "wait"), (BookmarkKind.Timer, "tooLong")]);

        var done = await runner.TriggerAsync(new WaitStateTriggered(runner.BookmarkAt("wait").Id, new Dictionary<string, object?> { ["goods"] = 3L }));

        done.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables.Should().Contain("goods", 3L);
        done.RemovedBookmarks.Select(b => b.ElementId).Should().Contain("tooLong", "leaving the task cancels its boundary timer");
        done.Journal.Should().Contain(j => j.Kind == JournalEntryKind.WaitStateTriggered && j.ElementId == "wait");
    }

    [Fact]
    public async Task A_boundary_timer_interrupts_the_wait_and_closes_it()
    {
        var runner = ProcessRunner.FromXml(Process(Body));
        await runner.StartAsync();

        var fired = await runner.FireTimerAsync("tooLong");

        fired.Status.Should().Be(ExecutionStatus.Completed);
        fired.RemovedBookmarks.Should().Contain(b => b.Kind == BookmarkKind.Wait, "the wait state is gone with its task");
    }

    [Fact]
    public void Behind_an_event_based_gateway_a_receive_task_must_name_its_message()
    {
        var parsed = new BpmnParser().Parse(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:eventBasedGateway id="race" />
            <bpmn:receiveTask id="reply" />
            <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "race")}{Flow("f2", "race", "reply")}{Flow("f3", "race", "timeout")}{Flow("f4", "reply", "e")}{Flow("f5", "timeout", "e")}
            """));
        var problems = new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed);
        problems.Where(p => p.Severity == BpmnProblemSeverity.Error).Should().ContainSingle()
            .Which.Should().Match<BpmnProblem>(p => p.ElementId == "reply" && p.Code == BpmnProblemCodes.MissingAttribute);
    }
}
