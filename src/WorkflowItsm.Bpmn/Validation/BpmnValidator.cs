using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Bpmn.Validation;

/// <summary>What the validator checks against besides the model itself.</summary>
public sealed class BpmnValidatorOptions
{
    /// <summary>When set, scripts and expressions must compile.</summary>
    public IScriptEngine? Scripts { get; init; }

    /// <summary>When set, every handler a model names must be one of these (the host's registered handlers).</summary>
    public IReadOnlyCollection<string>? KnownHandlers { get; init; }

    /// <summary>Options that check scripts with <paramref name="scripts"/> and handler names against <paramref name="registry"/>.</summary>
    public static BpmnValidatorOptions For(IScriptEngine scripts, IServiceTaskRegistry registry) => new()
    {
        Scripts = scripts,
        KnownHandlers = registry.Handlers.Select(h => h.Name).ToHashSet(StringComparer.Ordinal),
    };
}

/// <summary>
/// Checks a parsed definition for everything that would make it fail or behave unexpectedly at run time,
/// including every element or attribute the engine does not execute. Reports all problems at once; never throws.
/// </summary>
public sealed class BpmnValidator(BpmnValidatorOptions? options = null)
{
    private readonly BpmnValidatorOptions _options = options ?? new BpmnValidatorOptions();

    public IReadOnlyList<BpmnProblem> Validate(BpmnDefinitions definitions)
    {
        var problems = new List<BpmnProblem>();
        try
        {
            new ValidationRun(definitions, _options, problems).Run();
        }
        catch (Exception unexpected)
        {
            // A validator bug must not take deployment down; report it as a problem instead.
            problems.Add(BpmnProblem.Error(null, BpmnProblemCodes.MalformedXml, $"Validation stopped unexpectedly: {unexpected.Message}"));
        }

        return problems;
    }

    /// <summary>Parse problems followed by validation problems (validation runs when parsing produced a model).</summary>
    public IReadOnlyList<BpmnProblem> Validate(BpmnParseResult parsed)
    {
        if (parsed.Definitions is null)
        {
            return parsed.Problems;
        }

        return [.. parsed.Problems, .. Validate(parsed.Definitions)];
    }
}
