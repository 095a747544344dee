using WorkflowItsm.Bpmn.Dmn;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>
/// Runs process instances by BPMN token semantics, from a start or trigger to the next wait states, over state
/// the host passes in. No I/O besides calling service-task handlers. Thread-safe: share one engine; each call
/// works on its own state. Give it definitions that passed <see cref="Validation.BpmnValidator"/>.
/// </summary>
/// <remarks>
/// The state passed to <see cref="TriggerAsync"/> is updated in place (no copy on the hot path) and returned in
/// the result. Script and handler failures never throw: they come back as <see cref="ExecutionStatus.ElementFailed"/>.
/// When a call does throw (a rejected trigger before any change, cancellation, or an engine defect), discard the
/// state object and reload the stored one, as the runtime does when its transaction rolls back.
/// </remarks>
public sealed class BpmnEngine
{
    private readonly EngineServices _services;

    /// <param name="scripts">Evaluates conditions, expressions and scripts.</param>
    /// <param name="handlers">Finds the handler registered under a name; null when there is none.</param>
    /// <param name="time">The clock for timers and due dates.</param>
    /// <param name="ids">Makes instance and bookmark ids; GUID v7 by default.</param>
    /// <param name="decisions">Finds the DMN decisions business rule tasks evaluate (camunda:decisionRef).</param>
    public BpmnEngine(IScriptEngine scripts, Func<string, IServiceTaskHandler?>? handlers = null, TimeProvider? time = null,
        BpmnEngineOptions? options = null, IIdGenerator? ids = null, IDecisionResolver? decisions = null)
    {
        _services = new EngineServices(new ExpressionEvaluator(scripts), handlers ?? (static _ => null),
            time ?? TimeProvider.System, ids ?? GuidV7IdGenerator.Instance, options ?? BpmnEngineOptions.Default, decisions);
    }

    /// <summary>An engine whose service tasks call the handlers of the host's registry.</summary>
    public BpmnEngine(IScriptEngine scripts, IServiceTaskRegistry registry, TimeProvider? time = null,
        BpmnEngineOptions? options = null, IIdGenerator? ids = null, IDecisionResolver? decisions = null)
        : this(scripts, name => registry.TryGet(name, out var handler) ? handler : null, time, options, ids, decisions)
    {
    }

    /// <summary>Starts a new instance at the none start event or at the start event the request names.</summary>
    /// <exception cref="TriggerRejectedException">The process is not executable or the start event does not exist.</exception>
    /// <exception cref="FormRejectedException">The variables break the start event's form fields.</exception>
    public ValueTask<ExecutionResult> StartAsync(ProcessDefinition process, StartInstanceRequest request, CancellationToken cancellationToken = default)
    {
        if (!process.IsExecutable)
        {
            throw new TriggerRejectedException($"The process '{process.Id}' is not executable.");
        }

        var state = new InstanceState
        {
            InstanceId = request.InstanceId ?? _services.Ids.NewId(),
            ProcessId = process.Id,
            BusinessKey = request.BusinessKey,
            Status = InstanceStatus.Running,
        };
        return new InstanceRun(_services, process, state, cancellationToken).StartAsync(request);
    }

    /// <summary>
    /// Whether a top-level conditional start event's condition holds for these variables, as Camunda 7's
    /// <c>evaluateStartConditions</c> decides whether to start the process there. A condition that cannot be
    /// evaluated (it names a variable not given) does not hold, as a conditional event's condition in a running instance.
    /// </summary>
    /// <exception cref="TriggerRejectedException">The process has no top-level conditional start event of that id.</exception>
    public bool StartConditionHolds(ProcessDefinition process, string startEventId, IReadOnlyDictionary<string, object?>? variables)
    {
        if (process.Graph.FindNode(startEventId) is not StartEvent { Definition: ConditionalEventDefinition conditional })
        {
            throw new TriggerRejectedException($"The process '{process.Id}' has no top-level conditional start event '{startEventId}'.");
        }

        return conditional.Condition is not null
            && _services.ExpressionsFor(process.Definitions?.ExpressionLanguage ?? ExpressionLanguage.JavaScript)
                .ConditionMet(conditional.Condition, new FlatVariableScope(variables ?? new Dictionary<string, object?>()), conditional.ConditionLanguage);
    }

    /// <summary>Applies a trigger to an instance and runs it to its next wait states. Updates and returns <paramref name="state"/>.</summary>
    /// <exception cref="TriggerRejectedException">The trigger does not fit the instance; the state is unchanged.</exception>
    /// <exception cref="FormRejectedException">A task completion breaks the task's form fields; the state is unchanged.</exception>
    public ValueTask<ExecutionResult> TriggerAsync(ProcessDefinition process, InstanceState state, Trigger trigger, CancellationToken cancellationToken = default)
    {
        if (state.ProcessId != process.Id)
        {
            throw new TriggerRejectedException($"The instance runs process '{state.ProcessId}', not '{process.Id}'.");
        }

        return new InstanceRun(_services, process, state, cancellationToken).TriggerAsync(trigger);
    }
}
