using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Expressions.Juel;

namespace WorkflowItsm.Bpmn.Tests.Expressions;

/// <summary>JUEL as Camunda 7 evaluates it: EL's operators in word and symbol form, its coercions, its null rules, and a closed list of methods.</summary>
public sealed class JuelExpressionTests
{
    private static readonly DictionaryVariableScope Variables = new(new Dictionary<string, object?>
    {
        ["x"] = "1",
        ["y"] = "2",
        ["approved"] = false,
        ["amount"] = 1600L,
        ["rate"] = 0.5,
        ["name"] = "Laptop",
        ["blank"] = "",
        ["nothing"] = null,
        ["items"] = new List<object?> { 1L, "two", 3.5 },
        ["none"] = new List<object?>(),
        ["order"] = new Dictionary<string, object?> { ["total"] = 12L, ["customer"] = new Dictionary<string, object?> { ["name"] = "Ada" } },
        ["flag"] = "TRUE",
    });

    private static object? Eval(string expression) => JuelExpressions.Evaluate(expression, Variables);

    [Theory]
    // The issue's case: strings that read as integers add as integers.
    [InlineData("${x + y == 3}", true)]
    [InlineData("${x + y}", 3L)]
    [InlineData("${x + 1.5}", 2.5)]
    [InlineData("${'1.5' + 1}", 2.5)]
    [InlineData("${amount * 2}", 3200L)]
    [InlineData("${amount / 4}", 400.0)]
    [InlineData("${amount div 3 > 533}", true)]
    [InlineData("${amount mod 7}", 4L)]
    [InlineData("${amount % 7.0}", 4.0)]
    [InlineData("${-x}", -1L)]
    [InlineData("${-rate}", -0.5)]
    [InlineData("${nothing + nothing}", 0L)]
    [InlineData("${nothing + 1}", 1L)]
    [InlineData("${rate * 4 == 2}", true)]
    public void Arithmetic_follows_EL_coercion(string expression, object expected) =>
        // The type too: FluentAssertions finds 3200L and 3200.0 equal, EL does not produce one for the other.
        Eval(expression).Should().Be(expected).And.BeOfType(expected.GetType());

    [Theory]
    [InlineData("${not approved}", true)]
    [InlineData("${!approved && amount > 1500}", true)]
    [InlineData("${approved or amount gt 1500}", true)]
    [InlineData("${approved and nothing.missing}", false)]
    [InlineData("${amount ge 1600 and amount le 1600}", true)]
    [InlineData("${amount lt 1600}", false)]
    [InlineData("${amount ne 1600}", false)]
    [InlineData("${amount eq '1600'}", true)]
    [InlineData("${name eq 'Laptop'}", true)]
    [InlineData("${name == \"Laptop\"}", true)]
    [InlineData("${name < 'Monitor'}", true)]
    [InlineData("${nothing == null}", true)]
    [InlineData("${nothing < 1}", false)]
    [InlineData("${nothing <= nothing}", true)]
    [InlineData("${flag == true}", true)]
    [InlineData("${rate == 0.5}", true)]
    [InlineData("${1 == 1.0}", true)]
    public void Comparison_and_logic_follow_EL(string expression, bool expected) => Eval(expression).Should().Be(expected);

    [Theory]
    [InlineData("${empty nothing}", true)]
    [InlineData("${empty blank}", true)]
    [InlineData("${empty none}", true)]
    [InlineData("${empty items}", false)]
    [InlineData("${not empty name}", true)]
    [InlineData("${empty order}", false)]
    public void Empty_is_true_for_null_empty_strings_and_empty_collections(string expression, bool expected) => Eval(expression).Should().Be(expected);

    [Theory]
    [InlineData("${order.total}", 12L)]
    [InlineData("${order['total']}", 12L)]
    [InlineData("${order.customer.name}", "Ada")]
    [InlineData("${order.missing}", null)]
    [InlineData("${nothing.anything}", null)]
    [InlineData("${items[1]}", "two")]
    [InlineData("${items['2']}", 3.5)]
    [InlineData("${items[9]}", null)]
    [InlineData("${amount > 1500 ? 'finance' : 'manager'}", "finance")]
    [InlineData("${approved ? 1 : 2}", 2L)]
    [InlineData("${amount lt x ? amount : x}", "1")]
    [InlineData("${approved ? name:x}", "1")]
    [InlineData("${(amount - 100) * 2}", 3000L)]
    [InlineData("order.total", 12L)]
    public void Properties_indexes_and_the_conditional(string expression, object? expected) => Eval(expression).Should().Be(expected);

