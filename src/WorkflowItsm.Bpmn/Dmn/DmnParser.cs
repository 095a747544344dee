using System.Xml;
using System.Xml.Linq;
using WorkflowItsm.Bpmn.Dmn.Feel;
using WorkflowItsm.Bpmn.Expressions.Juel;

namespace WorkflowItsm.Bpmn.Dmn;

/// <summary>
/// Reads a .dmn file (DMN 1.1 to 1.5 namespaces, as Camunda Modeler and other tools write them) and compiles every
/// expression and cell once. A model that cannot run is refused with a <see cref="DmnModelException"/> naming the
/// decision and the rule, input or output at fault.
/// </summary>
public static class DmnParser
{
    public const string CamundaNamespace = "http://camunda.org/schema/1.0/dmn";

    public static DmnDefinitions Parse(string xml)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException failure)
        {
            throw new DmnModelException($"The file is not well-formed XML: {failure.Message}");
        }

        var root = document.Root!;
        if (root.Name.LocalName != "definitions" || !IsDmnNamespace(root.Name.NamespaceName))
        {
            throw new DmnModelException("The file is not a DMN model: its root must be a DMN <definitions> element.");
        }

        XNamespace ns = root.Name.Namespace;
        var language = root.Attribute("expressionLanguage")?.Value;
        var elements = root.Elements(ns + "decision").ToList();
        if (elements.Count == 0)
        {
            throw new DmnModelException("The model has no decision.");
        }

        var decisions = elements.Select(element => ReadDecision(element, ns, language)).ToList();
        var duplicate = decisions.GroupBy(decision => decision.Id).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new DmnModelException($"Two decisions have the id '{duplicate.Key}'.", duplicate.Key);
        }

        LinkRequirements(elements, decisions, ns);
        return new DmnDefinitions { Id = root.Attribute("id")?.Value ?? "definitions", Name = root.Attribute("name")?.Value, Decisions = decisions };
    }

    /// <summary>DMN 1.1 (20151101), 1.2 (20180521), 1.3 (20191111), 1.4 and 1.5: all OMG DMN namespaces.</summary>
    private static bool IsDmnNamespace(string ns) => ns.Contains("omg.org/spec/DMN/", StringComparison.OrdinalIgnoreCase);

    private static DmnDecision ReadDecision(XElement element, XNamespace ns, string? definitionsLanguage)
    {
        var id = element.Attribute("id")?.Value;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new DmnModelException($"The decision '{element.Attribute("name")?.Value}' has no id.");
        }

        var name = element.Attribute("name")?.Value;
        var table = element.Element(ns + "decisionTable");
        var literal = element.Element(ns + "literalExpression");
        var context = new DecisionContext(id, definitionsLanguage);
        var decision = new DmnDecision
        {
            Id = id,
            Name = name,
            VersionTag = element.Attribute(XName.Get("versionTag", CamundaNamespace))?.Value,
            Table = table is not null ? ReadTable(table, ns, context, VariableName(element, ns) ?? name ?? id) : null,
            Literal = table is null && literal is not null ? ReadLiteral(element, literal, ns, context) : null,
        };
        if (decision.Table is null && decision.Literal is null)
        {
            var kind = element.Elements().FirstOrDefault(child => child.Name.LocalName is not ("variable" or "informationRequirement"
                or "knowledgeRequirement" or "authorityRequirement" or "extensionElements" or "description" or "question" or "allowedAnswers"))?.Name.LocalName;
            throw new DmnModelException(kind is null
                ? $"The decision '{id}' has no decision table or literal expression."
                : $"The decision '{id}' is a {kind}; only decision tables and literal expressions are supported.", id);
        }

        return decision;
    }

    private static string? VariableName(XElement decision, XNamespace ns) => decision.Element(ns + "variable")?.Attribute("name")?.Value;

    private static DmnLiteralExpression ReadLiteral(XElement decision, XElement literal, XNamespace ns, DecisionContext context)
    {
        var text = literal.Element(ns + "text")?.Value;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DmnModelException($"The literal expression of decision '{context.DecisionId}' is empty.", context.DecisionId);
        }

        var variable = decision.Element(ns + "variable");
        return new DmnLiteralExpression
        {
            VariableName = variable?.Attribute("name")?.Value ?? decision.Attribute("name")?.Value ?? context.DecisionId,
            TypeRef = variable?.Attribute("typeRef")?.Value ?? literal.Attribute("typeRef")?.Value,
            Expression = context.Expression(literal, text, "literal expression", literal.Attribute("id")?.Value),
        };
    }

    private static DmnDecisionTable ReadTable(XElement table, XNamespace ns, DecisionContext context, string singleOutputName)
    {
        var tableId = table.Attribute("id")?.Value ?? context.DecisionId;
        var hitPolicy = ReadHitPolicy(table.Attribute("hitPolicy")?.Value, context.DecisionId);
        var aggregation = ReadAggregation(table.Attribute("aggregation")?.Value, hitPolicy, context.DecisionId);
        var inputs = table.Elements(ns + "input").Select((input, index) => ReadInput(input, ns, context, index)).ToList();
        var outputElements = table.Elements(ns + "output").ToList();
        if (outputElements.Count == 0)
        {
            throw new DmnModelException($"The decision table of decision '{context.DecisionId}' has no output.", context.DecisionId);
        }

        var outputs = outputElements.Select((output, index) => ReadOutput(output, ns, context, index, outputElements.Count == 1 ? singleOutputName : null)).ToList();
        if (outputs.GroupBy(output => output.Name).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new DmnModelException($"Two outputs of decision '{context.DecisionId}' are named '{twice.Key}'.", context.DecisionId);
        }

        if (aggregation != CollectAggregation.None && outputs.Count > 1)
        {
            throw new DmnModelException(
                $"The decision '{context.DecisionId}' aggregates with {aggregation.ToString().ToUpperInvariant()}, which needs exactly one output; it has {outputs.Count}.",
                context.DecisionId);
        }

        if (hitPolicy is HitPolicy.Priority or HitPolicy.OutputOrder && outputs.All(output => output.OutputValues.Count == 0))
        {
            throw new DmnModelException(
                $"The decision '{context.DecisionId}' has hit policy {Describe(hitPolicy)}, which orders rules by the outputs' values; give an output its output values in priority order.",
                context.DecisionId);
        }

        var rules = table.Elements(ns + "rule").Select((rule, index) => ReadRule(rule, ns, context, index, inputs, outputs)).ToList();
        return new DmnDecisionTable { Id = tableId, HitPolicy = hitPolicy, Aggregation = aggregation, Inputs = inputs, Outputs = outputs, Rules = rules };
    }

    private static DmnInput ReadInput(XElement input, XNamespace ns, DecisionContext context, int index)
    {
        var id = input.Attribute("id")?.Value ?? $"input{index + 1}";
        var expression = input.Element(ns + "inputExpression");
        var text = expression?.Element(ns + "text")?.Value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new DmnModelException($"The input '{input.Attribute("label")?.Value ?? id}' of decision '{context.DecisionId}' has no input expression.", context.DecisionId, id);
        }

        return new DmnInput
        {
            Id = id,
            Label = input.Attribute("label")?.Value,
            ExpressionText = text,
            TypeRef = expression!.Attribute("typeRef")?.Value,
            InputVariable = input.Attribute(XName.Get("inputVariable", CamundaNamespace))?.Value ?? "cellInput",
            Expression = context.Expression(expression, text, $"input '{input.Attribute("label")?.Value ?? id}'", id),
        };
    }

    private static DmnOutput ReadOutput(XElement output, XNamespace ns, DecisionContext context, int index, string? singleOutputName)
    {
        var id = output.Attribute("id")?.Value ?? $"output{index + 1}";
        var name = output.Attribute("name")?.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            name = singleOutputName
                ?? throw new DmnModelException($"The output '{output.Attribute("label")?.Value ?? id}' of decision '{context.DecisionId}' has no name; a table with several outputs needs one on each.", context.DecisionId, id);
        }

        var values = output.Element(ns + "outputValues")?.Element(ns + "text")?.Value;
        IReadOnlyList<object?> priorities = [];
        if (!string.IsNullOrWhiteSpace(values))
        {
            try
            {
                var list = FeelParser.ParseExpression($"[{values}]").Evaluate(new FeelContext(new Dictionary<string, object?>()));
                priorities = list as IReadOnlyList<object?> ?? Array.Empty<object?>();
            }
            catch (Exception failure) when (failure is FeelSyntaxException or FeelEvaluationException)
            {
                throw new DmnModelException($"The output values of output '{name}' of decision '{context.DecisionId}' are not a list of values: {failure.Message}", context.DecisionId, id);
            }
        }

        var defaultEntry = output.Element(ns + "defaultOutputEntry");
        var defaultText = defaultEntry?.Element(ns + "text")?.Value;
        return new DmnOutput
        {
            Id = id,
            Label = output.Attribute("label")?.Value,
            Name = name,
            TypeRef = output.Attribute("typeRef")?.Value,
            OutputValues = priorities,
            DefaultEntry = string.IsNullOrWhiteSpace(defaultText) ? null : context.Expression(defaultEntry!, defaultText, $"default of output '{name}'", id),
        };
    }

    private static DmnRule ReadRule(XElement rule, XNamespace ns, DecisionContext context, int index,
        List<DmnInput> inputs, List<DmnOutput> outputs)
    {
        var id = rule.Attribute("id")?.Value ?? $"rule {index + 1}";
        var inputEntries = rule.Elements(ns + "inputEntry").ToList();
        var outputEntries = rule.Elements(ns + "outputEntry").ToList();
        if (inputEntries.Count != inputs.Count || outputEntries.Count != outputs.Count)
        {
            throw new DmnModelException(
                $"The rule '{id}' of decision '{context.DecisionId}' has {inputEntries.Count} input and {outputEntries.Count} output cells; the table has {inputs.Count} inputs and {outputs.Count} outputs.",
                context.DecisionId, id);
        }

        var tests = new FeelUnaryTest[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var text = inputEntries[i].Element(ns + "text")?.Value;
            try
            {
                tests[i] = context.IsJuel(inputEntries[i]) && !string.IsNullOrWhiteSpace(text)
                    ? new JuelUnaryTest(JuelExpressions.Compile(text), inputs[i].InputVariable)
                    : FeelParser.ParseUnaryTests(text);
            }
            catch (Exception failure) when (failure is FeelSyntaxException or JuelSyntaxException)
            {
                throw new DmnModelException(
                    $"The cell of input '{inputs[i].DisplayName}' in rule '{id}' of decision '{context.DecisionId}' does not parse: {failure.Message} (in {text?.Trim()})",
                    context.DecisionId, id);
            }
        }

        var conclusions = new DmnExpression?[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var text = outputEntries[i].Element(ns + "text")?.Value;
            conclusions[i] = string.IsNullOrWhiteSpace(text) ? null
                : context.Expression(outputEntries[i], text, $"output '{outputs[i].Name}' in rule '{id}'", id);
        }

        return new DmnRule { Id = id, Description = rule.Element(ns + "description")?.Value, InputEntries = tests, OutputEntries = conclusions };
    }

    private static HitPolicy ReadHitPolicy(string? text, string decisionId) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "UNIQUE" => HitPolicy.Unique,
        "FIRST" => HitPolicy.First,
        "PRIORITY" => HitPolicy.Priority,
        "ANY" => HitPolicy.Any,
        "COLLECT" => HitPolicy.Collect,
        "RULE ORDER" => HitPolicy.RuleOrder,
        "OUTPUT ORDER" => HitPolicy.OutputOrder,
        _ => throw new DmnModelException($"The decision '{decisionId}' has the unknown hit policy '{text}'.", decisionId),
    };

    private static CollectAggregation ReadAggregation(string? text, HitPolicy hitPolicy, string decisionId)
    {
        var aggregation = text?.Trim().ToUpperInvariant() switch
        {
            null or "" => CollectAggregation.None,
            "SUM" => CollectAggregation.Sum,
            "MIN" => CollectAggregation.Min,
            "MAX" => CollectAggregation.Max,
            "COUNT" => CollectAggregation.Count,
            _ => throw new DmnModelException($"The decision '{decisionId}' has the unknown aggregation '{text}'.", decisionId),
        };
        if (aggregation != CollectAggregation.None && hitPolicy != HitPolicy.Collect)
        {
            throw new DmnModelException($"The decision '{decisionId}' aggregates with {text} but its hit policy is {Describe(hitPolicy)}; only COLLECT aggregates.", decisionId);
        }

        return aggregation;
    }

    /// <summary>The hit policy as DMN writes it ("RULE ORDER").</summary>
    public static string Describe(HitPolicy hitPolicy) => hitPolicy switch
    {
        HitPolicy.RuleOrder => "RULE ORDER",
        HitPolicy.OutputOrder => "OUTPUT ORDER",
        _ => hitPolicy.ToString().ToUpperInvariant(),
    };

    /// <summary>Resolves <c>requiredDecision href="#id"</c> and refuses cycles.</summary>
    private static void LinkRequirements(List<XElement> elements, List<DmnDecision> decisions, XNamespace ns)
    {
        var byId = decisions.ToDictionary(decision => decision.Id, StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var required = new List<DmnDecision>();
            foreach (var reference in elements[i].Elements(ns + "informationRequirement").Elements(ns + "requiredDecision"))
            {
                var href = reference.Attribute("href")?.Value ?? string.Empty;
                var target = href.StartsWith('#') ? href[1..] : href;
                if (!byId.TryGetValue(target, out var requiredDecision))
                {
                    throw new DmnModelException($"The decision '{decisions[i].Id}' requires the decision '{target}', which is not in this model.", decisions[i].Id);
                }

                required.Add(requiredDecision);
            }

            decisions[i].RequiredDecisions = required;
        }

        foreach (var decision in decisions)
        {
            CheckNoCycle(decision, []);
        }
    }

    private static void CheckNoCycle(DmnDecision decision, List<string> path)
    {
        if (path.Contains(decision.Id))
        {
            throw new DmnModelException($"The decisions require each other in a cycle: {string.Join(" → ", path.Append(decision.Id))}.", decision.Id);
        }

        path.Add(decision.Id);
        foreach (var required in decision.RequiredDecisions)
        {
            CheckNoCycle(required, path);
        }

        path.RemoveAt(path.Count - 1);
    }

    /// <summary>What every expression of one decision shares: its id for errors, and the model's default language.</summary>
    private sealed class DecisionContext(string decisionId, string? definitionsLanguage)
    {
        public string DecisionId { get; } = decisionId;

        public bool IsJuel(XElement element) => LanguageOf(element) == "juel";

        private string LanguageOf(XElement element)
        {
            var language = (element.Attribute("expressionLanguage")?.Value ?? definitionsLanguage)?.Trim();
            if (string.IsNullOrEmpty(language) || language.Contains("feel", StringComparison.OrdinalIgnoreCase))
            {
                return "feel";
            }

            return language.Contains("juel", StringComparison.OrdinalIgnoreCase)
                ? "juel"
                : throw new DmnModelException($"The decision '{DecisionId}' uses the expression language '{language}'; use FEEL (or JUEL) instead.", DecisionId);
        }

        public DmnExpression Expression(XElement element, string text, string what, string? elementId)
        {
            // Camunda models before 7.13 write ${…} without naming JUEL: such a text is JUEL.
            var trimmed = text.Trim();
            var isJuel = IsJuel(element) || (trimmed.Length > 3 && trimmed[0] is '$' or '#' && trimmed[1] == '{' && trimmed[^1] == '}');
            try
            {
                return DmnExpression.Compile(trimmed, isJuel);
            }
            catch (Exception failure) when (failure is FeelSyntaxException or JuelSyntaxException)
            {
                throw new DmnModelException($"The {what} of decision '{DecisionId}' does not parse: {failure.Message} (in {trimmed})", DecisionId, elementId);
            }
        }
    }
}
