using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Timers;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Parsing;

/// <summary>
/// What public Camunda 7 models write and Camunda accepts: flows without id, QName references, <c>#{...}</c>
/// expressions, other tools' extensions, listeners on flows without event (issue 14, section 5).
/// </summary>
public class CamundaDialectTests
{
    private static (BpmnDefinitions Definitions, IReadOnlyList<BpmnProblem> Problems) ParseAndValidate(string xml)
    {
        var parsed = new BpmnParser().Parse(xml);
        parsed.Definitions.Should().NotBeNull();
        return (parsed.Definitions!, new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed));
    }

    private static IEnumerable<BpmnProblem> Errors(IReadOnlyList<BpmnProblem> problems) =>
        problems.Where(p => p.Severity == BpmnProblemSeverity.Error);

    // Camunda's ExclusiveGatewayTest.testNoIdOnSequenceFlow, plus two flows joining the same nodes and a written id
    // that a made-up one would collide with.
    private static readonly string FlowsWithoutId = Process($"""
        <bpmn:startEvent id="start" />
        <bpmn:exclusiveGateway id="gw" />
        <bpmn:userTask id="big" /><bpmn:userTask id="small" />
        <bpmn:endEvent id="end" />
        <bpmn:sequenceFlow sourceRef="start" targetRef="gw" />
        <bpmn:sequenceFlow sourceRef="start" targetRef="gw" />
        <bpmn:sequenceFlow sourceRef="gw" targetRef="big"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{Expr("input > 10")}</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow sourceRef="gw" targetRef="small"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{Expr("input &lt;= 10")}</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow sourceRef="small" targetRef="end" />
        {Flow("flow_start_gw_2", "big", "end")}
        """);

    [Fact]
    public void A_sequence_flow_without_id_gets_a_stable_id_from_its_source_and_target()
    {
        var (definitions, problems) = ParseAndValidate(FlowsWithoutId);

        Errors(problems).Should().BeEmpty();
        var ids = definitions.Processes[0].Graph.Flows.Select(f => f.Id).ToList();
        ids.Should().Equal("flow_start_gw", "flow_start_gw_3", "flow_gw_big", "flow_gw_small", "flow_small_end", "flow_start_gw_2");

        var again = new BpmnParser().Parse(FlowsWithoutId).Definitions!.Processes[0].Graph.Flows.Select(f => f.Id);
        again.Should().Equal(ids, "redeploying the same XML must give the same ids");
    }

    [Fact]
    public async Task A_sequence_flow_without_id_is_executed()
    {
        var runner = ProcessRunner.FromXml(Process("""
            <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" /><bpmn:userTask id="big" /><bpmn:userTask id="small" />
            <bpmn:sequenceFlow sourceRef="start" targetRef="gw" />
            <bpmn:sequenceFlow sourceRef="gw" targetRef="big"><bpmn:conditionExpression>#{input &gt; 10}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow sourceRef="gw" targetRef="small"><bpmn:conditionExpression>#{input &lt;= 10}</bpmn:conditionExpression></bpmn:sequenceFlow>
            """));

        await runner.StartAsync(new() { ["input"] = 3L });

        runner.TokenPositions.Should().Equal("small");
        runner.TokensAt("small").Single().ArrivedVia.Should().Be("flow_gw_small");
    }

    [Fact]
    public void Prefixed_references_resolve_by_their_local_name()
    {
        // MessageStartEventTest.testSingleMessageStartEvent writes messageRef="tns:newInvoice"; the family is every
        // QName reference: messages, signals, errors, escalations, flow ends, boundary hosts, default flows.
        var xml = $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tns="http://camunda.org/examples" xmlns:other="urn:other"
                         xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://camunda.org/examples" id="defs">
              <message id="newInvoice" name="newInvoiceMessage" />
              <signal id="alarm" name="alarm" />
              <error id="failed" errorCode="FAILED" />
              <escalation id="late" escalationCode="LATE" />
              <process id="p" isExecutable="true">
                <startEvent id="theStart"><messageEventDefinition messageRef="tns:newInvoice" /></startEvent>
                <exclusiveGateway id="gw" default="tns:toWork" />
                <userTask id="work" />
                <boundaryEvent id="onAlarm" attachedToRef="tns:work" cancelActivity="false"><signalEventDefinition signalRef="tns:alarm" /></boundaryEvent>
                <boundaryEvent id="onFailure" attachedToRef="other:work"><errorEventDefinition errorRef="other:failed" /></boundaryEvent>
                <boundaryEvent id="onLate" attachedToRef="work" cancelActivity="false"><escalationEventDefinition escalationRef="tns:late" /></boundaryEvent>
                <callActivity id="call" calledElement="tns:child" />
                <endEvent id="end" />
                <sequenceFlow id="f1" sourceRef="tns:theStart" targetRef="tns:gw" />
                <sequenceFlow id="toWork" sourceRef="gw" targetRef="work" />
                <sequenceFlow id="toCall" sourceRef="gw" targetRef="call"><conditionExpression>{{Expr("false")}}</conditionExpression></sequenceFlow>
                <sequenceFlow id="f3" sourceRef="work" targetRef="end" />
                <sequenceFlow id="f4" sourceRef="call" targetRef="end" />
                <sequenceFlow id="f5" sourceRef="onAlarm" targetRef="end" />
                <sequenceFlow id="f6" sourceRef="onFailure" targetRef="end" />
                <sequenceFlow id="f7" sourceRef="onLate" targetRef="end" />
              </process>
            </definitions>
            """;

        var (definitions, problems) = ParseAndValidate(xml);

        Errors(problems).Should().BeEmpty();
        var process = definitions.Processes[0];
        ((MessageEventDefinition)process.Graph.StartEvents[0].Definition!).Message!.Id.Should().Be("newInvoice");
        ((Gateway)process.FindNode("gw")!).DefaultFlow!.Id.Should().Be("toWork");
        ((Activity)process.FindNode("work")!).BoundaryEvents.Select(b => b.Id).Should().Equal("onAlarm", "onFailure", "onLate");
        ((SignalEventDefinition)((BoundaryEvent)process.FindNode("onAlarm")!).Definition!).Signal!.Name.Should().Be("alarm");
        ((ErrorEventDefinition)((BoundaryEvent)process.FindNode("onFailure")!).Definition!).ErrorCode.Should().Be("FAILED");
        ((EscalationEventDefinition)((BoundaryEvent)process.FindNode("onLate")!).Definition!).EscalationCode.Should().Be("LATE");
        ((CallActivity)process.FindNode("call")!).CalledElement!.Raw.Should().Be("child");
        process.Graph.Flows[0].Source.Id.Should().Be("theStart");
    }

    [Fact]
    public void A_reference_with_an_undeclared_prefix_is_left_as_written_and_reported()
    {
        var (_, problems) = ParseAndValidate(Process(
            """
            <bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="nope:m" /></bpmn:startEvent><bpmn:endEvent id="e" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />
            """,
            """<bpmn:message id="m" name="m" />"""));

        Errors(problems).Should().ContainSingle().Which.Should().Match<BpmnProblem>(p =>
            p.ElementId == "s" && p.Code == BpmnProblemCodes.DanglingReference && p.Message.Contains("nope:m"));
    }

    [Theory]
    [InlineData("#{'ana'}", ExpressionTextKind.Expression, "${'ana'}")]
    [InlineData("  #{40 + 2} ", ExpressionTextKind.Expression, "${40 + 2}")]
    [InlineData("Dear #{name}, see ${ticket}", ExpressionTextKind.Template, "Dear ${name}, see ${ticket}")]
    [InlineData("plain #text", ExpressionTextKind.Literal, "plain #text")]
    public void Deferred_expressions_are_read_as_expressions(string text, ExpressionTextKind kind, string raw)
    {
        var expression = new ExpressionText(text);

        (expression.Kind, expression.Raw).Should().Be((kind, raw));
    }

    [Fact]
    public async Task Deferred_expressions_are_evaluated_wherever_an_expression_is_read()
    {
        var answer = new RecordingHandler();
        var runner = ProcessRunner.FromXml(Process("""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="compute" camunda:expression="#{40 + 2}" camunda:resultVariable="answer" />
            <bpmn:serviceTask id="call" camunda:delegateExpression="#{answerBean}">
              <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="doubled">#{answer * 2}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:exclusiveGateway id="gw" default="toNothing" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>#{delay}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:userTask id="review" camunda:assignee="#{'ana'}" camunda:candidateGroups="#{groups}" camunda:dueDate="#{due}">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="#{reviewers}" camunda:elementVariable="reviewer" />
            </bpmn:userTask>
            <bpmn:endEvent id="e" /><bpmn:endEvent id="nothing" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="compute" />
            <bpmn:sequenceFlow id="f2" sourceRef="compute" targetRef="call" />
            <bpmn:sequenceFlow id="f3" sourceRef="call" targetRef="gw" />
            <bpmn:sequenceFlow id="toWait" sourceRef="gw" targetRef="wait"><bpmn:conditionExpression>#{answer == 42}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="toNothing" sourceRef="gw" targetRef="nothing" />
            <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="review" />
            <bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="e" />
            """), ("answerBean", answer));

        await runner.StartAsync(new()
        {
            ["delay"] = "PT2H", ["groups"] = "cab", ["due"] = "P1D", ["reviewers"] = new List<object?> { "x", "y" },
        });

        answer.Calls.Should().ContainSingle().Which.Inputs["doubled"].Should().Be(84L);
        runner.Variables["answer"].Should().Be(42L);
        runner.TokenPositions.Should().Equal("wait");
        runner.BookmarkAt("wait").Due.Should().Be(FixedClock.Start.AddHours(2));

        var result = await runner.FireTimerAsync("wait");

        result.CreatedTasks.Should().HaveCount(2).And.AllSatisfy(t =>
        {
            t.Assignee.Should().Be("ana");
            t.CandidateGroups.Should().Equal("cab");
            t.DueDate.Should().Be(FixedClock.Start.AddHours(2).AddDays(1));
        });
    }

    [Fact]
    public void A_deferred_delegate_expression_names_its_handler()
    {
        new ServiceImplementation(ImplementationKind.DelegateExpression, " #{notify.sla-warning} ", null).HandlerName.Should().Be("notify.sla-warning");
    }

    [Fact]
    public void Other_tools_extensions_are_ignored_with_one_warning_per_namespace()
    {
        var signavio = """<signavio:signavioMetaData xmlns:signavio="http://www.signavio.com" metaKey="bgcolor" metaValue="#ffffff" />""";
        var (_, problems) = ParseAndValidate(Process($"""
            <bpmn:extensionElements>{signavio}</bpmn:extensionElements>
            <bpmn:startEvent id="s" signavio:flag="x" xmlns:signavio="http://www.signavio.com"><bpmn:extensionElements>{signavio}</bpmn:extensionElements></bpmn:startEvent>
            <bpmn:task id="t"><bpmn:extensionElements>{signavio}<zeebe:taskDefinition xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" type="x" /></bpmn:extensionElements></bpmn:task>
            <bpmn:endEvent id="e" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"><bpmn:extensionElements>{signavio}</bpmn:extensionElements></bpmn:sequenceFlow>
            {Flow("f2", "t", "e")}
            """));

        Errors(problems).Should().BeEmpty();
        problems.Select(p => (p.Code, p.Severity, p.ElementId)).Should().BeEquivalentTo(new[]
        {
            (BpmnProblemCodes.IgnoredExtension, BpmnProblemSeverity.Warning, (string?)"p"),
            (BpmnProblemCodes.IgnoredExtension, BpmnProblemSeverity.Warning, (string?)"t"),
        });
        problems.Should().Contain(p => p.Message.StartsWith("4 extension element(s) of namespace 'http://www.signavio.com'", StringComparison.Ordinal));
    }

    [Fact]
    public void Activiti_extensions_are_read_as_camunda_ones_as_camunda_7_does()
    {
        var (definitions, problems) = ParseAndValidate(Process("""
            <bpmn:startEvent id="s" /><bpmn:userTask id="t" activiti:assignee="kermit" xmlns:activiti="http://activiti.org/bpmn" /><bpmn:endEvent id="e" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
            """));

        Errors(problems).Should().BeEmpty();
        ((UserTask)definitions.Processes[0].FindNode("t")!).Assignee!.Raw.Should().Be("kermit");
    }

    [Fact]
    public async Task An_execution_listener_on_a_sequence_flow_without_event_runs_when_the_flow_is_taken()
    {
        var runner = ProcessRunner.FromXml(Process("""
            <bpmn:startEvent id="s" /><bpmn:endEvent id="e" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e">
              <bpmn:extensionElements>
                <camunda:executionListener><camunda:script scriptFormat="javascript">execution.setVariable('taken', true)</camunda:script></camunda:executionListener>
              </bpmn:extensionElements>
            </bpmn:sequenceFlow>
            """));

        var result = await runner.StartAsync();

        result.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables["taken"].Should().Be(true);
    }

    [Fact]
    public void Timer_texts_with_deferred_expressions_are_expressions_not_invalid_timers()
    {
        var (definitions, problems) = ParseAndValidate(Process("""
            <bpmn:startEvent id="s" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDate>#{dueDate}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="e" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="e" />
            """));

        Errors(problems).Should().BeEmpty();
        var timer = (TimerEventDefinition)((IntermediateCatchEvent)definitions.Processes[0].FindNode("wait")!).Definition!;
        (timer.Kind, timer.Value!.Kind, timer.Value.Inner).Should().Be((TimerKind.Date, ExpressionTextKind.Expression, "dueDate"));
    }
}
