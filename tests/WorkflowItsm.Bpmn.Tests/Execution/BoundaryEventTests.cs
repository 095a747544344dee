using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class BoundaryEventTests
{
    private static ProcessRunner Runner(string boundaries, string activity = """<bpmn:userTask id="work" />""") =>
        ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            {activity}
            {boundaries}
            <bpmn:userTask id="handle" />
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}{Flow("f3", "b", "handle")}{Flow("f4", "handle", "e2")}
            """, """<bpmn:message id="m" name="customer-called" /><bpmn:signal id="sig" name="outage" />"""));

    [Fact]
    public async Task Interrupting_timer_cancels_the_activity()
    {
        var runner = Runner("""<bpmn:boundaryEvent id="b" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT30M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>""");
        var started = await runner.StartAsync();
        var taskId = runner.BookmarkAt("work").Id;
        runner.BookmarkAt("b").TokenId.Should().Be(runner.TokensAt("work").Single().Id);
        started.ScheduledTimers.Single().Due.Should().Be(FixedClock.Start.AddMinutes(30));

        var fired = await runner.FireTimerAsync("b");

        fired.CancelledTaskIds.Should().Equal(taskId);
        runner.TokenPositions.Should().Equal("handle");
        fired.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ElementCancelled && j.ElementId == "work");
    }

    [Fact]
    public async Task Non_interrupting_timer_cycle_re_arms_while_the_activity_runs()
    {
        var runner = Runner("""<bpmn:boundaryEvent id="b" cancelActivity="false" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>""");
        await runner.StartAsync();
        var timerId = runner.BookmarkAt("b").Id;

        var first = await runner.FireTimerAsync("b");
        var second = await runner.FireTimerAsync("b");

        runner.TokenPositions.Should().Equal("handle", "handle", "work");
        first.ScheduledTimers.Single().Should().Be(new ScheduledTimer(timerId, "b", FixedClock.Start.AddHours(2)));
        second.ScheduledTimers.Single().Due.Should().Be(FixedClock.Start.AddHours(3));

        var done = await runner.CompleteTaskAsync("work");
        done.CancelledTimerIds.Should().Equal(timerId);
    }

    [Fact]
    public async Task Message_boundary_interrupts_and_takes_the_payload()
    {
        var runner = Runner("""<bpmn:boundaryEvent id="b" attachedToRef="work"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>""");
        await runner.StartAsync(businessKey: "INC7");
        runner.BookmarkAt("b").Should().Match<Bookmark>(b => b.MessageName == "customer-called" && b.CorrelationKey == "INC7");

        await runner.DeliverMessageAsync("b", new() { ["callNotes"] = "angry" });

        runner.TokenPositions.Should().Equal("handle");
        runner.Variables["callNotes"].Should().Be("angry");
    }

    [Fact]
    public async Task Non_interrupting_signal_boundary_leaves_the_activity_running()
    {
        var runner = Runner("""<bpmn:boundaryEvent id="b" cancelActivity="false" attachedToRef="work"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:boundaryEvent>""");
        await runner.StartAsync();

        await runner.TriggerAsync(new SignalReceived("outage"));

        runner.TokenPositions.Should().Equal("handle", "work");
        runner.State.Bookmarks.Should().Contain(b => b.ElementId == "b", "a signal subscription stays while the activity runs");
    }

    [Fact]
    public async Task Boundary_on_a_sub_process_cancels_everything_inside()
    {
        var runner = Runner(
            """<bpmn:boundaryEvent id="b" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>""",
            $"""
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="ss" /><bpmn:parallelGateway id="fork" />
              <bpmn:userTask id="x" /><bpmn:userTask id="y" />
              <bpmn:parallelGateway id="join" /><bpmn:endEvent id="se" />
              {Flow("i1", "ss", "fork")}{Flow("i2", "fork", "x")}{Flow("i3", "fork", "y")}{Flow("i4", "x", "join")}{Flow("i5", "y", "join")}{Flow("i6", "join", "se")}
            </bpmn:subProcess>
            """);
        await runner.StartAsync();
        runner.TokenPositions.Should().Equal("work", "x", "y");

        var fired = await runner.FireTimerAsync("b");

        fired.CancelledTaskIds.Should().HaveCount(2);
        runner.TokenPositions.Should().Equal("handle");
        runner.State.Scopes.Should().ContainSingle();
    }
    [Fact]
    public async Task Escalation_boundary_on_a_sub_process_interrupts_it()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="ss" /><bpmn:parallelGateway id="fork" /><bpmn:userTask id="inner" />
              <bpmn:endEvent id="escalate"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:endEvent>
              <bpmn:endEvent id="se" />
              {Flow("i1", "ss", "fork")}{Flow("i2", "fork", "inner")}{Flow("i3", "fork", "escalate")}{Flow("i4", "inner", "se")}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="b" attachedToRef="work"><bpmn:escalationEventDefinition escalationRef="late" camunda:escalationCodeVariable="code" /></bpmn:boundaryEvent>
            <bpmn:userTask id="handle" />
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}{Flow("f3", "b", "handle")}{Flow("f4", "handle", "e2")}
            """, """<bpmn:escalation id="late" escalationCode="LATE" />"""));

        await runner.StartAsync();

        runner.TokenPositions.Should().Equal("handle");
        runner.Variables["code"].Should().Be("LATE");
        runner.State.Scopes.Should().ContainSingle();
    }
}
