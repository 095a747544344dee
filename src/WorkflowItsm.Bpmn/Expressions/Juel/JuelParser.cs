using System.Globalization;
using System.Text;

namespace WorkflowItsm.Bpmn.Expressions.Juel;

/// <summary>The text is not a JUEL expression; the message names the position and what was expected.</summary>
public sealed class JuelSyntaxException(string message) : Exception(message);

/// <summary>
/// Parses the inside of a <c>${…}</c> (or <c>#{…}</c>) by the grammar of the Unified Expression Language (JSR 245,
/// which JUEL implements): literals, identifiers, <c>.</c> and <c>[]</c> access, method calls, unary <c>-</c>,
/// <c>!</c>/<c>not</c>, <c>empty</c>, the arithmetic, relational, equality and logical operators in their word and
/// symbol forms, and <c>?:</c>, with EL's precedence.
/// </summary>
internal sealed class JuelParser
{
    private static readonly HashSet<string> Keywords =
        ["and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "empty", "true", "false", "null", "instanceof"];

    private readonly string text;
    private readonly List<Token> tokens;
    private int position;

    private JuelParser(string text)
    {
        this.text = text;
        tokens = Tokenize(text);
    }

    public static JuelNode Parse(string expression)
    {
        var parser = new JuelParser(expression);
        if (parser.tokens.Count == 1)
        {
            throw new JuelSyntaxException("The expression is empty.");
        }

        var node = parser.Conditional();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw parser.Unexpected("an operator or the end");
        }

        return node;
    }

    private Token Peek => tokens[position];

    /// <summary>At a ':' after a name: whether a name and '(' follow it, as in <c>ns:fn(…)</c>.</summary>
    private bool IsPrefixedFunction() =>
        position + 2 < tokens.Count && tokens[position + 1].Kind == TokenKind.Word && tokens[position + 2] is { Kind: TokenKind.Symbol, Text: "(" };

    private Token Next() => tokens[position++];

    private bool Accept(string symbol)
    {
        if (Peek.Kind is TokenKind.Symbol or TokenKind.Word && Peek.Text == symbol)
        {
            position++;
            return true;
        }

        return false;
    }

    private void Expect(string symbol)
    {
        if (!Accept(symbol))
        {
            throw Unexpected($"'{symbol}'");
        }
    }

    private JuelSyntaxException Unexpected(string expected)
    {
        var found = Peek.Kind == TokenKind.End ? "the end" : $"'{Peek.Text}'";
        return new JuelSyntaxException($"Expected {expected} at position {Peek.Start + 1} of '{text}', found {found}.");
    }

    private JuelNode Conditional()
    {
        var test = Or();
        if (!Accept("?"))
        {
            return test;
        }

        var then = Conditional();
        Expect(":");
        return new JuelConditional(test, then, Conditional());
    }

    private JuelNode Or()
    {
        var left = And();
        while (Accept("||") || Accept("or"))
        {
            left = new JuelBinary(JuelBinaryOperator.Or, left, And());
        }

        return left;
    }

    private JuelNode And()
    {
        var left = Equality();
        while (Accept("&&") || Accept("and"))
        {
            left = new JuelBinary(JuelBinaryOperator.And, left, Equality());
        }

        return left;
    }

    private JuelNode Equality()
    {
        var left = Relational();
        while (true)
        {
            if (Accept("==") || Accept("eq"))
            {
                left = new JuelBinary(JuelBinaryOperator.Equal, left, Relational());
            }
            else if (Accept("!=") || Accept("ne"))
            {
                left = new JuelBinary(JuelBinaryOperator.NotEqual, left, Relational());
            }
            else
            {
                return left;
            }
        }
    }

    private JuelNode Relational()
    {
        var left = Additive();
        while (true)
        {
            JuelBinaryOperator? op =
                Accept("<=") || Accept("le") ? JuelBinaryOperator.LessOrEqual
                : Accept(">=") || Accept("ge") ? JuelBinaryOperator.GreaterOrEqual
                : Accept("<") || Accept("lt") ? JuelBinaryOperator.Less
                : Accept(">") || Accept("gt") ? JuelBinaryOperator.Greater
                : null;
            if (op is null)
            {
                return left;
            }

            left = new JuelBinary(op.Value, left, Additive());
        }
    }

    private JuelNode Additive()
    {
        var left = Multiplicative();
        while (true)
        {
            if (Accept("+"))
            {
                left = new JuelBinary(JuelBinaryOperator.Add, left, Multiplicative());
            }
            else if (Accept("-"))
            {
                left = new JuelBinary(JuelBinaryOperator.Subtract, left, Multiplicative());
            }
            else
            {
                return left;
            }
        }
    }

