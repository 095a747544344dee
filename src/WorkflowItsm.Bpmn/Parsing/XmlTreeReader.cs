using System.Text;
using System.Xml;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Validation;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>
/// Reads XML into <see cref="XmlElementNode"/>s with the hardened reader settings: no DTD (so no external
/// entities and no entity expansion), no resolver, a size limit and a nesting limit. Diagram interchange is
/// skipped: it is stored as raw XML elsewhere and has no execution meaning.
/// </summary>
internal static class XmlTreeReader
{
    /// <summary>BPMN attributes typed xsd:QName: references to other elements of the document.</summary>
    private static readonly HashSet<string> QNameReferences = new(StringComparer.Ordinal)
    {
        "messageRef", "signalRef", "errorRef", "escalationRef", "sourceRef", "targetRef", "attachedToRef", "default",
        "processRef", "calledElement", "operationRef", "itemSubjectRef", "structureRef", "dataObjectRef", "activityRef",
    };

    public static XmlElementNode? Read(TextReader text, BpmnParserOptions options, List<BpmnProblem> problems)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = options.MaxCharactersInDocument,
            MaxCharactersFromEntities = 1024, // belt and braces: without a DTD there are no entities to expand (0 would mean unlimited)
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        };

        try
        {
            using var reader = XmlReader.Create(text, settings);
            return ReadTree(reader, options, problems);
        }
        catch (XmlException ex)
        {
            problems.Add(Describe(ex));
            return null;
        }
    }

    private static XmlElementNode? ReadTree(XmlReader reader, BpmnParserOptions options, List<BpmnProblem> problems)
    {
        var lineInfo = reader as IXmlLineInfo;
        var stack = new Stack<XmlElementNode>();
        XmlElementNode? root = null;
        StringBuilder? text = null;
        var skippedDepth = -1; // depth of the diagram element being skipped, -1 when not skipping
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth >= options.MaxDepth)
                    {
                        problems.Add(BpmnProblem.Error(null, BpmnProblemCodes.NestingTooDeep,
                            $"Elements are nested deeper than {options.MaxDepth} levels (line {lineInfo?.LineNumber})."));
                        return null;
                    }

                    if (skippedDepth >= 0)
                    {
                        break;
                    }

                    if (reader.NamespaceURI == BpmnNamespaces.Di && reader.LocalName == "BPMNDiagram")
                    {
                        skippedDepth = reader.IsEmptyElement ? -1 : reader.Depth;
                        break;
                    }

                    OpenElement(reader, stack, ref text, ref root, lineInfo);
                    break;
                case XmlNodeType.EndElement:
                    if (skippedDepth >= 0)
                    {
                        skippedDepth = reader.Depth == skippedDepth ? -1 : skippedDepth;
                        break;
                    }

                    CloseElement(stack, ref text);
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                case XmlNodeType.Whitespace:
                    if (skippedDepth < 0 && stack.Count > 0)
                    {
                        (text ??= new StringBuilder()).Append(reader.Value);
                    }

                    break;
            }
        }

        return root;
    }

    private static void OpenElement(XmlReader reader, Stack<XmlElementNode> stack, ref StringBuilder? text,
        ref XmlElementNode? root, IXmlLineInfo? lineInfo)
    {
        var node = new XmlElementNode(reader.LocalName, BpmnNamespaces.Canonical(reader.NamespaceURI),
            new SourcePosition(lineInfo?.LineNumber ?? 0, lineInfo?.LinePosition ?? 0));
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI == "http://www.w3.org/2000/xmlns/")
                {
                    node.DeclaresCamunda |= BpmnNamespaces.Canonical(reader.Value) == BpmnNamespaces.Camunda;
                }
                else
                {
                    var value = reader.NamespaceURI.Length == 0 && QNameReferences.Contains(reader.LocalName)
                        ? LocalPartOf(reader.Value, reader)
                        : reader.Value;
                    node.Attributes.Add((BpmnNamespaces.Canonical(reader.NamespaceURI), reader.LocalName, value));
                }
            }
            while (reader.MoveToNextAttribute());

            reader.MoveToElement();
        }

        if (stack.Count > 0)
        {
            stack.Peek().AddChild(node);
        }
        else
        {
            root ??= node;
        }

        text?.Clear();
        if (reader.IsEmptyElement)
        {
            return;
        }

        stack.Push(node);
    }

    /// <summary>
    /// A reference written as a QName (<c>tns:newInvoice</c>) names the element whose id is its local part: ids
    /// are unique in the document, so the namespace adds nothing. Only a prefix declared in scope is removed; any
    /// other text (an expression in calledElement, say) is left as written.
    /// </summary>
    private static string LocalPartOf(string value, XmlReader reader)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1 || value.IndexOf(':', colon + 1) >= 0)
        {
            return value;
        }

        var prefix = value[..colon];
        var local = value[(colon + 1)..];
        if (!IsName(prefix) || !IsName(local) || reader.LookupNamespace(prefix) is null)
        {
            return value;
        }

        return local;

        static bool IsName(string text)
        {
            try
            {
                XmlConvert.VerifyNCName(text);
                return true;
            }
            catch (XmlException)
            {
                return false;
            }
        }
    }

    private static void CloseElement(Stack<XmlElementNode> stack, ref StringBuilder? text)
    {
        var node = stack.Pop();
        if (text is { Length: > 0 } && node.Children.Count == 0)
        {
            node.Text = text.ToString();
        }

        text?.Clear();
    }

    private static BpmnProblem Describe(XmlException ex)
    {
        var where = $"(line {ex.LineNumber}, position {ex.LinePosition})";
        if (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            return BpmnProblem.Error(null, BpmnProblemCodes.DtdProhibited,
                $"Document type definitions (DTD) and entities are not allowed {where}.");
        }

        if (ex.Message.Contains("MaxCharacters", StringComparison.Ordinal))
        {
            return BpmnProblem.Error(null, BpmnProblemCodes.DocumentTooLarge,
                $"The document exceeds the size limit {where}.");
        }

        return BpmnProblem.Error(null, BpmnProblemCodes.MalformedXml, $"The XML is not well-formed {where}: {ex.Message}");
    }
}
