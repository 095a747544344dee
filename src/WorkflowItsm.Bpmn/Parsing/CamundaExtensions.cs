using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>The Camunda extension elements of one BPMN element, read from its <c>extensionElements</c>.</summary>
internal sealed class CamundaExtensions
{
    public IReadOnlyDictionary<string, string> Properties { get; private set; } = BaseElement.EmptyProperties;
    public InputOutputMapping? InputOutput { get; private set; }
    public List<FormField> FormFields { get; } = [];
    public List<Listener> ExecutionListeners { get; } = [];
    public List<Listener> TaskListeners { get; } = [];
    public List<CallVariableMapping> InMappings { get; } = [];
    public List<CallVariableMapping> OutMappings { get; } = [];
    public string? FailedJobRetryTimeCycle { get; private set; }
    public List<InjectedField> Fields { get; } = [];
    public List<ExternalTaskErrorRule> ErrorRules { get; } = [];
    public List<string> StarterUsers { get; } = [];
    public List<string> StarterGroups { get; } = [];

    public static CamundaExtensions Read(XmlElementNode element, ParseContext context, List<string> unsupported)
    {
        var result = new CamundaExtensions();
        var extensions = element.Child(BpmnNamespaces.Model, "extensionElements");
        if (extensions is null)
        {
            return result;
        }

        foreach (var child in extensions.Children)
        {
            if (!child.IsCamunda)
            {
                // Other tools' metadata (Signavio, Zeebe, modeler plug-ins) has no meaning for execution.
                context.IgnoreExtension(child, element.Attribute("id"));
                continue;
            }

            switch (child.LocalName)
            {
                case "properties":
                    result.Properties = child.ChildrenNamed(BpmnNamespaces.Camunda, "property")
                        .Where(p => p.Attribute("name") is not null)
                        .GroupBy(p => p.Attribute("name")!, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Last().Attribute("value") ?? string.Empty, StringComparer.Ordinal);
                    break;
                case "inputOutput":
                    result.InputOutput = new InputOutputMapping(
                        ReadParameters(child, "inputParameter", unsupported),
                        ReadParameters(child, "outputParameter", unsupported));
                    break;
                case "formData":
                    result.FormFields.AddRange(child.ChildrenNamed(BpmnNamespaces.Camunda, "formField").Select(ReadFormField));
                    break;
                case "formProperty":
                    if (ReadFormProperty(child, unsupported) is { } formProperty)
                    {
                        result.FormFields.Add(formProperty);
                    }

                    break;
                case "executionListener":
                    // On a sequence flow the only event is "take"; Camunda does not read the attribute there.
                    result.ExecutionListeners.Add(ReadListener(child, element.LocalName == "sequenceFlow" ? "take" : null));
                    break;
                case "taskListener":
                    var taskListener = ReadListener(child, null);
                    if (child.Child(BpmnNamespaces.Model, "timerEventDefinition") is { } timer)
                    {
                        taskListener = taskListener with { Timer = EventDefinitionReader.ReadTimer(timer, timer.Attribute("id")) };
                    }

                    result.TaskListeners.Add(taskListener);
                    break;
                case "in":
                    result.InMappings.Add(ReadCallMapping(child));
                    break;
                case "out":
                    result.OutMappings.Add(ReadCallMapping(child));
                    break;
                case "field" when element.LocalName is "serviceTask" or "sendTask" or "businessRuleTask":
                    result.Fields.Add(ReadField(child));
                    break;
                case "errorEventDefinition" when element.LocalName is "serviceTask" or "sendTask" or "businessRuleTask":
                    if (ReadErrorRule(child, context) is { } rule)
                    {
                        result.ErrorRules.Add(rule);
                    }
                    else
                    {
                        unsupported.Add("camunda:errorEventDefinition without an errorRef");
                    }

                    break;
                case "potentialStarter" when element.LocalName == "process":
                    PeopleAssignments.ReadPotentialStarter(child, result.StarterUsers, result.StarterGroups, unsupported);
                    break;
                case "connector":
                    // Camunda Connect (http-connector, soap-http-connector) is a Java plug-in with its own request and response scripts.
                    unsupported.Add("camunda:connector (Camunda Connect's HTTP and SOAP connectors are a Java plug-in this product does not have: "
                        + "call the service from a .NET handler, [ServiceTask(\"my.rest-call\")] named by camunda:delegateExpression, or from an external task's worker)");
                    break;
                case "failedJobRetryTimeCycle":
                    result.FailedJobRetryTimeCycle = child.Text?.Trim();
                    break;
                default:
                    unsupported.Add($"camunda:{child.LocalName}");
                    break;
            }
        }

        return result;
    }

