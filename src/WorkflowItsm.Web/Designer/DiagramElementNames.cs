using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace WorkflowItsm.Web.Designer;

/// <summary>
/// The names people gave the elements of a diagram, read from its XML: the problems list says "Resolve incident
/// (User task)", not "Activity_0x1f3". An element without a name is called by its type, its id only a detail.
/// </summary>
public sealed partial class DiagramElementNames
{
    private const string BpmnNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    private readonly Dictionary<string, (string Type, string? Name)> elements;

    private DiagramElementNames(Dictionary<string, (string Type, string? Name)> elements) => this.elements = elements;

    public static DiagramElementNames Empty { get; } = new([]);

    /// <summary>Reads the BPMN elements of <paramref name="xml"/>; a file that cannot be read names nothing (its problems say why).</summary>
    public static DiagramElementNames Read(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return Empty;
        }

        var found = new Dictionary<string, (string Type, string? Name)>(StringComparer.Ordinal);
        foreach (var element in document.Descendants().Where(e => e.Name.NamespaceName == BpmnNamespace))
        {
            if (element.Attribute("id")?.Value is { Length: > 0 } id && !found.ContainsKey(id))
            {
                var name = element.Attribute("name")?.Value.Trim();
                found[id] = (TypeLabel(element.Name.LocalName), string.IsNullOrEmpty(name) ? null : name);
            }
        }

        return new DiagramElementNames(found);
    }

    /// <summary>What the element is called in the list: its name, else its type ("User task"), else the id as given.</summary>
    public ElementLabel Describe(string? elementId)
    {
        if (elementId is null)
        {
            return new ElementLabel("Process", null, null);
        }

        return elements.TryGetValue(elementId, out var element)
            ? element.Name is { } name ? new ElementLabel(name, element.Type, null) : new ElementLabel(element.Type, null, elementId)
            : new ElementLabel(elementId, null, null);
    }

    /// <summary>The validator's message with each quoted id of a named element replaced by its quoted name.</summary>
    public string NameIdsIn(string message) =>
        QuotedWord().Replace(message, match =>
            elements.TryGetValue(match.Groups[1].Value, out var element) && element.Name is { } name ? $"'{name}'" : match.Value);

    /// <summary>"userTask" → "User task", "exclusiveGateway" → "Exclusive gateway".</summary>
    private static string TypeLabel(string localName)
    {
        var words = new StringBuilder();
        foreach (var c in localName)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }

    [GeneratedRegex("'([^'\\s]+)'")]
    private static partial Regex QuotedWord();
}

/// <summary>How the problems list names an element: <paramref name="Title"/> in bold, then its type or (unnamed) its id.</summary>
public sealed record ElementLabel(string Title, string? Type, string? Id);
