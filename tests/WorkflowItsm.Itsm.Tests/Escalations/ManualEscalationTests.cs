using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Records;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

public sealed class ManualEscalationTests
{
    private static readonly DateTimeOffset Tuesday = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_functional_escalation_reassigns_to_the_other_group_with_its_reason_and_tells_that_group()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        var incident = await host.IncidentAsync(2, 2, EscalationTestHost.Desk);
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowItsm.Itsm.Incidents.IncidentService>().TakeOnAsync(incident.Number, "eve", "eve", CancellationToken.None));

        var missing = () => host.InScopeAsync(s => s.GetRequiredService<ManualEscalations>().FunctionalAsync(incident.Number, EscalationTestHost.Group, " ", "eve", CancellationToken.None));
        (await missing.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("reason");
        var same = () => host.InScopeAsync(s => s.GetRequiredService<ManualEscalations>().FunctionalAsync(incident.Number, EscalationTestHost.Desk, "why not", "eve", CancellationToken.None));
        (await same.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("toGroup");

        await host.InScopeAsync(s => s.GetRequiredService<ManualEscalations>().FunctionalAsync(incident.Number, EscalationTestHost.Group, "Needs the core switch team", "eve", CancellationToken.None));

        var stored = await host.Db(db => db.Incidents.AsNoTracking().SingleAsync(i => i.Number == incident.Number));
        stored.AssignmentGroup.Should().Be(EscalationTestHost.Group);
        stored.AssignedTo.Should().BeNull("the new group picks who works it");
        var steps = await host.InScopeAsync(s => s.GetRequiredService<ManualEscalations>().OfRecordAsync(incident.Number, CancellationToken.None));
        steps.Should().ContainSingle().Which.Should().Match<ManualEscalationView>(m =>
            m.KindLabel == "Functional escalation" && m.FromGroup == EscalationTestHost.Desk && m.ToGroup == EscalationTestHost.Group && m.Reason == "Needs the core switch team");
        (await host.Db(db => db.RecordNotes.Where(n => n.RecordNumber == incident.Number).Select(n => n.Text).ToListAsync()))
            .Should().Contain("Functional escalation from service-desk to network: Needs the core switch team");
        (await host.Db(db => db.RecordAudit.Where(a => a.RecordNumber == incident.Number && a.Field == "assignmentGroup").Select(a => a.NewValue).ToListAsync()))
            .Should().Contain(EscalationTestHost.Group);
        (await host.Db(db => db.Notifications.Where(n => n.Kind == NotificationKinds.Escalation).Select(n => n.Recipient).OrderBy(r => r).ToListAsync()))
            .Should().Equal(EscalationTestHost.Network);
    }

    [Fact]
    public async Task A_hierarchical_escalation_tells_the_groups_manager_and_de_escalation_steps_back_once()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        var incident = await host.IncidentAsync(2, 2);
        ManualEscalations Service(IServiceProvider s) => s.GetRequiredService<ManualEscalations>();

        await host.InScopeAsync(s => Service(s).HierarchicalAsync(incident.Number, "Customer escalated to their VP", "anna", CancellationToken.None));
        var toManager = await host.Db(db => db.Notifications.SingleAsync(n => n.Kind == NotificationKinds.Escalation));
        toManager.Recipient.Should().Be(EscalationTestHost.Manager);
        toManager.Body.Should().Contain("Customer escalated to their VP");
        (await host.InScopeAsync(s => Service(s).LevelAsync(incident.Number, CancellationToken.None))).Should().Be(1);

        await host.InScopeAsync(s => Service(s).DeEscalateAsync(incident.Number, "Workaround in place", "anna", CancellationToken.None));
        (await host.InScopeAsync(s => Service(s).LevelAsync(incident.Number, CancellationToken.None))).Should().Be(0);
        var again = () => host.InScopeAsync(s => Service(s).DeEscalateAsync(incident.Number, "Again", "anna", CancellationToken.None));
        await again.Should().ThrowAsync<EscalationConflictException>();

        var activity = await host.Db(db => db.RecordAudit.Where(a => a.RecordNumber == incident.Number && a.Field == EscalationService.ActivityField)
            .OrderBy(a => a.Id).Select(a => a.NewValue!).ToListAsync());
        activity.Should().Equal(
            "Hierarchical escalation (management level 1) to dora, manager of network: Customer escalated to their VP",
            "De-escalated (management level 0): Workaround in place");
    }

    [Fact]
    public async Task A_hierarchical_escalation_of_a_group_without_a_manager_is_refused_naming_the_manager()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        var incident = await host.IncidentAsync(2, 2, EscalationTestHost.Desk);
        var refused = () => host.InScopeAsync(s => s.GetRequiredService<ManualEscalations>().HierarchicalAsync(incident.Number, "Angry caller", "eve", CancellationToken.None));
        (await refused.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("manager");
        (await host.Db(db => db.Set<ManualEscalation>().CountAsync())).Should().Be(0);
    }
}
