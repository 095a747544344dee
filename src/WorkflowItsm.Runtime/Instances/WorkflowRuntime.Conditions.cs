using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>What an evaluation of the conditional start events did: the instances it started (none when no condition held).</summary>
public sealed record ConditionEvaluationResult(IReadOnlyList<string> StartedInstanceIds);

/// <summary>Conditional start events at process level, started from outside as Camunda 7's <c>evaluateStartConditions</c> does.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Evaluates the top-level conditional start events of the latest version of every process (or of one process)
    /// with the variables given, and starts an instance at each whose condition holds, each in its own transaction,
    /// with the variables and the business key. A condition naming a variable not given does not hold.
    /// </summary>
    /// <param name="processKey">Only this process's conditional start events; null for every process's.</param>
    /// <exception cref="RuntimeNotFoundException">No deployed process (or not the one named) has a conditional start event.</exception>
    /// <exception cref="FormRejectedException">The variables do not satisfy the start event's form.</exception>
    public async Task<ConditionEvaluationResult> EvaluateStartConditionsAsync(
        IReadOnlyDictionary<string, object?>? variables, string? businessKey, string? processKey, CancellationToken cancellationToken)
    {
        VariableLimits.Check(variables, options);
        var subscriptions = (await LatestStartEventsAsync(d => d is ConditionalEventDefinition, cancellationToken))
            .Where(s => processKey is null || s.Definition.Key == processKey)
            .ToList();
        if (subscriptions.Count == 0)
        {
            throw new RuntimeNotFoundException(processKey is null
                ? "No deployed process has a conditional start event."
                : $"The process '{processKey}' is not deployed or has no conditional start event.");
        }

        var started = new List<string>();
        foreach (var (definition, start) in subscriptions)
        {
            if (engine.StartConditionHolds(definitions.Get(definition), start.Id, variables))
            {
                var instance = await StartAsync(new StartProcessCommand(definition.Key, definition.Version, businessKey, variables, StartEventId: start.Id), cancellationToken);
                started.Add(instance.Id);
            }
        }

        return new ConditionEvaluationResult(started);
    }
}
