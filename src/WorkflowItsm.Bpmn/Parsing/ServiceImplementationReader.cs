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

            if (type == "shell")
            {
                // Refused on purpose: a model must not run commands on the server that runs every other process.
                unsupported.Add($"camunda:type=\"shell\" on {element.LocalName} (it would run a command on the engine's own server, which this "
                    + "product never does: make it an external task, camunda:type=\"external\", whose worker runs the command where it belongs)");
                return null;
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
