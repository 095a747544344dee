using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Validation;

/// <summary>
/// Models Camunda 7 refuses are refused too, naming the element; and every problem names an element that exists
/// in the file, or none, with its line (issue 14, section 5).
/// </summary>
public class CamundaRefusalTests
{
    private static IReadOnlyList<BpmnProblem> Validate(string xml)
    {
        var parsed = new BpmnParser().Parse(xml);
        parsed.Definitions.Should().NotBeNull();
        return new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed);
    }

    private static IEnumerable<(string? ElementId, string Code)> Errors(IReadOnlyList<BpmnProblem> problems) =>
        problems.Where(p => p.Severity == BpmnProblemSeverity.Error).Select(p => (p.ElementId, p.Code));

    private const string Timer = "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>";

    [Theory]
    [InlineData("<bpmn:startEvent id=\"s2\" />")]
    [InlineData("<bpmn:startEvent id=\"s2\">" + Timer + "</bpmn:startEvent>")]
    public void A_process_with_several_none_or_timer_start_events_is_refused_at_the_second(string second)
    {
        var xml = Process($"""
            <bpmn:startEvent id="s1" />{second}<bpmn:endEvent id="e" />
            {Flow("f1", "s1", "e")}{Flow("f2", "s2", "e")}
            """);

        Errors(Validate(xml)).Should().Equal(("s2", BpmnProblemCodes.SeveralStartEvents));
    }

    [Fact]
    public void Message_starts_and_event_sub_process_starts_do_not_count_as_plain_starts()
    {
        var xml = Process($"""
            <bpmn:startEvent id="s1" />
            <bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:endEvent id="e" />
            <bpmn:subProcess id="esp" triggeredByEvent="true">
              <bpmn:startEvent id="espStart" isInterrupting="false">{Timer}</bpmn:startEvent><bpmn:endEvent id="espEnd" />
              {Flow("ef", "espStart", "espEnd")}
            </bpmn:subProcess>
            {Flow("f1", "s1", "e")}{Flow("f2", "byMessage", "e")}
            """,
            """<bpmn:message id="m" name="go" />""");

        Errors(Validate(xml)).Should().BeEmpty();
    }

    [Fact]
    public void Two_message_catchers_of_one_scope_may_not_wait_for_the_same_name()
    {
        // MessageStartEventTest.testSameMessageNameFails: two messages, one name, two start events of one process.
        var xml = Process($"""
            <bpmn:startEvent id="start1"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:startEvent>
            <bpmn:startEvent id="start2"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:startEvent>
            <bpmn:userTask id="work" />
            <bpmn:boundaryEvent id="b1" attachedToRef="work" cancelActivity="false"><bpmn:messageEventDefinition messageRef="other" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="b2" attachedToRef="work" cancelActivity="false"><bpmn:messageEventDefinition messageRef="other" /></bpmn:boundaryEvent>
            <bpmn:receiveTask id="later" messageRef="m1" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "start1", "work")}{Flow("f2", "start2", "work")}{Flow("f3", "work", "later")}{Flow("f4", "later", "e")}
            {Flow("f5", "b1", "e")}{Flow("f6", "b2", "e")}
            """,
            """<bpmn:message id="m1" name="newInvoice" /><bpmn:message id="m2" name="newInvoice" /><bpmn:message id="other" name="other" />""");

        var problems = Validate(xml);

        Errors(problems).Should().BeEquivalentTo(new (string?, string)[]
        {
            ("start2", BpmnProblemCodes.DuplicateOrEmptyEventName),
            ("b2", BpmnProblemCodes.DuplicateOrEmptyEventName),
        }, "the receive task waits in a scope of its own");
        problems.Should().Contain(p => p.ElementId == "start2" && p.Message.Contains("'start1'") && p.Message.Contains("newInvoice"));
    }

    [Fact]
    public void A_message_catcher_needs_a_named_message()
    {
        // MessageStartEventTest.testEmptyMessageNameFails
        var xml = Process($"""
            <bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent><bpmn:endEvent id="e" />
            {Flow("f1", "s", "e")}
            """,
            """<bpmn:message id="m" name="" />""");

        Errors(Validate(xml)).Should().Equal(("s", BpmnProblemCodes.DuplicateOrEmptyEventName));
    }

    [Fact]
    public void Signals_need_distinct_names()
    {
        var xml = Process($"""
            <bpmn:startEvent id="s" /><bpmn:endEvent id="e" />{Flow("f1", "s", "e")}
            """,
            """<bpmn:signal id="alarm1" name="alarm" /><bpmn:signal id="alarm2" name="alarm" /><bpmn:signal id="quiet" />""");

        Errors(Validate(xml)).Should().BeEquivalentTo(new (string?, string)[]
        {
            ("alarm2", BpmnProblemCodes.DuplicateOrEmptyEventName),
            ("quiet", BpmnProblemCodes.DuplicateOrEmptyEventName),
        });
    }

    [Fact]
    public void One_escalation_catcher_per_code_on_an_activity_and_a_catch_all_alone()
    {
        var xml = Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" /><bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:intermediateThrowEvent><bpmn:endEvent id="subEnd" />
              {Flow("sf1", "subStart", "raise")}{Flow("sf2", "raise", "subEnd")}
            </bpmn:subProcess>
            <bpmn:userTask id="other" />
            <bpmn:boundaryEvent id="late1" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="late2" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="earlyCatch" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="early" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="any" attachedToRef="other"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="coded" attachedToRef="other"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:boundaryEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "other")}{Flow("f3", "other", "e")}
            {Flow("f4", "late1", "e")}{Flow("f5", "late2", "e")}{Flow("f6", "earlyCatch", "e")}{Flow("f7", "any", "e")}{Flow("f8", "coded", "e")}
            """,
            """<bpmn:escalation id="late" escalationCode="LATE" /><bpmn:escalation id="early" escalationCode="EARLY" />""");

        Errors(Validate(xml)).Should().BeEquivalentTo(new (string?, string)[]
        {
            ("late2", BpmnProblemCodes.DuplicateEscalationCatcher),
            ("coded", BpmnProblemCodes.DuplicateEscalationCatcher),
        });
    }

    [Fact]
    public void Escalation_event_sub_processes_of_one_scope_catch_distinct_codes()
    {
        string Esp(string id) => $"""
            <bpmn:subProcess id="{id}" triggeredByEvent="true">
              <bpmn:startEvent id="{id}Start" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:startEvent><bpmn:endEvent id="{id}End" />
              {Flow(id + "Flow", id + "Start", id + "End")}
            </bpmn:subProcess>
            """;
        var xml = Process($"""
            <bpmn:startEvent id="s" /><bpmn:endEvent id="e" />{Flow("f1", "s", "e")}{Esp("one")}{Esp("two")}
            """,
            """<bpmn:escalation id="late" escalationCode="LATE" />""");

        Errors(Validate(xml)).Should().Equal(("twoStart", BpmnProblemCodes.DuplicateEscalationCatcher));
    }

    [Fact]
    public void An_element_without_id_is_named_by_its_line_not_by_a_made_up_id()
    {
        var xml = Process("""
            <bpmn:startEvent id="s" />
            <bpmn:userTask name="no id" />
            <bpmn:endEvent id="e" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
            """);
        var line = xml.Split('\n').ToList().FindIndex(l => l.Contains("no id", StringComparison.Ordinal)) + 1;

        var problems = Validate(xml);

        problems.Should().NotBeEmpty().And.AllSatisfy(p =>
        {
            p.ElementId.Should().BeNull();
            p.Line.Should().Be(line);
        });
        problems.Select(p => p.Code).Should().Contain([BpmnProblemCodes.MissingAttribute, BpmnProblemCodes.Unreachable]);
        problems.Should().Contain(p => p.Message.Contains($"line {line}"));
    }

    [Fact]
    public void A_problem_of_a_flow_without_id_names_its_line()
    {
        var xml = Process("""
            <bpmn:startEvent id="s" /><bpmn:endEvent id="e" />
            <bpmn:sequenceFlow sourceRef="s" targetRef="e" />
            <bpmn:sequenceFlow sourceRef="s" targetRef="nowhere" />
            """);
        var line = xml.Split('\n').ToList().FindIndex(l => l.Contains("nowhere", StringComparison.Ordinal)) + 1;

        var problem = Validate(xml).Should().ContainSingle(p => p.Severity == BpmnProblemSeverity.Error).Subject;

        (problem.ElementId, problem.Code, problem.Line).Should().Be((null, BpmnProblemCodes.DanglingReference, line));
        problem.Message.Should().Contain("'nowhere'");
    }

    [Fact]
    public void Problems_about_real_elements_carry_their_line()
    {
        var xml = Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:task id="island" />
            <bpmn:endEvent id="e" />{Flow("f1", "s", "e")}
            """);
        var line = xml.Split('\n').ToList().FindIndex(l => l.Contains("island", StringComparison.Ordinal)) + 1;

        var problem = Validate(xml).Should().ContainSingle(p => p.Code == BpmnProblemCodes.Unreachable).Subject;

        (problem.ElementId, problem.Line).Should().Be(("island", line));
        problem.ToString().Should().Contain($"[island, line {line}]");
    }

    [Fact]
    public void No_executable_process_names_the_definitions_only_when_they_have_an_id()
    {
        var withId = $"""{Header}<bpmn:process id="p" isExecutable="false" /></bpmn:definitions>""";
        var withoutId = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="urn:x">
              <process id="p" isExecutable="false" />
            </definitions>
            """;

        Validate(withId).Should().ContainSingle().Which.ElementId.Should().Be("Definitions_1");
        var problem = Validate(withoutId).Should().ContainSingle().Subject;
        (problem.ElementId, problem.Code, problem.Line).Should().Be((null, BpmnProblemCodes.NoExecutableProcess, 1));
    }

    [Fact]
    public void The_products_own_workflows_pass_the_new_rules()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WorkflowItsm.sln")))
        {
            directory = directory.Parent;
        }

        var files = Directory.GetFiles(Path.Combine(directory!.FullName, "workflows"), "*.bpmn");

        files.Should().NotBeEmpty();
        foreach (var file in files)
        {
            Errors(Validate(File.ReadAllText(file))).Should().BeEmpty(Path.GetFileName(file));
        }
    }
}
