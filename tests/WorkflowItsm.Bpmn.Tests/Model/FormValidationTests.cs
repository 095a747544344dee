using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Tests.Model;

public class FormValidationTests
{
    private static FormField Field(string id, FormFieldType type, params FormConstraint[] constraints) =>
        new(id, null, type, type.ToString().ToLowerInvariant(), null, [new FormFieldValue("a", "A"), new FormFieldValue("b", "B")], constraints,
            new Dictionary<string, string>());

    private static IEnumerable<string> Errors(FormField field, object? value) =>
        FormValidation.Validate([field], new Dictionary<string, object?> { [field.Id] = value }).Select(e => e.FieldId + ": " + e.Message);

    [Fact]
    public void Types_are_checked()
    {
        Errors(Field("n", FormFieldType.Long), "12").Should().ContainSingle().Which.Should().Contain("whole number");
        Errors(Field("n", FormFieldType.Long), 12L).Should().BeEmpty();
        Errors(Field("b", FormFieldType.Boolean), "yes").Should().ContainSingle();
        Errors(Field("d", FormFieldType.Date), "2026-03-02T10:00:00Z").Should().BeEmpty();
        Errors(Field("d", FormFieldType.Date), "next week").Should().ContainSingle();
        Errors(Field("e", FormFieldType.Enum), "c").Should().ContainSingle().Which.Should().Contain("one of a, b");
        Errors(Field("s", FormFieldType.String), 5L).Should().ContainSingle();
    }

    [Fact]
    public void An_enum_whose_options_are_the_products_data_takes_any_text_for_the_product_to_check()
    {
        // Categories admins add after the model was drawn must not be refused by the model's list.
        var field = Field("e", FormFieldType.Enum) with { Properties = new Dictionary<string, string> { [FormField.OptionsFromProperty] = "record-categories" } };

        field.OptionsFrom.Should().Be("record-categories");
        Errors(field, "c").Should().BeEmpty();
        Errors(field, 5L).Should().ContainSingle().Which.Should().Contain("text");
        Field("s", FormFieldType.String).OptionsFrom.Should().BeNull();
    }

    [Theory]
    [InlineData(FormFieldType.Long, "3", 3L)]
    [InlineData(FormFieldType.Long, "-12", -12L)]
    [InlineData(FormFieldType.Boolean, "true", true)]
    [InlineData(FormFieldType.Boolean, "False", false)]
    [InlineData(FormFieldType.String, "3", "3")]
    [InlineData(FormFieldType.Enum, "a", "a")]
    [InlineData(FormFieldType.Date, "2026-12-24", "2026-12-24")]
    [InlineData(FormFieldType.Long, "three", "three")]
    public void A_default_starts_the_form_as_a_value_of_its_type_that_the_server_accepts(FormFieldType type, string text, object expected)
    {
        // The portal's "report an issue" form once refused its own untouched defaults ("3" is not a whole number).
        var field = Field("f", type) with { DefaultValue = text };

        field.TypedDefaultValue.Should().Be(expected);
        if (!Equals(expected, "three"))
        {
            Errors(field, field.TypedDefaultValue).Should().BeEmpty();
        }
    }

    [Fact]
    public void Constraints_are_checked()
    {
        Errors(Field("s", FormFieldType.String, new FormConstraint("required", null)), "").Should().ContainSingle().Which.Should().Contain("required");
        Errors(Field("s", FormFieldType.String, new FormConstraint("minlength", "3")), "ab").Should().ContainSingle();
        Errors(Field("s", FormFieldType.String, new FormConstraint("maxlength", "3")), "abcd").Should().ContainSingle();
        Errors(Field("s", FormFieldType.String, new FormConstraint("pattern", "[A-Z]{3}[0-9]+")), "INC42").Should().BeEmpty();
        Errors(Field("s", FormFieldType.String, new FormConstraint("pattern", "[A-Z]{3}[0-9]+")), "inc42 ").Should().ContainSingle();
        Errors(Field("n", FormFieldType.Long, new FormConstraint("min", "1"), new FormConstraint("max", "3")), 0L).Should().ContainSingle().Which.Should().Contain("at least 1");
        Errors(Field("n", FormFieldType.Long, new FormConstraint("min", "1"), new FormConstraint("max", "3")), 4L).Should().ContainSingle().Which.Should().Contain("at most 3");
        Errors(Field("n", FormFieldType.Long, new FormConstraint("min", "1"), new FormConstraint("max", "3")), 2L).Should().BeEmpty();
    }

    [Fact]
    public void Optional_missing_fields_and_unknown_values_pass()
    {
        FormValidation.Validate([Field("n", FormFieldType.Long)], new Dictionary<string, object?> { ["other"] = "x" }).Should().BeEmpty();
        FormValidation.Validate([], null).Should().BeEmpty();
    }

    [Fact]
    public void Date_min_and_max_compare_as_dates()
    {
        var window = Field("d", FormFieldType.Date, new FormConstraint("min", "2026-03-01"), new FormConstraint("max", "2026-03-31"));
        Errors(window, "2026-02-28").Should().ContainSingle().Which.Should().Contain("on or after 2026-03-01");
        Errors(window, "2026-04-01T00:00:00Z").Should().ContainSingle().Which.Should().Contain("on or before 2026-03-31");
        Errors(window, "2026-03-01").Should().BeEmpty();
        Errors(window, "2026-03-31T23:30:00+02:00").Should().BeEmpty("a date-only bound compares the calendar date the value names");
        Errors(window, "2026-03-15").Should().BeEmpty();

        var fromNine = Field("d", FormFieldType.Date, new FormConstraint("min", "2026-03-02T09:00:00Z"));
        Errors(fromNine, "2026-03-02T08:59:00Z").Should().ContainSingle("a bound with a time compares instants");
        Errors(fromNine, "2026-03-02T10:00:00+01:00").Should().BeEmpty();
    }
}
