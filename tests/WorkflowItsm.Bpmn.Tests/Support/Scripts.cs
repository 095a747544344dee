using WorkflowItsm.Bpmn.Expressions;

namespace WorkflowItsm.Bpmn.Tests.Support;

/// <summary>The real sandboxed script engine, shared by the tests (it is thread-safe and caches compiled code).</summary>
internal static class Scripts
{
    public static JintScriptEngine Jint { get; } = new();
}