    [Theory]
    [InlineData("${name.length()}", 6L)]
    [InlineData("${name.toUpperCase()}", "LAPTOP")]
    [InlineData("${name.startsWith('Lap')}", true)]
    [InlineData("${name.contains('top')}", true)]
    [InlineData("${name.substring(3)}", "top")]
    [InlineData("${name.equalsIgnoreCase('laptop')}", true)]
    [InlineData("${items.size()}", 3L)]
    [InlineData("${items.contains('two')}", true)]
    [InlineData("${items.contains(1)}", true)]
    [InlineData("${order.containsKey('total')}", true)]
    [InlineData("${order.get('total')}", 12L)]
    [InlineData("${amount.intValue()}", 1600L)]
    [InlineData("${rate.toString()}", "0.5")]
    [InlineData("${amount.toString()}", "1600")]
    [InlineData("${execution.getVariable('name')}", "Laptop")]
    [InlineData("${execution.hasVariable('missing')}", false)]
    [InlineData("#{execution.getVariable('amount') > 1000}", true)]
    public void Allowed_methods_and_the_execution(string expression, object expected) => Eval(expression).Should().Be(expected).And.BeOfType(expected.GetType());

    [Theory]
    [InlineData("${unknownVariable}", "Cannot resolve identifier 'unknownVariable'")]
    [InlineData("${name.getClass()}", "getClass() with 0 argument(s) cannot be called on 'Laptop'")]
    [InlineData("${execution.setVariable('a', 1)}", "set the variable in a script task")]
    [InlineData("${'abc' + 1}", "'abc' cannot be converted to an integer")]
    [InlineData("${approved + 1}", "false cannot be converted to a number")]
    [InlineData("${amount mod 0}", "Division by zero")]
    [InlineData("${nothing.toString()}", "Cannot call toString() on null")]
    [InlineData("${amount >}", "Expected a value, a variable or '(' at position 9")]
    [InlineData("${name.}", "Expected a property or method name")]
    [InlineData("${'open}", "is not closed")]
    [InlineData("${fn:length(name)}", "EL functions are not supported")]
    [InlineData("${a # b}", "Unexpected character '#'")]
    public void Failures_name_what_went_wrong(string expression, string message)
    {
        var evaluate = () => Eval(expression);

        evaluate.Should().Throw<ScriptFailedException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Check_reports_syntax_without_evaluating_and_accepts_valid_text()
    {
        JuelExpressions.Check("${amount > 1500 && not approved}").Should().BeNull();
        JuelExpressions.Check("${amount > }").Should().Contain("position");
        JuelExpressions.Check("${unknown.method()}").Should().BeNull("an unknown variable is found only when evaluated");
    }

    [Fact]
    public void Word_operators_are_not_variable_names_but_longer_names_that_start_with_them_are()
    {
        var scope = new DictionaryVariableScope(new Dictionary<string, object?> { ["order"] = 1L, ["android"] = true, ["notes"] = "x", ["empty1"] = "" });

        JuelExpressions.Evaluate("${order + 1}", scope).Should().Be(2L);
        JuelExpressions.Evaluate("${android and not empty notes}", scope).Should().Be(true);
        JuelExpressions.Evaluate("${empty1}", scope).Should().Be("");
    }

    [Fact]
    public void Operators_bind_by_EL_precedence()
    {
        Eval("${1 + 2 * 3}").Should().Be(7L).And.BeOfType<long>();
        Eval("${(1 + 2) * 3}").Should().Be(9L);
        Eval("${1 < 2 == true}").Should().Be(true);
        Eval("${true or false and false}").Should().Be(true);
        Eval("${not true == false}").Should().Be(true, "not binds tighter than ==: (not true) == false");
        Eval("${- 2 * 3}").Should().Be(-6L);
        Eval("${10 - 4 - 3}").Should().Be(3L, "left-associative");
        Eval("${1.5e2 + 0}").Should().Be(150.0);
    }
}
