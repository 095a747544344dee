using WorkflowItsm.Bpmn.Dmn;
using static WorkflowItsm.Bpmn.Tests.Dmn.DmnTables;

namespace WorkflowItsm.Bpmn.Tests.Dmn;

/// <summary>Decision requirements graphs: a required decision runs first and its result is a variable.</summary>
public sealed class DecisionRequirementTests
{
    private const string ImpactDecision = """
        <decision id="impact" name="Impact">
          <decisionTable id="impact_table" hitPolicy="UNIQUE">
            <input id="users"><inputExpression typeRef="integer"><text>affectedUsers</text></inputExpression></input>
            <output id="impact_out" name="impact" typeRef="string"/>
            <rule id="i1"><inputEntry><text>&gt;= 100</text></inputEntry><outputEntry><text>"high"</text></outputEntry></rule>
            <rule id="i2"><inputEntry><text>&lt; 100</text></inputEntry><outputEntry><text>"low"</text></outputEntry></rule>
          </decisionTable>
        </decision>
        """;

    private const string Requires = """<informationRequirement id="req1"><requiredDecision href="#impact"/></informationRequirement>""";

    private static string PriorityMatrix(string extra = ImpactDecision, string requirements = Requires) =>
        Table("priority", "UNIQUE", [new Input("impact", "string"), new Input("urgency", "string")], [new Output("priority", "integer")],
            [["\"high\"", "\"high\"", "1"], ["\"high\"", "\"low\"", "2"], ["\"low\"", "\"high\"", "3"], ["\"low\"", "\"low\"", "4"]],
            extraDecisions: extra, requirements: requirements);

    [Theory]
    [InlineData(250L, "high", 1L)]
    [InlineData(250L, "low", 2L)]
    [InlineData(3L, "high", 3L)]
    [InlineData(3L, "low", 4L)]
    public void The_required_decision_runs_first_and_its_output_is_an_input(long users, string urgency, long priority)
    {
        var decision = DmnParser.Parse(PriorityMatrix()).Find("priority")!;
        decision.RequiredDecisions.Should().ContainSingle().Which.Id.Should().Be("impact");
        decision.Evaluate(Vars(("affectedUsers", users), ("urgency", urgency))).SingleEntry.Should().Be(priority);
    }

    [Fact]
    public void A_collect_required_decision_gives_the_list_of_its_values()
    {
        var tags = """
            <decision id="tags"><decisionTable id="t" hitPolicy="COLLECT">
              <input id="ti"><inputExpression><text>amount</text></inputExpression></input>
              <output id="to" name="tag"/>
              <rule id="t1"><inputEntry><text>&gt; 10</text></inputEntry><outputEntry><text>"big"</text></outputEntry></rule>
              <rule id="t2"><inputEntry><text>&gt; 100</text></inputEntry><outputEntry><text>"huge"</text></outputEntry></rule>
            </decisionTable></decision>
            """;
        var xml = Table("count", "UNIQUE", [new Input("count(tag)")], [new Output("n")], [["-", "count(tag)"]],
            extraDecisions: tags, requirements: """<informationRequirement><requiredDecision href="#tags"/></informationRequirement>""");
        DmnParser.Parse(xml).Find("count")!.Evaluate(Vars(("amount", 500L))).SingleEntry.Should().Be(2L);
    }

    [Fact]
    public void A_missing_required_decision_is_refused_naming_both() =>
        FluentActions.Invoking(() => DmnParser.Parse(PriorityMatrix(extra: "")))
            .Should().Throw<DmnModelException>().WithMessage("*'priority' requires the decision 'impact'*");

    [Fact]
    public void Decisions_that_require_each_other_are_refused()
    {
        var cyclic = ImpactDecision.Replace("<decisionTable id=\"impact_table\"",
            "<informationRequirement><requiredDecision href=\"#priority\"/></informationRequirement><decisionTable id=\"impact_table\"", StringComparison.Ordinal);
        FluentActions.Invoking(() => DmnParser.Parse(PriorityMatrix(extra: cyclic)))
            .Should().Throw<DmnModelException>().WithMessage("*cycle*priority*impact*");
    }

    [Fact]
    public void A_literal_expression_decision_gives_its_variable()
    {
        var xml = $"""
            <definitions xmlns="{Dmn13}" id="d"><decision id="fee" name="Fee">
              <variable name="fee" typeRef="double"/>
              <literalExpression><text>base * 1.2</text></literalExpression>
            </decision></definitions>
            """;
        DmnParser.Parse(xml).Find("fee")!.Evaluate(Vars(("base", 10L))).SingleResult.Should()
            .BeEquivalentTo(new Dictionary<string, object?> { ["fee"] = 12.0 });
    }
}
