using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Records;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

/// <summary>The reports over fixed data: time to acknowledge and counts per group, service and level; manual escalations; on-call hours per person.</summary>
public sealed class EscalationReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);

    private static DateTime Utc(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Escalations_are_counted_with_their_time_to_acknowledge_by_group_service_and_level()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var network = await host.IncidentAsync(2, 2);
        var desk = await host.IncidentAsync(2, 2, EscalationTestHost.Desk);
        var old = await host.IncidentAsync(2, 2);
        await host.Db(async db =>
        {
            await db.Incidents.Where(i => i.Number == network.Number).ExecuteUpdateAsync(u => u.SetProperty(i => i.Service, "EMAIL"));
            db.Set<Escalation>().AddRange(
                Row(network.Number, EscalationTestHost.Group, Utc(10, 9), 1, EscalationState.Acknowledged, Utc(10, 9, 4)),
                Row(network.Number, EscalationTestHost.Group, Utc(11, 9), 2, EscalationState.Acknowledged, Utc(11, 9, 12)),
                Row(desk.Number, EscalationTestHost.Desk, Utc(12, 9), 2, EscalationState.Exhausted, null),
                Row(old.Number, EscalationTestHost.Group, Utc(1, 9), 1, EscalationState.Acknowledged, Utc(1, 9, 1)));
            db.Set<ManualEscalation>().AddRange(
                new ManualEscalation { RecordNumber = desk.Number, Kind = ManualEscalationKind.Functional, FromGroup = EscalationTestHost.Desk, ToGroup = EscalationTestHost.Group, Reason = "r", By = "eve", At = Utc(12, 10) },
                new ManualEscalation { RecordNumber = network.Number, Kind = ManualEscalationKind.Hierarchical, FromGroup = EscalationTestHost.Group, Manager = "dora", Reason = "r", By = "anna", At = Utc(12, 11) });
            return await db.SaveChangesAsync();
        });

        var report = await host.InScopeAsync(s => s.GetRequiredService<EscalationReports>().EscalationsAsync(Utc(5, 0), Utc(19, 0), CancellationToken.None));

        report.ByGroup.Should().Equal(
            new EscalationReportRow(EscalationTestHost.Group, EscalationTestHost.Group, 2, 2, 0, 8, 12),
            new EscalationReportRow(EscalationTestHost.Desk, EscalationTestHost.Desk, 1, 0, 1, null, null));
        report.ByService.Select(r => (r.Key, r.Escalations)).Should().Equal((EscalationReports.NoService, 1), ("EMAIL", 2));
        report.ByLevel.Should().Equal(
            new EscalationReportRow("1", "Level 1", 1, 1, 0, 4, 4),
            new EscalationReportRow("2", "Level 2", 2, 1, 1, 12, 12));
        report.Manual.Should().Equal(
            new ManualEscalationReportRow(EscalationTestHost.Group, 0, 1, 0),
            new ManualEscalationReportRow(EscalationTestHost.Desk, 1, 0, 0));

        var backwards = () => host.InScopeAsync(s => s.GetRequiredService<EscalationReports>().EscalationsAsync(Utc(19, 0), Utc(5, 0), CancellationToken.None));
        (await backwards.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("to");
    }

    [Fact]
    public async Task The_on_call_load_counts_the_hours_each_person_answered_with_overrides_taken_from_the_rota()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().AddOverrideAsync(id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = "dora", StartsAt = Utc(10, 12), EndsAt = Utc(11, 12),
        }, "dora", CancellationToken.None));

        // The week of Monday 9 March 08:00Z: ben primary (less dora's day), cleo secondary.
        var load = await host.InScopeAsync(s => s.GetRequiredService<EscalationReports>().OnCallLoadAsync(Utc(9, 8), Utc(16, 8), EscalationTestHost.Group, CancellationToken.None));

        load.Should().Equal(
            new OnCallLoadRow("cleo", 168, 0, 168, 0),
            new OnCallLoadRow("ben", 144, 144, 0, 0),
            new OnCallLoadRow("dora", 24, 24, 0, 24));
        (await host.InScopeAsync(s => s.GetRequiredService<EscalationReports>().OnCallLoadAsync(Utc(9, 8), Utc(16, 8), EscalationTestHost.Desk, CancellationToken.None)))
            .Should().BeEmpty("the service desk has no schedule");
    }

    private static Escalation Row(string number, string group, DateTime started, int level, EscalationState state, DateTime? acknowledged) => new()
    {
        RecordNumber = number, PolicyId = 0, PolicyName = "Fixed", Trigger = EscalationTrigger.SlaBreach, GroupKey = group, Level = level, Round = 1, State = state,
        StartedAt = started, AcknowledgedAt = acknowledged, AcknowledgedBy = acknowledged is null ? null : "anna", EndedAt = acknowledged ?? started.AddHours(1),
    };
}
