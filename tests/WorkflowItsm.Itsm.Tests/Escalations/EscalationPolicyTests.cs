using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Records;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

public sealed class EscalationPolicyTests
{
    // Saturday 7 March 2026, 02:00 in Berlin: outside business hours; anna is primary, ben secondary that week.
    private static readonly DateTimeOffset SaturdayNight = new(2026, 3, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_P1_at_night_pages_the_on_call_then_the_secondary_and_the_manager_until_acknowledged_every_step_in_the_activity()
    {
        await using var host = await EscalationTestHost.StartAsync(SaturdayNight);
        await host.WeeklyScheduleAsync(OnCallRestriction.NightsAndWeekends);
        await host.P1PolicyAsync();

        var incident = await host.IncidentAsync(impact: 1, urgency: 1);
        incident.Priority.Should().Be(1);
        (await host.RunJobsAsync<EscalationTriggerJob>()).Should().Be(1);
        (await Paged(host, incident.Number)).Should().Equal("anna");

        host.Time.Advance(TimeSpan.FromMinutes(4));
        (await host.RunJobsAsync<EscalationTimerJob>()).Should().Be(0, "the level's 5 minutes are not over");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        (await host.RunJobsAsync<EscalationTimerJob>()).Should().Be(1);
        (await Paged(host, incident.Number)).Should().Equal("anna", "ben", "dora");

        await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().AcknowledgeRecordAsync(incident.Number, "ben", CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.RunJobsAsync<EscalationTimerJob>();
        (await host.InScopeAsync(s => s.GetRequiredService<EscalationTimerJob>().SweepAsync(CancellationToken.None))).Should().Be(0);
        (await Paged(host, incident.Number)).Should().HaveCount(3, "acknowledging stopped it");

        var escalation = (await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().OfRecordAsync(incident.Number, CancellationToken.None))).Single();
        escalation.State.Should().Be(EscalationState.Acknowledged);
        escalation.StateLabel.Should().Be("Acknowledged");
        escalation.AcknowledgedBy.Should().Be("ben");

        var notified = await host.Db(db => db.Notifications.Where(n => n.Kind == NotificationKinds.Escalation).Select(n => n.Recipient).OrderBy(r => r).ToListAsync());
        notified.Should().Equal("anna", "ben", "dora");

        var activity = await host.Db(db => db.RecordAudit.Where(a => a.RecordNumber == incident.Number && a.Field == EscalationService.ActivityField)
            .OrderBy(a => a.Id).Select(a => a.NewValue!).ToListAsync());
        activity.Should().HaveCount(5);
        activity[0].Should().StartWith("Started: P1 network (New P1 incident");
        activity[1].Should().Be("Level 1: paged anna (on call (primary, Network on call))");
        activity[2].Should().Be("No acknowledgement within 5 minutes: level 2");
        activity[3].Should().Contain("ben (on call (secondary").And.Contain("dora (manager of network)");
        activity[4].Should().StartWith("Acknowledged by ben (from the record) at level 2");

        var twice = () => host.InScopeAsync(s => s.GetRequiredService<EscalationService>().AcknowledgeRecordAsync(incident.Number, "anna", CancellationToken.None));
        (await twice.Should().ThrowAsync<EscalationConflictException>()).Which.Message.Should().Contain("acknowledged already by ben");
    }

    [Fact]
    public async Task A_level_with_nobody_on_call_hands_over_to_the_next_level_at_once()
    {
        await using var host = await EscalationTestHost.StartAsync(SaturdayNight);
        await host.WeeklyScheduleAsync(OnCallRestriction.BusinessHours);
        await host.P1PolicyAsync();
        var incident = await host.IncidentAsync(1, 1);
        await host.RunJobsAsync<EscalationTriggerJob>();

        host.Jobs.Of<EscalationTimerJob>().Single().At.Should().Be(SaturdayNight, "the primary answers only in business hours");
        (await host.RunJobsAsync<EscalationTimerJob>()).Should().Be(1);
        (await Paged(host, incident.Number)).Should().Equal("ben", "dora");
        var activity = await host.Db(db => db.RecordAudit.Where(a => a.RecordNumber == incident.Number && a.Field == EscalationService.ActivityField)
            .OrderBy(a => a.Id).Select(a => a.NewValue!).ToListAsync());
        activity[1].Should().Be("Level 1: nobody could be paged; nobody on call (primary) for network");
        activity[2].Should().Be("Nobody to page at level 1: level 2");
    }

    [Fact]
    public async Task The_email_link_acknowledges_once_and_only_for_the_person_it_was_sent_to()
    {
        await using var host = await EscalationTestHost.StartAsync(SaturdayNight);
        await host.WeeklyScheduleAsync();
        await host.P1PolicyAsync();
        var incident = await host.IncidentAsync(1, 1);
        await host.RunJobsAsync<EscalationTriggerJob>();
        var link = await host.Db(db => db.Notifications.Where(n => n.Recipient == "anna" && n.Kind == NotificationKinds.Escalation).Select(n => n.Link!).SingleAsync());
        link.Should().StartWith(EscalationService.LinkPrefix);
        var token = link[EscalationService.LinkPrefix.Length..];

        Task<Escalation> Use(string user) => host.InScopeAsync(s => s.GetRequiredService<EscalationService>().AcknowledgeByLinkAsync(token, user, CancellationToken.None));

        (await ((Func<Task>)(() => Use("ben"))).Should().ThrowAsync<EscalationLinkRefusedException>()).Which.Refusal.Should().Be(EscalationLinkRefusal.OtherPerson);
        (await ((Func<Task>)(() => host.InScopeAsync(s => s.GetRequiredService<EscalationService>().AcknowledgeByLinkAsync("forged", "anna", CancellationToken.None)))).Should()
            .ThrowAsync<EscalationLinkRefusedException>()).Which.Refusal.Should().Be(EscalationLinkRefusal.Unknown);
        (await Use("anna")).State.Should().Be(EscalationState.Acknowledged);
        await ((Func<Task>)(() => Use("anna"))).Should().ThrowAsync<EscalationConflictException>();

        var escalation = (await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().OfRecordAsync(incident.Number, CancellationToken.None))).Single();
        escalation.AcknowledgedBy.Should().Be("anna");
        escalation.Pages.Single().LinkUsed.Should().BeTrue();
        (await host.Db(db => db.RecordAudit.CountAsync(a => a.RecordNumber == incident.Number && a.NewValue!.StartsWith("Acknowledged by anna (from the email link)")))).Should().Be(1);
    }

