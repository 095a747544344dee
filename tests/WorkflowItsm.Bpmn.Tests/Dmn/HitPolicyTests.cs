using WorkflowItsm.Bpmn.Dmn;
using static WorkflowItsm.Bpmn.Tests.Dmn.DmnTables;

namespace WorkflowItsm.Bpmn.Tests.Dmn;

/// <summary>Each hit policy as Camunda 7's DMN engine applies it (and PRIORITY / OUTPUT ORDER as DMN 1.3 says).</summary>
public sealed class HitPolicyTests
{
    // amount → level, score: rules 1 and 2 overlap on 50..100.
    private static DmnDecisionResult Evaluate(string hitPolicy, long amount, string? aggregation = null, string? levels = null)
    {
        var outputs = aggregation is null
            ? new[] { new Output("level", "string", levels), new Output("score", "integer") }
            : [new Output("score", "integer")];
        string[][] rules = aggregation is null
            ? [[">= 50", "\"high\"", "10"], ["[0..100]", "\"low\"", "3"], ["> 75", "\"medium\"", "5"]]
            : [[">= 50", "10"], ["[0..100]", "3"], ["> 75", "5"]];
        var xml = Table("risk", hitPolicy, [new Input("amount", "integer")], outputs, rules, aggregation);
        return Decision(xml).Evaluate(Vars(("amount", amount)));
    }

    [Fact]
    public void Unique_gives_the_one_matching_rule()
    {
        var result = Evaluate("UNIQUE", 20);
        result.Should().ContainSingle();
        result.SingleResult.Should().BeEquivalentTo(new Dictionary<string, object?> { ["level"] = "low", ["score"] = 3L });
    }

    [Fact]
    public void Unique_with_two_matching_rules_is_an_error_naming_the_decision_and_the_rules()
    {
        var act = () => Evaluate("UNIQUE", 60);
        act.Should().Throw<DmnEvaluationException>().Where(e => e.DecisionId == "risk")
            .WithMessage("*'risk'*UNIQUE*'rule1', 'rule2'*");
    }

    [Fact]
    public void Unique_with_no_match_is_an_empty_result()
    {
        var miss = Decision(Table("d", "UNIQUE", [new Input("x")], [new Output("y")], [["1", "\"one\""]])).Evaluate(Vars(("x", 2L)));
        miss.Should().BeEmpty();
        miss.SingleResult.Should().BeNull();
        miss.SingleEntry.Should().BeNull();
    }

    [Fact]
    public void First_gives_the_first_matching_rule_in_table_order() =>
        Evaluate("FIRST", 90).SingleResult!["level"].Should().Be("high");

    [Fact]
    public void Any_with_equal_outputs_gives_one_and_with_different_outputs_is_an_error()
    {
        var xml = Table("same", "ANY", [new Input("x", "integer")], [new Output("y", "string")],
            [["> 1", "\"big\""], ["> 5", "\"big\""], ["> 10", "\"huge\""]]);
        Decision(xml).Evaluate(Vars(("x", 7L))).SingleEntry.Should().Be("big");

        var act = () => Decision(xml).Evaluate(Vars(("x", 20L)));
        act.Should().Throw<DmnEvaluationException>().WithMessage("*'same'*ANY*'rule1'*'rule3'*different*");
    }

    [Fact]
    public void Priority_gives_the_match_whose_output_comes_first_in_the_output_values() =>
        Evaluate("PRIORITY", 90, levels: "\"medium\",\"high\",\"low\"").SingleResult!["level"].Should().Be("medium");

    [Fact]
    public void Output_order_gives_all_matches_sorted_by_the_output_values()
    {
        var result = Evaluate("OUTPUT ORDER", 90, levels: "\"low\",\"medium\",\"high\"");
        result.CollectEntries("level").Should().Equal("low", "medium", "high");
    }

    [Fact]
    public void Rule_order_and_collect_give_all_matches_in_rule_order()
    {
        Evaluate("RULE ORDER", 90).CollectEntries("level").Should().Equal("high", "low", "medium");
        Evaluate("COLLECT", 90).CollectEntries("score").Should().Equal(10L, 3L, 5L);
        Evaluate("COLLECT", 60).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("SUM", 90, 18L)]
    [InlineData("MIN", 90, 3L)]
    [InlineData("MAX", 90, 10L)]
    [InlineData("COUNT", 90, 3L)]
    [InlineData("COUNT", 20, 1L)]
    public void Collect_aggregates_the_single_output(string aggregation, long amount, long expected)
    {
        var result = Evaluate("COLLECT", amount, aggregation);
        result.Should().ContainSingle();
        result.SingleEntry.Should().Be(expected);
        result.SingleResult!.Keys.Should().Equal("score");
    }

