using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class ErrorTests
{
    private const string Declarations = """
        <bpmn:error id="notFound" errorCode="NOT_FOUND" />
        <bpmn:error id="denied" errorCode="DENIED" />
        """;

    [Fact]
    public async Task Handler_business_error_is_caught_by_the_matching_boundary_over_a_catch_all()
    {
        var handler = RecordingHandler.Throwing(new BpmnErrorException("NOT_FOUND", "no such CI"));
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="lookup" camunda:class="cmdb" />
            <bpmn:boundaryEvent id="any" attachedToRef="lookup"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="missing" attachedToRef="lookup"><bpmn:errorEventDefinition errorRef="notFound" camunda:errorCodeVariable="code" camunda:errorMessageVariable="message" /></bpmn:boundaryEvent>
            <bpmn:userTask id="handleAny" /><bpmn:userTask id="handleMissing" />
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" />
            {Flow("f1", "s", "lookup")}{Flow("f2", "lookup", "e")}{Flow("f3", "any", "handleAny")}{Flow("f4", "missing", "handleMissing")}
            {Flow("f5", "handleAny", "e2")}{Flow("f6", "handleMissing", "e3")}
            """, Declarations), ("cmdb", handler));

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.Running);
        runner.TokenPositions.Should().Equal("handleMissing");
        runner.Variables["code"].Should().Be("NOT_FOUND");
        runner.Variables["message"].Should().Be("no such CI");
        result.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ErrorCaught && j.ElementId == "missing");
    }

    [Fact]
    public async Task Error_end_event_in_a_sub_process_propagates_to_the_boundary_of_the_sub_process()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="ss" />
              <bpmn:parallelGateway id="fork" />
              <bpmn:userTask id="pending" />
              <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="denied" /></bpmn:endEvent>
              <bpmn:endEvent id="se" />
              {Flow("i1", "ss", "fork")}{Flow("i2", "fork", "pending")}{Flow("i3", "fork", "fail")}{Flow("i4", "pending", "se")}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="onDenied" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="denied" /></bpmn:boundaryEvent>
            <bpmn:userTask id="appeal" />
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "e")}{Flow("f3", "onDenied", "appeal")}{Flow("f4", "appeal", "e2")}
            """, Declarations));

        var result = await runner.StartAsync();

        runner.TokenPositions.Should().Equal("appeal");
        runner.State.Scopes.Should().ContainSingle();
        result.CreatedTasks.Should().ContainSingle().Which.ElementId.Should().Be("appeal", "the pending task was created and cancelled in one run");
    }

    [Fact]
    public async Task Error_event_sub_process_catches_errors_of_its_scope()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="call" camunda:class="h" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "call")}{Flow("f2", "call", "e")}
            <bpmn:subProcess id="onError" triggeredByEvent="true">
              <bpmn:startEvent id="errorStart"><bpmn:errorEventDefinition camunda:errorCodeVariable="caught" /></bpmn:startEvent>
              <bpmn:userTask id="investigate" />
              <bpmn:endEvent id="errorEnd" />
              {Flow("x1", "errorStart", "investigate")}{Flow("x2", "investigate", "errorEnd")}
            </bpmn:subProcess>
            """, Declarations), ("h", RecordingHandler.Throwing(new BpmnErrorException("DENIED"))));

        await runner.StartAsync();

        runner.TokenPositions.Should().Equal("investigate", "onError");
        runner.State.Scopes.Single(s => s.Kind == ScopeKind.EventSubProcess).Variables["caught"].Should().Be("DENIED");
        var done = await runner.CompleteTaskAsync("investigate");
        done.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public async Task Uncaught_error_faults_the_instance_and_cancels_everything()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="other" />
            <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="notFound" /></bpmn:endEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "other")}{Flow("f3", "fork", "fail")}{Flow("f4", "other", "e")}
            """, Declarations));

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.Faulted);
        result.State.Fault.Should().Be(new InstanceFault("fail", "NOT_FOUND", null));
        result.State.Tokens.Should().BeEmpty();
        result.State.Bookmarks.Should().BeEmpty();
        result.Journal[^1].Kind.Should().Be(JournalEntryKind.InstanceFaulted);
    }

    [Fact]
    public async Task External_worker_error_is_thrown_at_its_task()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="ext" camunda:type="external" camunda:topic="t" />
            <bpmn:boundaryEvent id="onError" attachedToRef="ext"><bpmn:errorEventDefinition errorRef="denied" /></bpmn:boundaryEvent>
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "ext")}{Flow("f2", "ext", "e")}{Flow("f3", "onError", "e2")}
            """, Declarations));
        await runner.StartAsync();

        var result = await runner.TriggerAsync(new ExternalTaskErrorThrown(runner.BookmarkAt("ext").Id, "DENIED", "no access"));

        result.Status.Should().Be(ExecutionStatus.Completed);
        result.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ErrorCaught && j.ElementId == "onError");
        runner.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ElementCompleted && j.ElementId == "e2");
    }
}
