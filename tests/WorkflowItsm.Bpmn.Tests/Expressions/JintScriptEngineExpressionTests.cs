using WorkflowItsm.Bpmn.Expressions;

namespace WorkflowItsm.Bpmn.Tests.Expressions;

public sealed class JintScriptEngineExpressionTests : IDisposable
{
    private readonly JintScriptEngine _engine = new();

    public void Dispose() => _engine.Dispose();

    private object? Evaluate(string expression, Dictionary<string, object?>? variables = null) =>
        _engine.Evaluate(expression, new DictionaryVariableScope(variables ?? []));

    [Theory]
    [InlineData("${priority <= 2}", 1L, true)]
    [InlineData("${priority <= 2}", 3L, false)]
    [InlineData("#{priority <= 2}", 2L, true)]
    [InlineData("priority <= 2", 2L, true)]
    [InlineData("  ${ priority > 2 }  ", 5L, true)]
    public void Condition_expressions_accept_camunda_wrappers_and_bare_text(string expression, long priority, bool expected) =>
        Evaluate(expression, new() { ["priority"] = priority }).Should().Be(expected);

    [Fact]
    public void Arithmetic_of_whole_numbers_returns_a_long() =>
        Evaluate("${impact * urgency}", new() { ["impact"] = 2, ["urgency"] = 3L }).Should().Be(6L);

    [Fact]
    public void Fractional_results_return_a_double() =>
        Evaluate("${impact / urgency}", new() { ["impact"] = 1, ["urgency"] = 4 }).Should().Be(0.25);

    [Theory]
    [InlineData("${category == 'network'}", true)]
    [InlineData("${category === 'hardware'}", false)]
    [InlineData("${category.startsWith('net') && category.length == 7}", true)]
    [InlineData("${category < 'zzz'}", true)]
    public void String_comparisons_work(string expression, bool expected) =>
        Evaluate(expression, new() { ["category"] = "network" }).Should().Be(expected);

    [Fact]
    public void Object_and_array_variables_are_readable() =>
        Evaluate(
                "${ticket.tags.includes('vip') && ticket.caller.name == 'Ada' && ticket.tags.length == 2}",
                new()
                {
                    ["ticket"] = new Dictionary<string, object?>
                    {
                        ["tags"] = new List<object?> { "vip", "urgent" },
                        ["caller"] = new Dictionary<string, object?> { ["name"] = "Ada" },
                    },
                })
            .Should().Be(true);

    [Fact]
    public void An_undefined_variable_fails_naming_it()
    {
        var act = () => Evaluate("${priority <= 2}");

        act.Should().Throw<ScriptFailedException>().WithMessage("ReferenceError: priority is not defined*");
    }

    [Fact]
    public void Typeof_tests_a_missing_variable_without_failing() =>
        Evaluate("${typeof approver === 'undefined'}").Should().Be(true);

    [Fact]
    public void Only_the_referenced_variables_are_looked_up()
    {
        var scope = new DictionaryVariableScope(new() { ["a"] = 1, ["b"] = 2, ["unused"] = 3 });

        _engine.Evaluate("${a + b}", scope).Should().Be(3L);

        scope.LookedUp.Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public void Variables_of_one_evaluation_do_not_leak_into_the_next()
    {
        Evaluate("${x + 1}", new() { ["x"] = 1 }).Should().Be(2L);

        var act = () => Evaluate("${x + 1}");

        act.Should().Throw<ScriptFailedException>().WithMessage("ReferenceError: x is not defined*");
    }

    [Fact]
    public void The_same_compiled_expression_sees_each_evaluations_values()
    {
        for (var i = 0; i < 5; i++)
        {
            Evaluate("${n * 10}", new() { ["n"] = i }).Should().Be(i * 10L);
        }
    }

    [Fact]
    public void Globals_written_by_an_expression_are_gone_afterwards()
    {
        Evaluate("${globalThis.leak = 5}").Should().Be(5L);

        Evaluate("${typeof leak}").Should().Be("undefined");
    }

    [Fact]
    public void Execution_get_variable_works_in_expressions() =>
        Evaluate("${execution.getVariable('amount') > 100}", new() { ["amount"] = 150.5 }).Should().Be(true);

    [Fact]
    public void Execution_set_variable_is_refused_in_expressions()
    {
        var act = () => Evaluate("${execution.setVariable('x', 1)}");

        act.Should().Throw<ScriptFailedException>().WithMessage("TypeError: execution.setVariable is only available in scripts*");
    }

    [Fact]
    public void Statements_are_not_expressions()
    {
        var act = () => Evaluate("${a; while(true){}}", new() { ["a"] = 1 });

        act.Should().Throw<ScriptFailedException>().WithMessage("SyntaxError:*");
    }

    [Fact]
    public void A_syntax_error_reports_its_position_inside_the_expression()
    {
        var act = () => Evaluate("${priority <=}");

        act.Should().Throw<ScriptFailedException>().WithMessage("SyntaxError: Unexpected end of input (line 1, column 12)");
    }

    [Fact]
    public void A_runtime_error_reports_the_javascript_error_and_position()
    {
        var act = () => Evaluate("${ticket.caller.name}", new() { ["ticket"] = new Dictionary<string, object?>() });

        act.Should().Throw<ScriptFailedException>().WithMessage("TypeError: Cannot read properties of undefined*(line 1, column *)");
    }

    [Fact]
    public void An_empty_expression_is_an_error() =>
        _engine.Check("${ }", isExpression: true).Should().Contain("empty");

    [Theory]
    [InlineData("${a >= 3}", true, null)]
    [InlineData("${a >= }", true, "SyntaxError")]
    [InlineData("var x = 1; x + 2", false, null)]
    [InlineData("var x = ;", false, "SyntaxError")]
    [InlineData("with (a) { b }", false, "SyntaxError")] // strict mode forbids with
    public void Check_returns_null_or_the_parse_error(string source, bool isExpression, string? expectedError)
    {
        var error = _engine.Check(source, isExpression);

        if (expectedError is null)
        {
            error.Should().BeNull();
        }
        else
        {
            error.Should().StartWith(expectedError);
        }
    }

    [Fact]
    public void Object_literals_are_expressions() =>
        Evaluate("${ {level: p * 2} }", new() { ["p"] = 2 })
            .Should().BeEquivalentTo(new Dictionary<string, object?> { ["level"] = 4L });

    [Fact]
    public void Parallel_evaluations_on_many_threads_agree()
    {
        var results = new long[200];

        Parallel.For(0, results.Length, i => results[i] = (long)Evaluate("${i * 2 + offset}", new() { ["i"] = i, ["offset"] = 1 })!);

        results.Should().Equal(Enumerable.Range(0, 200).Select(i => i * 2L + 1));
    }
}
