using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Categories;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Records;

namespace WorkflowItsm.Web.Tests.Records;

/// <summary>The activity stream reads as the record page does: labels for codes, names for people and groups, never field or enum names.</summary>
public sealed class ActivityLinesTests
{
    private static readonly DateTime At = new(2026, 12, 5, 9, 30, 0, DateTimeKind.Utc);

    private static readonly DirectoryNames Names = new(
        new Dictionary<string, string> { ["ana"] = "Ana Agent", ["rita"] = "Rita Requester" },
        new Dictionary<string, string> { ["service-desk-l2"] = "Service desk, second line" });

    private static readonly CategoryNames Categories = new([new CategoryView("network", "Network", true, [new SubcategoryView("wifi", "Wi-Fi", true)])]);

    [Fact]
    public void A_save_reads_in_labels_and_names()
    {
        RecordActivity[] timeline =
        [
            new(At, RecordActivityKind.FieldChange, "ana", Field: "state", OldValue: "New", NewValue: "InProgress"),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "impact", OldValue: "2", NewValue: "3"),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "assignmentGroup", OldValue: null, NewValue: "service-desk-l2"),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "assignedTo", OldValue: null, NewValue: "ana"),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "isMajor", OldValue: "false", NewValue: "true"),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "category", OldValue: null, NewValue: "network"),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "subcategory", OldValue: null, NewValue: "wifi"),
        ];

        var line = ActivityLines.OfIncident(timeline, [], Names, Categories).Single();

        line.Who.Should().Be("Ana Agent");
        line.Text.Split('\n').Should().Equal(
            "State: New → In progress",
            $"Impact: {Incidents.IncidentDisplay.ImpactText(2)} → {Incidents.IncidentDisplay.ImpactText(3)}",
            "Assignment group: Service desk, second line",
            "Assigned to: Ana Agent",
            "Major incident: No → Yes",
            "Category: Network",
            "Subcategory: Wi-Fi");
        line.Text.Should().NotContainAny("InProgress", "service-desk-l2", "isMajor", "assignedTo", "wifi");
    }

    [Fact]
    public void The_people_and_groups_a_time_line_names_are_collected_for_one_lookup()
    {
        RecordActivity[] timeline =
        [
            new(At, RecordActivityKind.Comment, "rita", Text: "Still broken"),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "assignedTo", OldValue: "ben", NewValue: "chris"),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "assignmentGroup", OldValue: "service-desk", NewValue: "service-desk-l2"),
        ];

        ActivityLines.People(timeline).Should().Contain(["rita", "ana", "ben", "chris"]);
        ActivityLines.Groups(timeline).Should().Equal("service-desk", "service-desk-l2");
    }

    [Fact]
    public void A_change_s_planned_window_in_its_activity_reads_in_the_browser_s_zone_as_the_page_shows_it_not_in_UTC()
    {
        var berlin = new BrowserTime();
        berlin.Use("Europe/Berlin");
        var start = new DateTime(2026, 12, 9, 22, 0, 0, DateTimeKind.Utc);
        RecordActivity[] timeline =
        [
            new(At, RecordActivityKind.FieldChange, "ana", Field: "plannedStart", OldValue: null, NewValue: start.ToString("O")),
            new(At, RecordActivityKind.FieldChange, "ana", Field: "plannedEnd", OldValue: null, NewValue: start.AddHours(1).ToString("O")),
        ];

        var line = ActivityLines.OfChange(timeline, Names, Categories, berlin).Single();

        line.Text.Split('\n').Should().Equal($"Planned start: {berlin.Moment(start)}", $"Planned end: {berlin.Moment(start.AddHours(1))}");
        line.Text.Should().NotContain("UTC").And.Contain(berlin.Local(start).ToString("t", System.Globalization.CultureInfo.CurrentCulture), "23:00 in Berlin");
    }

    [Fact]
    public void A_change_s_workflow_moves_and_affected_CIs_read_as_words_and_names()
    {
        RecordActivity[] timeline =
        [
            new(At, RecordActivityKind.FieldChange, "workflow", Field: "state", OldValue: "Assess", NewValue: "Authorize"),
            new(At.AddMinutes(1), RecordActivityKind.FieldChange, "ana", Field: "affectedCis", OldValue: "CI0000001", NewValue: "CI0000001, CI0000002"),
            new(At.AddMinutes(1), RecordActivityKind.FieldChange, "ana", Field: "backoutPlan", OldValue: null, NewValue: "Restore."),
        ];
        ActivityLines.ConfigurationItems(timeline).Should().Contain(["CI0000001", "CI0000002"]);

        var lines = ActivityLines.OfChange(timeline, Names, Categories, new BrowserTime(),
            new Dictionary<string, string> { ["CI0000001"] = "core-sw-01", ["CI0000002"] = "core-sw-02" });

        lines.Should().Contain(l => l.Who == "Workflow" && l.Text == "State: Assess → Authorize");
        lines.Should().Contain(l => l.Who == "Ana Agent" && l.Text == "Affected CIs: core-sw-01 → core-sw-01, core-sw-02\nBack-out plan: Restore.");
    }
}
