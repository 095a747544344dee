using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

/// <summary>Only one escalation runs per record, even when two triggers start one at the same instant.</summary>
public sealed class ConcurrentStartTests
{
    private static readonly DateTimeOffset Tuesday = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_starts_at_the_same_instant_on_two_connections_give_one_escalation_and_the_database_refuses_a_second_active_one()
    {
        var file = Path.Combine(Path.GetTempPath(), $"escalations-{Guid.NewGuid():N}.db");
        try
        {
            await using (var host = await EscalationTestHost.StartOnFileAsync(Tuesday, file))
            {
                await host.WeeklyScheduleAsync();
                await host.InScopeAsync(s => s.GetRequiredService<EscalationPolicies>().CreateAsync(new NewEscalationPolicy
                {
                    Name = "P2 breaches", Priority = 2, OnNewIncident = false, OnSlaBreach = true, OnSlaWarning = true,
                    Levels = [new NewEscalationLevel { TimeoutMinutes = 30, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.GroupManager }] }],
                }, "dora", CancellationToken.None));
                var incident = await host.IncidentAsync(1, 2);

                using var go = new SemaphoreSlim(0, 2);
                async Task<Escalation?> StartAsync(EscalationTrigger trigger)
                {
                    await using var scope = host.Services.CreateAsyncScope();
                    await go.WaitAsync();
                    return await scope.ServiceProvider.GetRequiredService<EscalationService>().StartAsync(incident.Number, trigger, null, null, CancellationToken.None);
                }

                var both = Task.WhenAll(Task.Run(() => StartAsync(EscalationTrigger.SlaBreach)), Task.Run(() => StartAsync(EscalationTrigger.SlaWarning)));
                go.Release(2);
                var started = await both;

                started.Count(e => e is not null).Should().Be(1, "the second start finds the first one running, or the index refuses it");
                (await host.Db(db => db.Set<Escalation>().CountAsync(e => e.RecordNumber == incident.Number))).Should().Be(1);
                (await host.Db(db => db.Notifications.CountAsync(n => n.Recipient == EscalationTestHost.Manager))).Should().Be(1, "the manager is paged once");

                // Past the service's check, the database itself refuses a second active escalation of the record.
                var second = () => host.Db(db =>
                {
                    db.Set<Escalation>().Add(new Escalation
                    {
                        RecordNumber = incident.Number, PolicyName = "Twin", GroupKey = EscalationTestHost.Group, Level = 1, Round = 1, State = EscalationState.Active, StartedAt = Tuesday.UtcDateTime,
                    });
                    return db.SaveChangesAsync();
                });
                await second.Should().ThrowAsync<DbUpdateException>();

                // A finished one does not count: a new escalation may start once the first is over.
                await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().AcknowledgeRecordAsync(incident.Number, "dora", CancellationToken.None));
                (await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().StartAsync(incident.Number, EscalationTrigger.SlaBreach, null, null, CancellationToken.None)))
                    .Should().NotBeNull();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
