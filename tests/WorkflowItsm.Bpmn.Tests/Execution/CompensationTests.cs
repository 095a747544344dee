using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>
/// Issue 24: compensation as BPMN 2.0 and Camunda 7 define it — only completed activities are compensated, by the
/// handler their compensation boundary event is associated with, one after the other in reverse order of completion;
/// activityRef picks one; the thrower waits for its handlers; a completed sub-process is compensated through its
/// own activities; an event sub-process compensates the scope around it.
/// </summary>
public class CompensationTests
{
    /// <summary>An activity with a compensation boundary event and its handler (a none task unless given).</summary>
    private static string Compensable(string id, string activity = "task", string? handler = null) => $"""
        <bpmn:{activity} id="{id}" />
        <bpmn:boundaryEvent id="{id}Comp" attachedToRef="{id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
        {handler ?? $"""<bpmn:task id="undo{id}" isForCompensation="true" />"""}
        <bpmn:association id="{id}Assoc" associationDirection="One" sourceRef="{id}Comp" targetRef="undo{id}" />
        """;

    private static IEnumerable<string?> EnteredHandlers(ProcessRunner runner) => runner.Entered.Where(e => e!.StartsWith("undo", StringComparison.Ordinal));

    [Fact]
    public async Task A_compensation_end_event_runs_the_handlers_in_reverse_order_of_completion()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            {Compensable("A")}{Compensable("B")}
            <bpmn:endEvent id="compensateAll"><bpmn:compensateEventDefinition /></bpmn:endEvent>
            {Flow("f1", "s", "A")}{Flow("f2", "A", "B")}{Flow("f3", "B", "compensateAll")}
            """));

        var done = await runner.StartAsync();

        done.Status.Should().Be(ExecutionStatus.Completed);
        EnteredHandlers(runner).Should().Equal("undoB", "undoA");
        done.Journal.Should().Contain(j => j.Kind == JournalEntryKind.CompensationThrown && j.ElementId == "compensateAll" && j.Detail == "2");
    }

    [Fact]
    public async Task ActivityRef_compensates_only_the_activity_it_names()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            {Compensable("A")}{Compensable("B")}
            <bpmn:intermediateThrowEvent id="refundA"><bpmn:compensateEventDefinition activityRef="A" /></bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "A")}{Flow("f2", "A", "B")}{Flow("f3", "B", "refundA")}{Flow("f4", "refundA", "e")}
            """));

        await runner.StartAsync();

        EnteredHandlers(runner).Should().Equal("undoA");
    }

    [Fact]
    public async Task An_activity_still_running_is_not_compensated()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" />
            {Compensable("A")}{Compensable("B", "userTask")}
            <bpmn:intermediateThrowEvent id="compensate"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "A")}{Flow("f3", "fork", "B")}{Flow("f4", "A", "compensate")}
            {Flow("f5", "compensate", "e1")}{Flow("f6", "B", "e2")}
            """));

        await runner.StartAsync();

        EnteredHandlers(runner).Should().Equal("undoA");
        runner.TokenPositions.Should().Equal("B");
    }

    [Fact]
    public async Task The_thrower_waits_for_its_handlers_and_the_wait_survives_a_reload()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            {Compensable("A", handler: """<bpmn:userTask id="undoA" isForCompensation="true" />""")}
            <bpmn:intermediateThrowEvent id="compensate"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
            <bpmn:userTask id="after" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "A")}{Flow("f2", "A", "compensate")}{Flow("f3", "compensate", "after")}{Flow("f4", "after", "e")}
            """));
        var started = await runner.StartAsync();
        runner.TokenPositions.Should().Equal("compensate", "undoA");

        var reloaded = InstanceStateSerializer.Deserialize(InstanceStateSerializer.Serialize(started.State));
        var handlerTask = reloaded.Bookmarks.Single(b => b.ElementId == "undoA");
        var next = await runner.Engine.TriggerAsync(runner.Process, reloaded, new UserTaskCompleted(handlerTask.Id), TestContext.Current.CancellationToken);

        next.State.Tokens.Select(t => t.ElementId).Should().Equal("after");
    }

    [Fact]
    public async Task A_completed_sub_process_is_compensated_through_its_own_activities()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="booking">
              <bpmn:startEvent id="bs" />
              {Compensable("Hotel")}{Compensable("Flight")}
              <bpmn:endEvent id="be" />
              {Flow("g1", "bs", "Hotel")}{Flow("g2", "Hotel", "Flight")}{Flow("g3", "Flight", "be")}
            </bpmn:subProcess>
            <bpmn:endEvent id="cancelTrip"><bpmn:compensateEventDefinition /></bpmn:endEvent>
            {Flow("f1", "s", "booking")}{Flow("f2", "booking", "cancelTrip")}
            """));

        var done = await runner.StartAsync();

        done.Status.Should().Be(ExecutionStatus.Completed);
        EnteredHandlers(runner).Should().Equal("undoFlight", "undoHotel");
    }

    [Fact]
    public async Task A_compensation_event_sub_process_compensates_its_completed_sub_process_and_may_compensate_what_ran_inside()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="booking">
              <bpmn:startEvent id="bs" />
              {Compensable("Hotel")}
              <bpmn:endEvent id="be" />
              {Flow("g1", "bs", "Hotel")}{Flow("g2", "Hotel", "be")}
              <bpmn:subProcess id="onCompensate" triggeredByEvent="true">
                <bpmn:startEvent id="cs"><bpmn:compensateEventDefinition /></bpmn:startEvent>
                <bpmn:intermediateThrowEvent id="undoInside"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
                <bpmn:task id="undoBooking" />
                <bpmn:endEvent id="ce" />
                {Flow("h1", "cs", "undoInside")}{Flow("h2", "undoInside", "undoBooking")}{Flow("h3", "undoBooking", "ce")}
              </bpmn:subProcess>
            </bpmn:subProcess>
            <bpmn:endEvent id="cancelTrip"><bpmn:compensateEventDefinition /></bpmn:endEvent>
            {Flow("f1", "s", "booking")}{Flow("f2", "booking", "cancelTrip")}
            """));

        var done = await runner.StartAsync();

        done.Status.Should().Be(ExecutionStatus.Completed);
        EnteredHandlers(runner).Should().Equal("undoInside", "undoHotel", "undoBooking");
        runner.Entered.Should().Contain("onCompensate");
    }

    [Fact]
    public async Task Compensation_thrown_in_an_error_event_sub_process_compensates_the_scope_around_it()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            {Compensable("Charge")}
            <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="paymentFailed" /></bpmn:endEvent>
            {Flow("f1", "s", "Charge")}{Flow("f2", "Charge", "fail")}
            <bpmn:subProcess id="onError" triggeredByEvent="true">
              <bpmn:startEvent id="caught"><bpmn:errorEventDefinition errorRef="paymentFailed" /></bpmn:startEvent>
              <bpmn:intermediateThrowEvent id="refund"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
              <bpmn:endEvent id="ee" />
              {Flow("g1", "caught", "refund")}{Flow("g2", "refund", "ee")}
            </bpmn:subProcess>
            """, """<bpmn:error id="paymentFailed" errorCode="PAYMENT_FAILED" />"""));

        var done = await runner.StartAsync();

        done.Status.Should().Be(ExecutionStatus.Completed);
        EnteredHandlers(runner).Should().Equal("undoCharge");
    }

    [Fact]
    public async Task Nothing_completed_means_nothing_to_compensate_and_the_thrower_goes_on()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:intermediateThrowEvent id="compensate"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
            {Compensable("A")}
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "compensate")}{Flow("f2", "compensate", "A")}{Flow("f3", "A", "e")}
            """));

        var done = await runner.StartAsync();

        done.Status.Should().Be(ExecutionStatus.Completed);
        EnteredHandlers(runner).Should().BeEmpty();
    }

    [Fact]
    public void A_boundary_without_handler_and_a_handler_with_flows_are_refused_by_element()
    {
        var parsed = new BpmnParser().Parse(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:task id="A" />
            <bpmn:boundaryEvent id="noHandler" attachedToRef="A"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
            <bpmn:task id="wired" isForCompensation="true" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "A")}{Flow("f2", "A", "e")}{Flow("f3", "wired", "e")}
            """));
        var problems = new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed.Definitions!);

        problems.Should().Contain(p => p.ElementId == "noHandler" && p.Code == BpmnProblemCodes.InvalidCompensation);
        problems.Should().Contain(p => p.ElementId == "wired" && p.Code == BpmnProblemCodes.InvalidCompensation);
    }

    [Fact]
    public async Task An_errorRef_naming_no_error_element_is_the_error_code_as_in_Camunda_7()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="ws" />
              <bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="OUT_OF_STOCK" /></bpmn:endEvent>
              {Flow("g1", "ws", "boom")}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="other" attachedToRef="work"><bpmn:errorEventDefinition errorRef="NO_PAYMENT" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="caught" attachedToRef="work"><bpmn:errorEventDefinition errorRef="OUT_OF_STOCK" /></bpmn:boundaryEvent>
            <bpmn:userTask id="reorder" /><bpmn:userTask id="wrong" />
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}{Flow("f3", "caught", "reorder")}{Flow("f4", "reorder", "e2")}
            {Flow("f5", "other", "wrong")}{Flow("f6", "wrong", "e3")}
            """));

        await runner.StartAsync();

        runner.TokenPositions.Should().Equal("reorder");
    }
}
