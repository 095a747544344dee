namespace WorkflowItsm.Bpmn.Expressions.Juel;

/// <summary>A parsed JUEL expression: a tree evaluated by <see cref="JuelEvaluator"/>.</summary>
internal abstract record JuelNode;

internal sealed record JuelLiteral(object? Value) : JuelNode;

internal sealed record JuelIdentifier(string Name) : JuelNode;

/// <summary><c>a.b</c> and <c>a['b']</c>, <c>a[0]</c>: the key is an expression (a name becomes a literal).</summary>
internal sealed record JuelIndex(JuelNode Target, JuelNode Key) : JuelNode;

/// <summary><c>a.method(args)</c>: only the methods of <see cref="JuelMethods"/> may be called.</summary>
internal sealed record JuelCall(JuelNode Target, string Method, IReadOnlyList<JuelNode> Arguments) : JuelNode;

internal enum JuelUnaryOperator
{
    Negate,
    Not,
    Empty,
}

internal sealed record JuelUnary(JuelUnaryOperator Operator, JuelNode Operand) : JuelNode;

internal enum JuelBinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
    And,
    Or,
}

internal sealed record JuelBinary(JuelBinaryOperator Operator, JuelNode Left, JuelNode Right) : JuelNode;

internal sealed record JuelConditional(JuelNode Test, JuelNode Then, JuelNode Else) : JuelNode;
