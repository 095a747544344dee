using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class TaskTests
{
    /// <summary>start → the given task(s) → end, flows in document order.</summary>
    private static string Chain(params string[] tasks)
    {
        var ids = new List<string> { "s" };
        ids.AddRange(tasks.Select(t => t.Split('"')[1]));
        ids.Add("e");
        var flows = string.Concat(ids.Zip(ids.Skip(1), (a, b) => Flow($"f_{a}_{b}", a, b)));
        return $"""<bpmn:startEvent id="s" />{string.Concat(tasks)}<bpmn:endEvent id="e" />{flows}""";
    }

    [Fact]
    public async Task BPMN_humanPerformer_and_potentialOwner_name_the_assignee_and_candidates_as_in_Camunda_7()
    {
        static string People(string kind, string expression) =>
            $"<bpmn:{kind}><bpmn:resourceAssignmentExpression><bpmn:formalExpression>{expression}</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:{kind}>";
        var runner = ProcessRunner.FromXml(Process(Chain(
            $"""<bpmn:userTask id="approve">{People("humanPerformer", Expr("owner"))}{People("potentialOwner", "user(kermit), group(management), accountancy, group(" + Expr("team") + ")")}</bpmn:userTask>""")));

        var result = await runner.StartAsync(new() { ["owner"] = "carol", ["team"] = "l2" });

        var task = result.CreatedTasks.Should().ContainSingle().Subject;
        task.Assignee.Should().Be("carol");
        task.CandidateUsers.Should().Equal("kermit");
        task.CandidateGroups.Should().Equal("management", "accountancy", "l2");
    }

    [Fact]
    public async Task User_task_creates_a_human_task_with_evaluated_assignment()
    {
        var runner = ProcessRunner.FromXml(Process(Chain(
            $"""<bpmn:userTask id="approve" name="Approve" camunda:assignee="{Expr("owner")}" camunda:candidateUsers="ann, bob" camunda:candidateGroups="{Expr("groups")}" camunda:dueDate="P2D" camunda:followUpDate="2026-03-03T08:00:00Z" camunda:priority="{Expr("prio * 10")}" camunda:formKey="forms/approve" />""")));

        var result = await runner.StartAsync(new() { ["owner"] = "carol", ["groups"] = new List<object?> { "cab", "l2" }, ["prio"] = 4L });

        var task = result.CreatedTasks.Should().ContainSingle().Subject;
        task.Should().BeEquivalentTo(new
        {
            InstanceId = "i1",
            ElementId = "approve",
            Name = "Approve",
            Assignee = "carol",
            CandidateUsers = new[] { "ann", "bob" },
            CandidateGroups = new[] { "cab", "l2" },
            DueDate = FixedClock.Start.AddDays(2),
            FollowUpDate = new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero),
            Priority = 40,
            FormKey = "forms/approve",
        });
        task.Id.Should().Be(runner.BookmarkAt("approve").Id);
        result.Journal.Should().Contain(j => j.Kind == JournalEntryKind.TaskCreated && j.Detail == task.Id);

        var done = await runner.TriggerAsync(new UserTaskCompleted(task.Id, new Dictionary<string, object?> { ["approved"] = true }));

        done.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["approved"].Should().Be(true);
    }

    [Fact]
    public async Task Completing_an_unknown_task_is_rejected_without_changes()
    {
        var runner = ProcessRunner.FromXml(Process(Chain("""<bpmn:userTask id="t" />""")));
        await runner.StartAsync();
        var before = InstanceStateSerializer.Serialize(runner.State);

        var act = () => runner.TriggerAsync(new UserTaskCompleted("nope"));

        await act.Should().ThrowAsync<TriggerRejectedException>();
        InstanceStateSerializer.Serialize(runner.State).Should().Be(before);
    }

    [Fact]
    public async Task Script_task_sets_variables_and_its_result_variable()
    {
        var runner = ProcessRunner.FromXml(Process(Chain(
            """<bpmn:scriptTask id="calc" scriptFormat="javascript" camunda:resultVariable="sum"><bpmn:script>execution.setVariable("doubled", a * 2); a + b</bpmn:script></bpmn:scriptTask>""")));

        var result = await runner.StartAsync(new() { ["a"] = 2L, ["b"] = 3L });

        result.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["doubled"].Should().Be(4L);
        runner.Variables["sum"].Should().Be(5L);
        result.Journal.Where(j => j.Kind == JournalEntryKind.VariableSet).Select(j => j.Detail).Should().Equal("doubled", "sum");
    }

    [Fact]
    public async Task Failing_script_parks_the_token_failed_and_a_retry_runs_it_again()
    {
        var runner = ProcessRunner.FromXml(Process(Chain(
            """<bpmn:scriptTask id="calc" scriptFormat="javascript"><bpmn:script>if (!ready) { throw new Error("not ready"); } execution.setVariable("ok", true);</bpmn:script></bpmn:scriptTask>""")));

        var failed = await runner.StartAsync(new() { ["ready"] = false });

        failed.Status.Should().Be(ExecutionStatus.ElementFailed);
        var failure = failed.Failures.Should().ContainSingle().Subject;
        failure.ElementId.Should().Be("calc");
        failure.Message.Should().Contain("not ready");
        runner.TokensAt("calc").Single().Should().Match<TokenState>(t => t.Phase == TokenPhase.Failed && t.FailureMessage!.Contains("not ready"));
        failed.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ElementFailed && j.ElementId == "calc");

        runner.Variables["ready"] = true;
        var retried = await runner.TriggerAsync(new RetryRequested(failure.TokenId));

        retried.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["ok"].Should().Be(true);
    }

    [Fact]
    public async Task Service_task_calls_its_handler_with_inputs_and_variables_and_stores_outputs()
    {
        var handler = new RecordingHandler(c => ServiceTaskResult.With(("ticket", "T-" + c.Inputs["number"])));
        var runner = ProcessRunner.FromXml(Process(Chain($"""
            <bpmn:serviceTask id="call" camunda:delegateExpression="{Expr("tickets.create")}">
              <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="number">{Expr("n + 1")}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
            </bpmn:serviceTask>
            """)), ("tickets.create", handler));

        var result = await runner.StartAsync(new() { ["n"] = 41L }, businessKey: "INC1");

        result.Status.Should().Be(ExecutionStatus.Completed);
        var call = handler.Calls.Should().ContainSingle().Subject;
        (call.ProcessInstanceId, call.BusinessKey, call.ElementId).Should().Be(("i1", "INC1", "call"));
        call.Inputs.Should().Contain("number", 42L);
        call.Variables.Should().Contain("n", 41L).And.Contain("number", 42L);
        runner.Variables["ticket"].Should().Be("T-42");
        runner.Variables.Should().NotContainKey("number", "inputs are local to the activity");
    }

    [Fact]
    public async Task Class_expression_business_rule_and_send_tasks()
    {
        var rules = new RecordingHandler(_ => ServiceTaskResult.With(("risk", "low")));
        var runner = ProcessRunner.FromXml(Process(Chain(
            """<bpmn:serviceTask id="byClass" camunda:class="rules.risk" />""",
            $"""<bpmn:serviceTask id="byExpression" camunda:expression="{Expr("a * 3")}" camunda:resultVariable="tripled" />""",
            """<bpmn:businessRuleTask id="rule" camunda:class="rules.risk" />""",
            """<bpmn:sendTask id="send" messageRef="m" />""",
            """<bpmn:manualTask id="manual" />""",
            """<bpmn:task id="plain" />"""),
            """<bpmn:message id="m" name="risk-assessed" />"""), ("rules.risk", rules));

        var result = await runner.StartAsync(new() { ["a"] = 5L });

        result.Status.Should().Be(ExecutionStatus.Completed);
        rules.Calls.Select(c => c.ElementId).Should().Equal("byClass", "rule");
        runner.Variables["tripled"].Should().Be(15L);
        runner.Variables["risk"].Should().Be("low");
        result.SentMessages.Should().ContainSingle().Which.Should().Match<SentMessage>(m => m.MessageName == "risk-assessed" && m.ElementId == "send");
        runner.Entered.Should().Equal("s", "byClass", "byExpression", "rule", "send", "manual", "plain", "e");
    }

    [Fact]
    public async Task Missing_handler_is_an_element_failure()
    {
        var runner = ProcessRunner.FromXml(Process(Chain("""<bpmn:serviceTask id="call" camunda:class="not.registered" />""")));

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.ElementFailed);
        result.Failures.Single().Message.Should().Contain("not.registered");
    }

    [Fact]
    public async Task External_task_waits_for_its_worker()
    {
        var runner = ProcessRunner.FromXml(Process(Chain($"""
            <bpmn:serviceTask id="lookup" camunda:type="external" camunda:topic="cmdb">
              <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="ci">{Expr("ciId")}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
            </bpmn:serviceTask>
            """)));

        var started = await runner.StartAsync(new() { ["ciId"] = "CI9" });

        var bookmark = started.CreatedBookmarks.Should().ContainSingle().Subject;
        (bookmark.Kind, bookmark.Topic).Should().Be((BookmarkKind.ExternalTask, "cmdb"));
        bookmark.Inputs.Should().Contain("ci", "CI9");

        var failed = await runner.TriggerAsync(new ExternalTaskFailed(bookmark.Id, "worker crashed"));
        failed.Status.Should().Be(ExecutionStatus.ElementFailed);
        runner.State.Bookmarks.Should().BeEmpty();

        var retried = await runner.TriggerAsync(new RetryRequested(failed.Failures[0].TokenId));
        var again = retried.CreatedBookmarks.Should().ContainSingle().Subject;

        var done = await runner.TriggerAsync(new ExternalTaskCompleted(again.Id, new Dictionary<string, object?> { ["owner"] = "ops" }));
        done.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["owner"].Should().Be("ops");
    }

    [Fact]
    public async Task Async_before_and_after_park_on_continuation_bookmarks()
    {
        var handler = new RecordingHandler();
        var runner = ProcessRunner.FromXml(Process(Chain(
            """<bpmn:serviceTask id="work" camunda:class="h" camunda:asyncBefore="true" camunda:asyncAfter="true" />""")), ("h", handler));

        var started = await runner.StartAsync();
        var before = started.CreatedBookmarks.Should().ContainSingle().Subject;
        before.Kind.Should().Be(BookmarkKind.AsyncContinuation);
        runner.TokensAt("work").Single().Phase.Should().Be(TokenPhase.AsyncBefore);
        handler.Calls.Should().BeEmpty();

        var ran = await runner.TriggerAsync(new AsyncContinuationDue(before.Id));
        handler.Calls.Should().ContainSingle();
        runner.TokensAt("work").Single().Phase.Should().Be(TokenPhase.AsyncAfter);
        var after = ran.CreatedBookmarks.Should().ContainSingle().Subject;

        var done = await runner.TriggerAsync(new AsyncContinuationDue(after.Id));
        done.Status.Should().Be(ExecutionStatus.Completed);
        handler.Calls.Should().ContainSingle("async-after continues without running the task again");
    }
    [Fact]
    public async Task Camunda_async_the_old_name_of_async_before_waits_before_the_task()
    {
        var handler = new RecordingHandler();
        var runner = ProcessRunner.FromXml(Process(Chain(
            """<bpmn:serviceTask id="work" camunda:class="h" camunda:async="true" />""")), ("h", handler));

        var started = await runner.StartAsync();
        started.CreatedBookmarks.Should().ContainSingle().Which.Kind.Should().Be(BookmarkKind.AsyncContinuation);
        handler.Calls.Should().BeEmpty("the task runs after the continuation, as with asyncBefore");

        var done = await runner.TriggerAsync(new AsyncContinuationDue(runner.BookmarkAt("work").Id));
        done.Status.Should().Be(ExecutionStatus.Completed);
        handler.Calls.Should().ContainSingle();
    }

    [Fact]
    public async Task Async_after_on_a_start_event_and_async_before_on_a_parallel_join()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" camunda:asyncAfter="true" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:task id="a" /><bpmn:task id="b" />
            <bpmn:parallelGateway id="join" camunda:asyncBefore="true" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "a")}{Flow("f3", "fork", "b")}{Flow("f4", "a", "join")}{Flow("f5", "b", "join")}{Flow("f6", "join", "e")}
            """));

        var started = await runner.StartAsync();
        started.CreatedBookmarks.Should().ContainSingle().Which.Kind.Should().Be(BookmarkKind.AsyncContinuation);
        runner.TokensAt("s").Single().Phase.Should().Be(TokenPhase.AsyncAfter);

        var forked = await runner.TriggerAsync(new AsyncContinuationDue(runner.BookmarkAt("s").Id));
        forked.CreatedBookmarks.Should().HaveCount(2).And.OnlyContain(b => b.ElementId == "join");

        foreach (var bookmark in runner.State.Bookmarks.ToList())
        {
            await runner.TriggerAsync(new AsyncContinuationDue(bookmark.Id));
        }

        runner.State.Status.Should().Be(InstanceStatus.Completed);
    }

    private static string GatewayListeners =>
        """
        <bpmn:extensionElements>
          <camunda:executionListener event="start"><camunda:script scriptFormat="javascript">execution.setVariable('trail', trail + ',start')</camunda:script></camunda:executionListener>
          <camunda:executionListener event="end"><camunda:script scriptFormat="javascript">execution.setVariable('trail', trail + ',end')</camunda:script></camunda:executionListener>
        </bpmn:extensionElements>
        """;

    [Fact]
    public async Task Async_after_on_an_exclusive_gateway_runs_its_listeners_chooses_the_flow_and_then_waits_once()
    {
        // Camunda 7's AsyncAfterTest.testAsyncAfterExclusiveGateway: both listeners before the wait, one job after it.
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:exclusiveGateway id="xor" camunda:asyncAfter="true" default="toB">{GatewayListeners}</bpmn:exclusiveGateway>
            <bpmn:userTask id="a" /><bpmn:userTask id="b" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "xor")}{Flow("toA", "xor", "a", "${flow}")}{Flow("toB", "xor", "b")}{Flow("f4", "a", "e")}{Flow("f5", "b", "e")}
            """));

        var started = await runner.StartAsync(new() { ["flow"] = false, ["trail"] = "" });

        started.CreatedBookmarks.Should().ContainSingle().Which.Should().Match<Bookmark>(b => b.Kind == BookmarkKind.AsyncContinuation && b.ElementId == "xor");
        runner.Variables["trail"].Should().Be(",start,end", "the gateway fired before the wait");
        runner.TokensAt("xor").Single().Phase.Should().Be(TokenPhase.AsyncAfter);
        runner.Variables["flow"] = true; // the flow was chosen before the wait: a later change does not move it

        await runner.TriggerAsync(new AsyncContinuationDue(runner.BookmarkAt("xor").Id));

        runner.Entered.Should().Contain("b").And.NotContain("a");
        runner.Variables["trail"].Should().Be(",start,end", "the continuation does not fire the gateway again");
    }

    [Fact]
    public async Task Async_after_on_a_parallel_fork_waits_once_per_outgoing_flow()
    {
        // Camunda 7's AsyncAfterTest.testAsyncAfterOnParallelGatewayFork: a job per flow, each flow on in its own step.
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" camunda:asyncAfter="true" />
            <bpmn:userTask id="a" /><bpmn:userTask id="b" />
            <bpmn:endEvent id="ea" /><bpmn:endEvent id="eb" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "a")}{Flow("f3", "fork", "b")}{Flow("f4", "a", "ea")}{Flow("f5", "b", "eb")}
            """));

        var started = await runner.StartAsync();
        started.CreatedBookmarks.Should().HaveCount(2).And.OnlyContain(b => b.Kind == BookmarkKind.AsyncContinuation && b.ElementId == "fork");
        runner.TokensAt("fork").Select(t => t.LeavingVia).Should().BeEquivalentTo(["f2", "f3"]);

        var first = runner.State.Bookmarks.First(b => b.ElementId == "fork");
        var afterFirst = await runner.TriggerAsync(new AsyncContinuationDue(first.Id));
        afterFirst.CreatedBookmarks.Should().ContainSingle().Which.Kind.Should().Be(BookmarkKind.UserTask);
        runner.TokensAt("fork").Should().ContainSingle("the other flow still waits for its own continuation");

        await runner.TriggerAsync(new AsyncContinuationDue(runner.BookmarkAt("fork").Id));
        runner.TokensAt("a").Should().ContainSingle();
        runner.TokensAt("b").Should().ContainSingle();
        await runner.CompleteTaskAsync("a");
        var done = await runner.CompleteTaskAsync("b");
        done.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task Async_after_on_an_inclusive_gateway_waits_once_per_flow_whose_condition_holds()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:inclusiveGateway id="or" camunda:asyncAfter="true" />
            <bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:userTask id="c" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "or")}{Flow("toA", "or", "a", "${n gt 0}")}{Flow("toB", "or", "b", "${n gt 1}")}{Flow("toC", "or", "c", "${n gt 5}")}
            {Flow("f5", "a", "e")}{Flow("f6", "b", "e")}{Flow("f7", "c", "e")}
            """));

        var started = await runner.StartAsync(new() { ["n"] = 2 });

        started.CreatedBookmarks.Should().HaveCount(2).And.OnlyContain(b => b.Kind == BookmarkKind.AsyncContinuation);
        foreach (var bookmark in runner.State.Bookmarks.ToList())
        {
            await runner.TriggerAsync(new AsyncContinuationDue(bookmark.Id));
        }

        runner.Entered.Should().Contain(["a", "b"]).And.NotContain("c");
    }

    [Fact]
    public void Async_after_on_an_event_based_gateway_is_refused_as_Camunda_7_refuses_it()
    {
        var parsed = new WorkflowItsm.Bpmn.Parsing.BpmnParser().Parse(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:eventBasedGateway id="race" camunda:asyncAfter="true" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "race")}{Flow("f2", "race", "wait")}{Flow("f3", "wait", "e")}
            """));

        parsed.Problems.Should().BeEmpty();
        parsed.Definitions!.Processes[0].FindNode("race")!.UnsupportedFeatures.Should().Equal(["camunda:asyncAfter on eventBasedGateway"]);
    }
}