    [Fact]
    public async Task After_a_restart_between_two_levels_the_next_level_fires_once_on_time()
    {
        var host = await EscalationTestHost.StartAsync(SaturdayNight);
        await host.WeeklyScheduleAsync();
        await host.P1PolicyAsync();
        var incident = await host.IncidentAsync(1, 1);
        await host.RunJobsAsync<EscalationTriggerJob>();
        var timer = host.Jobs.Of<EscalationTimerJob>().Single();
        timer.At.Should().Be(SaturdayNight.AddMinutes(5));

        host = await host.RestartAsync();
        await using var restarted = host;
        restarted.Time.Advance(TimeSpan.FromMinutes(5));
        // The level's own job (kept by the job engine's storage) fires it; the same job again, or the sweep, does not.
        await RecordingJobsRun(restarted, timer);
        await RecordingJobsRun(restarted, timer);
        restarted.Time.Advance(EscalationTimerJob.Grace + TimeSpan.FromSeconds(1));
        (await restarted.InScopeAsync(s => s.GetRequiredService<EscalationTimerJob>().SweepAsync(CancellationToken.None))).Should().Be(0);
        (await Paged(restarted, incident.Number)).Should().Equal("anna", "ben", "dora");
    }

    [Fact]
    public async Task When_the_timer_job_is_lost_the_sweep_fires_the_next_level_once_then_the_policy_repeats_and_ends()
    {
        await using var host = await EscalationTestHost.StartAsync(SaturdayNight);
        await host.WeeklyScheduleAsync();
        await host.P1PolicyAsync(repeat: 1);
        var incident = await host.IncidentAsync(1, 1);
        await host.RunJobsAsync<EscalationTriggerJob>();

        host.Time.Advance(TimeSpan.FromMinutes(6) + EscalationTimerJob.Grace);
        Task<int> Sweep() => host.InScopeAsync(s => s.GetRequiredService<EscalationTimerJob>().SweepAsync(CancellationToken.None));
        (await Sweep()).Should().Be(1);
        (await Sweep()).Should().Be(0, "level 2's own timer is not due yet");
        (await Paged(host, incident.Number)).Should().Equal("anna", "ben", "dora");

        host.Time.Advance(TimeSpan.FromMinutes(6));
        (await Sweep()).Should().Be(1);
        (await Paged(host, incident.Number)).Should().Equal("anna", "ben", "dora", "anna");
        host.Time.Advance(TimeSpan.FromMinutes(6));
        (await Sweep()).Should().Be(1);
        host.Time.Advance(TimeSpan.FromMinutes(6));
        (await Sweep()).Should().Be(1);
        (await Sweep()).Should().Be(0);
        var escalation = (await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().OfRecordAsync(incident.Number, CancellationToken.None))).Single();
        escalation.State.Should().Be(EscalationState.Exhausted);
        escalation.Pages.Should().HaveCount(6, "two rounds of anna, then ben and dora");
    }

    [Fact]
    public async Task A_policy_attached_to_the_SLA_definition_wins_over_the_priority_one_and_a_P3_starts_nothing()
    {
        await using var host = await EscalationTestHost.StartAsync(SaturdayNight);
        await host.WeeklyScheduleAsync();
        await host.P1PolicyAsync();
        var sla = await host.Db(db => db.SlaDefinitions.OrderBy(d => d.Id).Select(d => new { d.Id, d.Name }).FirstAsync());
        await host.InScopeAsync(s => s.GetRequiredService<EscalationPolicies>().CreateAsync(new NewEscalationPolicy
        {
            Name = "Breach of the first SLA", SlaDefinitionId = sla.Id, Priority = 3, OnSlaWarning = true,
            Levels = [new NewEscalationLevel { TimeoutMinutes = 15, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.Person, UserName = "eve" }] }],
        }, "dora", CancellationToken.None));

        var low = await host.IncidentAsync(3, 3);
        (await host.RunJobsAsync<EscalationTriggerJob>()).Should().Be(0, "a P3 is no trigger on its own");
        await host.InScopeAsync(s => s.GetRequiredService<EscalationTriggers>().WarnedAsync(low, new WorkflowItsm.Itsm.ServiceLevels.SlaClock { Name = sla.Name, CalendarKey = "x", DefinitionId = sla.Id }, CancellationToken.None));
        await host.RunJobsAsync<EscalationTriggerJob>();

        var escalation = (await host.InScopeAsync(s => s.GetRequiredService<EscalationService>().OfRecordAsync(low.Number, CancellationToken.None))).Single();
        escalation.PolicyName.Should().Be("Breach of the first SLA");
        escalation.Trigger.Should().Be("SLA warning");
        escalation.Pages.Select(p => p.UserName).Should().Equal("eve");
    }

    [Fact]
    public async Task A_level_without_a_target_or_with_a_zero_timeout_is_refused_naming_the_field()
    {
        await using var host = await EscalationTestHost.StartAsync(SaturdayNight);
        var bad = () => host.InScopeAsync(s => s.GetRequiredService<EscalationPolicies>().CreateAsync(new NewEscalationPolicy
        {
            Name = "Bad", Priority = 1,
            Levels =
            [
                new NewEscalationLevel { TimeoutMinutes = 0, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.Person, UserName = "anna" }] },
                new NewEscalationLevel { TimeoutMinutes = 5, Targets = [] },
                new NewEscalationLevel { TimeoutMinutes = 5, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.Person, UserName = "zed" }] },
            ],
        }, "dora", CancellationToken.None));
        (await bad.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should()
            .BeEquivalentTo("levels[0].timeoutMinutes", "levels[1].targets", "levels[2].targets[0].userName");
        (await host.Db(db => db.Set<EscalationPolicy>().CountAsync())).Should().Be(0);
    }

    private static Task RecordingJobsRun(EscalationTestHost host, Testing.PlannedJob job) => Testing.RecordingJobs.RunAsync(job, host.Services);

    private static Task<List<string>> Paged(EscalationTestHost host, string number) =>
        host.Db(db => db.Set<EscalationPage>().Where(p => db.Set<Escalation>().Any(e => e.Id == p.EscalationId && e.RecordNumber == number))
            .OrderBy(p => p.Id).Select(p => p.UserName).ToListAsync());
}
