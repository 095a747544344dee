using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.ServiceLevels;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

public sealed class EscalationTriggerTests
{
    private static readonly DateTimeOffset Tuesday = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_SLA_breach_found_by_the_SLA_check_starts_the_policy_attached_to_the_priority()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        await host.WeeklyScheduleAsync();
        await host.InScopeAsync(s => s.GetRequiredService<EscalationPolicies>().CreateAsync(new NewEscalationPolicy
        {
            Name = "P2 breaches", Priority = 2, OnNewIncident = true, OnSlaBreach = true,
            Levels = [new NewEscalationLevel { TimeoutMinutes = 30, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.GroupManager }] }],
        }, "dora", CancellationToken.None));
        var incident = await host.IncidentAsync(1, 2);
        incident.Priority.Should().Be(2);
        (await host.RunJobsAsync<EscalationTriggerJob>()).Should().Be(0, "only a P1 or major incident is a trigger when it is raised");

        // Follow the SLA checks as the job engine would until one marks a breach.
        for (var i = 0; i < 20 && !Breached(); i++)
        {
            var next = host.Jobs.Of<SlaCheckJob>().Where(j => j.At is not null).Max(j => j.At!.Value);
            if (next > host.Time.GetUtcNow())
            {
                host.Time.Advance(next - host.Time.GetUtcNow());
            }

            await host.RunJobsAsync<SlaCheckJob>();
        }

        host.Jobs.Of<EscalationTriggerJob>().Count(j => EscalationTrigger.SlaBreach.Equals(j.Arguments[1])).Should().Be(1);
        // The warnings before it were triggers too, but the policy does not answer warnings.
        host.Jobs.Of<EscalationTriggerJob>().Where(j => !EscalationTrigger.SlaBreach.Equals(j.Arguments[1])).Should().OnlyContain(j => EscalationTrigger.SlaWarning.Equals(j.Arguments[1]));
        await host.RunJobsAsync<EscalationTriggerJob>();
        var escalation = (await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().OfRecordAsync(incident.Number, CancellationToken.None))).Single();
        escalation.Trigger.Should().Be("SLA breach");
        escalation.Pages.Select(p => p.UserName).Should().Equal(EscalationTestHost.Manager);
        (await host.Db(db => db.SlaClocks.AnyAsync(c => c.IncidentId == incident.Id && c.BreachedAt != null))).Should().BeTrue();

        bool Breached() => host.Jobs.Of<EscalationTriggerJob>().Any(j => EscalationTrigger.SlaBreach.Equals(j.Arguments[1]));
    }

    [Fact]
    public async Task The_calendar_lists_each_layers_shifts_with_the_DST_short_week_and_the_overrides()
    {
        await using var host = await EscalationTestHost.StartAsync(Tuesday);
        var id = (await host.WeeklyScheduleAsync()).Id;
        await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().AddOverrideAsync(id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = "dora", StartsAt = new DateTime(2026, 3, 24, 0, 0, 0, DateTimeKind.Utc), EndsAt = new DateTime(2026, 3, 25, 0, 0, 0, DateTimeKind.Utc),
        }, "anna", CancellationToken.None));

        var entries = await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().CalendarAsync(id,
            new DateTime(2026, 3, 20, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), CancellationToken.None));

        var primary = entries.Where(e => e.Layer == OnCallLayerKind.Primary && !e.IsOverride).ToList();
        primary.Select(e => (e.UserName, e.StartsAt)).Should().Equal(
            ("cleo", new DateTime(2026, 3, 16, 8, 0, 0, DateTimeKind.Utc)),
            ("anna", new DateTime(2026, 3, 23, 8, 0, 0, DateTimeKind.Utc)),
            ("ben", new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc)));
        (primary[1].EndsAt - primary[1].StartsAt).Should().Be(TimeSpan.FromHours(167), "the week the clocks go forward is an hour short");
        entries.Where(e => e.IsOverride).Should().ContainSingle().Which.UserName.Should().Be("dora");
        entries.Count(e => e.Layer == OnCallLayerKind.Secondary).Should().Be(3);
    }
}
