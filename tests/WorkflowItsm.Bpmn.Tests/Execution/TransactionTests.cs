using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>
/// Issue 24: the transaction sub-process as BPMN 2.0 and Camunda 7 run it — a cancel end event inside stops what still
/// runs in the transaction, compensates what completed there (newest first), and goes on at the transaction's cancel
/// boundary event; a transaction that ends normally is left by its outgoing flow, nothing compensated.
/// </summary>
public class TransactionTests
{
    /// <summary>Book a hotel (undone by cancelHotel), then either confirm or cancel the booking; meanwhile a clerk's task runs beside.</summary>
    private static string Booking(string cancelBoundary = """<bpmn:boundaryEvent id="cancelled" attachedToRef="booking"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>""") => Process($"""
        <bpmn:startEvent id="s" />
        <bpmn:transaction id="booking">
          <bpmn:startEvent id="ts" />
          <bpmn:parallelGateway id="fork" />
          <bpmn:serviceTask id="bookHotel" camunda:class="book" />
          <bpmn:boundaryEvent id="bookHotelComp" attachedToRef="bookHotel"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
          <bpmn:serviceTask id="cancelHotel" isForCompensation="true" camunda:class="undo" />
          <bpmn:association id="a1" associationDirection="One" sourceRef="bookHotelComp" targetRef="cancelHotel" />
          <bpmn:exclusiveGateway id="paid" default="toCancel" />
          <bpmn:endEvent id="booked" />
          <bpmn:endEvent id="cancelBooking"><bpmn:cancelEventDefinition /></bpmn:endEvent>
          <bpmn:userTask id="checkGuest" />
          <bpmn:endEvent id="checked" />
          {Flow("t1", "ts", "fork")}{Flow("t2", "fork", "bookHotel")}{Flow("t3", "fork", "checkGuest")}{Flow("t4", "bookHotel", "paid")}
          <bpmn:sequenceFlow id="toBooked" sourceRef="paid" targetRef="booked"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{Expr("paymentOk")}</bpmn:conditionExpression></bpmn:sequenceFlow>
          {Flow("toCancel", "paid", "cancelBooking")}{Flow("t5", "checkGuest", "checked")}
        </bpmn:transaction>
        {cancelBoundary}
        <bpmn:userTask id="tellGuestCancelled" />
        <bpmn:userTask id="tellGuestBooked" />
        <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
        {Flow("f1", "s", "booking")}{Flow("f2", "booking", "tellGuestBooked")}{Flow("f3", "tellGuestBooked", "e1")}
        {Flow("f4", "cancelled", "tellGuestCancelled")}{Flow("f5", "tellGuestCancelled", "e2")}
        """);

    private static (ProcessRunner Runner, RecordingHandler Book, RecordingHandler Undo) Runner(string? xml = null)
    {
        var book = new RecordingHandler();
        var undo = new RecordingHandler();
        return (ProcessRunner.FromXml(xml ?? Booking(), ("book", book), ("undo", undo)), book, undo);
    }

    [Fact]
    public async Task A_cancel_end_event_stops_the_rest_compensates_what_completed_and_goes_on_at_the_cancel_boundary()
    {
        var (runner, book, undo) = Runner();

        var started = await runner.StartAsync(new() { ["paymentOk"] = false });

        book.Calls.Should().ContainSingle();
        undo.Calls.Should().ContainSingle("the booking completed inside the cancelled transaction, so it is undone");
        runner.TokenPositions.Should().Equal("tellGuestCancelled");
        runner.State.Scopes.Should().ContainSingle("the transaction's scope is gone");
        started.Journal.Select(j => j.Kind).Should().ContainInOrder(JournalEntryKind.CompensationThrown, JournalEntryKind.TransactionCancelled);
        started.Journal.Should().Contain(j => j.Kind == JournalEntryKind.TransactionCancelled && j.ElementId == "cancelled" && j.Detail == "booking");
        started.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ElementCancelled && j.ElementId == "checkGuest");
    }

    [Fact]
    public async Task A_transaction_that_ends_normally_is_left_by_its_flow_and_nothing_is_compensated()
    {
        var (runner, book, undo) = Runner();

        var started = await runner.StartAsync(new() { ["paymentOk"] = true });
        runner.TokenPositions.Should().Equal(["booking", "checkGuest"], "the transaction waits for its clerk");
        await runner.TriggerAsync(new UserTaskCompleted(started.CreatedTasks.Single(t => t.ElementId == "checkGuest").Id));

        book.Calls.Should().ContainSingle();
        undo.Calls.Should().BeEmpty();
        runner.TokenPositions.Should().Equal("tellGuestBooked");
    }

    [Fact]
    public void Cancel_events_are_refused_outside_a_transaction_and_a_transaction_cancelled_without_a_cancel_boundary_too()
    {
        var problems = Validate(Booking(cancelBoundary: ""));
        problems.Should().Contain(p => p.ElementId == "cancelBooking" && p.Code == BpmnProblemCodes.InvalidEventDefinition
            && p.Message.Contains("no cancel boundary event", StringComparison.Ordinal));

        var outside = Validate(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="plain">
              <bpmn:startEvent id="ps" /><bpmn:endEvent id="cancelHere"><bpmn:cancelEventDefinition /></bpmn:endEvent>
              {Flow("p1", "ps", "cancelHere")}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="cancelOnPlain" attachedToRef="plain"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "plain")}{Flow("f2", "plain", "e")}{Flow("f3", "cancelOnPlain", "e2")}
            """));
        outside.Should().Contain(p => p.ElementId == "cancelHere" && p.Code == BpmnProblemCodes.InvalidEventDefinition);
        outside.Should().Contain(p => p.ElementId == "cancelOnPlain" && p.Code == BpmnProblemCodes.InvalidBoundaryEvent);
        Validate(Booking()).Should().NotContain(p => p.Severity == BpmnProblemSeverity.Error);
    }

    private static IReadOnlyList<BpmnProblem> Validate(string xml) =>
        new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(new BpmnParser().Parse(xml).Definitions!);
}
