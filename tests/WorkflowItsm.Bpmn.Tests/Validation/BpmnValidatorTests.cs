using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Validation;

public class BpmnValidatorTests
{
    private static IReadOnlyList<BpmnProblem> Validate(string xml, IReadOnlyCollection<string>? handlers = null)
    {
        var parsed = new BpmnParser().Parse(xml);
        parsed.Definitions.Should().NotBeNull();
        return new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint, KnownHandlers = handlers }).Validate(parsed);
    }

    private static IEnumerable<(string? ElementId, string Code)> Errors(IReadOnlyList<BpmnProblem> problems) =>
        problems.Where(p => p.Severity == BpmnProblemSeverity.Error).Select(p => (p.ElementId, p.Code));

    [Fact]
    public void A_camunda_expression_on_a_user_or_script_task_is_ignored_as_Camunda_ignores_it()
    {
        var xml = Process($"""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="task" camunda:expression="{Expr("true")}" />
            <bpmn:scriptTask id="script" camunda:expression="{Expr("true")}" scriptFormat="javascript"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "task")}
            {Flow("f2", "task", "script")}
            {Flow("f3", "script", "end")}
            """);

        Errors(Validate(xml)).Should().BeEmpty();
    }

    [Fact]
    public void A_camunda_connector_is_refused_saying_what_to_use_instead()
    {
        var xml = Process($"""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="rest"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "rest")}
            {Flow("f2", "rest", "end")}
            """);

        Validate(xml).Should().Contain(p => p.ElementId == "rest" && p.Code == BpmnProblemCodes.UnsupportedAttribute
            && p.Message.Contains("Camunda Connect") && p.Message.Contains("external task"));
    }

    [Fact]
    public void Incident_triage_has_no_errors_with_its_handler_registered()
    {
        var problems = Validate(Workflow("incident-triage.bpmn"), ["notify.sla-warning"]);

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Camunda_extensions_fixture_only_reports_what_is_unsupported()
    {
        var problems = Validate(Fixture("camunda-extensions.bpmn"));

        Errors(problems).Should().BeEmpty();
    }

    [Fact]
    public void A_service_task_made_from_an_element_template_is_valid()
    {
        // bpmn-js element templates record the template on the element; the designer's palette writes exactly this.
        var xml = Process(
            $$"""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="notify" camunda:modelerTemplate="workflowitsm.notify.sla-warning" camunda:modelerTemplateVersion="1" camunda:delegateExpression="${notify.sla-warning}" />
            <bpmn:endEvent id="end" />
            {{Flow("f1", "start", "notify")}}
            {{Flow("f2", "notify", "end")}}
            """);

        Errors(Validate(xml, ["notify.sla-warning"])).Should().BeEmpty();
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_element()
    {
        var xml = Process(
            $"""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:serviceTask id="noImpl" />
            <bpmn:serviceTask id="unknown" camunda:delegateExpression="{Expr("ghost.handler")}" />
            <bpmn:scriptTask id="broken" scriptFormat="javascript"><bpmn:script>var = ;</bpmn:script></bpmn:scriptTask>
            <bpmn:scriptTask id="groovy" scriptFormat="groovy"><bpmn:script>x</bpmn:script></bpmn:scriptTask>
            <bpmn:intermediateCatchEvent id="badTimer"><bpmn:timerEventDefinition><bpmn:timeDuration>PT-banana</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:complexGateway id="complex" />
            <bpmn:task id="island" />
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "fork")}
            {Flow("f2", "fork", "noImpl", Expr("x"))}
            {Flow("f3", "fork", "unknown")}
            {Flow("f4", "fork", "broken")}
            {Flow("f5", "fork", "groovy")}
            {Flow("f6", "fork", "badTimer")}
            {Flow("f7", "fork", "complex")}
            {Flow("f8", "noImpl", "end")}
            {Flow("f9", "unknown", "end")}
            {Flow("f10", "broken", "end")}
            {Flow("f11", "groovy", "end")}
            {Flow("f12", "badTimer", "end")}
            {Flow("f13", "complex", "end")}
            {Flow("f14", "start", "nowhere")}
            """);

        var problems = Validate(xml, ["known.handler"]);

        Errors(problems).Should().BeEquivalentTo(new (string?, string)[]
        {
            ("f2", BpmnProblemCodes.ConditionOnParallelFlow),
            ("noImpl", BpmnProblemCodes.NoImplementation),
            ("unknown", BpmnProblemCodes.UnknownHandler),
            ("broken", BpmnProblemCodes.ScriptDoesNotCompile),
            ("groovy", BpmnProblemCodes.UnsupportedScriptFormat),
            ("badTimer", BpmnProblemCodes.InvalidTimer),
            ("complex", BpmnProblemCodes.UnsupportedElement),
            ("f14", BpmnProblemCodes.DanglingReference),
        });
        problems.Should().ContainSingle(p => p.Code == BpmnProblemCodes.Unreachable)
            .Which.Should().BeEquivalentTo(new { ElementId = "island", Severity = BpmnProblemSeverity.Warning }, "it never runs, and Camunda 7 deploys it");
    }

    [Fact]
    public void Dangling_references_are_named()
    {
        var xml = Process(
            $"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="missingFlow" />
            <bpmn:userTask id="task" />
            <bpmn:boundaryEvent id="onMessage" attachedToRef="task"><bpmn:messageEventDefinition messageRef="noSuchMessage" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="orphan" attachedToRef="noSuchTask"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:intermediateThrowEvent id="signal"><bpmn:signalEventDefinition signalRef="noSuchSignal" /></bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="fail"><bpmn:escalationEventDefinition escalationRef="noSuchEscalation" /></bpmn:endEvent>
            <bpmn:callActivity id="call" />
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "gw")}
            {Flow("f2", "gw", "task")}
            {Flow("f3", "task", "signal")}
            {Flow("f4", "signal", "call")}
            {Flow("f5", "call", "end")}
            {Flow("f6", "onMessage", "fail")}
            {Flow("f7", "orphan", "end")}
            """);

        var problems = Validate(xml);

        Errors(problems).Should().BeEquivalentTo(new (string?, string)[]
        {
            ("gw", BpmnProblemCodes.InvalidDefaultFlow),
            ("onMessage", BpmnProblemCodes.DanglingReference),
            ("orphan", BpmnProblemCodes.DanglingReference),
            ("signal", BpmnProblemCodes.DanglingReference),
            ("fail", BpmnProblemCodes.DanglingReference),
            ("call", BpmnProblemCodes.InvalidCallActivity),
        });
    }

    [Theory]
    [InlineData("""camunda:calledElementBinding="latest" """, null)]
    [InlineData("""camunda:calledElementBinding="deployment" """, null)]
    [InlineData("""camunda:calledElementBinding="version" camunda:calledElementVersion="${v}" """, null)]
    [InlineData("""camunda:calledElementBinding="versionTag" camunda:calledElementVersionTag="stable" """, null)]
    [InlineData("""camunda:calledElementTenantId="tenant1" """, null)] // one tenant: the id is ignored
    [InlineData("""camunda:calledElementBinding="versionTag" """, BpmnProblemCodes.InvalidCallActivity)]
    [InlineData("""camunda:calledElementBinding="newest" """, BpmnProblemCodes.UnsupportedAttribute)]
    public void Every_camunda_called_element_binding_is_accepted_with_what_it_needs(string attributes, string? expectedCode)
    {
        var xml = Process($"""
            <bpmn:startEvent id="s" /><bpmn:callActivity id="call" calledElement="child" {attributes} /><bpmn:endEvent id="e" />
            {Flow("f1", "s", "call")}{Flow("f2", "call", "e")}
            """);

        var errors = Errors(Validate(xml)).ToList();

        if (expectedCode is null)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors.Should().Contain(("call", expectedCode));
        }
    }

    [Fact]
    public void Missing_start_and_dead_ends_are_reported()
    {
        var noStart = Process("""<bpmn:task id="t" />""");
        Errors(Validate(noStart)).Should().Contain(("p", BpmnProblemCodes.NoStartEvent));

        var loop = Process(
            $"""
            <bpmn:startEvent id="start" />
            <bpmn:task id="a" />
            <bpmn:task id="b" />
            {Flow("f1", "start", "a")}
            {Flow("f2", "a", "b")}
            {Flow("f3", "b", "a")}
            """);
        Errors(Validate(loop)).Should().BeEquivalentTo(new (string?, string)[]
        {
            ("start", BpmnProblemCodes.CannotReachEnd),
            ("a", BpmnProblemCodes.CannotReachEnd),
            ("b", BpmnProblemCodes.CannotReachEnd),
        });
    }

    [Fact]
    public void Gateway_with_only_conditional_flows_and_no_default_is_a_warning()
    {
        var xml = Process(
            $"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:endEvent id="a" />
            <bpmn:endEvent id="b" />
            {Flow("f1", "start", "gw")}
            {Flow("f2", "gw", "a", Expr("x > 1"))}
            {Flow("f3", "gw", "b", Expr("x <= 1"))}
            """);

        var problems = Validate(xml);

        problems.Should().ContainSingle().Which.Should().Be(
            BpmnProblem.Warning("gw", BpmnProblemCodes.AllConditionsMayBeFalse, problems[0].Message) with { Line = 6 });
    }

    [Fact]
    public void Event_based_gateway_must_be_followed_by_catch_events()
    {
        var xml = Process(
            $"""
            <bpmn:startEvent id="start" />
            <bpmn:eventBasedGateway id="race" />
            <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:userTask id="human" />
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "race")}
            {Flow("f2", "race", "timeout")}
            {Flow("f3", "race", "human")}
            {Flow("f4", "timeout", "end")}
            {Flow("f5", "human", "end")}
            """);

        Errors(Validate(xml)).Should().Equal(("human", BpmnProblemCodes.InvalidEventGatewayTarget));
    }

    [Fact]
    public void Unsupported_constructs_are_errors_naming_the_element()
    {
        var xml = Process(
            $"""
            <bpmn:startEvent id="start" />
            <bpmn:businessRuleTask id="dmn" camunda:decisionRef="triage" camunda:mapDecisionResult="firstEntry" />
            <bpmn:userTask id="listened">
              <bpmn:extensionElements><camunda:taskListener class="x.Y" event="create" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:task id="executionListener">
              <bpmn:extensionElements><camunda:executionListener class="com.example.Audit" event="start" /><camunda:executionListener expression="{Expr("x")}" event="take" /></bpmn:extensionElements>
            </bpmn:task>
            <bpmn:intermediateThrowEvent id="compensate"><bpmn:compensateEventDefinition /><bpmn:signalEventDefinition /></bpmn:intermediateThrowEvent>
            <bpmn:subProcess id="adhoc" />
            <bpmn:adHocSubProcess id="adhoc2" />
            <bpmn:serviceTask id="connector"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "dmn")}
            {Flow("f2", "dmn", "listened")}
            {Flow("f3", "listened", "executionListener")}
            {Flow("f4", "executionListener", "compensate")}
            {Flow("f5", "compensate", "adhoc2")}
            {Flow("f6", "adhoc2", "connector")}
            {Flow("f7", "connector", "end")}
            """);

        var errors = Errors(Validate(xml, handlers: ["com.example.Audit"])).ToList();

        errors.Should().Contain(new (string?, string)[]
        {
            ("dmn", BpmnProblemCodes.UnsupportedAttribute),
            ("listened", BpmnProblemCodes.UnknownHandler),
            ("executionListener", BpmnProblemCodes.UnsupportedAttribute),
            ("compensate", BpmnProblemCodes.UnsupportedElement),
            ("adhoc2", BpmnProblemCodes.UnsupportedElement),
            ("adhoc", BpmnProblemCodes.InvalidSubProcessStart),
            ("connector", BpmnProblemCodes.UnsupportedAttribute),
            ("connector", BpmnProblemCodes.NoImplementation),
        });
    }

    [Fact]
    public void Sub_process_and_event_sub_process_starts_are_checked()
    {
        var xml = Process(
            $"""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
              <bpmn:endEvent id="subEnd" />
              {Flow("s1", "subStart", "subEnd")}
            </bpmn:subProcess>
            <bpmn:subProcess id="handler" triggeredByEvent="true">
              <bpmn:startEvent id="handlerStart" />
              <bpmn:endEvent id="handlerEnd" />
              {Flow("h1", "handlerStart", "handlerEnd")}
            </bpmn:subProcess>
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "sub")}
            {Flow("f2", "sub", "end")}
            """,
            """<bpmn:message id="m" name="msg" />""");

        Errors(Validate(xml)).Should().BeEquivalentTo(new (string?, string)[]
        {
            ("sub", BpmnProblemCodes.InvalidSubProcessStart),
            ("subStart", BpmnProblemCodes.InvalidEventDefinition),
            ("handler", BpmnProblemCodes.InvalidEventSubProcess),
            ("handlerStart", BpmnProblemCodes.InvalidEventDefinition),
        });
    }

    [Fact]
    public void No_executable_process_is_reported()
    {
        var xml = $"""{Header}<bpmn:process id="p" isExecutable="false" /></bpmn:definitions>""";

        Errors(Validate(xml)).Should().Equal(("Definitions_1", BpmnProblemCodes.NoExecutableProcess));
    }

    [Fact]
    public void Structural_mistakes_each_have_their_code()
    {
        var xml = Process(
            $"""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" /><bpmn:endEvent id="subEnd" />
              {Flow("s1", "subStart", "subEnd")}
              {Flow("sneaky", "subStart", "outside")}
            </bpmn:subProcess>
            <bpmn:task id="outside" />
            <bpmn:userTask id="loop"><bpmn:multiInstanceLoopCharacteristics camunda:elementVariable="x" /></bpmn:userTask>
            <bpmn:boundaryEvent id="softError" cancelActivity="false" attachedToRef="loop"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="onGateway" attachedToRef="gw"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="nowhere" /></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="timerEnd"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:endEvent>
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "sub")}{Flow("f2", "sub", "outside")}{Flow("f3", "outside", "loop")}{Flow("f4", "loop", "gw")}
            {Flow("f5", "gw", "wait")}{Flow("f6", "gw", "jump")}{Flow("f7", "wait", "timerEnd")}{Flow("f8", "softError", "end")}{Flow("f9", "onGateway", "end")}
            """);

        var errors = Errors(Validate(xml)).ToList();

        errors.Should().Contain(new (string?, string)[]
        {
            ("sneaky", BpmnProblemCodes.FlowCrossesScope),
            ("loop", BpmnProblemCodes.InvalidMultiInstance),
            ("softError", BpmnProblemCodes.InvalidBoundaryEvent),
            ("onGateway", BpmnProblemCodes.InvalidBoundaryEvent),
            ("jump", BpmnProblemCodes.LinkWithoutCatch),
            ("wait", BpmnProblemCodes.MissingAttribute),
            ("timerEnd", BpmnProblemCodes.InvalidEventDefinition),
        });
    }

    [Theory]
    [InlineData("incident-triage.bpmn", true)]
    [InlineData("camunda-extensions.bpmn", false)]
    [InlineData("change-review.bpmn", false)]
    public void Validation_of_real_models_never_throws_and_without_options_skips_script_checks(string file, bool isWorkflow)
    {
        var xml = isWorkflow ? Workflow(file) : Fixture(file);
        var definitions = new BpmnParser().Parse(xml).Definitions!;

        var problems = new BpmnValidator().Validate(definitions);

        problems.Where(p => p.Severity == BpmnProblemSeverity.Error).Should().BeEmpty();
    }

    [Fact]
    public void Unknown_handler_is_reported_only_when_handlers_are_known()
    {
        var xml = Process($"""
            <bpmn:startEvent id="s" /><bpmn:serviceTask id="t" camunda:class="ghost" /><bpmn:endEvent id="e" />
            {Flow("f1", "s", "t")}{Flow("f2", "t", "e")}
            """);

        Errors(Validate(xml)).Should().BeEmpty();
        Errors(Validate(xml, ["other"])).Should().Equal(("t", BpmnProblemCodes.UnknownHandler));
    }

    [Fact]
    public void Problem_codes_are_unique()
    {
        var codes = typeof(BpmnProblemCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();

        codes.Should().OnlyHaveUniqueItems().And.AllSatisfy(c => c.Should().MatchRegex("^BPMN[0-9]{3}$"));
    }
}
