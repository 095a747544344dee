using WorkflowItsm.Bpmn.Dmn;
using static WorkflowItsm.Bpmn.Tests.Dmn.DmnTables;

namespace WorkflowItsm.Bpmn.Tests.Dmn;

/// <summary>Bad models are refused when parsed, naming the decision and the rule, input or output at fault.</summary>
public sealed class DmnModelTests
{
    private static Action Parsing(string xml) => () => DmnParser.Parse(xml);

    [Fact]
    public void A_cell_that_does_not_parse_names_the_decision_rule_and_input()
    {
        var xml = Table("risk", "UNIQUE", [new Input("amount", Label: "Amount")], [new Output("level")], [["> 10", "\"a\""], ["[1..", "\"b\""]]);
        Parsing(xml).Should().Throw<DmnModelException>()
            .Where(e => e.DecisionId == "risk" && e.ElementId == "rule2")
            .WithMessage("*input 'Amount'*rule 'rule2'*decision 'risk'*");
    }

    [Fact]
    public void An_output_entry_that_does_not_parse_names_the_output_and_rule() =>
        Parsing(Table("d", "UNIQUE", [new Input("x")], [new Output("level")], [["-", "\"unclosed"]]))
            .Should().Throw<DmnModelException>().WithMessage("*output 'level' in rule 'rule1'*'d'*");

    [Fact]
    public void An_unknown_function_is_refused_at_parse_time_not_at_evaluation() =>
        Parsing(Table("d", "UNIQUE", [new Input("x")], [new Output("y")], [["-", "sqrt(x)"]]))
            .Should().Throw<DmnModelException>().WithMessage("*Unknown function 'sqrt'*");

    [Fact]
    public void A_literal_date_that_is_no_date_is_refused_at_parse_time() =>
        Parsing(Table("d", "UNIQUE", [new Input("x")], [new Output("y")], [["< date(\"2024-13-45\")", "1"]]))
            .Should().Throw<DmnModelException>().WithMessage("*\"2024-13-45\" is not a valid date*");

    [Theory]
    [InlineData("SOMETIMES", null, "*unknown hit policy 'SOMETIMES'*")]
    [InlineData("FIRST", "SUM", "*aggregates with SUM*FIRST*only COLLECT*")]
    [InlineData("COLLECT", "AVG", "*unknown aggregation 'AVG'*")]
    [InlineData("PRIORITY", null, "*PRIORITY*output values*")]
    public void Hit_policy_mistakes_are_refused(string hitPolicy, string? aggregation, string message) =>
        Parsing(Table("d", hitPolicy, [new Input("x")], [new Output("y")], [["-", "1"]], aggregation))
            .Should().Throw<DmnModelException>().Where(e => e.DecisionId == "d").WithMessage(message);

    [Fact]
    public void An_aggregation_over_two_outputs_is_refused() =>
        Parsing(Table("d", "COLLECT", [new Input("x")], [new Output("a"), new Output("b")], [["-", "1", "2"]], "SUM"))
            .Should().Throw<DmnModelException>().WithMessage("*'d'*SUM*exactly one output*2*");

    [Fact]
    public void A_rule_with_missing_cells_is_refused() =>
        Parsing(Table("d", "UNIQUE", [new Input("x"), new Input("y")], [new Output("z")], [["-", "1"]]))
            .Should().Throw<DmnModelException>().WithMessage("*rule 'rule1'*'d'*2 input and 0 output cells*1 outputs*");

    [Fact]
    public void Script_languages_are_refused_naming_the_decision() =>
        Parsing(Table("d", "UNIQUE", [new Input("x", Language: "groovy")], [new Output("z")], [["-", "1"]]))
            .Should().Throw<DmnModelException>().WithMessage("*'d'*'groovy'*FEEL*");

    [Fact]
    public void A_file_that_is_not_dmn_is_refused()
    {
        Parsing("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"/>").Should().Throw<DmnModelException>().WithMessage("*not a DMN model*");
        Parsing("<definitions").Should().Throw<DmnModelException>().WithMessage("*not well-formed*");
    }

    [Fact]
    public void A_parsed_model_exposes_its_decisions_hit_policy_inputs_and_outputs()
    {
        var definitions = DmnParser.Parse(Table("risk", "RULE ORDER", [new Input("amount", "integer", Label: "Amount")],
            [new Output("level", "string", "\"high\",\"low\"")], [["-", "\"low\""]]));
        var decision = definitions.Find("risk")!;
        decision.Label.Should().Be("risk name");
        decision.Table!.HitPolicy.Should().Be(HitPolicy.RuleOrder);
        decision.Table.Inputs.Single().DisplayName.Should().Be("Amount");
        decision.Table.Outputs.Single().OutputValues.Should().Equal("high", "low");
        decision.Table.Rules.Should().ContainSingle().Which.Id.Should().Be("rule1");
    }
}
