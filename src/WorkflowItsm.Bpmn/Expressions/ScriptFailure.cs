using System.Globalization;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>Turns Jint's exceptions into <see cref="ScriptFailedException"/>s whose message an operator can act on.</summary>
internal static class ScriptFailure
{
    public static ScriptFailedException From(Exception exception, CompiledScript compiled, ScriptSandboxOptions limits) => exception switch
    {
        JavaScriptException js => new ScriptFailedException(DescribeJavaScriptError(js, compiled), js) { IsSandboxLimit = IsSizeRefusal(js) },
        TimeoutException or RegexMatchTimeoutException => new ScriptFailedException(
            $"Script exceeded its time limit of {limits.TimeLimit.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms", exception) { IsSandboxLimit = true },
        StatementsCountOverflowException => new ScriptFailedException(
            $"Script exceeded its statement limit of {limits.MaxStatements} statements (an endless loop?)", exception) { IsSandboxLimit = true },
        MemoryLimitExceededException => new ScriptFailedException(
            $"Script exceeded its memory limit of {limits.MemoryLimitBytes} bytes", exception) { IsSandboxLimit = true },
        RecursionDepthOverflowException => new ScriptFailedException(
            $"Script exceeded its recursion limit of {limits.MaxRecursionDepth} nested calls", exception) { IsSandboxLimit = true },
        _ => new ScriptFailedException($"Script failed: {exception.Message}", exception),
    };

    /// <summary>An uncaught RangeError that <see cref="BoundedBuiltIns"/> threw to refuse a size.</summary>
    private static bool IsSizeRefusal(JavaScriptException exception) =>
        exception.Error.IsObject() && exception.Error.AsObject().Get("name").ToString() == "RangeError"
        && exception.Message.Contains(BoundedBuiltIns.LimitPhrase, StringComparison.Ordinal);

    private static string DescribeJavaScriptError(JavaScriptException exception, CompiledScript compiled)
    {
        var error = exception.Error;
        var name = error.IsObject() ? error.AsObject().Get("name") : JsValue.Undefined;
        var text = name.IsString() && name.ToString().Length > 0
            ? $"{name}: {exception.Message}"
            : $"Uncaught {exception.Message}";

        var start = exception.Location.Start;
        if (start.Line <= 0)
        {
            return text;
        }

        // Columns are 1-based for people; an expression runs behind one "(" on its first line.
        var column = start.Column + 1 - (compiled.IsExpression && start.Line == 1 ? 1 : 0);
        return $"{text} (line {start.Line}, column {column})";
    }
}
