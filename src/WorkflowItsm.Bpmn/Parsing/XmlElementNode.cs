using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>A minimal element tree read once from the XmlReader; the model builders walk it.</summary>
internal sealed class XmlElementNode(string localName, string namespaceUri, SourcePosition position)
{
    private static readonly List<XmlElementNode> NoChildren = [];

    public string LocalName { get; } = localName;
    public string NamespaceUri { get; } = namespaceUri;
    public SourcePosition Position { get; } = position;
    public List<(string Namespace, string LocalName, string Value)> Attributes { get; } = [];
    public List<XmlElementNode> Children { get; private set; } = NoChildren;
    public string? Text { get; set; }

    /// <summary>Whether this element declares the Camunda namespace (an <c>xmlns:…</c> attribute naming it).</summary>
    public bool DeclaresCamunda { get; set; }

    public bool IsBpmn => NamespaceUri == BpmnNamespaces.Model;
    public bool IsCamunda => NamespaceUri == BpmnNamespaces.Camunda;

    public void AddChild(XmlElementNode child)
    {
        if (ReferenceEquals(Children, NoChildren))
        {
            Children = [];
        }

        Children.Add(child);
    }

    /// <summary>An attribute without namespace (the BPMN ones).</summary>
    public string? Attribute(string name) => Find(string.Empty, name);

    public string? CamundaAttribute(string name) => Find(BpmnNamespaces.Camunda, name);

    public XmlElementNode? Child(string namespaceUri, string localName)
    {
        foreach (var child in Children)
        {
            if (child.LocalName == localName && child.NamespaceUri == namespaceUri)
            {
                return child;
            }
        }

        return null;
    }

    public IEnumerable<XmlElementNode> ChildrenNamed(string namespaceUri, string localName) =>
        Children.Where(c => c.LocalName == localName && c.NamespaceUri == namespaceUri);

    private string? Find(string namespaceUri, string name)
    {
        foreach (var (ns, local, value) in Attributes)
        {
            if (local == name && ns == namespaceUri)
            {
                return value;
            }
        }

        return null;
    }
}
