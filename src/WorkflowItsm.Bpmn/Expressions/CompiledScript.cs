using Acornima;
using Acornima.Ast;
using Jint;

namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>
/// An expression or script parsed once and shared by all engines and threads, or the reason it does not compile.
/// </summary>
internal sealed class CompiledScript
{
    private static readonly ScriptPreparationOptions PreparationOptions = new() { CollectReferencedGlobals = true };

    private CompiledScript(Prepared<Script> program, string[] freeNames, bool mayChangeGlobals, bool isExpression)
    {
        Program = program;
        FreeNames = freeNames;
        MayChangeGlobals = mayChangeGlobals;
        IsExpression = isExpression;
    }

    private CompiledScript(string error) => Error = error;

    public Prepared<Script> Program { get; }

    /// <summary>Names the source reads without declaring them: the only variables worth handing to the engine.</summary>
    public string[] FreeNames { get; } = [];

    /// <summary>
    /// Whether running it can leave bindings on the global object. Scripts can (top-level var/let/function);
    /// an expression only through <c>globalThis</c> or a top-level <c>this</c>. The others are cleaned up cheaply.
    /// </summary>
    public bool MayChangeGlobals { get; }

    public bool IsExpression { get; }

    /// <summary>The compile error, or null when the source compiled.</summary>
    public string? Error { get; }

    public static CompiledScript CompileExpression(string source)
    {
        var expression = ScriptSource.StripExpressionWrapper(source);
        if (expression.Length == 0)
        {
            return new CompiledScript("SyntaxError: the expression is empty");
        }

        // Parsing it as an expression first rejects statements ("a; while(true){}") and reports positions in the
        // author's text; the engine then runs it wrapped in parentheses (the newline keeps a trailing // comment out).
        try
        {
            new Parser().ParseExpression(expression);
        }
        catch (ParseErrorException ex)
        {
            return new CompiledScript(FormatSyntaxError(ex.Description, ex.LineNumber, ex.Column + 1));
        }

        var referencesGlobalObject = expression.Contains("this", StringComparison.Ordinal);
        return Prepare("(" + expression + "\n)", isExpression: true, referencesGlobalObject);
    }

    public static CompiledScript CompileScript(string source) =>
        Prepare(source, isExpression: false, referencesGlobalObject: true);

    private static CompiledScript Prepare(string code, bool isExpression, bool referencesGlobalObject)
    {
        Prepared<Script> program;
        try
        {
            program = Engine.PrepareScript(code, source: null, strict: true, PreparationOptions);
        }
        catch (ScriptPreparationException ex) when (ex.InnerException is ParseErrorException parseError)
        {
            var column = parseError.Column + 1 - (isExpression && parseError.LineNumber == 1 ? 1 : 0);
            return new CompiledScript(FormatSyntaxError(parseError.Description, parseError.LineNumber, column));
        }

        var freeNames = program.ReferencedGlobals?.ToArray() ?? [];
        var mayChangeGlobals = !isExpression || referencesGlobalObject || freeNames.Contains("globalThis");
        return new CompiledScript(program, freeNames, mayChangeGlobals, isExpression);
    }

    private static string FormatSyntaxError(string? description, int line, int column) =>
        $"SyntaxError: {description} (line {line}, column {column})";
}
