using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>
/// Issue 24: conditional events as Camunda 7 runs them — evaluated when the wait opens and again whenever a variable
/// the wait can see is set (filtered by camunda:variableName and camunda:variableEvents); catch, boundary and event
/// sub-process starts, interrupting or not; the wait is a bookmark that survives a reload.
/// </summary>
public class ConditionalEventTests
{
    private static string Conditional(string condition, string attributes = "") =>
        $"""<bpmn:conditionalEventDefinition {attributes}><bpmn:condition xsi:type="bpmn:tFormalExpression">{Expr(condition)}</bpmn:condition></bpmn:conditionalEventDefinition>""";

    private static string CatchProcess(string condition, string attributes = "") => Process($"""
        <bpmn:startEvent id="s" />
        <bpmn:intermediateCatchEvent id="wait">{Conditional(condition, attributes)}</bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="e" />
        {Flow("f1", "s", "wait")}{Flow("f2", "wait", "e")}
        """);

    private static Dictionary<string, object?> Vars(string name, object? value) => new() { [name] = value };

    [Fact]
    public async Task A_catch_event_waits_until_a_variable_change_makes_its_condition_true()
    {
        var runner = ProcessRunner.FromXml(CatchProcess("amount > 100"));
        var started = await runner.StartAsync(Vars("amount", 5L));
        started.Status.Should().Be(ExecutionStatus.Running);
        runner.BookmarkAt("wait").Kind.Should().Be(BookmarkKind.Conditional);

        var still = await runner.TriggerAsync(new VariablesSet(Vars("amount", 50L)));
        still.Status.Should().Be(ExecutionStatus.Running, "50 is not above 100");

        var done = await runner.TriggerAsync(new VariablesSet(Vars("amount", 500L)));
        done.Status.Should().Be(ExecutionStatus.Completed);
        done.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ConditionMet && j.ElementId == "wait" && j.Detail == "amount");
    }

    [Fact]
    public async Task A_catch_event_whose_condition_already_holds_passes_through()
    {
        var runner = ProcessRunner.FromXml(CatchProcess("amount > 100"));
        var started = await runner.StartAsync(Vars("amount", 500L));

        started.Status.Should().Be(ExecutionStatus.Completed);
        runner.State.Bookmarks.Should().BeEmpty();
    }

    [Fact]
    public async Task A_condition_on_a_variable_not_set_yet_is_not_met_instead_of_failing()
    {
        var runner = ProcessRunner.FromXml(CatchProcess("approved"));
        var started = await runner.StartAsync();
        started.Status.Should().Be(ExecutionStatus.Running);

        var done = await runner.TriggerAsync(new VariablesSet(Vars("approved", true)));
        done.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task Camunda_variableName_limits_re_evaluation_to_that_variable()
    {
        var runner = ProcessRunner.FromXml(CatchProcess("ready", """camunda:variableName="go" """));
        await runner.StartAsync();

        var other = await runner.TriggerAsync(new VariablesSet(Vars("ready", true)));
        other.Status.Should().Be(ExecutionStatus.Running, "only a change of 'go' re-evaluates the condition");

        var named = await runner.TriggerAsync(new VariablesSet(Vars("go", 1L)));
        named.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task Camunda_variableEvents_create_ignores_updates()
    {
        var runner = ProcessRunner.FromXml(CatchProcess("level > 1", """camunda:variableEvents="create" """));
        await runner.StartAsync(Vars("level", 0L));

        var updated = await runner.TriggerAsync(new VariablesSet(Vars("level", 5L)));
        updated.Status.Should().Be(ExecutionStatus.Running, "level existed: this is an update");

        var created = await runner.TriggerAsync(new VariablesSet(Vars("other", 1L)));
        created.Status.Should().Be(ExecutionStatus.Completed, "a new variable is a create, and level > 1 holds now");
    }

    [Fact]
    public async Task A_variable_set_by_completing_a_parallel_task_releases_the_catch()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="review" />
            <bpmn:intermediateCatchEvent id="whenApproved">{Conditional("approved == true")}</bpmn:intermediateCatchEvent>
            <bpmn:userTask id="deploy" />
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "review")}{Flow("f3", "fork", "whenApproved")}
            {Flow("f4", "review", "e1")}{Flow("f5", "whenApproved", "deploy")}{Flow("f6", "deploy", "e2")}
            """));
        await runner.StartAsync(Vars("approved", false));
        runner.TokenPositions.Should().Equal("review", "whenApproved");

        await runner.CompleteTaskAsync("review", Vars("approved", true));

        runner.TokenPositions.Should().Equal("deploy");
    }

    private static ProcessRunner BoundaryRunner(bool interrupting) => ProcessRunner.FromXml(Process($"""
        <bpmn:startEvent id="s" />
        <bpmn:userTask id="work" />
        <bpmn:boundaryEvent id="b" attachedToRef="work" cancelActivity="{(interrupting ? "true" : "false")}">{Conditional("priority == 1")}</bpmn:boundaryEvent>
        <bpmn:userTask id="escalate" />
        <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
        {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}{Flow("f3", "b", "escalate")}{Flow("f4", "escalate", "e2")}
        """));

    [Fact]
    public async Task An_interrupting_boundary_cancels_its_activity_when_the_condition_becomes_true()
    {
        var runner = BoundaryRunner(interrupting: true);
        await runner.StartAsync(Vars("priority", 3L));
        var taskId = runner.BookmarkAt("work").Id;

        var fired = await runner.TriggerAsync(new VariablesSet(Vars("priority", 1L)));

        fired.CancelledTaskIds.Should().Equal(taskId);
        runner.TokenPositions.Should().Equal("escalate");
    }

    [Fact]
    public async Task An_interrupting_boundary_whose_condition_holds_on_entry_fires_at_once()
    {
        var runner = BoundaryRunner(interrupting: true);
        await runner.StartAsync(Vars("priority", 1L));

        runner.TokenPositions.Should().Equal("escalate");
    }

    [Fact]
    public async Task A_non_interrupting_boundary_fires_on_each_change_that_meets_it_and_closes_with_its_activity()
    {
        var runner = BoundaryRunner(interrupting: false);
        await runner.StartAsync(Vars("priority", 3L));

        await runner.TriggerAsync(new VariablesSet(Vars("priority", 1L)));
        await runner.TriggerAsync(new VariablesSet(Vars("priority", 2L)));
        await runner.TriggerAsync(new VariablesSet(Vars("priority", 1L)));
        runner.TokenPositions.Should().Equal("escalate", "escalate", "work");

        var done = await runner.CompleteTaskAsync("work");
        done.RemovedBookmarks.Should().Contain(b => b.Kind == BookmarkKind.Conditional && b.ElementId == "b");
    }

    private static ProcessRunner EventSubProcessRunner(bool interrupting) => ProcessRunner.FromXml(Process($"""
        <bpmn:startEvent id="s" />
        <bpmn:userTask id="work" />
        <bpmn:endEvent id="e" />
        {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}
        <bpmn:subProcess id="onCancel" triggeredByEvent="true">
          <bpmn:startEvent id="cancelled" isInterrupting="{(interrupting ? "true" : "false")}">{Conditional("cancelRequested")}</bpmn:startEvent>
          <bpmn:userTask id="notify" />
          <bpmn:endEvent id="ee" />
          {Flow("g1", "cancelled", "notify")}{Flow("g2", "notify", "ee")}
        </bpmn:subProcess>
        """));

    [Fact]
    public async Task An_interrupting_conditional_event_sub_process_ends_the_main_flow()
    {
        var runner = EventSubProcessRunner(interrupting: true);
        await runner.StartAsync(Vars("cancelRequested", false));
        runner.BookmarkAt("cancelled").TokenId.Should().BeNull("the subscription belongs to the process scope");

        var fired = await runner.TriggerAsync(new VariablesSet(Vars("cancelRequested", true)));

        fired.CancelledTaskIds.Should().ContainSingle();
        runner.TokenPositions.Should().Equal("notify", "onCancel");
        await runner.CompleteTaskAsync("notify");
        runner.Last.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task A_non_interrupting_conditional_event_sub_process_runs_beside_the_main_flow()
    {
        var runner = EventSubProcessRunner(interrupting: false);
        await runner.StartAsync(Vars("cancelRequested", false));

        await runner.TriggerAsync(new VariablesSet(Vars("cancelRequested", true)));

        runner.TokenPositions.Should().Equal("notify", "onCancel", "work");
        runner.State.Bookmarks.Should().Contain(b => b.ElementId == "cancelled", "a non-interrupting subscription stays open");
    }

    [Fact]
    public async Task The_wait_survives_a_reload_of_the_stored_state()
    {
        var runner = ProcessRunner.FromXml(CatchProcess("amount > 100"));
        var started = await runner.StartAsync(Vars("amount", 5L));
        var stored = InstanceStateSerializer.Serialize(started.State);

        var reloaded = InstanceStateSerializer.Deserialize(stored);
        reloaded.Bookmarks.Should().ContainSingle(b => b.Kind == BookmarkKind.Conditional && b.ElementId == "wait");
        var done = await runner.Engine.TriggerAsync(runner.Process, reloaded, new VariablesSet(Vars("amount", 101L)), TestContext.Current.CancellationToken);

        done.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public void A_conditional_event_without_condition_is_refused_by_element_and_a_conditional_start_inside_a_sub_process_too()
    {
        var parsed = new BpmnParser().Parse(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:intermediateCatchEvent id="noCondition"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart">{Conditional("temperature > 30")}</bpmn:startEvent>
              <bpmn:endEvent id="subEnd" />
              {Flow("sf1", "subStart", "subEnd")}
            </bpmn:subProcess>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "noCondition")}{Flow("f2", "noCondition", "sub")}{Flow("f3", "sub", "e")}
            """));
        var problems = new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed.Definitions!);

        problems.Should().Contain(p => p.ElementId == "noCondition" && p.Code == BpmnProblemCodes.MissingAttribute);
        problems.Should().Contain(p => p.ElementId == "subStart" && p.Code == BpmnProblemCodes.InvalidEventDefinition,
            "an embedded sub-process starts at its none start event");
    }

    private static string ConditionalStartProcess() => Process($"""
        <bpmn:startEvent id="whenHot">{Conditional("temperature > 30")}</bpmn:startEvent>
        <bpmn:userTask id="coolDown" />
        <bpmn:endEvent id="e" />
        {Flow("f1", "whenHot", "coolDown")}{Flow("f2", "coolDown", "e")}
        """);

    [Fact]
    public void A_top_level_conditional_start_event_is_accepted()
    {
        var parsed = new BpmnParser().Parse(ConditionalStartProcess());
        var problems = new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed.Definitions!);

        problems.Should().NotContain(p => p.Severity == BpmnProblemSeverity.Error, "Camunda 7 starts a process there when evaluateStartConditions finds its condition true");
    }

    [Fact]
    public async Task A_top_level_conditional_start_holds_for_variables_that_meet_it_and_the_process_starts_there()
    {
        var runner = ProcessRunner.FromXml(ConditionalStartProcess());

        runner.Engine.StartConditionHolds(runner.Process, "whenHot", Vars("temperature", 35L)).Should().BeTrue();
        runner.Engine.StartConditionHolds(runner.Process, "whenHot", Vars("temperature", 20L)).Should().BeFalse();
        runner.Engine.StartConditionHolds(runner.Process, "whenHot", null).Should().BeFalse("a condition naming a variable not given is not met");
        var notConditional = () => runner.Engine.StartConditionHolds(runner.Process, "coolDown", null);
        notConditional.Should().Throw<TriggerRejectedException>().WithMessage("*coolDown*");

        var started = await runner.StartAsync(Vars("temperature", 35L), startEventId: "whenHot");
        started.Status.Should().Be(ExecutionStatus.Running);
        runner.TokenPositions.Should().Equal("coolDown");
        runner.Variables["temperature"].Should().Be(35L);
    }
}