    /// <summary>An external task's error rule; an errorRef naming no error element is the error code itself (as Camunda reads it).</summary>
    private static ExternalTaskErrorRule? ReadErrorRule(XmlElementNode definition, ParseContext context)
    {
        if (definition.Attribute("errorRef") is not { Length: > 0 } errorRef)
        {
            return null;
        }

        var error = context.Errors.GetValueOrDefault(errorRef) ?? new ErrorDeclaration(errorRef, null, errorRef);
        var expression = definition.Attribute("expression") is { } text && !string.IsNullOrWhiteSpace(text) ? new ExpressionText(text.Trim()) : null;
        return new ExternalTaskErrorRule(definition.Attribute("id") ?? errorRef, error, expression);
    }

    /// <summary>A camunda:field as Camunda reads it: stringValue or expression attribute, or a string or expression child.</summary>
    private static InjectedField ReadField(XmlElementNode field)
    {
        var name = field.Attribute("name") ?? string.Empty;
        if (field.Attribute("expression") is { } expression)
        {
            return new InjectedField(name, expression, IsExpression: true);
        }

        if (field.Child(BpmnNamespaces.Camunda, "expression") is { } expressionChild)
        {
            return new InjectedField(name, expressionChild.Text?.Trim() ?? string.Empty, IsExpression: true);
        }

        var text = field.Attribute("stringValue") ?? field.Child(BpmnNamespaces.Camunda, "string")?.Text ?? string.Empty;
        return new InjectedField(name, text, IsExpression: false);
    }

    private static IoParameter[] ReadParameters(XmlElementNode inputOutput, string kind, List<string> unsupported) =>
        inputOutput.ChildrenNamed(BpmnNamespaces.Camunda, kind)
            .Select(p => new IoParameter(p.Attribute("name") ?? string.Empty, ReadValue(p, unsupported)))
            .ToArray();

    /// <summary>A parameter or list/map entry: a nested list, map or script, else its text.</summary>
    private static IoValue ReadValue(XmlElementNode holder, List<string> unsupported)
    {
        foreach (var child in holder.Children)
        {
            if (!child.IsCamunda)
            {
                continue;
            }

            switch (child.LocalName)
            {
                case "list":
                    return new IoListValue(child.Children.Where(c => c.IsCamunda).Select(c => ReadListItem(c, unsupported)).ToArray());
                case "map":
                    return new IoMapValue(child.ChildrenNamed(BpmnNamespaces.Camunda, "entry")
                        .Select(e => new KeyValuePair<string, IoValue>(e.Attribute("key") ?? string.Empty, ReadValue(e, unsupported)))
                        .ToArray());
                case "script":
                    return new IoScriptValue(child.Attribute("scriptFormat"), child.Text ?? string.Empty, child.Attribute("resource"));
                default:
                    unsupported.Add($"camunda:{child.LocalName} in input/output");
                    return IoNullValue.Instance;
            }
        }

        return holder.Text is { } text ? new IoTextValue(new ExpressionText(text)) : IoNullValue.Instance;
    }

    /// <summary>A list item is a <c>camunda:value</c>, or itself a list, map or script.</summary>
    private static IoValue ReadListItem(XmlElementNode item, List<string> unsupported)
    {
        if (item.LocalName == "value")
        {
            return item.Text is { } text ? new IoTextValue(new ExpressionText(text)) : IoNullValue.Instance;
        }

        var wrapper = new XmlElementNode("value", BpmnNamespaces.Camunda, item.Position);
        wrapper.AddChild(item);
        return ReadValue(wrapper, unsupported);
    }

    private static FormFieldType FieldType(string typeName) => typeName switch
    {
        "string" => FormFieldType.String,
        "long" => FormFieldType.Long,
        "boolean" => FormFieldType.Boolean,
        "date" => FormFieldType.Date,
        "enum" => FormFieldType.Enum,
        _ => FormFieldType.Custom,
    };

