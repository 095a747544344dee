using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Records;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

/// <summary>A change closed as unsuccessful pages the policy of its service that answers failed changes: once, after the close committed; acknowledged as an incident's.</summary>
public sealed class ChangeFailureEscalationTests
{
    private static readonly DateTimeOffset Tuesday = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_change_closed_as_unsuccessful_pages_level_1_once_in_its_activity_stream_and_acknowledging_stops_it()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        await host.WeeklyScheduleAsync();
        var service = await ServiceAsync(host);
        await PolicyAsync(host, service);
        var change = await ChangeAsync(host, service);

        await CloseAsync(host, change, ChangeCloseCode.Unsuccessful);
        host.Jobs.Of<EscalationTriggerJob>().Should().ContainSingle(j => EscalationTrigger.ChangeFailure.Equals(j.Arguments[1]));
        (await host.RunJobsAsync<EscalationTriggerJob>()).Should().Be(1);

        var escalation = (await Escalations(host, change)).Should().ContainSingle().Subject;
        escalation.Trigger.Should().Be("Failed change");
        escalation.Level.Should().Be(1);
        escalation.Pages.Select(p => p.UserName).Should().Equal("ben"); // the primary on call of the change's group in its second week
        var activity = await host.Db(db => db.RecordAudit.AsNoTracking().Where(a => a.RecordNumber == change && a.Field == EscalationService.ActivityField).Select(a => a.NewValue).ToListAsync());
        activity.Should().Contain(a => a!.StartsWith("Started: Payroll changes (Failed change: closed as unsuccessful"))
            .And.Contain(a => a!.StartsWith("Level 1: paged ben"));

        // The job coming again (a retry) starts nothing more.
        await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().StartAsync(change, EscalationTrigger.ChangeFailure, null, "again", CancellationToken.None));
        await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().AcknowledgeRecordAsync(change, "anna", CancellationToken.None));
        var again = await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().StartAsync(change, EscalationTrigger.ChangeFailure, null, "again", CancellationToken.None));
        again.Should().BeNull("a change's failure is paged once, even after it was acknowledged");
        (await Escalations(host, change)).Should().ContainSingle().Which.StateLabel.Should().Be("Acknowledged");

        // Closing twice is refused by the change's lifecycle, and pages nobody.
        var twice = () => CloseAsync(host, change, ChangeCloseCode.Unsuccessful);
        await twice.Should().ThrowAsync<RecordTransitionException>();
        host.Jobs.Of<EscalationTriggerJob>().Count(j => EscalationTrigger.ChangeFailure.Equals(j.Arguments[1])).Should().Be(1);

        // Level 2 never comes.
        host.Time.Advance(TimeSpan.FromMinutes(6));
        (await host.InScopeAsync(s => s.GetRequiredService<EscalationTimerJob>().SweepAsync(CancellationToken.None))).Should().Be(0);
    }

    [Fact]
    public async Task A_successful_change_pages_nobody_and_a_policy_not_answering_failed_changes_is_not_started()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        await host.WeeklyScheduleAsync();
        var service = await ServiceAsync(host);
        await PolicyAsync(host, service);
        var fine = await ChangeAsync(host, service);
        await CloseAsync(host, fine, ChangeCloseCode.Successful);
        var withIssues = await ChangeAsync(host, service);
        await CloseAsync(host, withIssues, ChangeCloseCode.SuccessfulWithIssues);
        await host.RunJobsAsync<EscalationTriggerJob>();
        host.Jobs.Of<EscalationTriggerJob>().Should().BeEmpty();
        (await host.Db(db => db.Set<Escalation>().CountAsync())).Should().Be(0);

        // A policy on the service that does not answer failed changes.
        var other = await ServiceAsync(host, "Mail");
        await PolicyAsync(host, other, onChangeFailure: false);
        var failed = await ChangeAsync(host, other);
        await CloseAsync(host, failed, ChangeCloseCode.Unsuccessful);
        await host.RunJobsAsync<EscalationTriggerJob>();
        (await Escalations(host, failed)).Should().BeEmpty();
    }

    private static Task<IReadOnlyList<EscalationView>> Escalations(EscalationTestHost host, string number) =>
        host.InScopeAsync(s => s.GetRequiredService<EscalationService>().OfRecordAsync(number, CancellationToken.None));

    private static Task<string> ServiceAsync(EscalationTestHost host, string name = "Payroll") =>
        host.InScopeAsync(async s => (await s.GetRequiredService<CiService>().CreateAsync(
            new NewConfigurationItem { Name = name, Class = CmdbSeed.BusinessService }, "dora", CancellationToken.None)).Number);

    private static Task<EscalationPolicy> PolicyAsync(EscalationTestHost host, string service, bool onChangeFailure = true) =>
        host.InScopeAsync(s => s.GetRequiredService<EscalationPolicies>().CreateAsync(new NewEscalationPolicy
        {
            Name = onChangeFailure ? "Payroll changes" : "Mail incidents", Service = service, OnNewIncident = false, OnSlaBreach = false, OnChangeFailure = onChangeFailure,
            Levels =
            [
                new NewEscalationLevel { TimeoutMinutes = 5, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.OnCall }] },
                new NewEscalationLevel { TimeoutMinutes = 5, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.GroupManager }] },
            ],
        }, "dora", CancellationToken.None));

    private static async Task<string> ChangeAsync(EscalationTestHost host, string service)
    {
        var start = new DateTime(2026, 3, 12, 22, 0, 0, DateTimeKind.Utc);
        var change = await host.InScopeAsync(s => s.GetRequiredService<ChangeService>().CreateAsync(new NewChange
        {
            ShortDescription = "Upgrade the payroll database", Service = service, AssignmentGroup = EscalationTestHost.Group,
            PlannedStart = start, PlannedEnd = start.AddHours(1), ImplementationPlan = "Do it.", BackoutPlan = "Undo it.",
        }, "dora", CancellationToken.None));
        foreach (var state in new[] { ChangeState.Assess, ChangeState.Authorize, ChangeState.Scheduled, ChangeState.Implement, ChangeState.Review })
        {
            await host.InScopeAsync(s => s.GetRequiredService<ChangeService>().TransitionAsync(change.Number, new ChangeTransition(state, null, null), "dora", CancellationToken.None));
        }

        return change.Number;
    }

    private static Task<Change> CloseAsync(EscalationTestHost host, string number, ChangeCloseCode code) =>
        host.InScopeAsync(s => s.GetRequiredService<ChangeService>().TransitionAsync(number, new ChangeTransition(ChangeState.Closed, code, "Rolled back after an hour."), "dora", CancellationToken.None));
}
