using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Itsm.Tests.ServiceLevels;

public sealed class ServiceLevelReportTests : IAsyncLifetime
{
    private static readonly DateTimeOffset MondayNine = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));
    private SlaTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await SlaTestHost.StartAsync(MondayNine);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private Task<ServiceLevelReport> ReportAsync() =>
        host.InScopeAsync(s => s.GetRequiredService<ServiceLevelReports>().BuildAsync(
            new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc), CancellationToken.None));

    [Fact]
    public async Task Compliance_counts_kept_broken_and_running_promises_per_priority_group_and_kind()
    {
        // P1 resolved in 1 h (met), P1 resolved after 5 h (broken), P2 still open.
        var quick = await host.CreateAsync(impact: 1, urgency: 1, group: "service-desk-l2");
        var slow = await host.CreateAsync(impact: 1, urgency: 1, group: "service-desk-l2");
        var open = await host.CreateAsync(impact: 2, urgency: 1, group: "service-desk");
        host.Time.Advance(TimeSpan.FromMinutes(10));
        foreach (var incident in new[] { quick, slow })
        {
            await host.TransitionAsync(incident.Number, new IncidentTransition(IncidentState.InProgress));
        }

        host.Time.Advance(TimeSpan.FromMinutes(50));
        await host.TransitionAsync(quick.Number, new IncidentTransition(IncidentState.Resolved, ResolutionCode: "fixed", ResolutionNotes: "ok"));
        host.Time.Advance(TimeSpan.FromHours(4));
        await host.TransitionAsync(slow.Number, new IncidentTransition(IncidentState.Resolved, ResolutionCode: "fixed", ResolutionNotes: "late"));

        var report = await ReportAsync();

        // P1: two response clocks met (10 min < 15 min), one resolution met, one broken.
        report.ByPriority.Should().ContainEquivalentOf(new ComplianceRow("P1", 3, 1, 0));
        report.ByPriority.Should().ContainEquivalentOf(new ComplianceRow("P2", 0, 1, 1), "its 1 h response passed without anyone taking it on");
        report.ByPriority.Single(r => r.Key == "P1").CompliancePercent.Should().Be(75);
        report.ByGroup.Select(r => r.Key).Should().Equal("service-desk", "service-desk-l2");
        report.ByKind.Should().ContainEquivalentOf(new ComplianceRow("Resolution", 1, 1, 1));
        report.ResolutionTimes.Should().ContainSingle().Which.Should().Be(new ResolutionTimeRow(1, 2, 3.0, 3.0));
        report.BacklogAge.Sum(b => b.Open).Should().Be(1);
        report.Volume.Single(v => v.Day == new DateOnly(2026, 12, 7)).Should().Be(new VolumeRow(new DateOnly(2026, 12, 7), 3, 2));
    }

    [Fact]
    public async Task Compliance_by_service_is_labelled_with_the_service_CIs_name_not_its_number()
    {
        var payroll = await host.InScopeAsync(s => s.GetRequiredService<CiService>().CreateAsync(
            new NewConfigurationItem { Name = "Payroll", Class = CmdbSeed.BusinessService }, "ana", CancellationToken.None));
        var incident = await host.CreateAsync(impact: 2, urgency: 2);
        await host.UpdateAsync(incident.Number, new IncidentChanges { Service = payroll.Number });
        await host.CreateAsync(impact: 3, urgency: 3);

        var report = await ReportAsync();

        report.ByService.Select(r => r.Key).Should().BeEquivalentTo("Payroll", "(none)");
    }

    [Fact]
    public async Task A_period_of_more_than_a_year_is_refused()
    {
        var act = () => host.InScopeAsync(s => s.GetRequiredService<ServiceLevelReports>().BuildAsync(
            new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), CancellationToken.None));

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*366 days*");
    }
}
