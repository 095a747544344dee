namespace WorkflowItsm.Bpmn.Parsing;

internal static class BpmnNamespaces
{
    public const string Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public const string Camunda = "http://camunda.org/schema/1.0/bpmn";
    public const string Di = "http://www.omg.org/spec/BPMN/20100524/DI";
    public const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";
}
