using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Model;

public class FlowGraphTests
{
    private static ProcessDefinition Parse(string body) => new BpmnParser().Parse(Process(body)).Definitions!.Processes[0];

    [Fact]
    public void Links_boundaries_and_loops_are_followed_by_reachability()
    {
        var process = Parse($"""
            <bpmn:startEvent id="s" />
            <bpmn:task id="a" />
            <bpmn:task id="b" />
            <bpmn:boundaryEvent id="onA" attachedToRef="a" />
            <bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "a")}{Flow("f2", "a", "b")}{Flow("f3", "b", "a")}{Flow("f4", "onA", "jump")}{Flow("f5", "land", "e")}
            """);
        var graph = process.Graph;
        FlowNode Node(string id) => process.FindNode(id)!;

        graph.CanReach(Node("b"), Node("b")).Should().BeTrue("b reaches itself through the loop");
        graph.CanReach(Node("s"), Node("e")).Should().BeTrue("through the boundary event and the link");
        graph.CanReach(Node("land"), Node("a")).Should().BeFalse();
        graph.FindLinkCatch("L")!.Id.Should().Be("land");
        ((Activity)Node("a")).BoundaryEvents.Should().ContainSingle().Which.AttachedTo.Should().BeSameAs(Node("a"));
        Node("a").Incoming.Select(f => f.Id).Should().Equal("f1", "f3");
        Node("a").Outgoing.Select(f => f.Id).Should().Equal("f2");
    }

    [Fact]
    public void Nested_graphs_are_separate_but_indexed_together()
    {
        var process = Parse($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="inner" /><bpmn:endEvent id="innerEnd" />
              {Flow("i1", "inner", "innerEnd")}
            </bpmn:subProcess>
            <bpmn:subProcess id="handler" triggeredByEvent="true">
              <bpmn:startEvent id="hs"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
            </bpmn:subProcess>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "e")}
            """);

        var sub = (SubProcess)process.FindNode("sub")!;
        process.FindNode("innerEnd")!.Container.Should().BeSameAs(sub);
        process.Graph.FindNode("innerEnd").Should().BeNull("a graph only holds its own nodes");
        sub.Graph.NoneStartEvent!.Id.Should().Be("inner");
        process.Graph.EventSubProcesses.Should().ContainSingle().Which.Id.Should().Be("handler");
        process.AllNodes.Should().HaveCount(7);
    }

    [Fact]
    public void Default_flows_are_marked()
    {
        var process = Parse($"""
            <bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" default="f3" />
            <bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
            {Flow("f1", "s", "gw")}{Flow("f2", "gw", "a", Expr("x"))}{Flow("f3", "gw", "b")}
            """);

        var gateway = (Gateway)process.FindNode("gw")!;
        gateway.DefaultFlow!.Id.Should().Be("f3");
        gateway.Outgoing.Select(f => f.IsDefault).Should().Equal(false, true);
        gateway.IsJoin.Should().BeFalse();
    }

    [Fact]
    public void Expression_texts_are_classified_once()
    {
        new ExpressionText("service-desk").Kind.Should().Be(ExpressionTextKind.Literal);
        new ExpressionText(" ${a + b} ").Kind.Should().Be(ExpressionTextKind.Expression);
        new ExpressionText("${a} and ${b}").Kind.Should().Be(ExpressionTextKind.Template);
        new ExpressionText("Dear ${name}").ExpressionParts().Should().Equal("${name}");
        new ExpressionText("${x.y}").Inner.Should().Be("x.y");
    }

    [Fact]
    public void Handler_name_comes_from_the_delegate_expression_or_class()
    {
        new ServiceImplementation(ImplementationKind.DelegateExpression, "${notify.sla-warning}", null).HandlerName.Should().Be("notify.sla-warning");
        new ServiceImplementation(ImplementationKind.Class, "incident.classify", null).HandlerName.Should().Be("incident.classify");
        new ServiceImplementation(ImplementationKind.External, "topic", null).HandlerName.Should().BeNull();
    }
}
