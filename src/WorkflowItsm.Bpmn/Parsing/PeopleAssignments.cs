namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>
/// BPMN's own way to name a user task's people, as Camunda 7 reads it: <c>humanPerformer</c> is the assignee, and
/// <c>potentialOwner</c> lists candidates as <c>user(kermit), group(management)</c>, a bare name being a group. Each
/// holds a <c>resourceAssignmentExpression/formalExpression</c>, which may contain <c>${…}</c>.
/// </summary>
internal static class PeopleAssignments
{
    public static readonly IReadOnlySet<string> Elements = new HashSet<string>(StringComparer.Ordinal) { "humanPerformer", "performer", "potentialOwner" };

    public static (string? Assignee, IReadOnlyList<string> Users, IReadOnlyList<string> Groups) Read(XmlElementNode userTask, List<string> unsupported)
    {
        string? assignee = null;
        var users = new List<string>();
        var groups = new List<string>();
        foreach (var child in userTask.Children.Where(c => c.IsBpmn && Elements.Contains(c.LocalName)))
        {
            var expression = child.Child(BpmnNamespaces.Model, "resourceAssignmentExpression")?.Child(BpmnNamespaces.Model, "formalExpression")?.Text?.Trim();
            if (string.IsNullOrEmpty(expression))
            {
                unsupported.Add($"{child.LocalName} without a resourceAssignmentExpression");
                continue;
            }

            if (child.LocalName == "potentialOwner")
            {
                AddCandidates(expression, users, groups);
            }
            else if (assignee is not null)
            {
                unsupported.Add("more than one humanPerformer");
            }
            else
            {
                assignee = expression;
            }
        }

        return (assignee, users, groups);
    }

    /// <summary>
    /// A process's <c>camunda:potentialStarter</c>: who may start it, named as a potential owner's candidates are. The
    /// list is fixed at deployment (the portal filters by it), so an expression in it is unsupported.
    /// </summary>
    public static void ReadPotentialStarter(XmlElementNode starter, List<string> users, List<string> groups, List<string> unsupported)
    {
        var expression = starter.Child(BpmnNamespaces.Model, "resourceAssignmentExpression")?.Child(BpmnNamespaces.Model, "formalExpression")?.Text?.Trim();
        if (string.IsNullOrEmpty(expression) || expression.Contains("${", StringComparison.Ordinal) || expression.Contains("#{", StringComparison.Ordinal))
        {
            unsupported.Add("camunda:potentialStarter without a fixed list of users and groups in its resourceAssignmentExpression");
            return;
        }

        AddCandidates(expression, users, groups);
    }

    /// <summary><c>user(kermit), group(management), accountancy</c>: a bare name is a group.</summary>
    private static void AddCandidates(string expression, List<string> users, List<string> groups)
    {
        foreach (var part in Split(expression))
        {
            if (Prefixed(part, "user") is { } user)
            {
                users.Add(user);
            }
            else
            {
                groups.Add(Prefixed(part, "group") ?? part);
            }
        }
    }

    /// <summary>The Camunda attribute's list followed by the BPMN element's names, as one comma-separated text.</summary>
    public static string? Join(string? attribute, IReadOnlyList<string> names) =>
        names.Count == 0 ? attribute : string.Join(", ", (string.IsNullOrWhiteSpace(attribute) ? names : names.Prepend(attribute)));

    // Commas inside ${…} belong to the expression, not the list.
    private static IEnumerable<string> Split(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                if (text[start..i].Trim() is { Length: > 0 } part)
                {
                    yield return part;
                }

                start = i + 1;
            }
        }

        if (text[start..].Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }

    private static string? Prefixed(string part, string prefix) =>
        part.StartsWith(prefix + "(", StringComparison.Ordinal) && part.EndsWith(')') ? part[(prefix.Length + 1)..^1].Trim() : null;
}
