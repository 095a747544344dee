using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.ServiceLevels;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

/// <summary>Issue test 5: a functional escalation restarts the response clock when the SLA definition says so, and only then.</summary>
public sealed class ResponseRestartTests
{
    private static readonly DateTimeOffset Tuesday = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task With_the_option_the_new_group_gets_a_new_response_clock_that_stops_when_someone_takes_it_on()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        // Seeded "P2 response in 1 business hour".
        await host.Db(db => db.SlaDefinitions.Where(d => d.Id == 3).ExecuteUpdateAsync(u => u.SetProperty(d => d.RestartOnReassignment, true)));
        var incident = await host.IncidentAsync(1, 2, EscalationTestHost.Desk);
        incident.Priority.Should().Be(2);
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().TakeOnAsync(incident.Number, "eve", "eve", CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(20));

        await host.InScopeAsync(s => s.GetRequiredService<ManualEscalations>().FunctionalAsync(incident.Number, EscalationTestHost.Group, "Needs the network team", "eve", CancellationToken.None));

        var clocks = await Response(host, incident.Id);
        clocks.Should().HaveCount(2);
        clocks[0].State.Should().Be(SlaClockState.Stopped, "the desk's response was met when eve took it on");
        clocks[1].Should().Match<SlaClock>(c => c.State == SlaClockState.Running && c.RestartedAt == host.Time.GetUtcNow().UtcDateTime && c.ElapsedSeconds == 0 && c.DueAt != null);
        (await host.Db(db => db.RecordNotes.Where(n => n.RecordNumber == incident.Number).Select(n => n.Text).ToListAsync()))
            .Should().Contain(t => t.Contains("Needs the network team") && t.Contains("starts again"));

        // An unrelated change leaves it running (the incident is past New already); taking it on stops it.
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().UpdateAsync(incident.Number, new IncidentChanges { Description = "Core switch logs attached" }, null, "anna", CancellationToken.None));
        (await Response(host, incident.Id))[1].State.Should().Be(SlaClockState.Running);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().TakeOnAsync(incident.Number, "anna", "anna", CancellationToken.None));
        var stopped = (await Response(host, incident.Id))[1];
        stopped.State.Should().Be(SlaClockState.Stopped);
        stopped.ElapsedSeconds.Should().Be(600);
    }

    [Fact]
    public async Task Without_the_option_the_response_clock_is_not_restarted()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        var incident = await host.IncidentAsync(1, 2, EscalationTestHost.Desk);
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().TakeOnAsync(incident.Number, "eve", "eve", CancellationToken.None));

        await host.InScopeAsync(s => s.GetRequiredService<ManualEscalations>().FunctionalAsync(incident.Number, EscalationTestHost.Group, "Needs the network team", "eve", CancellationToken.None));

        (await Response(host, incident.Id)).Should().ContainSingle().Which.State.Should().Be(SlaClockState.Stopped);
    }

    private static Task<List<SlaClock>> Response(EscalationTestHost host, long incidentId) =>
        host.Db(db => db.SlaClocks.AsNoTracking().Where(c => c.IncidentId == incidentId && c.Kind == SlaKind.Response).OrderBy(c => c.StartedAt).ToListAsync());
}
