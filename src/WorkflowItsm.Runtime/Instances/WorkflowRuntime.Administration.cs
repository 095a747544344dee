using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Journal;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>What operators do to an instance besides triggers: suspend, resume, set variables.</summary>
public sealed partial class WorkflowRuntime
{
    /// <exception cref="RuntimeNotFoundException">No such instance.</exception>
    /// <exception cref="RuntimeConflictException">The instance is not running, or already suspended.</exception>
    public Task<ProcessInstanceRecord> SuspendAsync(string instanceId, string? by, CancellationToken cancellationToken) =>
        SetSuspendedAsync(instanceId, suspended: true, by, cancellationToken);

    /// <exception cref="RuntimeNotFoundException">No such instance.</exception>
    /// <exception cref="RuntimeConflictException">The instance is not suspended.</exception>
    public Task<ProcessInstanceRecord> ResumeAsync(string instanceId, string? by, CancellationToken cancellationToken) =>
        SetSuspendedAsync(instanceId, suspended: false, by, cancellationToken);

    /// <summary>Sets (or replaces) process-level variables of a running instance.</summary>
    /// <exception cref="RuntimeNotFoundException">No such instance.</exception>
    /// <exception cref="RuntimeConflictException">The instance is not running.</exception>
    public Task<ProcessInstanceRecord> SetVariablesAsync(string instanceId, IReadOnlyDictionary<string, object?> variables, string? by, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            VariableLimits.Check(variables, options);
            var (instance, process, state) = await LoadAsync(instanceId, cancellationToken);
            EnsureRunning(instance);
            VariableLimits.Check(state.Variables.Where(v => !variables.ContainsKey(v.Key)).Concat(variables), options);
            if (!instance.IsSuspended && state.Bookmarks.Exists(b => b.Kind == BookmarkKind.Conditional))
            {
                // Conditional events wait on these variables: the engine sets them and moves on what they fulfil.
                var result = await engine.TriggerAsync(process, state, new VariablesSet(variables), cancellationToken);
                return (instance, await ApplyAsync(instance, result, cancellationToken));
            }

            foreach (var (name, value) in variables)
            {
                state.Variables[name] = value;
                db.Journal.Add(new JournalRecord
                {
                    InstanceId = instanceId, At = Now, Kind = "VariableSet", UserId = by, Detail = name, ScopeId = state.RootScope.Id,
                });
            }

            instance.StateJson = InstanceStateSerializer.Serialize(state);
            instance.Revision++;
            return (instance, AfterCommit.Nothing);
        }, cancellationToken);

    /// <summary>
    /// Moves on a plain wait state — a receive task without a message — at <paramref name="elementId"/>, with optional
    /// variables, as Camunda's trigger does. Several waiting there (a multi-instance receive task): the oldest goes on.
    /// </summary>
    /// <exception cref="RuntimeNotFoundException">No such instance, or it does not wait at that element.</exception>
    /// <exception cref="RuntimeConflictException">The instance is not running, or is suspended.</exception>
    public Task<ProcessInstanceRecord> TriggerWaitStateAsync(
        string instanceId, string elementId, IReadOnlyDictionary<string, object?>? variables, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            if (variables is not null)
            {
                VariableLimits.Check(variables, options);
            }

            var (instance, process, state) = await LoadAsync(instanceId, cancellationToken);
            EnsureRunning(instance);
            EnsureNotSuspended(instance);
            var bookmark = state.Bookmarks.Find(b => b.Kind == BookmarkKind.Wait && b.ElementId == elementId)
                ?? throw new RuntimeNotFoundException($"Instance '{instanceId}' does not wait at '{elementId}' (a receive task without a message).");
            var result = await engine.TriggerAsync(process, state, new WaitStateTriggered(bookmark.Id, variables), cancellationToken);
            return (instance, await ApplyAsync(instance, result, cancellationToken));
        }, cancellationToken);

    private Task<ProcessInstanceRecord> SetSuspendedAsync(string instanceId, bool suspended, string? by, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            var (instance, _, _) = await LoadAsync(instanceId, cancellationToken);
            EnsureRunning(instance);
            if (instance.IsSuspended == suspended)
            {
                throw new RuntimeConflictException($"Instance '{instanceId}' is already {(suspended ? "suspended" : "active")}.");
            }

            instance.IsSuspended = suspended;
            instance.Revision++;
            db.Journal.Add(new JournalRecord { InstanceId = instanceId, At = Now, Kind = suspended ? "InstanceSuspended" : "InstanceResumed", UserId = by });
            return (instance, AfterCommit.Nothing);
        }, cancellationToken);

    private static void EnsureRunning(ProcessInstanceRecord instance)
    {
        if (instance.Status != InstanceRunStatus.Running)
        {
            throw new RuntimeConflictException($"Instance '{instance.Id}' is {instance.Status.ToString().ToLowerInvariant()}, not running.");
        }
    }
}
