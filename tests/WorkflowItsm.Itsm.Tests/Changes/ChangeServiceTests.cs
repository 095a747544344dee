using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Risk;
using WorkflowItsm.Itsm.Changes.Templates;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Changes;

/// <summary>Change records on their own (no workflow): the tests 1, 2 (risk part) and 6, bad input, and the hooks other parts plug into.</summary>
public sealed class ChangeServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Tonight = new(2026, 12, 8, 22, 0, 0, DateTimeKind.Utc);
    private ChangeTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ChangeTestHost.StartAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static NewChange Planned(string title, string? ci = null, string group = "network-team", int impact = 3) => new()
    {
        ShortDescription = title, ConfigurationItem = ci, AffectedCis = ci is null ? null : [ci], AssignmentGroup = group, Impact = impact,
        PlannedStart = Tonight, PlannedEnd = Tonight.AddHours(1), ImplementationPlan = "Do it.", BackoutPlan = "Undo it.",
    };

    [Fact]
    public async Task Test1_a_standard_change_from_a_template_needs_no_approval_goes_New_to_Scheduled_and_records_template_and_version_and_its_type_is_then_locked()
    {
        var server = await host.CiAsync("web-01");
        var template = await host.InScopeAsync(s => s.GetRequiredService<StandardChangeCatalog>().CreateAsync(new StandardChangeTemplateInput(
            "Monthly patching", "Apply the monthly patches", ImplementationPlan: "Patch and reboot.", BackoutPlan: "Uninstall.", AssignmentGroup: "network-team",
            DurationMinutes: 90), "ana", CancellationToken.None));
        var second = await host.InScopeAsync(s => s.GetRequiredService<StandardChangeCatalog>().UpdateAsync(template.TemplateId, new StandardChangeTemplateInput(
            "Monthly patching", "Apply the monthly OS patches", ImplementationPlan: "Drain, patch and reboot.", BackoutPlan: "Uninstall.", AssignmentGroup: "network-team",
            DurationMinutes: 90), "ana", CancellationToken.None));

        var change = await host.CreateAsync(new NewChange { TemplateId = template.TemplateId, ConfigurationItem = server, PlannedStart = Tonight });

        change.Type.Should().Be(ChangeType.Standard);
        change.State.Should().Be(ChangeState.New);
        change.ShortDescription.Should().Be("Apply the monthly OS patches");
        change.ImplementationPlan.Should().Be("Drain, patch and reboot.");
        change.PlannedEnd.Should().Be(Tonight.AddMinutes(90));
        second.Version.Should().Be(2);
        (await host.InScopeAsync(s => s.GetRequiredService<StandardChangeCatalog>().VersionsAsync(template.TemplateId, CancellationToken.None)))
            .Select(v => v.Version).Should().Equal(2, 1);
        var history = (await host.DetailsAsync(change.Number)).History;
        history.Should().Contain(h => h.Field == "templateId" && h.NewValue == template.TemplateId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        history.Should().Contain(h => h.Field == "templateVersion" && h.NewValue == "2");

        (await host.DetailsAsync(change.Number)).AllowedTransitions.Should().Equal(ChangeState.Scheduled, ChangeState.Cancelled);
        (await host.MoveAsync(change.Number, ChangeState.Scheduled)).State.Should().Be(ChangeState.Scheduled);
        history = (await host.DetailsAsync(change.Number)).History;
        history.Where(h => h.Field == "state").Select(h => h.NewValue).Should().Equal("New", "Scheduled");

        // A normal change whose approval was asked (and rejected: it is back in New) keeps its type.
        var normal = await host.CreateAsync(Planned("Replace the core switch"));
        await host.UpdateAsync(normal.Number, new ChangeChanges { Type = ChangeType.Emergency });
        (await host.DetailsAsync(normal.Number)).Change.Type.Should().Be(ChangeType.Emergency);
        await host.UpdateAsync(normal.Number, new ChangeChanges { Type = ChangeType.Normal });
        await host.MoveAsync(normal.Number, ChangeState.Assess);
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<WorkflowItsm.Itsm.Persistence.ItsmDbContext>();
            db.Approvals.Add(new WorkflowItsm.Itsm.Approvals.Approval
            {
                Id = Guid.NewGuid().ToString("N"), RecordNumber = normal.Number, RuleKey = "change-manager", RuleName = "Change manager",
                RequestedBy = "ana", State = WorkflowItsm.Itsm.Approvals.ApprovalState.Rejected,
            });
            return await db.SaveChangesAsync();
        });
        await host.MoveAsync(normal.Number, ChangeState.New);
        var locked = () => host.UpdateAsync(normal.Number, new ChangeChanges { Type = ChangeType.Emergency });
        (await locked.Should().ThrowAsync<ChangeTypeLockedException>()).Which.Message.Should().Contain("approval");
        (await host.DetailsAsync(normal.Number)).Change.Type.Should().Be(ChangeType.Normal);
    }

    [Fact]
    public async Task Test2_risk_questionnaire_score_7_over_threshold_6_is_moderate_a_condition_on_a_high_criticality_CI_is_high_and_the_highest_wins()
    {
        var payments = await host.CiAsync("payments-db", BusinessCriticality.High);
        var printer = await host.CiAsync("printer-3", BusinessCriticality.Low);
        var (backout, outage) = await host.InScopeAsync(async s =>
        {
            var settings = s.GetRequiredService<ChangeRiskSettings>();
            await settings.AddConditionAsync(new RiskConditionInput(10, "Business-critical CI", RiskConditionKind.AffectedCiCriticality, "High", ChangeRisk.High), CancellationToken.None);
            await settings.SetThresholdAsync(new RiskThresholdInput(6, ChangeRisk.Moderate), CancellationToken.None);
            await settings.SetThresholdAsync(new RiskThresholdInput(10, ChangeRisk.High), CancellationToken.None);
            var first = await settings.AddQuestionAsync(new RiskQuestionInput(10, "Tested back-out?", [new("Yes", 0), new("No", 4)]), CancellationToken.None);
            var second = await settings.AddQuestionAsync(new RiskQuestionInput(20, "User-visible outage?", [new("No", 0), new("Yes", 3)]), CancellationToken.None);
            return (first, second);
        });
        var answers = new Dictionary<long, long> { [backout.Id] = backout.Answers[1].Id, [outage.Id] = outage.Answers[1].Id };

        var low = await host.CreateAsync(Planned("Move the printer", printer));
        low.Risk.Should().Be(ChangeRisk.Low);
        var answered = await host.InScopeAsync(s => s.GetRequiredService<ChangeRiskQuestionnaire>().AnswerAsync(low.Number, answers, "ana", CancellationToken.None));
        answered.Risk.Should().Be(ChangeRisk.Moderate);
        answered.RiskReason.Should().StartWith("Moderate: questionnaire score 7 (threshold 6)");

        var high = await host.CreateAsync(Planned("Re-index the payments database", payments));
        var both = await host.InScopeAsync(s => s.GetRequiredService<ChangeRiskQuestionnaire>().AnswerAsync(high.Number, answers, "ana", CancellationToken.None));
        both.Risk.Should().Be(ChangeRisk.High);
        both.RiskReason.Should().Contain("condition \"Business-critical CI\" (payments-db is high criticality)").And.Contain("questionnaire score 7 (threshold 6) ⇒ moderate");
        (await host.DetailsAsync(high.Number)).History.Should().Contain(h => h.Field == "risk" && h.NewValue == "High");
    }

    [Fact]
    public async Task Test6_an_unsuccessful_close_links_an_incident_lowers_the_group_success_score_and_the_group_next_change_is_one_risk_level_higher()
    {
        var relay = await host.CiAsync("mail-relay");
        var first = await host.CreateAsync(Planned("Migrate the mail relay", relay));
        first.Risk.Should().Be(ChangeRisk.Low);
        foreach (var state in new[] { ChangeState.Assess, ChangeState.Authorize, ChangeState.Scheduled, ChangeState.Implement, ChangeState.Review })
        {
            await host.MoveAsync(first.Number, state);
        }

        var noNotes = () => host.MoveAsync(first.Number, ChangeState.Closed, ChangeCloseCode.Unsuccessful);
        (await noNotes.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("closeNotes");
        await host.MoveAsync(first.Number, ChangeState.Closed, ChangeCloseCode.Unsuccessful, "Mail dropped for an hour; rolled back.");

        var details = await host.DetailsAsync(first.Number);
        var link = details.Links.Should().ContainSingle().Subject;
        link.Kind.Should().Be(RecordLinkKinds.CausedBy);
        var incident = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Incidents.AsNoTracking().SingleAsync(i => i.Number == link.Number));
        incident.ShortDescription.Should().StartWith($"Change {first.Number} failed");
        incident.ConfigurationItem.Should().Be(relay);
        incident.AssignmentGroup.Should().Be("network-team");
        var score = await host.InScopeAsync(s => s.GetRequiredService<ChangeSuccessScores>().ScoreOfAsync("network-team", CancellationToken.None));
        score.Should().BeLessThan(ChangeSuccessScores.Good).And.Be(80);

        var next = await host.CreateAsync(Planned("Add a second mail relay", relay));
        next.Risk.Should().Be(ChangeRisk.Moderate, "one level above the Low of the same change before the failure");
        // The reason is read on the change page: the group by its name, not its key.
        next.RiskReason.Should().Contain("success score of 80 for group Network").And.NotContain("network-team");
        var otherGroup = await host.CreateAsync(Planned("Add a mail filter", relay, group: "service-desk"));
        otherGroup.Risk.Should().Be(ChangeRisk.Low);

        // The nightly recomputation agrees with the one at close.
        await host.InScopeAsync(async s =>
        {
            await s.GetRequiredService<ChangeSuccessScoreJob>().RunAsync(CancellationToken.None);
            return true;
        });
        (await host.InScopeAsync(s => s.GetRequiredService<ChangeSuccessScores>().ScoreOfAsync("network-team", CancellationToken.None))).Should().Be(80);
    }

    [Fact]
    public async Task Bad_input_names_the_field_or_the_allowed_moves_and_stores_nothing()
    {
        var server = await host.CiAsync("app-01");
        var backwards = () => host.CreateAsync(Planned("Backwards window", server) with { PlannedEnd = Tonight.AddHours(-1) });
        (await backwards.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("plannedEnd");
        var unknown = () => host.CreateAsync(Planned("Unknown CIs") with { ConfigurationItem = "CI9999999", AffectedCis = [server, "CI8888888"] });
        (await unknown.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().BeEquivalentTo("configurationItem", "affectedCis");
        var standardWithoutTemplate = () => host.CreateAsync(Planned("No template") with { Type = ChangeType.Standard });
        (await standardWithoutTemplate.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("templateId");
        (await host.CountAsync<Change>()).Should().Be(0);
        (await host.CountAsync<ChangeAffectedCi>()).Should().Be(0);

        var change = await host.CreateAsync(Planned("Patch the app server", server));
        var skip = () => host.MoveAsync(change.Number, ChangeState.Implement);
        (await skip.Should().ThrowAsync<RecordTransitionException>()).Which.AllowedStates.Should().Equal("Assess", "Cancelled");
        var badEdit = () => host.UpdateAsync(change.Number, new ChangeChanges { PlannedStart = Tonight.AddHours(2), Description = "changed" });
        (await badEdit.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("plannedEnd");
        var badCi = () => host.InScopeAsync(s => s.GetRequiredService<ChangeService>().AddAffectedCisAsync(change.Number, ["CI7777777"], "ana", CancellationToken.None));
        (await badCi.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("affectedCis");
        var stored = (await host.DetailsAsync(change.Number)).Change;
        stored.Description.Should().BeNull();
        stored.PlannedStart.Should().Be(Tonight);
        stored.AffectedCis.Should().Equal(server);
        stored.Revision.Should().Be(1);
    }

    [Fact]
    public async Task Plan_observers_hear_of_every_plan_move_and_scheduling_guards_may_refuse_scheduling_and_re_planning()
    {
        var server = await host.CiAsync("db-01");
        var other = await host.CiAsync("db-02");
        var change = await host.CreateAsync(Planned("Upgrade the database", server));
        host.Hooks.PlanChanges.Should().Equal(change.Number);

        await host.UpdateAsync(change.Number, new ChangeChanges { Description = "Not a plan field" });
        host.Hooks.PlanChanges.Should().HaveCount(1);
        await host.InScopeAsync(s => s.GetRequiredService<ChangeService>().AddAffectedCisAsync(change.Number, [other], "ana", CancellationToken.None));
        await host.UpdateAsync(change.Number, new ChangeChanges { PlannedEnd = Tonight.AddHours(3) });
        host.Hooks.PlanChanges.Should().HaveCount(3);

        await host.MoveAsync(change.Number, ChangeState.Assess);
        await host.MoveAsync(change.Number, ChangeState.Authorize);
        host.Hooks.Refuse = true;
        var frozen = () => host.MoveAsync(change.Number, ChangeState.Scheduled);
        (await frozen.Should().ThrowAsync<RecordConflictException>()).Which.Message.Should().Contain("freeze");
        (await host.DetailsAsync(change.Number)).Change.State.Should().Be(ChangeState.Authorize);
        host.Hooks.Refuse = false;
        await host.MoveAsync(change.Number, ChangeState.Scheduled);

        host.Hooks.Refuse = true;
        var replan = () => host.UpdateAsync(change.Number, new ChangeChanges { PlannedStart = Tonight.AddDays(1), PlannedEnd = Tonight.AddDays(1).AddHours(1) });
        await replan.Should().ThrowAsync<RecordConflictException>();
        (await host.DetailsAsync(change.Number)).Change.PlannedStart.Should().Be(Tonight);
        host.Hooks.ScheduleChecks.Should().HaveCount(3);
    }
}
