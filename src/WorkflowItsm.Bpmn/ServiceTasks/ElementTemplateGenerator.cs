using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkflowItsm.Bpmn.ServiceTasks;

/// <summary>
/// Writes Camunda 7 element templates for the bpmn-js designer: one per handler, so the palette offers exactly
/// the service tasks this host can run, with their inputs and outputs as <c>camunda:inputOutput</c> mappings.
/// </summary>
public static class ElementTemplateGenerator
{
    public const string SchemaUri = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";
    public const string IdPrefix = "workflowitsm.";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The templates as the JSON array file the designer loads.</summary>
    public static string GenerateJson(IEnumerable<ServiceTaskDescriptor> handlers) => Generate(handlers).ToJsonString(Indented);

    public static JsonArray Generate(IEnumerable<ServiceTaskDescriptor> handlers) =>
        [.. handlers.OrderBy(h => h.Name, StringComparer.Ordinal).Select(Template)];

    public static JsonObject Template(ServiceTaskDescriptor handler)
    {
        JsonArray properties =
        [
            new JsonObject
            {
                ["type"] = "Hidden",
                ["value"] = "${" + handler.Name + "}",
                ["binding"] = new JsonObject { ["type"] = "property", ["name"] = "camunda:delegateExpression" },
            },
        ];
        foreach (var input in handler.Inputs)
        {
            properties.Add(InputProperty(input));
        }

        foreach (var output in handler.Outputs)
        {
            properties.Add(OutputProperty(output));
        }

        var template = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["name"] = handler.DisplayName,
            ["id"] = IdPrefix + handler.Name,
        };
        if (handler.Description is not null)
        {
            template["description"] = handler.Description;
        }

        template["appliesTo"] = new JsonArray("bpmn:ServiceTask");
        template["properties"] = properties;
        return template;
    }

    private static JsonObject InputProperty(ServiceTaskPropertyDescriptor input)
    {
        var property = new JsonObject
        {
            ["label"] = input.Label ?? input.Name,
            ["type"] = DesignerType(input.Type),
        };
        AddDescription(property, input.Description);
        if (input.Type == ServiceTaskPropertyType.Enum)
        {
            property["choices"] = new JsonArray([.. input.Choices.Select(c => new JsonObject { ["name"] = c, ["value"] = c })]);
        }
        else if (input.Type == ServiceTaskPropertyType.Boolean)
        {
            property["value"] = false;
        }

        property["binding"] = new JsonObject { ["type"] = "camunda:inputParameter", ["name"] = input.Name };

        // A checkbox always has a value, so "required" only means something for the other kinds.
        if (input.Required && input.Type != ServiceTaskPropertyType.Boolean)
        {
            property["constraints"] = new JsonObject { ["notEmpty"] = true };
        }

        return property;
    }

    /// <summary>The designer asks for the variable to store the output in, defaulting to the output's own name.</summary>
    private static JsonObject OutputProperty(ServiceTaskPropertyDescriptor output)
    {
        var property = new JsonObject
        {
            ["label"] = $"Result variable for {output.Name}",
            ["type"] = "String",
            ["value"] = output.Name,
        };
        AddDescription(property, output.Description);
        property["binding"] = new JsonObject { ["type"] = "camunda:outputParameter", ["source"] = "${" + output.Name + "}" };
        return property;
    }

    private static void AddDescription(JsonObject property, string? description)
    {
        if (description is not null)
        {
            property["description"] = description;
        }
    }

    private static string DesignerType(ServiceTaskPropertyType type) => type switch
    {
        ServiceTaskPropertyType.Text or ServiceTaskPropertyType.Json => "Text",
        ServiceTaskPropertyType.Boolean => "Boolean",
        ServiceTaskPropertyType.Enum => "Dropdown",
        _ => "String", // long, double and dates are typed as text (they may also be ${...} expressions)
    };
}
