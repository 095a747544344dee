namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// <c>multiInstanceLoopCharacteristics</c>. The number of instances comes from <see cref="LoopCardinality"/> or
/// from the size of <see cref="Collection"/> (an expression, or a plain variable name as Camunda allows).
/// </summary>
public sealed record MultiInstanceLoop(
    bool IsSequential,
    ExpressionText? LoopCardinality,
    ExpressionText? Collection,
    string? ElementVariable,
    ExpressionText? CompletionCondition);
