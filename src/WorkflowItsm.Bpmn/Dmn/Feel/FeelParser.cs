using System.Globalization;

namespace WorkflowItsm.Bpmn.Dmn.Feel;

/// <summary>
/// Parses the FEEL a decision table holds: simple expressions (literals, names and paths, arithmetic, comparisons,
/// and/or, if-then-else, function calls, lists) and unary tests (<c>-</c>, comparisons, intervals, lists, not(…)).
/// </summary>
internal sealed class FeelParser
{
    private readonly List<FeelToken> _tokens;
    private int _position;
    private bool _usesInput;

    private FeelParser(string text) => _tokens = FeelLexer.Tokenize(text);

    public static FeelNode ParseExpression(string text)
    {
        var parser = new FeelParser(text);
        var node = parser.Expression();
        parser.ExpectEnd();
        return node;
    }

    public static FeelUnaryTest ParseUnaryTests(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "-")
        {
            return FeelAnyTest.Instance;
        }

        var parser = new FeelParser(text);
        FeelUnaryTest test;
        if (parser.IsName("not") && parser.Peek(1).Text == "(" && parser.NotCoversAll())
        {
            parser._position += 2;
            var inner = parser.PositiveTests();
            parser.Expect(")");
            test = new FeelNotTest(inner);
        }
        else
        {
            test = parser.PositiveTests();
        }

