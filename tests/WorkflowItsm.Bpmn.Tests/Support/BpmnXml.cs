namespace WorkflowItsm.Bpmn.Tests.Support;

/// <summary>Wraps inline BPMN fragments in a definitions document with the usual namespaces.</summary>
internal static class BpmnXml
{
    public const string Header =
        """<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">""";

    /// <summary>A document with one executable process <c>p</c> holding <paramref name="body"/>.</summary>
    public static string Process(string body, string declarations = "") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        {Header}
          {declarations}
          <bpmn:process id="p" isExecutable="true">
            {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A sequence flow, written short.</summary>
    public static string Flow(string id, string source, string target, string? condition = null) =>
        condition is null
            ? $"""<bpmn:sequenceFlow id="{id}" sourceRef="{source}" targetRef="{target}" />"""
            : $"""<bpmn:sequenceFlow id="{id}" sourceRef="{source}" targetRef="{target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>""";

    /// <summary>A <c>${...}</c> expression (C# interpolated raw strings cannot write one directly).</summary>
    public static string Expr(string inner) => "${" + inner + "}";

    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string Workflow(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", name));
}
