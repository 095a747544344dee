using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class MultiInstanceTests
{
    private static string Around(string activity) => Process($"""
        <bpmn:startEvent id="s" />
        {activity}
        <bpmn:userTask id="after" />
        <bpmn:endEvent id="e" />
        {Flow("f1", "s", "review")}{Flow("f2", "review", "after")}{Flow("f3", "after", "e")}
        """);

    [Fact]
    public async Task Parallel_user_tasks_one_per_collection_item()
    {
        var runner = ProcessRunner.FromXml(Around($"""
            <bpmn:userTask id="review" camunda:assignee="{Expr("reviewer")}">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="reviewers" camunda:elementVariable="reviewer" />
            </bpmn:userTask>
            """));

        var started = await runner.StartAsync(new() { ["reviewers"] = new List<object?> { "ann", "bob", "cid" } });

        started.CreatedTasks.Select(t => t.Assignee).Should().Equal("ann", "bob", "cid");
        var body = runner.State.Scopes.Single(s => s.Kind == ScopeKind.MultiInstanceBody);
        body.Variables.Should().Contain("nrOfInstances", 3L).And.Contain("nrOfActiveInstances", 3L).And.Contain("nrOfCompletedInstances", 0L);
        runner.State.Scopes.Where(s => s.Kind == ScopeKind.MultiInstanceInner).Select(s => s.Variables["loopCounter"]).Should().Equal(0L, 1L, 2L);

        foreach (var task in started.CreatedTasks.Take(2))
        {
            await runner.TriggerAsync(new UserTaskCompleted(task.Id));
        }

        body.Variables["nrOfCompletedInstances"].Should().Be(2L);
        body.Variables["nrOfActiveInstances"].Should().Be(1L);
        runner.TokenPositions.Should().Equal("review", "review");

        await runner.TriggerAsync(new UserTaskCompleted(started.CreatedTasks[2].Id));
        runner.TokenPositions.Should().Equal("after");
        runner.State.Scopes.Should().ContainSingle();
    }

    [Fact]
    public async Task Sequential_instances_run_one_after_another()
    {
        var runner = ProcessRunner.FromXml(Around($"""
            <bpmn:userTask id="review">
              <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>{Expr("rounds")}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            """));
        await runner.StartAsync(new() { ["rounds"] = 3L });

        for (var round = 0L; round < 3; round++)
        {
            runner.TokensAt("review").Should().HaveCount(2, "the body's token waits beside the one inner instance");
            runner.State.Scopes.Single(s => s.Kind == ScopeKind.MultiInstanceInner).Variables["loopCounter"].Should().Be(round);
            await runner.CompleteTaskAsync("review");
        }

        runner.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Completion_condition_cancels_the_remaining_instances()
    {
        var runner = ProcessRunner.FromXml(Around($"""
            <bpmn:userTask id="review">
              <bpmn:multiInstanceLoopCharacteristics>
                <bpmn:loopCardinality>4</bpmn:loopCardinality>
                <bpmn:completionCondition>{Expr("nrOfCompletedInstances >= 2")}</bpmn:completionCondition>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            """));
        var started = await runner.StartAsync();

        await runner.TriggerAsync(new UserTaskCompleted(started.CreatedTasks[0].Id));
        var last = await runner.TriggerAsync(new UserTaskCompleted(started.CreatedTasks[1].Id));

        last.CancelledTaskIds.Should().BeEquivalentTo(started.CreatedTasks.Skip(2).Select(t => t.Id));
        runner.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Multi_instance_service_task_and_empty_collection()
    {
        var handler = new RecordingHandler(c => ServiceTaskResult.With(("last", c.Variables["ci"])));
        var runner = ProcessRunner.FromXml(Around($"""
            <bpmn:serviceTask id="review" camunda:class="check">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="{Expr("cis")}" camunda:elementVariable="ci" />
            </bpmn:serviceTask>
            """), ("check", handler));

        await runner.StartAsync(new() { ["cis"] = new List<object?> { "CI1", "CI2" } });

        handler.Calls.Select(c => c.Variables["loopCounter"]).Should().Equal(0L, 1L);
        handler.Calls.Select(c => c.Variables["nrOfInstances"]).Should().Equal(2L, 2L);
        runner.TokenPositions.Should().Equal("after");

        var empty = ProcessRunner.FromXml(Around($"""
            <bpmn:serviceTask id="review" camunda:class="check">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="{Expr("cis")}" camunda:elementVariable="ci" />
            </bpmn:serviceTask>
            """), ("check", handler));
        await empty.StartAsync(new() { ["cis"] = new List<object?>() });
        empty.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Multi_instance_sub_process_gives_each_instance_its_own_scope()
    {
        var runner = ProcessRunner.FromXml(Around($"""
            <bpmn:subProcess id="review">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="items" camunda:elementVariable="item" />
              <bpmn:startEvent id="ss" /><bpmn:userTask id="check" camunda:assignee="{Expr("item")}" /><bpmn:endEvent id="se" />
              {Flow("i1", "ss", "check")}{Flow("i2", "check", "se")}
            </bpmn:subProcess>
            """));

        var started = await runner.StartAsync(new() { ["items"] = new List<object?> { "a", "b" } });

        started.CreatedTasks.Select(t => t.Assignee).Should().Equal("a", "b");
        runner.State.Scopes.Count(s => s.Kind == ScopeKind.SubProcess).Should().Be(2);
        foreach (var task in started.CreatedTasks)
        {
            await runner.TriggerAsync(new UserTaskCompleted(task.Id));
        }

        runner.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Error_in_one_inner_instance_is_caught_by_the_boundary_of_the_whole_activity()
    {
        var handler = new RecordingHandler(c => c.Variables["ci"] is "BAD" ? throw new BpmnErrorException("INVALID_CI") : ServiceTaskResult.Empty);
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="review" camunda:class="check">
              <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="cis" camunda:elementVariable="ci" />
            </bpmn:serviceTask>
            <bpmn:boundaryEvent id="invalid" attachedToRef="review"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
            <bpmn:userTask id="after" /><bpmn:userTask id="fix" />
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "review")}{Flow("f2", "review", "after")}{Flow("f3", "after", "e")}{Flow("f4", "invalid", "fix")}{Flow("f5", "fix", "e2")}
            """), ("check", handler));

        await runner.StartAsync(new() { ["cis"] = new List<object?> { "OK1", "BAD", "OK2" } });

        handler.Calls.Select(c => c.Variables["ci"]).Should().Equal("OK1", "BAD");
        runner.TokenPositions.Should().Equal("fix");
        runner.State.Scopes.Should().ContainSingle();
    }

    [Fact]
    public async Task Error_inside_a_multi_instance_sub_process_is_caught_by_the_boundary_of_the_whole_sub_process()
    {
        var handler = new RecordingHandler(c => c.Variables["ci"] is "BAD" ? throw new BpmnErrorException("INVALID_CI") : ServiceTaskResult.Empty);
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="review">
              <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="cis" camunda:elementVariable="ci" />
              <bpmn:startEvent id="is" /><bpmn:serviceTask id="check" camunda:class="check" /><bpmn:endEvent id="ie" />
              {Flow("i1", "is", "check")}{Flow("i2", "check", "ie")}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="invalid" attachedToRef="review"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
            <bpmn:userTask id="after" /><bpmn:userTask id="fix" />
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "review")}{Flow("f2", "review", "after")}{Flow("f3", "after", "e")}{Flow("f4", "invalid", "fix")}{Flow("f5", "fix", "e2")}
            """), ("check", handler));

        await runner.StartAsync(new() { ["cis"] = new List<object?> { "OK1", "BAD", "OK2" } });

        handler.Calls.Select(c => c.Variables["ci"]).Should().Equal("OK1", "BAD");
        runner.TokenPositions.Should().Equal("fix");
        runner.State.Scopes.Should().ContainSingle("the whole multi-instance body is cancelled, not only the failing instance");
    }

    [Fact]
    public async Task Multi_instance_sub_process_outputs_run_per_instance_on_its_final_locals()
    {
        var runner = ProcessRunner.FromXml(Around($"""
            <bpmn:subProcess id="review">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="doubled">{Expr("item")}</camunda:inputParameter>
                  <camunda:outputParameter name="sum">{Expr("sum + doubled")}</camunda:outputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
              <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="items" camunda:elementVariable="item" />
              <bpmn:startEvent id="ss" />
              <bpmn:scriptTask id="double" scriptFormat="javascript"><bpmn:script>execution.setVariable('doubled', doubled * 2)</bpmn:script></bpmn:scriptTask>
              <bpmn:endEvent id="se" />
              {Flow("i1", "ss", "double")}{Flow("i2", "double", "se")}
            </bpmn:subProcess>
            """));

        var result = await runner.StartAsync(new() { ["sum"] = 0L, ["items"] = new List<object?> { 2L, 3L } });

        result.Status.Should().Be(ExecutionStatus.Running, "the body applies no output mapping of its own");
        runner.Variables["sum"].Should().Be(10L, "each instance adds its doubled item: 4 + 6");
        runner.Variables.Should().NotContainKey("doubled");
        runner.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Failing_completion_condition_fails_the_instance_and_keeps_the_others_for_a_retry()
    {
        var runner = ProcessRunner.FromXml(Around($"""
            <bpmn:userTask id="review">
              <bpmn:multiInstanceLoopCharacteristics>
                <bpmn:loopCardinality>3</bpmn:loopCardinality>
                <bpmn:completionCondition>{Expr("nrOfCompletedInstances >= quorum")}</bpmn:completionCondition>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            """));
        var started = await runner.StartAsync();

        var failed = await runner.TriggerAsync(new UserTaskCompleted(started.CreatedTasks[0].Id));

        failed.Status.Should().Be(ExecutionStatus.ElementFailed);
        var failure = failed.Failures.Should().ContainSingle().Subject;
        failure.ElementId.Should().Be("review");
        failure.Message.Should().Contain("quorum");
        failed.CancelledTaskIds.Should().BeEmpty("the other instances are untouched");
        runner.State.Bookmarks.Select(b => b.Id).Should().BeEquivalentTo(started.CreatedTasks.Skip(1).Select(t => t.Id));
        runner.State.Scopes.Single(s => s.Kind == ScopeKind.MultiInstanceBody).Variables["nrOfCompletedInstances"].Should().Be(0L, "the count waits for the condition");
        runner.TokensAt("review").Should().ContainSingle(t => t.Phase == TokenPhase.Failed).Which.Id.Should().Be(failure.TokenId);

        runner.Variables["quorum"] = 1L; // the operator fixes the data, then retries
        var retried = await runner.TriggerAsync(new RetryRequested(failure.TokenId));

        retried.Status.Should().Be(ExecutionStatus.Running);
        retried.CancelledTaskIds.Should().BeEquivalentTo(started.CreatedTasks.Skip(1).Select(t => t.Id));
        runner.TokenPositions.Should().Equal("after");
        runner.Journal.Count(j => j.Kind == JournalEntryKind.ElementCompleted && j.ElementId == "review").Should().Be(2,
            "the failed instance completes once, on the retry, and then the body");
    }

    [Fact]
    public async Task Async_before_on_the_loop_waits_before_each_instance_and_each_continuation_runs_its_own()
    {
        var handler = new RecordingHandler();
        var runner = ProcessRunner.FromXml(Around("""
            <bpmn:serviceTask id="review" camunda:class="h">
              <bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true" camunda:collection="hosts" camunda:elementVariable="host" />
            </bpmn:serviceTask>
            """), ("h", handler));

        var started = await runner.StartAsync(new() { ["hosts"] = new List<object?> { "db1", "db2", "db3" } });

        started.CreatedBookmarks.Should().HaveCount(3).And.OnlyContain(b => b.Kind == BookmarkKind.AsyncContinuation && b.ElementId == "review",
            "one continuation per instance");
        handler.Calls.Should().BeEmpty("no instance runs before its continuation");

        var continuations = started.CreatedBookmarks.ToList();
        await runner.TriggerAsync(new AsyncContinuationDue(continuations[1].Id));
        handler.Calls.Should().ContainSingle("one continuation runs one instance").Which.Variables["host"].Should().Be("db2");
        runner.TokenPositions.Should().Equal(["review", "review", "review"], "the loop and the two instances still waiting");

        await runner.TriggerAsync(new AsyncContinuationDue(continuations[0].Id));
        await runner.TriggerAsync(new AsyncContinuationDue(continuations[2].Id));
        handler.Calls.Select(c => c.Variables["host"]).Should().Equal("db2", "db1", "db3");
        runner.TokenPositions.Should().Equal(["after"], "the loop completes once its last instance has");
    }

    [Fact]
    public async Task Async_after_on_a_sequential_loop_waits_after_each_instance_before_the_next_starts()
    {
        var handler = new RecordingHandler();
        var runner = ProcessRunner.FromXml(Around($"""
            <bpmn:serviceTask id="review" camunda:class="h">
              <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:asyncAfter="true"><bpmn:loopCardinality>{Expr("rounds")}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
            </bpmn:serviceTask>
            """), ("h", handler));

        var started = await runner.StartAsync(new() { ["rounds"] = 2L });
        handler.Calls.Should().ContainSingle("the first instance runs at once");
        var afterFirst = started.CreatedBookmarks.Should().ContainSingle().Subject;
        afterFirst.Kind.Should().Be(BookmarkKind.AsyncContinuation);
        runner.TokensAt("review").Should().ContainSingle(t => t.Phase == TokenPhase.AsyncAfter, "the first instance waits after it ran");

        var second = await runner.TriggerAsync(new AsyncContinuationDue(afterFirst.Id));
        handler.Calls.Should().HaveCount(2, "the second instance starts once the first one's continuation has run");
        var afterSecond = second.CreatedBookmarks.Should().ContainSingle().Subject;

        await runner.TriggerAsync(new AsyncContinuationDue(afterSecond.Id));
        handler.Calls.Should().HaveCount(2);
        runner.TokenPositions.Should().Equal("after");
    }

    [Fact]
    public async Task Async_before_on_the_activity_waits_once_before_the_loop_and_the_loops_own_before_each_instance()
    {
        var handler = new RecordingHandler();
        var runner = ProcessRunner.FromXml(Around("""
            <bpmn:serviceTask id="review" camunda:class="h" camunda:asyncBefore="true">
              <bpmn:multiInstanceLoopCharacteristics camunda:async="true" camunda:collection="hosts" camunda:elementVariable="host" />
            </bpmn:serviceTask>
            """), ("h", handler));

        var started = await runner.StartAsync(new() { ["hosts"] = new List<object?> { "db1", "db2" } });
        var beforeLoop = started.CreatedBookmarks.Should().ContainSingle("the activity waits once, before its loop begins").Subject;

        var looped = await runner.TriggerAsync(new AsyncContinuationDue(beforeLoop.Id));
        looped.CreatedBookmarks.Should().HaveCount(2, "camunda:async, the old name of asyncBefore, on the loop waits before each instance");
        handler.Calls.Should().BeEmpty();

        foreach (var continuation in looped.CreatedBookmarks)
        {
            await runner.TriggerAsync(new AsyncContinuationDue(continuation.Id));
        }

        handler.Calls.Should().HaveCount(2);
        runner.TokenPositions.Should().Equal("after");
    }
}