        parser.ExpectEnd();
        return test;
    }

    /// <summary>Whether <c>not(</c> closes at the end of the text (so it negates the tests, not one term of them).</summary>
    private bool NotCoversAll()
    {
        var depth = 0;
        for (var i = _position + 1; i < _tokens.Count; i++)
        {
            var text = _tokens[i].Kind == FeelTokenKind.Symbol ? _tokens[i].Text : null;
            depth += text switch { "(" or "[" => 1, ")" or "]" => -1, _ => 0 };
            if (depth == 0)
            {
                return _tokens[i + 1].Kind == FeelTokenKind.End;
            }
        }

        return false;
    }

    private FeelUnaryTest PositiveTests()
    {
        var tests = new List<FeelUnaryTest> { PositiveTest() };
        while (TryTake(","))
        {
            tests.Add(PositiveTest());
        }

        return tests.Count == 1 ? tests[0] : new FeelAnyOfTest(tests);
    }

    private FeelUnaryTest PositiveTest()
    {
        var token = Peek();
        if (token.Kind == FeelTokenKind.Symbol && token.Text is "<" or "<=" or ">" or ">=")
        {
            _position++;
            return new FeelCompareTest(token.Text, Additive());
        }

        if (token.Kind == FeelTokenKind.Symbol && token.Text is "[" or "(" or "]" && TryInterval() is { } range)
        {
            return new FeelRangeTest(range);
        }

        _usesInput = false;
        var expression = Expression();
        return new FeelExpressionTest(expression, _usesInput);
    }

    private FeelRange? TryInterval()
    {
        var start = _position;
        try
        {
            var open = Take().Text;
            var low = Additive();
            Expect("..");
            var high = Additive();
            var close = Take();
            if (close.Kind != FeelTokenKind.Symbol || close.Text is not ("]" or ")" or "["))
            {
                throw new FeelSyntaxException("not an interval");
            }

            return new FeelRange(open == "[", low, high, close.Text == "]");
        }
        catch (FeelSyntaxException)
        {
            _position = start;
            return null;
        }
    }

    private FeelNode Expression()
    {
        if (IsName("if"))
        {
            _position++;
            var condition = Expression();
            ExpectName("then");
            var then = Expression();
            ExpectName("else");
            return new FeelIf(condition, then, Expression());
        }

        var left = Conjunction();
        while (IsName("or"))
        {
            _position++;
            left = new FeelLogic(false, left, Conjunction());
        }

        return left;
    }

    private FeelNode Conjunction()
    {
        var left = Comparison();
        while (IsName("and"))
        {
            _position++;
            left = new FeelLogic(true, left, Comparison());
        }

        return left;
    }

    private FeelNode Comparison()
    {
        var left = Additive();
        var token = Peek();
        if (token.Kind == FeelTokenKind.Symbol && token.Text is "=" or "!=" or "<" or "<=" or ">" or ">=")
        {
            _position++;
            return new FeelBinary(token.Text, left, Additive());
        }

        if (IsName("between"))
        {
            _position++;
            var low = Additive();
            ExpectName("and");
            var high = Additive();
            return new FeelLogic(true, new FeelBinary(">=", left, low), new FeelBinary("<=", left, high));
        }

        return left;
    }

    private FeelNode Additive()
    {
        var left = Multiplicative();
        while (Peek() is { Kind: FeelTokenKind.Symbol, Text: "+" or "-" } token)
        {
            _position++;
            left = new FeelBinary(token.Text, left, Multiplicative());
        }

        return left;
    }

    private FeelNode Multiplicative()
    {
        var left = Power();
        while (Peek() is { Kind: FeelTokenKind.Symbol, Text: "*" or "/" } token)
        {
            _position++;
            left = new FeelBinary(token.Text, left, Power());
        }

        return left;
    }

    private FeelNode Power()
    {
        var left = Unary();
        while (TryTake("**"))
        {
            left = new FeelBinary("**", left, Unary());
        }

        return left;
    }

    private FeelNode Unary()
    {
        if (TryTake("-"))
        {
            var operand = Unary();
            return operand is FeelLiteral { Value: decimal d } ? new FeelLiteral(-d) : new FeelNegate(operand);
        }

        var node = Primary();
        while (TryTake("."))
        {
            var member = Take();
            if (member.Kind != FeelTokenKind.Name)
            {
                throw Error(member, "a property name");
            }

            node = new FeelPath(node, member.Text);
        }

        return node;
    }

    private FeelNode Primary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case FeelTokenKind.Number:
                return new FeelLiteral(decimal.Parse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
            case FeelTokenKind.String:
                return new FeelLiteral(token.Text);
            case FeelTokenKind.Name:
                switch (token.Text)
                {
                    case "true":
                        return new FeelLiteral(true);
                    case "false":
                        return new FeelLiteral(false);
                    case "null":
                        return new FeelLiteral(null);
                }

                if (TryTake("("))
                {
                    if (Array.IndexOf(FeelCall.Known, token.Text) < 0)
                    {
                        throw new FeelSyntaxException($"Unknown function '{token.Text}' at position {token.Position + 1}.");
                    }

                    var arguments = new List<FeelNode>();
                    if (!TryTake(")"))
                    {
                        do
                        {
                            arguments.Add(Expression());
                        }
                        while (TryTake(","));
                        Expect(")");
                    }

                    return Fold(new FeelCall(token.Text, arguments), arguments);
                }

                return new FeelName(token.Text);
            case FeelTokenKind.Symbol when token.Text == "?":
                _usesInput = true;
                return new FeelInputRef();
            case FeelTokenKind.Symbol when token.Text == "(":
                var inner = Expression();
                Expect(")");
                return inner;
            case FeelTokenKind.Symbol when token.Text == "[":
                _position--;
                if (TryInterval() is { } range)
                {
                    return range;
                }

                _position++;
                var items = new List<FeelNode>();
                if (!TryTake("]"))
                {
                    do
                    {
                        items.Add(Expression());
                    }
                    while (TryTake(","));
                    Expect("]");
                }

                return new FeelList(items);
            default:
                throw Error(token, "a value");
        }
    }

    /// <summary>A call on literals only (<c>date("2024-01-01")</c>) is computed now, once, and checked at deployment.</summary>
    private static FeelNode Fold(FeelCall call, List<FeelNode> arguments)
    {
        if (arguments.Count == 0 || !arguments.All(argument => argument is FeelLiteral))
        {
            return call;
        }

        try
        {
            return new FeelLiteral(call.Evaluate(new FeelContext(new Dictionary<string, object?>())));
        }
        catch (FeelEvaluationException failure)
        {
            throw new FeelSyntaxException(failure.Message);
        }
    }

    private FeelToken Peek(int ahead = 0) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private FeelToken Take() => _tokens[Math.Min(_position++, _tokens.Count - 1)];

    private bool IsName(string name) => Peek() is { Kind: FeelTokenKind.Name } token && token.Text == name;

    private bool TryTake(string symbol)
    {
        if (Peek() is { Kind: FeelTokenKind.Symbol } token && token.Text == symbol)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(string symbol)
    {
        if (!TryTake(symbol))
        {
            throw Error(Peek(), $"'{symbol}'");
        }
    }

    private void ExpectName(string name)
    {
        if (!IsName(name))
        {
            throw Error(Peek(), $"'{name}'");
        }

        _position++;
    }

    private void ExpectEnd()
    {
        if (Peek().Kind != FeelTokenKind.End)
        {
            throw Error(Peek(), "the end");
        }
    }

    private static FeelSyntaxException Error(FeelToken token, string expected) =>
        new(token.Kind == FeelTokenKind.End
            ? $"Expected {expected} but the text ended."
            : $"Expected {expected} at position {token.Position + 1}, found '{token.Text}'.");
}
