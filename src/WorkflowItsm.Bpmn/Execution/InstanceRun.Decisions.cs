using System.Globalization;
using WorkflowItsm.Bpmn.Dmn;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    /// <summary>
    /// A business rule task: finds the decision (camunda:decisionRef and its binding), evaluates it on the visible
    /// variables and keeps the result mapped as camunda:mapDecisionResult says. A failure fails the element.
    /// </summary>
    private async ValueTask<bool> EvaluateDecisionAsync(TokenState token, ServiceTask task, DecisionReference reference)
    {
        var view = View(token);
        var key = Text(reference.DecisionRef, view);
        var resolver = _services.Decisions
            ?? throw new InvalidOperationException($"The business rule task '{task.Id}' evaluates decision '{key}', but this engine has no decision resolver.");
        int? version = null;
        if (reference.Binding == DecisionRefBinding.Version && reference.Version is { } versionText)
        {
            var text = Text(versionText, view);
            version = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
                : throw new InvalidOperationException($"The business rule task '{task.Id}' asks for version '{text}' of decision '{key}', which is not a version number.");
        }

        var lookup = new DecisionLookup(key, reference.Binding, version, reference.VersionTag);
        var decision = await resolver.ResolveAsync(lookup, _cancellation)
            ?? throw new InvalidOperationException(reference.Binding switch
            {
                DecisionRefBinding.Version => $"No decision '{key}' is deployed in version {version} (business rule task '{task.Id}').",
                DecisionRefBinding.VersionTag => $"No decision '{key}' is deployed with version tag '{reference.VersionTag}' (business rule task '{task.Id}').",
                _ => $"No decision is deployed with the key '{key}' (business rule task '{task.Id}').",
            });
        var result = decision.Evaluate(view.Snapshot());
        if (reference.ResultVariable is { } resultVariable)
        {
            SetActivityResult(token, task, resultVariable, Map(result, reference.Mapping));
        }

        return true;
    }

    private string Text(ExpressionText text, VariableView view) =>
        text.IsLiteral ? text.Raw.Trim() : ExpressionEvaluator.ToText(Expressions.Evaluate(text, view)) ?? string.Empty;

    /// <summary>Camunda 7's decision result mappers; maps and lists are copies the variable store can write.</summary>
    private static object? Map(DmnDecisionResult result, DecisionResultMapping mapping)
    {
        switch (mapping)
        {
            case DecisionResultMapping.SingleEntry:
                return result.SingleEntry;
            case DecisionResultMapping.SingleResult:
                return result.SingleResult is { } single ? new Dictionary<string, object?>(single, StringComparer.Ordinal) : null;
            case DecisionResultMapping.CollectEntries:
                if (result.Count == 0)
                {
                    return new List<object?>();
                }

                var names = result[0].Keys.ToList();
                if (names.Count > 1)
                {
                    throw new DmnEvaluationException(
                        $"The result of decision '{result.DecisionId}' has {names.Count} outputs ({string.Join(", ", names)}); collectEntries needs one.", result.DecisionId);
                }

                return names.Count == 0 ? new List<object?>() : result.CollectEntries(names[0]).ToList();
            default:
                return result.ToList();
        }
    }
}