    private static FormFieldValue[] EnumValues(XmlElementNode field) =>
        [.. field.ChildrenNamed(BpmnNamespaces.Camunda, "value").Select(v => new FormFieldValue(v.Attribute("id") ?? string.Empty, v.Attribute("name")))];

    /// <summary>
    /// Camunda 7's legacy form property (<c>camunda:formProperty</c> of a start event or user task), read as the
    /// generated form field it amounts to: submitted under its <c>variable</c> (else its id), labelled by its name,
    /// <c>required</c> and <c>writable="false"</c> as the required and readonly constraints, an enum's values, the
    /// date pattern kept as a property. A property that is not readable stays off the form (values not named by a
    /// field still pass); one bound to an expression instead of a variable is refused, as nothing here evaluates it
    /// on read and write.
    /// </summary>
    private static FormField? ReadFormProperty(XmlElementNode property, List<string> unsupported)
    {
        if (property.Attribute("expression") is not null)
        {
            unsupported.Add("camunda:formProperty bound to an expression");
            return null;
        }

        if (string.Equals(property.Attribute("readable"), "false", StringComparison.Ordinal))
        {
            return null;
        }

        var typeName = property.Attribute("type") ?? "string";
        var constraints = new List<FormConstraint>();
        if (string.Equals(property.Attribute("required"), "true", StringComparison.Ordinal))
        {
            constraints.Add(new FormConstraint("required", null));
        }

        if (string.Equals(property.Attribute("writable"), "false", StringComparison.Ordinal))
        {
            constraints.Add(new FormConstraint("readonly", null));
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (property.Attribute("datePattern") is { } datePattern)
        {
            properties["datePattern"] = datePattern;
        }

        return new FormField(property.Attribute("variable") ?? property.Attribute("id") ?? string.Empty, property.Attribute("name"), FieldType(typeName), typeName,
            property.Attribute("default"), EnumValues(property), constraints, properties);
    }

    private static FormField ReadFormField(XmlElementNode field)
    {
        var typeName = field.Attribute("type") ?? "string";
        var type = FieldType(typeName);
        var values = EnumValues(field);
        var constraints = field.Child(BpmnNamespaces.Camunda, "validation") is { } validation
            ? validation.ChildrenNamed(BpmnNamespaces.Camunda, "constraint")
                .Select(c => new FormConstraint(c.Attribute("name") ?? string.Empty, c.Attribute("config")))
                .ToArray()
            : [];
        // A form field's properties are keyed by id (Camunda's form field schema), not by name as elsewhere.
        var properties = field.Child(BpmnNamespaces.Camunda, "properties") is { } list
            ? list.ChildrenNamed(BpmnNamespaces.Camunda, "property")
                .Where(p => p.Attribute("id") is not null)
                .GroupBy(p => p.Attribute("id")!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last().Attribute("value") ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new FormField(field.Attribute("id") ?? string.Empty, field.Attribute("label"), type, typeName,
            field.Attribute("defaultValue"), values, constraints, properties);
    }

    private static Listener ReadListener(XmlElementNode listener, string? fixedEvent)
    {
        var eventName = fixedEvent ?? listener.Attribute("event") ?? string.Empty;
        if (listener.Attribute("class") is { } className)
        {
            return new Listener(eventName, ListenerImplementationKind.Class, className, null);
        }

        if (listener.Attribute("delegateExpression") is { } delegateExpression)
        {
            return new Listener(eventName, ListenerImplementationKind.DelegateExpression, delegateExpression, null);
        }

        if (listener.Child(BpmnNamespaces.Camunda, "script") is { } script)
        {
            return new Listener(eventName, ListenerImplementationKind.Script, script.Text ?? string.Empty, script.Attribute("scriptFormat"));
        }

        return new Listener(eventName, ListenerImplementationKind.Expression, listener.Attribute("expression") ?? string.Empty, null);
    }

    private static CallVariableMapping ReadCallMapping(XmlElementNode mapping) => new(
        mapping.Attribute("source"),
        ExpressionText.From(mapping.Attribute("sourceExpression")),
        mapping.Attribute("target"),
        string.Equals(mapping.Attribute("variables"), "all", StringComparison.Ordinal),
        ExpressionText.From(mapping.Attribute("businessKey")),
        string.Equals(mapping.Attribute("local"), "true", StringComparison.Ordinal));
}
