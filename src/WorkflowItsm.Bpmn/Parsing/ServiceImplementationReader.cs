using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>Reads camunda:class / delegateExpression / expression / type="external" / type="mail" into one implementation.</summary>
internal static class ServiceImplementationReader
{
    public static ServiceImplementation? Read(XmlElementNode element, List<string> unsupported)
    {
        var resultVariable = element.CamundaAttribute("resultVariable");
        var type = element.CamundaAttribute("type");
        if (type is not null)
        {
            if (type == "mail")
            {
                return new ServiceImplementation(ImplementationKind.Class, ServiceImplementation.MailHandler, resultVariable);
            }

            if (type != "external")
            {
                unsupported.Add($"camunda:type=\"{type}\" on {element.LocalName}");
                return null;
            }

            return new ServiceImplementation(ImplementationKind.External, element.CamundaAttribute("topic") ?? string.Empty, resultVariable);
        }

        if (element.CamundaAttribute("delegateExpression") is { } delegateExpression)
        {
            return new ServiceImplementation(ImplementationKind.DelegateExpression, delegateExpression, resultVariable);
        }

        if (element.CamundaAttribute("class") is { } className)
        {
            return new ServiceImplementation(ImplementationKind.Class, className, resultVariable);
        }

        if (element.CamundaAttribute("expression") is { } expression)
        {
            return new ServiceImplementation(ImplementationKind.Expression, expression, resultVariable);
        }

        return null;
    }
}
