using System.Text.Json;
using WorkflowItsm.Itsm.Requests;
using static WorkflowItsm.Itsm.Tests.Requests.CatalogSamples;

namespace WorkflowItsm.Itsm.Tests.Requests;

/// <summary>The rule evaluator the portal and the server share: the laptop form of issue 20 and each kind of rule and value.</summary>
public sealed class CatalogRuleEvaluatorTests
{
    private static readonly CatalogItemDefinition LaptopForm = Definition(Laptop(null));

    private static CatalogItemDefinition Definition(CatalogItemInput input) => new()
    {
        Name = input.Name!, Price = input.Price, Variables = input.Variables ?? [], Rules = input.Rules ?? [],
    };

    private static EffectiveField Field(EffectiveForm form, string key) => form.Fields.Single(f => f.Key == key);

    [Fact]
    public void The_laptop_form_hides_the_dock_model_until_a_dock_is_wanted_then_shows_and_requires_it()
    {
        var without = CatalogRuleEvaluator.Evaluate(LaptopForm, Values(("model", "1")), 1350, 1);
        Field(without, "dockModel").Visible.Should().BeFalse();
        Field(without, "dock").Value.Should().Be("false", "the default is no");
        without.IsValid.Should().BeTrue();

        var with = CatalogRuleEvaluator.Evaluate(LaptopForm, Values(("model", "1"), ("dock", true)), 1350, 1);
        Field(with, "dockModel").Should().Match<EffectiveField>(f => f.Visible && f.Required);
        with.Errors.Should().ContainSingle().Which.Should().Be(("dockModel", "Dock model is required."));

        var chosen = CatalogRuleEvaluator.Evaluate(LaptopForm, Values(("model", "1"), ("dock", "yes"), ("dockModel", "usb-c")), 1350, 1);
        chosen.IsValid.Should().BeTrue();
        chosen.Values.Should().Contain("dockModel", "usb-c").And.Contain("dock", "true");
    }

    [Fact]
    public void Justification_is_required_only_when_the_price_is_over_1500()
    {
        CatalogRuleEvaluator.Evaluate(LaptopForm, Values(("model", "1")), 1350, 1).IsValid.Should().BeTrue();
        var expensive = CatalogRuleEvaluator.Evaluate(LaptopForm, Values(("model", "2")), 2100, 1);
        expensive.Errors.Should().Equal(("justification", "Business justification is required."));
        CatalogRuleEvaluator.Evaluate(LaptopForm, Values(("model", "2"), ("justification", "Video editing")), 2100, 1).IsValid.Should().BeTrue();
    }

    [Fact]
    public void A_hidden_variable_sent_anyway_is_dropped_and_is_no_error()
    {
        var form = CatalogRuleEvaluator.Evaluate(LaptopForm, Values(("model", "1"), ("dock", false), ("dockModel", "thunderbolt")), 1350, 1);

        form.IsValid.Should().BeTrue();
        form.Values.Should().NotContainKey("dockModel");
        Field(form, "dockModel").Value.Should().BeNull();
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_an_error_naming_the_variable()
    {
        var json = JsonDocument.Parse("""{"model": "a laptop", "dock": "perhaps"}""").RootElement;
        var form = CatalogRuleEvaluator.Evaluate(LaptopForm, json.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value), 1200, 1);

        form.Errors.Select(e => e.Variable).Should().BeEquivalentTo(["model", "dock"]);
        form.Errors.Single(e => e.Variable == "dock").Message.Should().Contain("yes or no");
        form.Values.Should().NotContainKey("model");
    }

    [Fact]
    public void Types_are_checked_and_normalized_numbers_dates_emails_urls_choices()
    {
        var definition = new CatalogItemDefinition
        {
            Name = "Everything",
            Variables =
            [
                new CatalogVariable { Key = "count", Label = "Count", Type = VariableType.Number, Min = 1, Max = 10 },
                new CatalogVariable { Key = "day", Label = "Day", Type = VariableType.Date },
                new CatalogVariable { Key = "at", Label = "At", Type = VariableType.DateTime },
                new CatalogVariable { Key = "mail", Label = "Mail", Type = VariableType.Email },
                new CatalogVariable { Key = "site", Label = "Site", Type = VariableType.Url },
                new CatalogVariable { Key = "code", Label = "Code", Type = VariableType.SingleLineText, Pattern = "[A-Z]{3}" },
                new CatalogVariable { Key = "apps", Label = "Apps", Type = VariableType.MultipleChoice, Choices = [new("a", "A"), new("b", "B")] },
            ],
        };

        var good = CatalogRuleEvaluator.Evaluate(definition, Values(
            ("count", 3m), ("day", "2027-01-31"), ("at", "2027-01-31T10:00:00+01:00"), ("mail", "ana@example.test"), ("site", "https://example.test/x"),
            ("code", "ABC"), ("apps", new[] { "b", "a" })), 0, 1);
        good.IsValid.Should().BeTrue(string.Join("; ", good.Errors));
        good.Values["at"].Should().Be("2027-01-31T09:00:00Z");
        good.Values["apps"].Should().Be("""["b","a"]""");

        var bad = CatalogRuleEvaluator.Evaluate(definition, Values(
            ("count", 11), ("day", "31/01/2027"), ("at", "soon"), ("mail", "ana"), ("site", "ftp://x"), ("code", "abcd"), ("apps", new[] { "c" })), 0, 1);
        bad.Errors.Select(e => e.Variable).Should().BeEquivalentTo(["count", "day", "at", "mail", "site", "code", "apps"]);
    }

    [Fact]
    public void A_read_only_variable_keeps_the_value_a_rule_set_whatever_was_sent()
    {
        var definition = new CatalogItemDefinition
        {
            Name = "Access",
            Variables =
            [
                new CatalogVariable { Key = "level", Label = "Level", Type = VariableType.Choice, Choices = [new("read", "Read"), new("write", "Write")] },
                new CatalogVariable { Key = "contractor", Label = "Contractor", Type = VariableType.YesNo },
            ],
            Rules =
            [
                new CatalogRule
                {
                    Name = "Contractors read only", Conditions = [new RuleCondition("contractor", RuleOperator.Equals, "true")],
                    Actions = [new RuleAction("level", RuleEffect.SetValue, "read"), new RuleAction("level", RuleEffect.ReadOnly)],
                },
            ],
        };

        var form = CatalogRuleEvaluator.Evaluate(definition, Values(("contractor", true), ("level", "write")), 0, 1);

        form.Values["level"].Should().Be("read");
        Field(form, "level").ReadOnly.Should().BeTrue();
        CatalogRuleEvaluator.Evaluate(definition, Values(("contractor", false), ("level", "write")), 0, 1).Values["level"].Should().Be("write");
    }
}
