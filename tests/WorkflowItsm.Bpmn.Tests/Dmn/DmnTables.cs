using System.Globalization;
using System.Security;
using System.Text;
using WorkflowItsm.Bpmn.Dmn;

namespace WorkflowItsm.Bpmn.Tests.Dmn;

/// <summary>Writes small decision tables as DMN 1.3 XML, the way Camunda Modeler lays them out.</summary>
internal static class DmnTables
{
    public const string Dmn13 = "https://www.omg.org/spec/DMN/20191111/MODEL/";
    public const string Dmn11 = "http://www.omg.org/spec/DMN/20151101/dmn.xsd";

    public sealed record Input(string Expression, string? TypeRef = null, string? Language = null, string? Label = null);

    public sealed record Output(string Name, string? TypeRef = null, string? OutputValues = null);

    public static string Table(string decisionId, string hitPolicy, Input[] inputs, Output[] outputs, string[][] rules,
        string? aggregation = null, string ns = Dmn13, string extraDecisions = "", string requirements = "")
    {
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"""<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="{ns}" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="defs" name="Test">""");
        xml.Append(CultureInfo.InvariantCulture, $"""<decision id="{decisionId}" name="{decisionId} name">{requirements}""");
        xml.Append(CultureInfo.InvariantCulture, $"""<decisionTable id="{decisionId}_table" hitPolicy="{hitPolicy}"{(aggregation is null ? "" : $" aggregation=\"{aggregation}\"")}>""");
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            xml.Append(CultureInfo.InvariantCulture, $"""<input id="in{i}"{(input.Label is null ? "" : $" label=\"{input.Label}\"")}><inputExpression id="in{i}_expr"{Attr("typeRef", input.TypeRef)}{Attr("expressionLanguage", input.Language)}><text>{Escape(input.Expression)}</text></inputExpression></input>""");
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            var output = outputs[i];
            xml.Append(CultureInfo.InvariantCulture, $"""<output id="out{i}" name="{output.Name}"{Attr("typeRef", output.TypeRef)}>""");
            if (output.OutputValues is not null)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<outputValues><text>{Escape(output.OutputValues)}</text></outputValues>");
            }

            xml.Append("</output>");
        }

        for (var r = 0; r < rules.Length; r++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""<rule id="rule{r + 1}">""");
            for (var c = 0; c < rules[r].Length; c++)
            {
                var kind = c < inputs.Length ? "inputEntry" : "outputEntry";
                xml.Append(CultureInfo.InvariantCulture, $"""<{kind} id="r{r + 1}c{c}"><text>{Escape(rules[r][c])}</text></{kind}>""");
            }

            xml.Append("</rule>");
        }

        xml.Append(CultureInfo.InvariantCulture, $"</decisionTable></decision>{extraDecisions}</definitions>");
        return xml.ToString();
    }

    public static DmnDecision Decision(string xml, string? id = null)
    {
        var definitions = DmnParser.Parse(xml);
        return id is null ? definitions.Decisions[0] : definitions.Find(id)!;
    }

    public static Dictionary<string, object?> Vars(params (string Name, object? Value)[] values) =>
        values.ToDictionary(value => value.Name, value => value.Value, StringComparer.Ordinal);

    private static string Attr(string name, string? value) => value is null ? "" : $" {name}=\"{value}\"";

    private static string Escape(string text) => SecurityElement.Escape(text);
}
