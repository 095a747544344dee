using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Validation;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>
/// Reads BPMN 2.0 XML (with the Camunda 7 extensions) into an immutable <see cref="BpmnDefinitions"/>.
/// Never throws on bad input: malformed, oversized, too deep or DTD-carrying documents come back as problems.
/// Thread-safe; one instance can serve all parses.
/// </summary>
public sealed class BpmnParser(BpmnParserOptions? options = null)
{
    private readonly BpmnParserOptions _options = options ?? BpmnParserOptions.Default;

    public BpmnParseResult Parse(string xml)
    {
        if (xml.Length > _options.MaxCharactersInDocument)
        {
            // Refuse before reading a single element: the size is known up front.
            return new BpmnParseResult(null, [BpmnProblem.Error(null, BpmnProblemCodes.DocumentTooLarge,
                $"The document has {xml.Length} characters; the limit is {_options.MaxCharactersInDocument}.")]);
        }

        using var reader = new StringReader(xml);
        return Parse(reader);
    }

    public BpmnParseResult Parse(Stream stream)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        return Parse(reader);
    }

    public BpmnParseResult Parse(TextReader reader)
    {
        var problems = new List<BpmnProblem>();
        var root = XmlTreeReader.Read(reader, _options, problems);
        if (root is null)
        {
            if (problems.Count == 0)
            {
                problems.Add(BpmnProblem.Error(null, BpmnProblemCodes.MalformedXml, "The document is empty."));
            }

            return new BpmnParseResult(null, problems);
        }

        BpmnDefinitions? definitions = DefinitionsReader.Read(root, new ParseContext(problems, root));
        return new BpmnParseResult(definitions, problems);
    }
}
