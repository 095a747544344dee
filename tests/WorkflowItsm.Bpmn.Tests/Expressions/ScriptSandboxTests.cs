using System.Diagnostics;
using WorkflowItsm.Bpmn.Expressions;

namespace WorkflowItsm.Bpmn.Tests.Expressions;

/// <summary>Hostile scripts are stopped with a clear message and the engine keeps working afterwards.</summary>
public sealed class ScriptSandboxTests
{
    private static void ShouldFailThenRecover(JintScriptEngine engine, string script, string expectedMessage)
    {
        var act = () => engine.Run(script, new DictionaryVariableScope());

        act.Should().Throw<ScriptFailedException>().WithMessage(expectedMessage);
        engine.Evaluate("${a + 1}", new DictionaryVariableScope(new() { ["a"] = 1 })).Should().Be(2L);
        engine.Run("execution.setVariable('ok', true)", new DictionaryVariableScope()).SetVariables["ok"].Should().Be(true);
    }

    [Fact]
    public void An_endless_loop_hits_the_statement_limit()
    {
        using var engine = new JintScriptEngine();

        ShouldFailThenRecover(engine, "while (true) {}", "Script exceeded its statement limit of 100000 statements*");
    }

    [Fact]
    public void An_endless_loop_hits_the_time_limit_when_statements_are_unlimited()
    {
        using var engine = new JintScriptEngine(new ScriptSandboxOptions { MaxStatements = int.MaxValue, TimeLimit = TimeSpan.FromMilliseconds(200) });
        var clock = Stopwatch.StartNew();

        ShouldFailThenRecover(engine, "while (true) {}", "Script exceeded its time limit of 200 ms");

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Unbounded_allocation_hits_the_memory_limit()
    {
        using var engine = new JintScriptEngine();

        ShouldFailThenRecover(engine, "var a = []; while (true) a.push(new Array(1e6).fill(1))", "Script exceeded its memory limit of 16777216 bytes");
    }

    [Fact]
    public void Doubling_a_string_hits_the_memory_limit()
    {
        using var engine = new JintScriptEngine(new ScriptSandboxOptions { MaxStatements = int.MaxValue });

        ShouldFailThenRecover(engine, "var s = 'x'; while (true) s += s;", "Script exceeded its memory limit*");
    }

    /// <summary>Single built-in calls whose result dwarfs their input are refused before they allocate.</summary>
    [Theory]
    [InlineData("'x'.repeat(1e9)", "RangeError: String.prototype.repeat would build a string beyond the script memory limit*")]
    [InlineData("'x'.padStart(1e9)", "RangeError: String.prototype.padStart would build a string beyond*")]
    [InlineData("'a'.repeat(1e4).replaceAll('a', 'b'.repeat(1e5))", "RangeError: String.prototype.replaceAll would build a string beyond*")]
    [InlineData("'a'.repeat(1e4).replace(/a/g, 'b'.repeat(5e4))", "RangeError: String.prototype.replace would build a string beyond*")]
    [InlineData("'x'.repeat(3000).replace(/x/g, \"$'\")", "RangeError: String.prototype.replace would build a string beyond*")]
    [InlineData("new Array(1e5).fill('x'.repeat(1e4)).join('')", "RangeError: Array.prototype.join would build a string beyond*")]
    [InlineData("String(new Array(1e5).fill('x'.repeat(1e4)))", "RangeError: Array.prototype.join would build a string beyond*")]
    [InlineData("JSON.stringify(new Array(1e5).fill('x'.repeat(1e4)))", "RangeError: JSON.stringify would build a string beyond*")]
    [InlineData("var row = new Array(1000).fill(1); new Array(1000).fill(new Array(1000).fill(row)).flat(Infinity)", "RangeError: Array.prototype.flat would handle more elements*")]
    [InlineData("var a = []; a.length = 4e9; a.indexOf(1)", "RangeError: Array.prototype.indexOf would handle more elements*")]
    [InlineData("var a = []; a.length = 1e9; a.toReversed()", "RangeError: Array.prototype.toReversed would handle more elements*")]
    [InlineData("var a = []; a.length = 4e9; [].concat(a)", "RangeError: Array.prototype.concat would handle more elements*")]
    [InlineData("var big = 'x'.repeat(1e6); ''.concat(...new Array(100).fill(big))", "RangeError: String.prototype.concat would build a string beyond*")]
    [InlineData("var big = 'x'.repeat(1e6); String.raw({ raw: new Array(100).fill(big) })", "RangeError: String.raw would build a string beyond*")]
    [InlineData("Math.max.apply(null, { length: 1e9 })", "RangeError: Function.prototype.apply would handle more elements*")]
    [InlineData("new Uint8Array(1e9)", "ReferenceError: Uint8Array is not defined*")]
    [InlineData("new ArrayBuffer(2e9)", "ReferenceError: ArrayBuffer is not defined*")]
    public void Amplifying_built_ins_are_refused_before_they_allocate(string script, string expectedMessage)
    {
        using var engine = new JintScriptEngine();

        ShouldFailThenRecover(engine, script, expectedMessage);
    }

    [Fact]
    public void Flat_map_returning_one_big_row_per_element_is_stopped()
    {
        using var engine = new JintScriptEngine();

        var act = () => engine.Run("var row = new Array(1e5).fill(1); new Array(1e5).fill(0).flatMap(() => row)", new DictionaryVariableScope());

        // Whichever trips first: the flatMap meter or Jint's own check on the growing result.
        act.Should().Throw<ScriptFailedException>().Which.Message.Should().ContainAny("flatMap would handle more elements", "memory limit");
    }

    [Theory]
    [InlineData("[1, null, undefined, 'a', [2, 3]].join()", "1,,,a,2,3")]
    [InlineData("var a = [1]; a.push(a); a.join('+')", "1+")]
    [InlineData("String([1, [2, 3]])", "1,2,3")]
    [InlineData("[1234.5, null, 'x'].toLocaleString()", "1,234.5,,x")]
    [InlineData("'a.b.c'.replaceAll('.', '!')", "a!b!c")]
    [InlineData("'a-b-c'.replace(/-/g, m => '[' + m + ']')", "a[-]b[-]c")]
    [InlineData("'ab'.repeat(3) + 'x'.padStart(3, '-')", "ababab--x")]
    [InlineData("JSON.stringify({ a: 1, b: 2, c: { a: 3, d: 4 } }, ['a', 'c'])", "{\"a\":1,\"c\":{\"a\":3}}")]
    [InlineData("JSON.stringify({ a: 1, b: 'x' }, (k, v) => typeof v === 'number' ? v * 10 : v)", "{\"a\":10,\"b\":\"x\"}")]
    [InlineData("JSON.stringify({ a: [1] }, null, 1)", "{\n \"a\": [\n  1\n ]\n}")]
    [InlineData("[1, [2, [3, [4]]]].flat(Infinity).join('-')", "1-2-3-4")]
    [InlineData("Math.max.apply(null, [1, 5, 3])", 5L)]
    [InlineData("'a'.concat(1, null, [2, 3])", "a1null2,3")]
    [InlineData("String.raw`a${1 + 1}b`", "a2b")]
    [InlineData("[1, 2].flatMap(x => [x, x * 10]).join()", "1,10,2,20")]
    public void Bounded_built_ins_keep_their_normal_behaviour(string script, object expected)
    {
        using var engine = new JintScriptEngine();

        engine.Run(script, new DictionaryVariableScope()).Value.Should().Be(expected);
    }

    [Fact]
    public void Memory_is_limited_per_run_not_per_engine()
    {
        using var engine = new JintScriptEngine();

        for (var i = 0; i < 5; i++)
        {
            engine.Run("new Array(4e5).fill(1).length", new DictionaryVariableScope()).Value.Should().Be(400_000L);
        }
    }

    [Fact]
    public void A_catastrophic_regular_expression_is_stopped_by_the_time_limit()
    {
        using var engine = new JintScriptEngine(new ScriptSandboxOptions { TimeLimit = TimeSpan.FromMilliseconds(300) });

        ShouldFailThenRecover(engine, "/^(a+)+$/.test('a'.repeat(40) + 'b')", "Script exceeded its time limit of 300 ms");
    }

    [Fact]
    public void Unbounded_recursion_hits_the_recursion_limit()
    {
        using var engine = new JintScriptEngine();

        ShouldFailThenRecover(engine, "function f(n) { return f(n + 1) + 1 } f(0)", "Script exceeded its recursion limit of 256 nested calls");
    }

    [Fact]
    public void Bounded_recursion_below_the_limit_works()
    {
        using var engine = new JintScriptEngine();

        engine.Run("function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } fact(20)", new DictionaryVariableScope())
            .Value.Should().Be(2432902008176640000L);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')", "ReferenceError: System is not defined*")]
    [InlineData("importNamespace('System.IO')", "ReferenceError: importNamespace is not defined*")]
    [InlineData("clrHelper.typeOf(1)", "ReferenceError: clrHelper is not defined*")]
    [InlineData("require('fs')", "ReferenceError: require is not defined*")]
    [InlineData("fetch('http://example.com')", "ReferenceError: fetch is not defined*")]
    [InlineData("eval('1 + 1')", "*String compilation has been disabled*")]
    [InlineData("new Function('return this')()", "*String compilation has been disabled*")]
    [InlineData("[].constructor.constructor('return 1')()", "*String compilation has been disabled*")]
    [InlineData("execution.getVariable.constructor('return 1')()", "*String compilation has been disabled*")]
    public void The_clr_and_dynamic_code_are_out_of_reach(string script, string expectedMessage)
    {
        using var engine = new JintScriptEngine();

        ShouldFailThenRecover(engine, script, expectedMessage);
    }

    [Fact]
    public void Execution_object_cannot_be_tampered_with()
    {
        using var engine = new JintScriptEngine();

        ShouldFailThenRecover(engine, "execution.getVariable = () => 'forged'", "TypeError*");
        engine.Run("execution.getVariable('x')", new DictionaryVariableScope(new() { ["x"] = "real" })).Value.Should().Be("real");
    }

    [Fact]
    public void A_limit_in_one_thread_does_not_disturb_evaluations_in_others()
    {
        using var engine = new JintScriptEngine();
        var failures = 0;

        Parallel.For(0, 40, i =>
        {
            if (i % 10 == 0)
            {
                try
                {
                    engine.Run("while (true) {}", new DictionaryVariableScope());
                }
                catch (ScriptFailedException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
            else
            {
                engine.Evaluate("${i * i}", new DictionaryVariableScope(new() { ["i"] = i })).Should().Be((long)i * i);
            }
        });

        failures.Should().Be(4);
    }
}
