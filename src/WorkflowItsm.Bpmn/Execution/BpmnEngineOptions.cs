namespace WorkflowItsm.Bpmn.Execution;

public sealed class BpmnEngineOptions
{
    public static BpmnEngineOptions Default { get; } = new();

    /// <summary>
    /// Most node executions one trigger may perform before the run is stopped as a failure: protects the host from
    /// a model that loops without waiting (e.g. a gateway cycle whose condition never changes).
    /// </summary>
    public int MaxStepsPerTrigger { get; init; } = 10_000;

    /// <summary>Whether to journal every variable write (the runtime may turn it off for throughput).</summary>
    public bool JournalVariableChanges { get; init; } = true;

    /// <summary>
    /// Whether start and task completion variables must satisfy the element's <c>camunda:formData</c> fields
    /// (types and constraints); violations throw <see cref="FormRejectedException"/> before anything changes.
    /// </summary>
    public bool EnforceFormFields { get; init; } = true;

    /// <summary>Priority of a human task whose model gives none (Camunda's default).</summary>
    public int DefaultTaskPriority { get; init; } = 50;
}