    private JuelNode Multiplicative()
    {
        var left = Unary();
        while (true)
        {
            JuelBinaryOperator? op =
                Accept("*") ? JuelBinaryOperator.Multiply
                : Accept("/") || Accept("div") ? JuelBinaryOperator.Divide
                : Accept("%") || Accept("mod") ? JuelBinaryOperator.Modulo
                : null;
            if (op is null)
            {
                return left;
            }

            left = new JuelBinary(op.Value, left, Unary());
        }
    }

    private JuelNode Unary()
    {
        if (Accept("-"))
        {
            return new JuelUnary(JuelUnaryOperator.Negate, Unary());
        }

        if (Accept("!") || Accept("not"))
        {
            return new JuelUnary(JuelUnaryOperator.Not, Unary());
        }

        if (Accept("empty"))
        {
            return new JuelUnary(JuelUnaryOperator.Empty, Unary());
        }

        return Postfix(Primary());
    }

    private JuelNode Postfix(JuelNode node)
    {
        while (true)
        {
            if (Accept("."))
            {
                var name = Peek;
                if (name.Kind != TokenKind.Word)
                {
                    throw Unexpected("a property or method name");
                }

                position++;
                node = Accept("(") ? new JuelCall(node, name.Text, Arguments()) : new JuelIndex(node, new JuelLiteral(name.Text));
            }
            else if (Accept("["))
            {
                var key = Conditional();
                Expect("]");
                node = new JuelIndex(node, key);
            }
            else
            {
                return node;
            }
        }
    }

    /// <summary>The arguments after an opening parenthesis, through the closing one.</summary>
    private List<JuelNode> Arguments()
    {
        var arguments = new List<JuelNode>();
        if (Accept(")"))
        {
            return arguments;
        }

        do
        {
            arguments.Add(Conditional());
        }
        while (Accept(","));

        Expect(")");
        return arguments;
    }

    private JuelNode Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Integer:
                position++;
                // Boxed apart: "cond ? long : double" would make every integer a double. Too long for a long: EL's BigInteger, kept as a double.
                return new JuelLiteral(long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                    ? (object)integer : double.Parse(token.Text, CultureInfo.InvariantCulture));
            case TokenKind.Decimal:
                position++;
                return new JuelLiteral(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case TokenKind.String:
                position++;
                return new JuelLiteral(token.Text);
            case TokenKind.Word when token.Text is "true" or "false":
                position++;
                return new JuelLiteral(token.Text == "true");
            case TokenKind.Word when token.Text == "null":
                position++;
                return new JuelLiteral(null);
            case TokenKind.Word when !Keywords.Contains(token.Text):
                position++;
                // fn(…) or ns:fn(…) is an EL function; "a ? b : c" is not (its ':' is not followed by a name and '(').
                if (Peek.Kind == TokenKind.Symbol && (Peek.Text == "(" || (Peek.Text == ":" && IsPrefixedFunction())))
                {
                    throw new JuelSyntaxException($"'{token.Text}' at position {token.Start + 1} of '{text}' is a function: EL functions are not supported; call a method on a variable instead.");
                }

                return new JuelIdentifier(token.Text);
            case TokenKind.Symbol when token.Text == "(":
                position++;
                var inner = Conditional();
                Expect(")");
                return inner;
            default:
                throw Unexpected("a value, a variable or '('");
        }
    }

    private enum TokenKind
    {
        Integer,
        Decimal,
        String,
        Word,
        Symbol,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Start);

    private static readonly string[] Symbols = ["==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", ".", ",", "?", ":", "+", "-", "*", "/", "%", "<", ">", "!"];

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(Number(text, ref i));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(Quoted(text, ref i));
            }
            else if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i], start));
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw new JuelSyntaxException($"Unexpected character '{c}' at position {i + 1} of '{text}'.");
                tokens.Add(new Token(TokenKind.Symbol, symbol, i));
                i += symbol.Length;
            }
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static Token Number(string text, ref int i)
    {
        var start = i;
        var isDecimal = false;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.' && (i + 1 >= text.Length || !char.IsLetter(text[i + 1])))
        {
            isDecimal = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                isDecimal = true;
                i = exponent;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
        }

        return new Token(isDecimal ? TokenKind.Decimal : TokenKind.Integer, text[start..i], start);
    }

    /// <summary>A string in single or double quotes; EL escapes the quotes and the backslash with a backslash.</summary>
    private static Token Quoted(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\'' or '"' or '\\')
            {
                i++;
            }

            value.Append(text[i++]);
        }

        if (i >= text.Length)
        {
            throw new JuelSyntaxException($"The string starting at position {start + 1} of '{text}' is not closed.");
        }

        i++;
        return new Token(TokenKind.String, value.ToString(), start);
    }
}
