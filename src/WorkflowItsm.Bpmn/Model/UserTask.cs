namespace WorkflowItsm.Bpmn.Model;

/// <summary>A human task. Each text may be an expression, evaluated when the task is created.</summary>
public sealed class UserTask : Activity
{
    public ExpressionText? Assignee { get; init; }
    public ExpressionText? CandidateUsers { get; init; }
    public ExpressionText? CandidateGroups { get; init; }
    public ExpressionText? DueDate { get; init; }
    public ExpressionText? FollowUpDate { get; init; }
    public ExpressionText? Priority { get; init; }
    public string? FormKey { get; init; }

    /// <summary><c>camunda:formRef</c>: a deployed Camunda Form; becomes the task's form key when the task is created.</summary>
    public CamundaFormReference? FormRef { get; init; }

    public IReadOnlyList<FormField> FormFields { get; init; } = [];
    public IReadOnlyList<Listener> TaskListeners { get; init; } = [];
    public override string ElementName => "userTask";
}
