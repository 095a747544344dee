using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class ExecutionListenerTests
{
    private static string Listener(string eventName, string script) =>
        $"""<camunda:executionListener event="{eventName}"><camunda:script scriptFormat="javascript">{script}</camunda:script></camunda:executionListener>""";

    [Fact]
    public async Task Script_and_expression_listeners_run_on_start_end_and_take_in_order()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="work">
              <bpmn:extensionElements>
                {Listener("start", "execution.setVariable('trail', trail + ',start')")}
                {Listener("end", "execution.setVariable('trail', trail + ',end')")}
                <camunda:executionListener expression="{Expr("trail.length()")}" event="end" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "work")}
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e">
              <bpmn:extensionElements>{Listener("take", "execution.setVariable('trail', trail + ',take')")}</bpmn:extensionElements>
            </bpmn:sequenceFlow>
            """));

        await runner.StartAsync(new() { ["trail"] = "begin" });
        runner.Variables["trail"].Should().Be("begin,start");

        var done = await runner.CompleteTaskAsync("work");

        done.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["trail"].Should().Be("begin,start,end,take");
    }

    [Fact]
    public async Task A_failing_listener_fails_its_element()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:task id="work"><bpmn:extensionElements>{Listener("start", "throw new Error('audit down')")}</bpmn:extensionElements></bpmn:task>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}
            """));

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.ElementFailed);
        result.Failures.Single().Should().Match<ElementFailure>(f => f.ElementId == "work" && f.Message.Contains("audit down"));
    }

    [Fact]
    public async Task Task_listeners_run_on_create_assignment_and_complete()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="work" camunda:assignee="ann">
              <bpmn:extensionElements>
                <camunda:taskListener event="create"><camunda:script scriptFormat="javascript">execution.setVariable('log', 'created')</camunda:script></camunda:taskListener>
                <camunda:taskListener event="assignment"><camunda:script scriptFormat="javascript">execution.setVariable('log', log + ',assigned')</camunda:script></camunda:taskListener>
                <camunda:taskListener event="complete"><camunda:script scriptFormat="javascript">execution.setVariable('log', log + ',completed by ' + who)</camunda:script></camunda:taskListener>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}
            """));

        await runner.StartAsync();
        runner.Variables["log"].Should().Be("created,assigned");

        await runner.CompleteTaskAsync("work", new() { ["who"] = "ann" });

        runner.Variables["log"].Should().Be("created,assigned,completed by ann");
    }

    [Fact]
    public async Task End_listener_of_an_error_end_event_runs_before_the_error_is_caught()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:endEvent id="reject">
                <bpmn:extensionElements>{Listener("end", "execution.setVariable('trail', trail + ',rejected')")}</bpmn:extensionElements>
                <bpmn:errorEventDefinition errorRef="denied" />
              </bpmn:endEvent>
              {Flow("i1", "subStart", "reject")}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="onDenied" attachedToRef="sub">
              <bpmn:extensionElements>{Listener("start", "execution.setVariable('trail', trail + ',caught')")}</bpmn:extensionElements>
              <bpmn:errorEventDefinition errorRef="denied" />
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "e")}{Flow("f3", "onDenied", "e2")}
            """, """<bpmn:error id="denied" errorCode="DENIED" />"""));

        var result = await runner.StartAsync(new() { ["trail"] = "begin" });

        result.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["trail"].Should().Be("begin,rejected,caught");
    }

    [Fact]
    public async Task End_listener_of_a_terminate_end_event_runs_after_the_others_are_cancelled()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="other" />
            <bpmn:endEvent id="stop">
              <bpmn:extensionElements>{Listener("end", "execution.setVariable('stoppedBy', 'stop')")}</bpmn:extensionElements>
              <bpmn:terminateEventDefinition />
            </bpmn:endEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "fork")}{Flow("f2", "fork", "other")}{Flow("f3", "fork", "stop")}{Flow("f4", "other", "e")}
            """));

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["stoppedBy"].Should().Be("stop");
        var kinds = result.Journal.Select(j => (j.Kind, j.ElementId ?? j.Detail)).ToList();
        kinds.Should().Contain((JournalEntryKind.TaskCreated, "other")).And.Contain((JournalEntryKind.ElementCancelled, "other"));
        kinds.IndexOf((JournalEntryKind.VariableSet, "stoppedBy")).Should()
            .BeGreaterThan(kinds.IndexOf((JournalEntryKind.ElementCancelled, "other")))
            .And.BeLessThan(kinds.IndexOf((JournalEntryKind.InstanceTerminated, "stop")));
    }

    [Fact]
    public async Task Class_and_delegate_expression_listeners_call_the_handlers_registered_under_their_java_names()
    {
        var audit = new RecordingHandler(context => ServiceTaskResult.With(("audited", $"{context.ElementId}:{context.Variables["amount"]}")));
        var assign = new RecordingHandler(_ => ServiceTaskResult.With(("approver", "carl")));
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="approve">
              <bpmn:extensionElements>
                <camunda:executionListener class="com.example.AuditListener" event="start" />
                <camunda:taskListener delegateExpression="{Expr("approverLookup")}" event="create" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "approve")}{Flow("f2", "approve", "e")}
            """), ("com.example.AuditListener", audit), ("approverLookup", assign));

        var started = await runner.StartAsync(new() { ["amount"] = 42L });

        audit.Calls.Should().ContainSingle().Which.ElementId.Should().Be("approve");
        runner.Variables["audited"].Should().Be("approve:42", "a listener's outputs are the variables it sets");
        assign.Calls.Should().ContainSingle();
        runner.Variables["approver"].Should().Be("carl");
        started.CreatedTasks.Should().ContainSingle();
    }
}
