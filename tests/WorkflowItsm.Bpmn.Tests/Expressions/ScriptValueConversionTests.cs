using System.Text.Json;
using WorkflowItsm.Bpmn.Expressions;

namespace WorkflowItsm.Bpmn.Tests.Expressions;

public sealed class ScriptValueConversionTests : IDisposable
{
    private readonly JintScriptEngine _engine = new();

    public void Dispose() => _engine.Dispose();

    private object? RoundTrip(object? value) =>
        _engine.Evaluate("${value}", new DictionaryVariableScope(new() { ["value"] = value }));

    [Theory]
    [InlineData(null, null)]
    [InlineData(true, true)]
    [InlineData("text", "text")]
    [InlineData(42, 42L)]
    [InlineData(42L, 42L)]
    [InlineData(-7L, -7L)]
    [InlineData(2.5, 2.5)]
    [InlineData(3.0, 3L)]
    public void Scalars_round_trip(object? value, object? expected) => RoundTrip(value).Should().Be(expected);

    [Fact]
    public void Decimals_become_numbers() => RoundTrip(12.5m).Should().Be(12.5);

    [Fact]
    public void Large_longs_within_double_precision_round_trip() => RoundTrip(1L << 52).Should().Be(1L << 52);

    [Fact]
    public void Whole_numbers_beyond_long_range_stay_double() =>
        _engine.Evaluate("${1e20}", new DictionaryVariableScope()).Should().Be(1e20);

    [Fact]
    public void Date_time_offsets_become_iso_strings() =>
        RoundTrip(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2))).Should().Be("2026-03-04T05:06:07.0000000+02:00");

    [Fact]
    public void Javascript_dates_come_back_as_iso_strings() =>
        _engine.Evaluate("${new Date(Date.UTC(2026, 0, 31, 12, 0, 0))}", new DictionaryVariableScope())
            .Should().Be("2026-01-31T12:00:00.0000000+00:00");

    [Fact]
    public void Nested_lists_and_dictionaries_round_trip()
    {
        var value = new Dictionary<string, object?>
        {
            ["name"] = "router",
            ["ports"] = new List<object?> { 1L, 2L, null },
            ["owner"] = new Dictionary<string, object?> { ["id"] = 7L, ["active"] = false },
        };

        RoundTrip(value).Should().BeEquivalentTo(value);
    }

    [Fact]
    public void Read_only_dictionaries_and_enumerables_are_accepted()
    {
        IReadOnlyDictionary<string, object?> value = new Dictionary<string, object?> { ["ids"] = new[] { 1, 2, 3 } };

        RoundTrip(value).Should().BeEquivalentTo(new Dictionary<string, object?> { ["ids"] = new List<object?> { 1L, 2L, 3L } });
    }

    [Fact]
    public void Dictionaries_of_other_value_types_are_accepted() =>
        RoundTrip(new Dictionary<string, string> { ["a"] = "x" }).Should().BeEquivalentTo(new Dictionary<string, object?> { ["a"] = "x" });

    [Fact]
    public void Dictionaries_without_string_keys_are_rejected()
    {
        var act = () => RoundTrip(new Dictionary<int, string> { [1] = "x" });

        act.Should().Throw<ScriptFailedException>().WithMessage("*Int32 keys*keys must be strings");
    }

    [Fact]
    public void Json_elements_are_accepted()
    {
        var json = JsonDocument.Parse("""{"a":[1,2.5,"x",true,null],"b":{"c":1}}""").RootElement;

        RoundTrip(json).Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["a"] = new List<object?> { 1L, 2.5, "x", true, null },
            ["b"] = new Dictionary<string, object?> { ["c"] = 1L },
        });
    }

    [Fact]
    public void Undefined_becomes_null() =>
        _engine.Evaluate("${undefined}", new DictionaryVariableScope()).Should().BeNull();

    [Theory]
    [InlineData("${() => 1}", "function")]
    [InlineData("${Symbol('s')}", "symbol")]
    [InlineData("${ {f: function () {}} }", "function")]
    [InlineData("${0/0}", "NaN")]
    [InlineData("${1/0}", "Infinity")]
    public void Values_without_a_json_form_fail(string expression, string mentioned)
    {
        var act = () => _engine.Evaluate(expression, new DictionaryVariableScope());

        act.Should().Throw<ScriptFailedException>().WithMessage($"*{mentioned}*");
    }

    [Fact]
    public void Host_objects_are_not_passed_to_scripts()
    {
        var act = () => RoundTrip(new Uri("https://example.com"));

        act.Should().Throw<ScriptFailedException>().WithMessage("*Uri*JSON-compatible*");
    }

    [Fact]
    public void Cyclic_structures_are_rejected()
    {
        var cycle = new Dictionary<string, object?>();
        cycle["self"] = cycle;

        var act = () => RoundTrip(cycle);

        act.Should().Throw<ScriptFailedException>().WithMessage("*nested deeper*");
    }
}
