using WorkflowItsm.Bpmn.Expressions;

namespace WorkflowItsm.Bpmn.Tests.Expressions;

public sealed class JintScriptEngineScriptTests : IDisposable
{
    private readonly JintScriptEngine _engine = new();

    public void Dispose() => _engine.Dispose();

    private ScriptResult Run(string script, Dictionary<string, object?>? variables = null) =>
        _engine.Run(script, new DictionaryVariableScope(variables ?? []));

    [Fact]
    public void The_last_statement_is_the_result() =>
        Run("var score = impact * urgency; score > 6 ? 'high' : 'low'", new() { ["impact"] = 3, ["urgency"] = 3 })
            .Value.Should().Be("high");

    [Fact]
    public void Set_variable_returns_the_variables_set()
    {
        var result = Run(
            """
            execution.setVariable('priority', impact * urgency);
            execution.setVariable('route', { team: 'network', tags: ['p1'] });
            """,
            new() { ["impact"] = 2, ["urgency"] = 2 });

        result.SetVariables.Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["priority"] = 4L,
            ["route"] = new Dictionary<string, object?> { ["team"] = "network", ["tags"] = new List<object?> { "p1" } },
        });
    }

    [Fact]
    public void Get_variable_sees_the_scope_and_earlier_set_variable_calls()
    {
        var result = Run(
            """
            execution.setVariable('count', execution.getVariable('count') + 1);
            [execution.getVariable('count'), execution.getVariable('missing'), execution.hasVariable('count'), execution.hasVariable('missing')]
            """,
            new() { ["count"] = 1 });

        result.Value.Should().BeEquivalentTo(new List<object?> { 2L, null, true, false });
    }

    [Fact]
    public void Get_variables_returns_every_visible_variable_with_this_scripts_changes()
    {
        var result = Run(
            "execution.setVariable('b', 20); execution.setVariable('c', 3); execution.getVariables()",
            new() { ["a"] = 1, ["b"] = 2 });

        result.Value.Should().BeEquivalentTo(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = 20L, ["c"] = 3L });
    }

    [Fact]
    public void Get_variable_of_a_host_object_fails_as_a_javascript_error()
    {
        var act = () => Run("execution.getVariable('link')", new() { ["link"] = new Uri("https://example.com") });

        act.Should().Throw<ScriptFailedException>().WithMessage("TypeError: variable 'link': A variable of type Uri cannot be passed to a script*");
        Run("1 + 1").Value.Should().Be(2L);
    }

    [Fact]
    public void Set_variable_with_a_function_fails_naming_the_variable()
    {
        var act = () => Run("execution.setVariable('callback', () => 1)");

        act.Should().Throw<ScriptFailedException>().WithMessage("TypeError: execution.setVariable('callback')*function*");
    }

    [Fact]
    public void Top_level_declarations_do_not_survive_into_the_next_run()
    {
        Run("let total = 1; const rate = 2; function f() { return total * rate } f()").Value.Should().Be(2L);

        Run("let total = 5; const rate = 3; function f() { return total * rate } f()").Value.Should().Be(15L);
        Run("typeof total").Value.Should().Be("undefined");
    }

    [Fact]
    public void Built_ins_cannot_be_changed_for_later_runs()
    {
        var act = () => Run("Array.prototype.includes = function () { return true }");

        act.Should().Throw<ScriptFailedException>().WithMessage("TypeError:*");
        Run("[1, 2].includes(3)").Value.Should().Be(false);
    }

    [Fact]
    public void Replacing_a_global_built_in_fails()
    {
        var act = () => Run("Math = null");

        act.Should().Throw<ScriptFailedException>().WithMessage("TypeError*");
        Run("Math.max(1, 2)").Value.Should().Be(2L);
    }

    [Fact]
    public void Scripts_run_in_strict_mode()
    {
        var act = () => Run("undeclared = 1");

        act.Should().Throw<ScriptFailedException>().WithMessage("ReferenceError: undeclared is not defined*");
    }

    [Fact]
    public void Thrown_errors_report_name_message_and_line()
    {
        var act = () => Run("var a = 1;\nthrow new RangeError('too big');");

        act.Should().Throw<ScriptFailedException>().WithMessage("RangeError: too big (line 2, column *)");
    }

    [Fact]
    public void Thrown_non_errors_are_reported()
    {
        var act = () => Run("throw 'stop here'");

        act.Should().Throw<ScriptFailedException>().WithMessage("Uncaught stop here*");
    }

    [Fact]
    public void Syntax_errors_report_line_and_column()
    {
        var act = () => Run("var a = 1;\nvar b = ;");

        act.Should().Throw<ScriptFailedException>().WithMessage("SyntaxError: Unexpected token*(line 2, column 9)");
    }

    [Fact]
    public void Json_and_math_built_ins_are_available() =>
        Run("JSON.stringify({ p: Math.min(3, priority) })", new() { ["priority"] = 5 }).Value.Should().Be("""{"p":3}""");
}
