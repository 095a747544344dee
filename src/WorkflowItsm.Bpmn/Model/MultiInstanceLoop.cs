namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// <c>multiInstanceLoopCharacteristics</c>. The number of instances comes from <see cref="LoopCardinality"/> or
/// from the size of <see cref="Collection"/> (an expression, or a plain variable name as Camunda allows).
/// <see cref="AsyncBefore"/> and <see cref="AsyncAfter"/> (<c>camunda:asyncBefore</c>/<c>asyncAfter</c> on the loop
/// characteristics) make each instance wait for a continuation before it starts or after it ends, as Camunda 7's
/// inner activity does, while the activity's own attributes wait before and after the loop as a whole.
/// </summary>
public sealed record MultiInstanceLoop(
    bool IsSequential,
    ExpressionText? LoopCardinality,
    ExpressionText? Collection,
    string? ElementVariable,
    ExpressionText? CompletionCondition,
    bool AsyncBefore = false,
    bool AsyncAfter = false);