    [Fact]
    public void Collect_with_no_match_sums_to_nothing_and_counts_zero()
    {
        Evaluate("COLLECT", -1, "SUM").Should().BeEmpty();
        Evaluate("COLLECT", -1, "COUNT").SingleEntry.Should().Be(0L);
    }

    [Fact]
    public void Collect_sum_of_fractions_is_a_double()
    {
        var xml = Table("fees", "COLLECT", [new Input("x")], [new Output("fee", "double")], [["-", "1.25"], ["> 1", "2.5"]], "SUM");
        Decision(xml).Evaluate(Vars(("x", 2L))).SingleEntry.Should().Be(3.75);
    }

    [Fact]
    public void An_empty_output_cell_leaves_that_output_out_of_the_result_and_null_keeps_it()
    {
        var xml = Table("d", "RULE ORDER", [new Input("x")], [new Output("a"), new Output("b")], [["-", "1", ""], ["-", "null", "2"]]);
        var result = Decision(xml).Evaluate(Vars(("x", 1L)));
        result[0].Keys.Should().Equal("a");
        result[1].Should().BeEquivalentTo(new Dictionary<string, object?> { ["a"] = null, ["b"] = 2L });
    }

    [Fact]
    public void Output_entries_compute_from_variables()
    {
        var xml = Table("d", "UNIQUE", [new Input("amount")], [new Output("fee"), new Output("text", "string"), new Output("band")],
            [["-", "amount * 0.1 + 5", "\"Fee for \" + customer", "if amount > 100 then \"large\" else \"small\""]]);
        var result = Decision(xml).Evaluate(Vars(("amount", 200L), ("customer", "ACME")));
        result.SingleResult.Should().BeEquivalentTo(new Dictionary<string, object?> { ["fee"] = 25L, ["text"] = "Fee for ACME", ["band"] = "large" });
    }

    [Fact]
    public void Single_entry_with_two_outputs_is_an_error_naming_the_decision()
    {
        var act = () => Evaluate("FIRST", 20).SingleEntry;
        act.Should().Throw<DmnEvaluationException>().WithMessage("*'risk'*2 outputs*");
    }

    [Fact]
    public void Input_paths_and_juel_input_expressions_read_the_variables()
    {
        var xml = Table("d", "FIRST", [new Input("customer.tier"), new Input("${amount + 1}", "integer", "juel")], [new Output("ok", "boolean")],
            [["\"gold\"", "> 100", "true"], ["-", "-", "false"]]);
        var customer = new Dictionary<string, object?> { ["tier"] = "gold" };
        Decision(xml).Evaluate(Vars(("customer", customer), ("amount", 100L))).SingleEntry.Should().Be(true);
        Decision(xml).Evaluate(Vars(("customer", customer), ("amount", 99L))).SingleEntry.Should().Be(false);
    }

    [Fact]
    public void A_camunda_dmn_11_model_with_juel_cells_evaluates()
    {
        var xml = Table("dish", "UNIQUE", [new Input("season", "string"), new Input("guestCount", "integer")], [new Output("desiredDish", "string")],
            [["\"Fall\"", "<= 8", "\"Spareribs\""], ["\"Winter\"", "<= 8", "\"Roastbeef\""], ["\"Spring\"", "[5..8]", "\"Steak\""],
             ["\"Fall\", \"Winter\", \"Spring\"", "> 8", "\"Stew\""], ["\"Summer\"", "-", "\"Light Salad and a nice Steak\""]],
            ns: Dmn11);
        var decision = Decision(xml);
        decision.Evaluate(Vars(("season", "Spring"), ("guestCount", 7L))).SingleEntry.Should().Be("Steak");
        decision.Evaluate(Vars(("season", "Winter"), ("guestCount", 12L))).SingleEntry.Should().Be("Stew");
        decision.Evaluate(Vars(("season", "Summer"), ("guestCount", 3L))).SingleEntry.Should().Be("Light Salad and a nice Steak");
    }
}
