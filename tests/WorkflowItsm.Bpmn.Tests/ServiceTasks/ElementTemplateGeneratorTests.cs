using System.Text.Json.Nodes;
using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Bpmn.Tests.ServiceTasks;

public sealed class ElementTemplateGeneratorTests
{
    private static readonly ServiceTaskDescriptor Classify = ServiceTaskDescriptor.FromType(typeof(ClassifyIncidentHandler));
    private static readonly ServiceTaskDescriptor Notify = ServiceTaskDescriptor.FromType(typeof(SendNotificationHandler));

    private static JsonArray Properties(ServiceTaskDescriptor handler) => ElementTemplateGenerator.Template(handler)["properties"]!.AsArray();

    private static JsonNode Property(ServiceTaskDescriptor handler, string bindingKey, string bindingValue) =>
        Properties(handler).Single(p => (string?)p!["binding"]![bindingKey] == bindingValue)!;

    [Fact]
    public void Descriptor_reads_the_attributes()
    {
        Classify.Name.Should().Be("incident.classify");
        Classify.DisplayName.Should().Be("Classify incident");
        Classify.Inputs.Select(i => i.Name).Should().Equal("shortDescription", "details", "impact", "notifyCaller");
        Classify.Inputs.Single(i => i.Name == "impact").Choices.Should().Equal("high", "medium", "low");
        Classify.Outputs.Select(o => (o.Name, o.Type)).Should().Equal(("priority", ServiceTaskPropertyType.Long), ("category", ServiceTaskPropertyType.String));
        Notify.DisplayName.Should().Be("notification.send", "the name stands in for a missing display name");
    }

    [Fact]
    public void Template_header_names_the_handler()
    {
        var template = ElementTemplateGenerator.Template(Classify);

        ((string?)template["$schema"]).Should().Be("https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json");
        ((string?)template["id"]).Should().Be("workflowitsm.incident.classify");
        ((string?)template["name"]).Should().Be("Classify incident");
        ((string?)template["description"]).Should().Be("Sets category and priority from the short description.");
        template["appliesTo"]!.AsArray().Select(n => (string?)n).Should().Equal("bpmn:ServiceTask");
    }

    [Fact]
    public void The_delegate_expression_is_a_hidden_fixed_property()
    {
        var property = Property(Classify, "name", "camunda:delegateExpression");

        ((string?)property["type"]).Should().Be("Hidden");
        ((string?)property["value"]).Should().Be("${incident.classify}");
        ((string?)property["binding"]!["type"]).Should().Be("property");
    }

    [Theory]
    [InlineData("shortDescription", "String", "Short description", true)]
    [InlineData("details", "Text", "details", false)]
    [InlineData("impact", "Dropdown", "Impact", true)]
    [InlineData("notifyCaller", "Boolean", "Notify caller", false)]
    public void Each_input_becomes_an_input_parameter(string name, string type, string label, bool notEmpty)
    {
        var property = Property(Classify, "name", name);

        ((string?)property["binding"]!["type"]).Should().Be("camunda:inputParameter");
        ((string?)property["type"]).Should().Be(type);
        ((string?)property["label"]).Should().Be(label);
        ((bool?)property["constraints"]?["notEmpty"] ?? false).Should().Be(notEmpty);
    }

    [Fact]
    public void Enum_inputs_offer_their_choices() =>
        Property(Classify, "name", "impact")["choices"]!.AsArray().Select(c => ((string?)c!["name"], (string?)c["value"]))
            .Should().Equal(("high", "high"), ("medium", "medium"), ("low", "low"));

    [Fact]
    public void Each_output_becomes_an_output_parameter_into_a_variable_of_its_name()
    {
        var property = Property(Classify, "source", "${priority}");

        ((string?)property["binding"]!["type"]).Should().Be("camunda:outputParameter");
        ((string?)property["value"]).Should().Be("priority");
        ((string?)property["description"]).Should().Be("1 (critical) to 5 (planning)");
    }

    [Fact]
    public void A_handler_without_inputs_has_only_the_delegate_property() =>
        Properties(Notify).Should().ContainSingle();

    [Fact]
    public void The_file_is_a_json_array_ordered_by_name()
    {
        var json = ElementTemplateGenerator.GenerateJson([Notify, Classify]);

        var templates = JsonNode.Parse(json)!.AsArray();
        templates.Select(t => (string?)t!["id"]).Should().Equal("workflowitsm.incident.classify", "workflowitsm.notification.send");
    }
}
