using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class SubProcessTests
{
    private const string Declarations = """
        <bpmn:message id="cancel" name="cancel-request" />
        <bpmn:message id="note" name="customer-note" />
        <bpmn:escalation id="late" escalationCode="LATE" />
        """;

    [Fact]
    public async Task Embedded_sub_process_runs_in_its_own_scope_and_continues_the_parent()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:userTask id="inner" />
              <bpmn:endEvent id="subEnd" />
              {Flow("i1", "subStart", "inner")}{Flow("i2", "inner", "subEnd")}
            </bpmn:subProcess>
            <bpmn:userTask id="after" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "after")}{Flow("f3", "after", "e")}
            """));

        await runner.StartAsync();

        runner.TokenPositions.Should().Equal("inner", "sub");
        var subScope = runner.State.Scopes.Single(s => s.Kind == ScopeKind.SubProcess);
        subScope.ElementId.Should().Be("sub");
        runner.TokensAt("inner").Single().ScopeId.Should().Be(subScope.Id);
        runner.TokensAt("sub").Single().Phase.Should().Be(TokenPhase.Waiting);

        await runner.CompleteTaskAsync("inner", new() { ["result"] = "done" });

        runner.TokenPositions.Should().Equal("after");
        runner.State.Scopes.Should().ContainSingle().Which.Kind.Should().Be(ScopeKind.Process);
        runner.Variables["result"].Should().Be("done", "a new variable set inside goes to the process scope");
    }

    private static string WithEventSubProcesses(string eventSubProcesses) => Process($"""
        <bpmn:startEvent id="s" />
        <bpmn:userTask id="work" />
        <bpmn:endEvent id="e" />
        {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}
        {eventSubProcesses}
        """, Declarations);

    [Fact]
    public async Task Interrupting_message_event_sub_process_cancels_the_scope_and_completes_it()
    {
        var runner = ProcessRunner.FromXml(WithEventSubProcesses($"""
            <bpmn:subProcess id="onCancel" triggeredByEvent="true">
              <bpmn:startEvent id="cancelStart"><bpmn:messageEventDefinition messageRef="cancel" /></bpmn:startEvent>
              <bpmn:userTask id="confirmCancel" />
              <bpmn:endEvent id="cancelEnd" />
              {Flow("c1", "cancelStart", "confirmCancel")}{Flow("c2", "confirmCancel", "cancelEnd")}
            </bpmn:subProcess>
            """));
        var started = await runner.StartAsync();
        var subscription = started.CreatedBookmarks.Single(b => b.ElementId == "cancelStart");
        subscription.Should().Match<Bookmark>(b => b.TokenId == null && b.MessageName == "cancel-request");
        var workTask = runner.BookmarkAt("work").Id;

        var fired = await runner.TriggerAsync(new MessageReceived(subscription.Id, new Dictionary<string, object?> { ["reason"] = "dup" }));

        fired.CancelledTaskIds.Should().Equal(workTask);
        runner.TokenPositions.Should().Equal("confirmCancel", "onCancel");
        runner.State.Scopes.Should().Contain(s => s.Kind == ScopeKind.EventSubProcess && s.Variables["reason"]!.Equals("dup"));

        var done = await runner.CompleteTaskAsync("confirmCancel");
        done.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task Non_interrupting_event_sub_process_runs_beside_the_main_flow_and_may_fire_again()
    {
        var runner = ProcessRunner.FromXml(WithEventSubProcesses($"""
            <bpmn:subProcess id="onNote" triggeredByEvent="true">
              <bpmn:startEvent id="noteStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="note" /></bpmn:startEvent>
              <bpmn:userTask id="readNote" />
              <bpmn:endEvent id="noteEnd" />
              {Flow("n1", "noteStart", "readNote")}{Flow("n2", "readNote", "noteEnd")}
            </bpmn:subProcess>
            """));
        await runner.StartAsync();
        var subscriptionId = runner.BookmarkAt("noteStart").Id;

        await runner.TriggerAsync(new MessageReceived(subscriptionId));
        await runner.TriggerAsync(new MessageReceived(subscriptionId));

        runner.TokenPositions.Should().Equal("onNote", "onNote", "readNote", "readNote", "work");

        await runner.CompleteTaskAsync("work");
        runner.State.Status.Should().Be(InstanceStatus.Running, "the event sub-processes still run");
        runner.State.Bookmarks.Should().Contain(b => b.Id == subscriptionId, "the scope stays active while its event sub-processes run");

        foreach (var task in runner.State.Bookmarks.Where(b => b.ElementId == "readNote").ToList())
        {
            await runner.TriggerAsync(new UserTaskCompleted(task.Id));
        }

        runner.State.Status.Should().Be(InstanceStatus.Completed);
        runner.State.Bookmarks.Should().BeEmpty();
    }

    [Fact]
    public async Task Timer_cycle_event_sub_process_re_arms_until_its_repetitions_are_used()
    {
        var runner = ProcessRunner.FromXml(WithEventSubProcesses($"""
            <bpmn:subProcess id="reminder" triggeredByEvent="true">
              <bpmn:startEvent id="tick" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
              <bpmn:endEvent id="tickEnd" />
              {Flow("t1", "tick", "tickEnd")}
            </bpmn:subProcess>
            """));
        await runner.StartAsync();
        runner.BookmarkAt("tick").Due.Should().Be(FixedClock.Start.AddHours(1));

        var first = await runner.FireTimerAsync("tick");
        first.ScheduledTimers.Should().ContainSingle().Which.Due.Should().Be(FixedClock.Start.AddHours(2));
        runner.BookmarkAt("tick").FiredCount.Should().Be(1);

        await runner.FireTimerAsync("tick");
        runner.State.Bookmarks.Should().NotContain(b => b.ElementId == "tick");
        runner.Journal.Count(j => j.Kind == JournalEntryKind.ElementCompleted && j.ElementId == "tickEnd").Should().Be(2);
    }

    [Fact]
    public async Task Escalation_from_a_sub_process_starts_a_non_interrupting_event_sub_process()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:intermediateThrowEvent>
              <bpmn:userTask id="keepWorking" />
              <bpmn:endEvent id="subEnd" />
              {Flow("i1", "subStart", "raise")}{Flow("i2", "raise", "keepWorking")}{Flow("i3", "keepWorking", "subEnd")}
            </bpmn:subProcess>
            <bpmn:endEvent id="e" />
            <bpmn:subProcess id="onLate" triggeredByEvent="true">
              <bpmn:startEvent id="lateStart" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="late" camunda:escalationCodeVariable="why" /></bpmn:startEvent>
              <bpmn:userTask id="informManager" />
              <bpmn:endEvent id="lateEnd" />
              {Flow("l1", "lateStart", "informManager")}{Flow("l2", "informManager", "lateEnd")}
            </bpmn:subProcess>
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "e")}
            """, Declarations));

        await runner.StartAsync();

        runner.TokenPositions.Should().Equal("informManager", "keepWorking", "onLate", "sub");
        runner.State.Scopes.Single(s => s.Kind == ScopeKind.EventSubProcess).Variables["why"].Should().Be("LATE");
        runner.Journal.Should().Contain(j => j.Kind == JournalEntryKind.EscalationCaught && j.ElementId == "lateStart");
    }

    [Fact]
    public async Task Terminate_inside_a_sub_process_ends_only_the_sub_process()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:parallelGateway id="fork" />
              <bpmn:userTask id="slow" />
              <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
              <bpmn:endEvent id="subEnd" />
              {Flow("i1", "subStart", "fork")}{Flow("i2", "fork", "slow")}{Flow("i3", "fork", "stop")}{Flow("i4", "slow", "subEnd")}
            </bpmn:subProcess>
            <bpmn:userTask id="after" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "after")}{Flow("f3", "after", "e")}
            """));

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.Running);
        runner.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Journal_entries_name_the_token_and_scope_they_happened_in()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:userTask id="inner" />
              <bpmn:endEvent id="subEnd" />
              {Flow("i1", "subStart", "inner")}{Flow("i2", "inner", "subEnd")}
            </bpmn:subProcess>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "e")}
            """));

        var started = await runner.StartAsync();

        var root = runner.State.RootScope;
        var subScope = runner.State.Scopes.Single(s => s.Kind == ScopeKind.SubProcess);
        var holder = runner.TokensAt("sub").Single();
        var inner = runner.TokensAt("inner").Single();
        started.Journal.Single(j => j.Kind == JournalEntryKind.ElementEntered && j.ElementId == "sub")
            .Should().Match<JournalEntry>(j => j.TokenId == holder.Id && j.ScopeId == root.Id);
        started.Journal.Single(j => j.Kind == JournalEntryKind.ElementEntered && j.ElementId == "inner")
            .Should().Match<JournalEntry>(j => j.TokenId == inner.Id && j.ScopeId == subScope.Id);
        started.Journal.Single(j => j.Kind == JournalEntryKind.TaskCreated)
            .Should().Match<JournalEntry>(j => j.TokenId == inner.Id && j.ScopeId == subScope.Id);

        var done = await runner.CompleteTaskAsync("inner");

        done.Journal.Single(j => j.Kind == JournalEntryKind.TaskCompleted).TokenId.Should().Be(inner.Id);
        done.Journal.Single(j => j.Kind == JournalEntryKind.ElementCompleted && j.ElementId == "sub")
            .Should().Match<JournalEntry>(j => j.TokenId == holder.Id && j.ScopeId == root.Id);
        done.Journal.Single(j => j.Kind == JournalEntryKind.InstanceCompleted).ScopeId.Should().Be(root.Id);
    }
}
