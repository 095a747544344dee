using WorkflowItsm.Bpmn.Dmn;
using static WorkflowItsm.Bpmn.Tests.Dmn.DmnTables;

namespace WorkflowItsm.Bpmn.Tests.Dmn;

/// <summary>Input entries as Camunda 7 reads them: one cell, one input value, matches or not.</summary>
public sealed class FeelUnaryTestTests
{
    private static bool Matches(string cell, object? value, string? typeRef = null, Dictionary<string, object?>? more = null)
    {
        var xml = Table("d", "FIRST", [new Input("x", typeRef)], [new Output("matched", "boolean")], [[cell, "true"]]);
        var variables = more ?? [];
        variables["x"] = value;
        return Decision(xml).Evaluate(variables).Count == 1;
    }

    [Theory]
    [InlineData("-", 42L, true)]
    [InlineData("", "anything", true)]
    [InlineData("5", 5L, true)]
    [InlineData("5", 5.0, true)]
    [InlineData("5", 6L, false)]
    [InlineData("< 10", 9L, true)]
    [InlineData("< 10", 10L, false)]
    [InlineData("<= 10", 10L, true)]
    [InlineData("> 10", 10L, false)]
    [InlineData(">= 10", 10.5, true)]
    [InlineData("< -5", -6L, true)]
    [InlineData("[1..10]", 1L, true)]
    [InlineData("[1..10]", 10L, true)]
    [InlineData("(1..10)", 1L, false)]
    [InlineData("(1..10)", 10L, false)]
    [InlineData("]1..10[", 5L, true)]
    [InlineData("[1..10)", 10L, false)]
    [InlineData("[1..10]", 11L, false)]
    [InlineData("1, 3, 5", 3L, true)]
    [InlineData("1, 3, 5", 4L, false)]
    [InlineData("< 0, > 100", 150L, true)]
    public void Numbers_compare_by_value(string cell, object value, bool expected) => Matches(cell, value).Should().Be(expected);

    [Theory]
    [InlineData("\"gold\"", "gold", true)]
    [InlineData("\"gold\"", "Gold", false)]
    [InlineData("\"gold\",\"silver\"", "silver", true)]
    [InlineData("\"gold\", \"silver\"", "bronze", false)]
    [InlineData("not(\"gold\")", "silver", true)]
    [InlineData("not(\"gold\", \"silver\")", "silver", false)]
    [InlineData("\"a, b\"", "a, b", true)]
    public void Strings_match_exactly_and_lists_and_not_combine(string cell, string value, bool expected) =>
        Matches(cell, value).Should().Be(expected);

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("true", false, false)]
    [InlineData("false", false, true)]
    [InlineData("not(true)", false, true)]
    public void Booleans(string cell, bool value, bool expected) => Matches(cell, value).Should().Be(expected);

    [Fact]
    public void Null_matches_only_a_missing_value_and_comparisons_do_not_match_it()
    {
        Matches("null", null).Should().BeTrue();
        Matches("null", 0L).Should().BeFalse();
        Matches("< 10", null).Should().BeFalse();
        Matches("not(null)", 3L).Should().BeTrue();
    }

    [Theory]
    [InlineData("date(\"2024-03-01\")", "2024-03-01", true)]
    [InlineData("< date(\"2024-03-01\")", "2024-02-29", true)]
    [InlineData(">= date(\"2024-03-01\")", "2024-02-29", false)]
    [InlineData("[date(\"2024-01-01\")..date(\"2024-12-31\")]", "2024-12-31", true)]
    [InlineData("[date(\"2024-01-01\")..date(\"2024-12-31\")]", "2025-01-01", false)]
    [InlineData("> date and time(\"2024-03-01T08:00:00\")", "2024-03-01T08:30:00", true)]
    [InlineData("< date and time(\"2024-03-01T08:00:00\")", "2024-03-01T08:30:00", false)]
    public void Dates_compare_with_date_values_and_iso_texts(string cell, string value, bool expected)
    {
        Matches(cell, value).Should().Be(expected, "the value arrives as JSON text");
        var typed = value.Contains('T') ? (object)DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Matches(cell, typed).Should().Be(expected, "the value is a date");
    }

    [Theory]
    [InlineData("> duration(\"PT4H\")", "PT5H", true)]
    [InlineData("<= duration(\"P1D\")", "PT25H", false)]
    [InlineData("[duration(\"PT1H\")..duration(\"PT8H\")]", "PT8H", true)]
    [InlineData("> duration(\"P1Y\")", "P1Y2M", true)]
    public void Durations_compare_by_length(string cell, string value, bool expected) => Matches(cell, value).Should().Be(expected);

    [Fact]
    public void A_cell_with_question_mark_or_the_input_variable_is_a_condition_on_the_input()
    {
        Matches("? > limit * 2", 21L, more: new() { ["limit"] = 10L }).Should().BeTrue();
        Matches("? > limit * 2", 20L, more: new() { ["limit"] = 10L }).Should().BeFalse();
        Matches("cellInput > 5", 6L).Should().BeTrue();
        Matches("cellInput > 5", 5L).Should().BeFalse();
    }

    [Fact]
    public void A_cell_may_compare_with_another_variable()
    {
        Matches("< budget", 90L, more: new() { ["budget"] = 100.5 }).Should().BeTrue();
        Matches("budget", 100L, more: new() { ["budget"] = 100L }).Should().BeTrue();
    }

    [Fact]
    public void An_input_typed_integer_takes_a_numeric_text_and_refuses_a_word_naming_the_input()
    {
        Matches("> 5", "7", "integer").Should().BeTrue();
        var act = () => Matches("> 5", "seven", "integer");
        act.Should().Throw<DmnInputException>().Where(e => e.InputName == "x" && e.DecisionId == "d")
            .WithMessage("*input 'x'*\"seven\"*integer*");
    }

    [Fact]
    public void An_input_typed_boolean_takes_true_as_text()
    {
        Matches("true", "true", "boolean").Should().BeTrue();
        var act = () => Matches("true", "yes", "boolean");
        act.Should().Throw<DmnInputException>();
    }
}
