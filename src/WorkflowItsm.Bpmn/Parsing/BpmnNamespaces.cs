namespace WorkflowItsm.Bpmn.Parsing;

internal static class BpmnNamespaces
{
    public const string Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public const string Camunda = "http://camunda.org/schema/1.0/bpmn";
    public const string Di = "http://www.omg.org/spec/BPMN/20100524/DI";
    public const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Camunda 7 reads the extensions of its Activiti ancestry as its own; so do we.</summary>
    public const string Activiti = "http://activiti.org/bpmn";

    public static string Canonical(string namespaceUri) => namespaceUri == Activiti ? Camunda : namespaceUri;
}
