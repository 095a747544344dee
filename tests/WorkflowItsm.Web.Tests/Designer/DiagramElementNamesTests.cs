using WorkflowItsm.Web.Designer;

namespace WorkflowItsm.Web.Tests.Designer;

public sealed class DiagramElementNamesTests
{
    private const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="laptop" isExecutable="true">
            <bpmn:startEvent id="StartEvent_1" name="Start" />
            <bpmn:userTask id="Activity_0x1f3" name=" Approve laptop " />
            <bpmn:exclusiveGateway id="Gateway_1" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_0x1f3" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public void A_named_element_is_called_by_its_name_and_type_without_its_id()
    {
        DiagramElementNames.Read(Xml).Describe("Activity_0x1f3").Should().Be(new ElementLabel("Approve laptop", "User task", null));
    }

    [Fact]
    public void An_unnamed_element_is_called_by_its_type_with_its_id_as_the_detail()
    {
        var names = DiagramElementNames.Read(Xml);

        names.Describe("Gateway_1").Should().Be(new ElementLabel("Exclusive gateway", null, "Gateway_1"));
        names.Describe("Flow_1").Should().Be(new ElementLabel("Sequence flow", null, "Flow_1"));
    }

    [Fact]
    public void A_problem_of_the_whole_process_and_an_unknown_id_are_still_named()
    {
        var names = DiagramElementNames.Read(Xml);

        names.Describe(null).Title.Should().Be("Process");
        names.Describe("Nowhere").Should().Be(new ElementLabel("Nowhere", null, null));
    }

    [Fact]
    public void The_message_names_quoted_ids_of_named_elements_and_leaves_the_others()
    {
        DiagramElementNames.Read(Xml).NameIdsIn("'Activity_0x1f3' cannot be reached from 'Gateway_1'.")
            .Should().Be("'Approve laptop' cannot be reached from 'Gateway_1'.");
    }

    [Fact]
    public void A_file_that_cannot_be_read_names_nothing()
    {
        DiagramElementNames.Read("<bpmn:definitions><unclosed>").Describe("Activity_0x1f3").Title.Should().Be("Activity_0x1f3");
    }
}
