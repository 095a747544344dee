using System.Collections;

namespace WorkflowItsm.Bpmn.Expressions.Juel;

/// <summary>
/// Evaluates a parsed JUEL expression against the variables in scope, with EL's rules: arithmetic on integers stays
/// integral unless an operand is floating (or a string written so), <c>/</c> is always floating, logic
/// short-circuits, <c>a.b</c> on null is null, and an unknown variable is an error (as in Camunda: "Cannot resolve
/// identifier"). <c>execution</c> is the running execution (<see cref="JuelExecution"/>) unless a variable has that name.
/// </summary>
internal static class JuelEvaluator
{
    public static object? Evaluate(JuelNode node, IVariableScope variables) => node switch
    {
        JuelLiteral literal => literal.Value,
        JuelIdentifier identifier => Resolve(identifier.Name, variables),
        JuelIndex index => Index(Evaluate(index.Target, variables), Evaluate(index.Key, variables)),
        JuelCall call => JuelMethods.Invoke(Evaluate(call.Target, variables), call.Method, [.. call.Arguments.Select(a => Evaluate(a, variables))]),
        JuelUnary unary => Unary(unary, variables),
        JuelBinary binary => Binary(binary, variables),
        JuelConditional conditional => JuelCoercion.ToBoolean(Evaluate(conditional.Test, variables))
            ? Evaluate(conditional.Then, variables)
            : Evaluate(conditional.Else, variables),
        _ => throw new JuelEvaluationException($"Unknown expression node {node.GetType().Name}."),
    };

    private static object? Resolve(string name, IVariableScope variables)
    {
        if (variables.TryGetVariable(name, out var value))
        {
            return value;
        }

        if (name == JuelExecution.Name)
        {
            return new JuelExecution(variables);
        }

        throw new JuelEvaluationException($"Cannot resolve identifier '{name}': there is no variable of that name.");
    }

    private static object? Index(object? target, object? key)
    {
        switch (target)
        {
            case null:
                return null;
            case JuelExternalTask externalTask:
                return externalTask.Property(JuelCoercion.ToText(key));
            case IDictionary<string, object?> map:
                return map.TryGetValue(JuelCoercion.ToText(key), out var value) ? value : null;
            case IDictionary dictionary:
                return dictionary.Contains(JuelCoercion.ToText(key)) ? dictionary[JuelCoercion.ToText(key)] : null;
            case IList list when key is not null:
                var at = JuelCoercion.ToLong(key);
                return at >= 0 && at < list.Count ? list[(int)at] : null;
            default:
                throw new JuelEvaluationException($"Property '{JuelCoercion.ToText(key)}' cannot be read from {JuelCoercion.Describe(target)}.");
        }
    }

    private static object? Unary(JuelUnary unary, IVariableScope variables)
    {
        var operand = Evaluate(unary.Operand, variables);
        return unary.Operator switch
        {
            JuelUnaryOperator.Not => !JuelCoercion.ToBoolean(operand),
            JuelUnaryOperator.Empty => JuelCoercion.IsEmpty(operand),
            // Boxed one by one: a switch of long and double arms would widen every arm to double.
            _ => operand switch
            {
                null => (object)0L,
                _ when JuelCoercion.IsFloatingOperand(operand) => (object)-JuelCoercion.ToDouble(operand),
                _ => (object)-JuelCoercion.ToLong(operand),
            },
        };
    }

    private static object? Binary(JuelBinary binary, IVariableScope variables)
    {
        switch (binary.Operator)
        {
            case JuelBinaryOperator.And:
                return JuelCoercion.ToBoolean(Evaluate(binary.Left, variables)) && JuelCoercion.ToBoolean(Evaluate(binary.Right, variables));
            case JuelBinaryOperator.Or:
                return JuelCoercion.ToBoolean(Evaluate(binary.Left, variables)) || JuelCoercion.ToBoolean(Evaluate(binary.Right, variables));
        }

        var left = Evaluate(binary.Left, variables);
        var right = Evaluate(binary.Right, variables);
        return binary.Operator switch
        {
            JuelBinaryOperator.Equal => JuelCoercion.AreEqual(left, right),
            JuelBinaryOperator.NotEqual => !JuelCoercion.AreEqual(left, right),
            JuelBinaryOperator.Less => Ordered(left, right, orEqual: false, c => c < 0),
            JuelBinaryOperator.Greater => Ordered(left, right, orEqual: false, c => c > 0),
            JuelBinaryOperator.LessOrEqual => Ordered(left, right, orEqual: true, c => c <= 0),
            JuelBinaryOperator.GreaterOrEqual => Ordered(left, right, orEqual: true, c => c >= 0),
            JuelBinaryOperator.Divide => left is null && right is null ? (object)0L : JuelCoercion.ToDouble(left) / JuelCoercion.ToDouble(right),
            _ => Arithmetic(binary.Operator, left, right),
        };
    }

    /// <summary>EL: equal operands satisfy <c>&lt;=</c> and <c>&gt;=</c>; a null operand otherwise makes any ordering false.</summary>
    private static bool Ordered(object? left, object? right, bool orEqual, Func<int, bool> test)
    {
        if (ReferenceEquals(left, right) || (left is null && right is null))
        {
            return orEqual;
        }

        return left is not null && right is not null && test(JuelCoercion.Compare(left, right));
    }

    private static object Arithmetic(JuelBinaryOperator op, object? left, object? right)
    {
        if (left is null && right is null)
        {
            return 0L;
        }

        if (JuelCoercion.IsFloatingOperand(left) || JuelCoercion.IsFloatingOperand(right))
        {
            var (a, b) = (JuelCoercion.ToDouble(left), JuelCoercion.ToDouble(right));
            return op switch
            {
                JuelBinaryOperator.Add => a + b,
                JuelBinaryOperator.Subtract => a - b,
                JuelBinaryOperator.Multiply => a * b,
                _ => a % b,
            };
        }

        var (x, y) = (JuelCoercion.ToLong(left), JuelCoercion.ToLong(right));
        return op switch
        {
            JuelBinaryOperator.Add => x + y,
            JuelBinaryOperator.Subtract => x - y,
            JuelBinaryOperator.Multiply => x * y,
            _ when y == 0 => throw new JuelEvaluationException("Division by zero in a modulo."),
            _ => x % y,
        };
    }
}
