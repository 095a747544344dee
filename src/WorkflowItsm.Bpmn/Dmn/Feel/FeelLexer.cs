using System.Text;

namespace WorkflowItsm.Bpmn.Dmn.Feel;

internal enum FeelTokenKind
{
    Number,
    String,
    Name,
    Symbol,
    End,
}

internal readonly record struct FeelToken(FeelTokenKind Kind, string Text, int Position);

/// <summary>A FEEL text rejected by the parser; the message says where.</summary>
public sealed class FeelSyntaxException(string message) : Exception(message);

/// <summary>Splits a FEEL text into numbers, strings, names and symbols.</summary>
internal static class FeelLexer
{
    private static readonly string[] Symbols = ["..", "**", "<=", ">=", "!=", "<", ">", "=", "+", "-", "*", "/", "(", ")", "[", "]", ",", ".", "?", "{", "}", ":"];

    public static List<FeelToken> Tokenize(string text)
    {
        var tokens = new List<FeelToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && !PreviousIsDot(text, i)))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                // "1..10" is a range: the first '.' belongs to "..", not to the number.
                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new FeelToken(FeelTokenKind.Number, text[start..i], start));
            }
            else if (c == '"')
            {
                tokens.Add(new FeelToken(FeelTokenKind.String, ReadString(text, ref i), i));
            }
            else if (char.IsLetter(c) || c == '_' || c == '$')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                var name = text[start..i];
                // "date and time" is one function name with spaces in it.
                if (name == "date" && TryMatchDateAndTime(text, ref i))
                {
                    name = "date and time";
                }

                tokens.Add(new FeelToken(FeelTokenKind.Name, name, start));
            }
            else
            {
                var symbol = Array.Find(Symbols, s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw new FeelSyntaxException($"Unexpected '{c}' at position {i + 1}.");
                tokens.Add(new FeelToken(FeelTokenKind.Symbol, symbol, i));
                i += symbol.Length;
            }
        }

        tokens.Add(new FeelToken(FeelTokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    private static bool PreviousIsDot(string text, int i) => i > 0 && text[i - 1] == '.';

    private static bool TryMatchDateAndTime(string text, ref int i)
    {
        var j = i;
        if (!SkipSpaceThen(text, ref j, "and") || !SkipSpaceThen(text, ref j, "time"))
        {
            return false;
        }

        var k = j;
        while (k < text.Length && char.IsWhiteSpace(text[k]))
        {
            k++;
        }

        if (k < text.Length && text[k] == '(')
        {
            i = j;
            return true;
        }

        return false;
    }

    private static bool SkipSpaceThen(string text, ref int j, string word)
    {
        var k = j;
        while (k < text.Length && char.IsWhiteSpace(text[k]))
        {
            k++;
        }

        if (k == j || string.CompareOrdinal(text, k, word, 0, word.Length) != 0)
        {
            return false;
        }

        j = k + word.Length;
        return true;
    }

    private static string ReadString(string text, ref int i)
    {
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                builder.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else
            {
                builder.Append(text[i]);
            }

            i++;
        }

        if (i >= text.Length)
        {
            throw new FeelSyntaxException($"The string starting at position {start + 1} is not closed.");
        }

        i++;
        return builder.ToString();
    }
}
