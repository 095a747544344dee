using WorkflowItsm.Bpmn.Parsing;

namespace WorkflowItsm.Bpmn.Tests.Parsing;

/// <summary>camunda:potentialStarter, as Camunda 7's StartAuthorizationTest models name who may start a process.</summary>
public sealed class PotentialStarterTests
{
    private static string Model(string starter) => $"""
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="Examples">
          <process id="potentialStarter" camunda:candidateStarterUsers="user1, user2" camunda:candidateStarterGroups="group1" isExecutable="true">
            <extensionElements>
              <camunda:potentialStarter>
                <resourceAssignmentExpression><formalExpression>{starter}</formalExpression></resourceAssignmentExpression>
              </camunda:potentialStarter>
            </extensionElements>
            <startEvent id="theStart" />
            <sequenceFlow id="flow1" sourceRef="theStart" targetRef="theEnd" />
            <endEvent id="theEnd" />
          </process>
        </definitions>
        """;

    [Fact]
    public void Potential_starters_add_to_the_candidate_starter_attributes_a_bare_name_being_a_group()
    {
        var parsed = new BpmnParser().Parse(Model("group2, group(group3), user(user3), user(user1)"));

        var process = parsed.Definitions!.Processes.Single();
        process.UnsupportedFeatures.Should().BeEmpty();
        process.CandidateStarterGroups.Should().Equal(["group1", "group2", "group3"]);
        process.CandidateStarterUsers.Should().Equal(["user1", "user2", "user3"], "a name given twice counts once");
    }

    [Fact]
    public void A_potential_starter_given_by_an_expression_is_unsupported()
    {
        var parsed = new BpmnParser().Parse(Model("${starters}"));

        parsed.Definitions!.Processes.Single().UnsupportedFeatures.Should().ContainSingle().Which.Should().Contain("camunda:potentialStarter");
    }
}
