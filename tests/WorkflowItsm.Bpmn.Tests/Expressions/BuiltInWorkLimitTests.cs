using System.Diagnostics;
using WorkflowItsm.Bpmn.Expressions;

namespace WorkflowItsm.Bpmn.Tests.Expressions;

/// <summary>
/// Work done inside one built-in call (string conversion of a shared nested array, join, JSON, flat, regex) is held
/// to the time and memory limits, not only the statements around it (issue 14, section 6).
/// </summary>
public sealed class BuiltInWorkLimitTests
{
    /// <summary>2^21 leaves shared through 21 levels: a few statements, millions of characters once converted.</summary>
    private const string SharedTree = "var a = [1]; for (var i = 0; i < 21; i++) a = [a, a]; ";

    [Theory]
    [InlineData("String(a)")]
    [InlineData("a.join()")]
    [InlineData("a.toString()")]
    [InlineData("'' + a")]
    [InlineData("`${a}`")]
    [InlineData("a.toLocaleString()")]
    [InlineData("JSON.stringify(a)")]
    [InlineData("a.flat(Infinity).length")]
    [InlineData("[a, 1].sort().length")]
    public void A_bomb_inside_a_built_in_is_stopped_by_a_sandbox_limit(string use)
    {
        var script = SharedTree + use;
        using var engine = new JintScriptEngine();
        engine.Run("1", new DictionaryVariableScope()); // builds the pooled sandbox, so the clock times the bomb alone
        var clock = Stopwatch.StartNew();

        var act = () => engine.Run(script, new DictionaryVariableScope());

        var failure = act.Should().Throw<ScriptFailedException>().Which;
        failure.Message.Should().MatchRegex("time limit|memory limit|statement limit");
        failure.IsSandboxLimit.Should().BeTrue();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the limit is 1 s; this is only a sanity bound for a loaded machine");
    }

    [Theory]
    [InlineData("var r = [1, 2]; [r, r, [r]].flat(Infinity).join()", "1,2,1,2,1,2")]
    [InlineData("var r = [1, [2]]; [r, r].flat().length", 4L)]
    [InlineData(SharedTree + "var b = a; for (var j = 0; j < 19; j++) b = b[0]; b.flat(Infinity).join()", "1,1,1,1")]
    public void Flattening_shared_rows_counts_each_occurrence(string script, object expected)
    {
        using var engine = new JintScriptEngine();

        engine.Run(script, new DictionaryVariableScope()).Value.Should().Be(expected);
    }

    [Fact]
    public void Flattening_an_array_that_contains_itself_is_refused()
    {
        using var engine = new JintScriptEngine();

        var act = () => engine.Run("var a = [1]; a.push(a); a.flat(Infinity)", new DictionaryVariableScope());

        act.Should().Throw<ScriptFailedException>().WithMessage("RangeError: Array.prototype.flat would handle more elements*")
            .Which.IsSandboxLimit.Should().BeTrue();
    }

    [Fact]
    public void A_script_error_that_is_no_limit_is_not_marked_as_one()
    {
        using var engine = new JintScriptEngine();

        var act = () => engine.Run("throw new RangeError('my own')", new DictionaryVariableScope());

        act.Should().Throw<ScriptFailedException>().WithMessage("RangeError: my own*").Which.IsSandboxLimit.Should().BeFalse();
    }
}
