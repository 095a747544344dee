using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>
/// Issue 24: camunda:field injections reach the .NET handler registered under the Java class name (fixed strings
/// as given, expressions evaluated at each call); execution listeners on the process run when it starts and ends.
/// </summary>
public class CamundaFieldAndProcessListenerTests
{
    private static string Listener(string eventName, string script) =>
        $"""<camunda:executionListener event="{eventName}"><camunda:script scriptFormat="javascript">{script}</camunda:script></camunda:executionListener>""";

    [Fact]
    public async Task Camunda_fields_reach_the_handler_with_expressions_evaluated()
    {
        var handler = new RecordingHandler();
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="notify" camunda:class="org.example.NotifyDelegate">
              <bpmn:extensionElements>
                <camunda:field name="channel" stringValue="email" />
                <camunda:field name="subject"><camunda:string>Outage {Expr("not evaluated")}</camunda:string></camunda:field>
                <camunda:field name="recipient" expression="{Expr("owner")}" />
                <camunda:field name="count"><camunda:expression>{Expr("tickets + 1")}</camunda:expression></camunda:field>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "notify")}{Flow("f2", "notify", "e")}
            """), ("org.example.NotifyDelegate", (IServiceTaskHandler)handler));

        await runner.StartAsync(new() { ["owner"] = "ana", ["tickets"] = 2L });

        var fields = handler.Calls.Single().Fields;
        fields["channel"].Should().Be("email");
        fields["subject"].Should().Be("Outage ${not evaluated}");
        fields["recipient"].Should().Be("ana");
        Convert.ToInt64(fields["count"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(3L);
    }

    [Fact]
    public void A_camunda_field_without_a_handler_to_receive_it_is_refused_by_element()
    {
        var parsed = new BpmnParser().Parse(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="calc" camunda:expression="{Expr("1 + 1")}">
              <bpmn:extensionElements><camunda:field name="unused" stringValue="x" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:userTask id="review"><bpmn:extensionElements><camunda:field name="unused" stringValue="x" /></bpmn:extensionElements></bpmn:userTask>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "calc")}{Flow("f2", "calc", "review")}{Flow("f3", "review", "e")}
            """));
        var problems = new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed.Definitions!);

        problems.Should().Contain(p => p.ElementId == "calc" && p.Code == BpmnProblemCodes.UnsupportedAttribute);
        problems.Should().Contain(p => p.ElementId == "review" && p.Code == BpmnProblemCodes.UnsupportedAttribute);
    }

    [Fact]
    public async Task Process_execution_listeners_run_when_the_process_starts_and_ends()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:extensionElements>
              {Listener("start", "execution.setVariable('trail', trail + ',process-start')")}
              {Listener("end", "execution.setVariable('trail', trail + ',process-end')")}
            </bpmn:extensionElements>
            <bpmn:startEvent id="s"><bpmn:extensionElements>{Listener("start", "execution.setVariable('trail', trail + ',start-event')")}</bpmn:extensionElements></bpmn:startEvent>
            <bpmn:userTask id="work" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}
            """));

        await runner.StartAsync(new() { ["trail"] = "begin" });
        runner.Variables["trail"].Should().Be("begin,process-start,start-event");

        var done = await runner.CompleteTaskAsync("work");

        done.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["trail"].Should().Be("begin,process-start,start-event,process-end");
    }

    [Fact]
    public async Task A_timeout_task_listener_runs_when_its_timer_is_due_and_the_task_keeps_waiting()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="work">
              <bpmn:extensionElements>
                <camunda:taskListener event="timeout" id="remind">
                  <camunda:script scriptFormat="javascript">execution.setVariable('reminders', reminders + 1)</camunda:script>
                  <bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
                </camunda:taskListener>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}
            """));
        await runner.StartAsync(new() { ["reminders"] = 0L });
        var timer = runner.State.Bookmarks.Single(b => b.Kind == BookmarkKind.Timer);
        timer.Should().Match<Bookmark>(b => b.ElementId == "work" && b.TaskListenerIndex == 0 && b.Due == FixedClock.Start.AddHours(1));

        runner.Clock.Now = timer.Due!.Value;
        var fired = await runner.TriggerAsync(new TimerFired(timer.Id));

        runner.Variables["reminders"].Should().Be(1L);
        fired.ScheduledTimers.Single().Due.Should().Be(FixedClock.Start.AddHours(2), "a cycle re-arms");
        var task = runner.State.Bookmarks.Single(b => b.Kind == BookmarkKind.UserTask);
        var done = await runner.TriggerAsync(new UserTaskCompleted(task.Id));
        done.Status.Should().Be(ExecutionStatus.Completed);
        done.CancelledTimerIds.Should().Equal(timer.Id);
    }

    [Fact]
    public async Task A_delete_task_listener_runs_when_its_task_is_cancelled()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="work">
              <bpmn:extensionElements>
                <camunda:taskListener event="delete"><camunda:script scriptFormat="javascript">execution.setVariable('withdrawn', true)</camunda:script></camunda:taskListener>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:boundaryEvent id="b" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
            {Flow("f1", "s", "work")}{Flow("f2", "work", "e")}{Flow("f3", "b", "e2")}
            """));
        await runner.StartAsync();
        runner.Variables.Should().NotContainKey("withdrawn");

        var fired = await runner.FireTimerAsync("b");

        fired.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["withdrawn"].Should().Be(true);
    }
}
