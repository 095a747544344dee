using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class EventTests
{
    private const string Declarations = """
        <bpmn:message id="m" name="order-${orderId}" />
        <bpmn:signal id="sig" name="alarm" />
        <bpmn:escalation id="esc" escalationCode="LATE" />
        """;

    private static ProcessRunner Runner(string body) => ProcessRunner.FromXml(Process(body, Declarations));

    [Fact]
    public async Task None_start_to_none_end_completes_and_journals_each_step()
    {
        var runner = Runner($"""<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />{Flow("f", "s", "e")}""");

        var result = await runner.StartAsync(new() { ["a"] = 1L });

        result.Status.Should().Be(ExecutionStatus.Completed);
        result.State.Tokens.Should().BeEmpty();
        result.State.Variables["a"].Should().Be(1L);
        result.Journal.Select(j => (j.Kind, j.ElementId)).Should().Equal(
            (JournalEntryKind.InstanceStarted, "s"),
            (JournalEntryKind.ElementEntered, "s"),
            (JournalEntryKind.ElementCompleted, "s"),
            (JournalEntryKind.ElementEntered, "e"),
            (JournalEntryKind.ElementCompleted, "e"),
            (JournalEntryKind.InstanceCompleted, "p"));
        result.Journal.Should().AllSatisfy(j => j.At.Should().Be(FixedClock.Start));
    }

    [Fact]
    public async Task Message_and_timer_start_events_are_chosen_by_id()
    {
        var body = $"""
            <bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:startEvent id="byTimer"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 * * *</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:userTask id="fromMessage" /><bpmn:userTask id="fromTimer" />
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {Flow("f1", "byMessage", "fromMessage")}{Flow("f2", "byTimer", "fromTimer")}
            {Flow("f3", "fromMessage", "e1")}{Flow("f4", "fromTimer", "e2")}
            """;

        var viaMessage = Runner(body);
        await viaMessage.StartAsync(startEventId: "byMessage");
        viaMessage.TokenPositions.Should().Equal("fromMessage");

        var viaTimer = Runner(body);
        await viaTimer.StartAsync(startEventId: "byTimer");
        viaTimer.TokenPositions.Should().Equal("fromTimer");

        var wrong = () => Runner(body).StartAsync(startEventId: "fromTimer");
        await wrong.Should().ThrowAsync<TriggerRejectedException>();
    }

    [Fact]
    public async Task Timer_catch_waits_for_its_due_time()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT{Expr("hours")}H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "wait")}{Flow("f2", "wait", "e")}
            """);

        var started = await runner.StartAsync(new() { ["hours"] = 3L });

        var timer = started.CreatedBookmarks.Should().ContainSingle().Subject;
        (timer.Kind, timer.ElementId, timer.Due, timer.TimerText).Should().Be((BookmarkKind.Timer, "wait", FixedClock.Start.AddHours(3), "PT3H"));
        started.ScheduledTimers.Should().ContainSingle().Which.BookmarkId.Should().Be(timer.Id);
        runner.TokensAt("wait").Single().Phase.Should().Be(TokenPhase.Waiting);

        var fired = await runner.FireTimerAsync("wait");

        fired.Status.Should().Be(ExecutionStatus.Completed);
        fired.Journal.Should().Contain(j => j.Kind == JournalEntryKind.TimerFired && j.ElementId == "wait");
        fired.CancelledTimerIds.Should().BeEmpty();
    }

    [Fact]
    public async Task Message_catch_subscribes_by_resolved_name_and_correlation_key_and_takes_the_payload()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:intermediateCatchEvent id="wait">
              <bpmn:extensionElements><camunda:properties><camunda:property name="correlationKey" value="{Expr("customer")}" /></camunda:properties></bpmn:extensionElements>
              <bpmn:messageEventDefinition messageRef="m" />
            </bpmn:intermediateCatchEvent>
            <bpmn:receiveTask id="receive" messageRef="m" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "wait")}{Flow("f2", "wait", "receive")}{Flow("f3", "receive", "e")}
            """);

        await runner.StartAsync(new() { ["orderId"] = 42L, ["customer"] = "C-7" }, businessKey: "INC0001001");

        var bookmark = runner.BookmarkAt("wait");
        (bookmark.Kind, bookmark.MessageName, bookmark.CorrelationKey).Should().Be((BookmarkKind.Message, "order-42", "C-7"));

        await runner.DeliverMessageAsync("wait", new() { ["paid"] = true });

        runner.Variables["paid"].Should().Be(true);
        runner.BookmarkAt("receive").CorrelationKey.Should().Be("INC0001001", "the business key is the default correlation key");

        var done = await runner.DeliverMessageAsync("receive");
        done.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task Signal_thrown_in_one_branch_is_caught_in_another_and_handed_to_the_host()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:intermediateCatchEvent id="listen"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateThrowEvent id="shout"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "listen")}{Flow("f3", "fork", "shout")}
            {Flow("f4", "listen", "e1")}{Flow("f5", "shout", "e2")}
            """);

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.Completed);
        result.ThrownSignals.Should().ContainSingle().Which.SignalName.Should().Be("alarm");
        result.CreatedBookmarks.Should().BeEmpty("the subscription was opened and used in the same run");
    }

    [Fact]
    public async Task Signal_from_the_host_fires_every_matching_subscription()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:intermediateCatchEvent id="listen"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "listen")}{Flow("f2", "listen", "e")}
            """);
        await runner.StartAsync();
        runner.BookmarkAt("listen").SignalName.Should().Be("alarm");

        var other = await runner.TriggerAsync(new SignalReceived("other"));
        other.Status.Should().Be(ExecutionStatus.Running);

        var result = await runner.TriggerAsync(new SignalReceived("alarm", new Dictionary<string, object?> { ["level"] = 2L }));
        result.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["level"].Should().Be(2L);
    }

    [Fact]
    public async Task Link_throw_jumps_to_the_catch_with_the_same_name()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:intermediateThrowEvent id="goTo"><bpmn:linkEventDefinition name="B" /></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="landB"><bpmn:linkEventDefinition name="B" /></bpmn:intermediateCatchEvent>
            <bpmn:userTask id="afterB" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "goTo")}{Flow("f2", "landB", "afterB")}{Flow("f3", "afterB", "e")}
            """);

        await runner.StartAsync();

        runner.TokenPositions.Should().Equal("afterB");
    }

    [Fact]
    public async Task Message_end_event_without_handler_is_sent_through_the_host()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:endEvent id="notify"><bpmn:messageEventDefinition messageRef="m" /></bpmn:endEvent>
            {Flow("f1", "s", "notify")}
            """);

        var result = await runner.StartAsync(new() { ["orderId"] = 7L });

        result.Status.Should().Be(ExecutionStatus.Completed);
        result.SentMessages.Should().ContainSingle().Which.MessageName.Should().Be("order-7");
    }

    [Fact]
    public async Task Terminate_end_event_cancels_the_other_branches_and_completes_the_instance_naming_the_end_event()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="work" />
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "work")}{Flow("f3", "fork", "kill")}{Flow("f4", "work", "e")}
            """);

        var result = await runner.StartAsync();

        // Camunda 7 counts such an instance as completed; the journal says which end event ended it.
        result.Status.Should().Be(ExecutionStatus.Completed);
        result.State.Status.Should().Be(InstanceStatus.Completed);
        result.Journal.Should().ContainSingle(j => j.Kind == JournalEntryKind.InstanceTerminated)
            .Which.Should().Match<JournalEntry>(j => j.ElementId == "kill" && j.Detail!.Contains("'kill'"));
        result.State.Tokens.Should().BeEmpty();
        result.State.Bookmarks.Should().BeEmpty();
        result.CreatedTasks.Should().BeEmpty("the task was created and cancelled in the same run");
        result.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ElementCancelled && j.ElementId == "work");
    }

    [Fact]
    public async Task Uncaught_escalation_is_ignored()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "raise")}{Flow("f2", "raise", "e")}
            """);

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.Completed);
        result.Journal.Should().Contain(j => j.Kind == JournalEntryKind.EscalationThrown && j.Detail == "LATE");
    }

    [Fact]
    public async Task Cancelling_the_instance_cancels_tasks_and_timers()
    {
        var runner = Runner($"""
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="work" />
            <bpmn:boundaryEvent id="late" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}{Flow("f3", "late", "e2")}
            """);
        await runner.StartAsync();
        var taskId = runner.BookmarkAt("work").Id;
        var timerId = runner.BookmarkAt("late").Id;

        var result = await runner.TriggerAsync(new CancelRequested("duplicate"));

        result.Status.Should().Be(ExecutionStatus.Cancelled);
        result.CancelledTaskIds.Should().Equal(taskId);
        result.CancelledTimerIds.Should().Equal(timerId);
        var again = () => runner.TriggerAsync(new CancelRequested());
        await again.Should().ThrowAsync<TriggerRejectedException>();
    }
}
