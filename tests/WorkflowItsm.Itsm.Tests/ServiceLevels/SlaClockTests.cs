using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.ServiceLevels;

/// <summary>
/// SLA clocks of incidents on the seeded definitions: P1 on the 24×7 calendar (response 15 min, resolution 4 h), P2
/// and P3–P5 on the service desk's hours (Mon–Fri 08:00–18:00 Berlin; P2 response 1 h, resolution 8 h; P3–P5
/// resolution 30 h). Times below are Berlin local (UTC+1 in December).
/// </summary>
public sealed class SlaClockTests : IAsyncLifetime
{
    // Monday 7 December 2026, 09:00 in Berlin.
    private static readonly DateTimeOffset MondayNine = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));
    private SlaTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await SlaTestHost.StartAsync(MondayNine);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static DateTime Berlin(int day, int hour, int minute = 0) =>
        new DateTimeOffset(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(1)).UtcDateTime;

    [Fact]
    public async Task A_P2_incident_gets_response_and_resolution_clocks_due_in_business_hours_with_warning_jobs()
    {
        var incident = await host.CreateAsync(impact: 2, urgency: 1);

        incident.Priority.Should().Be(2);
        var response = await host.ClockAsync(incident, SlaKind.Response);
        var resolution = await host.ClockAsync(incident, SlaKind.Resolution);
        response.Name.Should().Be("P2 response in 1 business hour");
        response.DueAt.Should().Be(Berlin(7, 10));
        resolution.DueAt.Should().Be(Berlin(7, 17));
        resolution.NextCheckAt.Should().Be(Berlin(7, 13), "the 50 % warning comes first: 4 of 8 business hours");
        host.Jobs.LastCheckOf(resolution.Id).Should().Be(Berlin(7, 13));
    }

    [Fact]
    public async Task Business_time_stops_over_the_weekend()
    {
        host.Time.SetUtcNow(new DateTimeOffset(2026, 12, 11, 16, 0, 0, TimeSpan.FromHours(1))); // Friday 16:00

        var incident = await host.CreateAsync(impact: 2, urgency: 1);

        // Friday 16–18 is 2 h; the other 6 h run on Monday from 08:00.
        (await host.ClockAsync(incident, SlaKind.Resolution)).DueAt.Should().Be(Berlin(14, 14));
    }

    [Fact]
    public async Task On_hold_awaiting_the_caller_pauses_the_resolution_clock_and_stops_the_response_clock()
    {
        var incident = await host.CreateAsync(impact: 2, urgency: 1);
        host.Time.Advance(TimeSpan.FromHours(2)); // Monday 11:00

        await host.TransitionAsync(incident.Number, new IncidentTransition(IncidentState.OnHold, OnHoldReason.AwaitingCaller));

        var response = await host.ClockAsync(incident, SlaKind.Response);
        response.State.Should().Be(SlaClockState.Stopped);
        response.BreachedAt.Should().NotBeNull("responded after 2 h of a 1 h promise");
        var paused = await host.ClockAsync(incident, SlaKind.Resolution);
        paused.State.Should().Be(SlaClockState.Paused);
        paused.ElapsedSeconds.Should().Be(2 * 3600);
        paused.DueAt.Should().BeNull();

        host.Time.SetUtcNow(new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.FromHours(1))); // Tuesday 10:00
        await host.TransitionAsync(incident.Number, new IncidentTransition(IncidentState.InProgress));

        var resumed = await host.ClockAsync(incident, SlaKind.Resolution);
        resumed.State.Should().Be(SlaClockState.Running);
        resumed.ElapsedSeconds.Should().Be(2 * 3600, "the night and the wait for the caller do not count");
        resumed.DueAt.Should().Be(Berlin(8, 16));
        (await host.ViewsAsync(incident)).Single(v => v.Kind == SlaKind.Resolution).Timeline.Select(e => e.Kind)
            .Should().Equal(SlaClockEvents.Started, SlaClockEvents.Paused, SlaClockEvents.Resumed);
    }

    [Fact]
    public async Task Waiting_for_a_vendor_does_not_pause_the_default_definitions()
    {
        var incident = await host.CreateAsync(impact: 2, urgency: 1);

        await host.TransitionAsync(incident.Number, new IncidentTransition(IncidentState.OnHold, OnHoldReason.AwaitingVendor));

        (await host.ClockAsync(incident, SlaKind.Resolution)).State.Should().Be(SlaClockState.Running);
    }

    [Fact]
    public async Task A_priority_change_recalculates_on_the_new_definition_keeping_the_time_spent()
    {
        var incident = await host.CreateAsync(impact: 3, urgency: 3);
        (await host.ClockAsync(incident, SlaKind.Resolution)).Name.Should().Be("P3–P5 resolution in 3 business days");
        host.Time.Advance(TimeSpan.FromHours(3)); // Monday 12:00: 3 business hours spent

        await host.UpdateAsync(incident.Number, new IncidentChanges { Impact = 1, Urgency = 1 });

        var clocks = await host.ClocksAsync(incident);
        var old = clocks.Single(c => c.Kind == SlaKind.Resolution && c.State == SlaClockState.Cancelled);
        var now = clocks.Single(c => c.Kind == SlaKind.Resolution && c.State == SlaClockState.Running);
        old.ElapsedSeconds.Should().Be(3 * 3600);
        now.Name.Should().Be("P1 resolution in 4 hours");
        now.ElapsedSeconds.Should().Be(3 * 3600, "GLPI and Zammad users report losing exactly this");
        now.DueAt.Should().Be(Berlin(7, 13), "4 h minus the 3 h spent, on the 24×7 calendar");
        (await host.ViewsAsync(incident)).Single(v => v.Id == now.Id).Timeline.Single().Detail.Should().Be("recalculated from P3–P5 resolution in 3 business days");
    }

    [Fact]
    public async Task The_planned_check_job_run_at_its_moment_warns_and_plans_the_next_check_and_the_emails()
    {
        var incident = await host.CreateAsync(impact: 1, urgency: 1, group: "service-desk");
        var clock = await host.ClockAsync(incident, SlaKind.Resolution);
        var planned = host.Jobs.Of<SlaCheckJob>().Last(j => Equals(j.Arguments[0], clock.Id));
        planned.At.Should().Be(new DateTimeOffset(Berlin(7, 11)), "50 % of 4 h");

        host.Time.SetUtcNow(planned.At!.Value);
        await RecordingJobs.RunAsync(planned, host.Services);

        (await host.ClockAsync(incident, SlaKind.Resolution)).WarningsSent.Should().Be("50");
        host.Jobs.LastCheckOf(clock.Id).Should().Be(Berlin(7, 12), "the 75 % warning is planned next");
        host.Jobs.Of<NotificationEmailJob>().Should().NotBeEmpty("each warning notification is emailed by a job");
    }

    [Fact]
    public async Task Warnings_and_the_breach_are_recorded_once_notify_the_group_and_fire_late_jobs_only_once()
    {
        var incident = await host.CreateAsync(impact: 1, urgency: 1, group: "service-desk");
        var clock = await host.ClockAsync(incident, SlaKind.Resolution);
        clock.NextCheckAt.Should().Be(Berlin(7, 11), "50 % of 4 h");

        host.Time.SetUtcNow(Berlin(7, 11));
        await host.RunCheckAsync(clock.Id);
        await host.RunCheckAsync(clock.Id); // a duplicate job
        (await host.ClockAsync(incident, SlaKind.Resolution)).NextCheckAt.Should().Be(Berlin(7, 12), "75 % next");

        host.Time.SetUtcNow(Berlin(7, 14)); // late: 75 % and the breach both passed
        await host.RunCheckAsync(clock.Id);
        await host.RunCheckAsync(clock.Id);

        var breached = await host.ClockAsync(incident, SlaKind.Resolution);
        breached.BreachedAt.Should().Be(Berlin(7, 13));
        breached.NextCheckAt.Should().BeNull();
        breached.State.Should().Be(SlaClockState.Running, "the clock goes on counting after the breach");
        (await host.ViewsAsync(incident)).Single(v => v.Id == clock.Id).Timeline.Select(e => e.Kind)
            .Should().Equal(SlaClockEvents.Started, SlaClockEvents.Warned, SlaClockEvents.Breached);
        var notifications = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Notifications.AsNoTracking()
            .Where(n => n.Recipient == "ana").Select(n => n.Kind).ToListAsync());
        notifications.Where(k => k.StartsWith("sla", StringComparison.Ordinal)).Should().Equal("sla-warning", "sla-breached");
    }

    [Fact]
    public async Task Resolving_late_marks_the_breach_even_when_the_job_never_ran_and_reopening_resumes_the_clock()
    {
        var incident = await host.CreateAsync(impact: 2, urgency: 1);
        host.Time.SetUtcNow(Berlin(8, 9)); // Tuesday 09:00: 10 business hours later

        await host.TransitionAsync(incident.Number, new IncidentTransition(IncidentState.Resolved, ResolutionCode: "fixed", ResolutionNotes: "done"));
        var stopped = await host.ClockAsync(incident, SlaKind.Resolution);
        stopped.State.Should().Be(SlaClockState.Stopped);
        stopped.ElapsedSeconds.Should().Be(10 * 3600);
        stopped.BreachedAt.Should().Be(Berlin(7, 17));

        host.Time.SetUtcNow(Berlin(8, 11));
        await host.TransitionAsync(incident.Number, new IncidentTransition(IncidentState.InProgress));

        var reopened = await host.ClockAsync(incident, SlaKind.Resolution);
        reopened.Id.Should().Be(stopped.Id, "the same promise goes on");
        reopened.State.Should().Be(SlaClockState.Running);
        reopened.ElapsedSeconds.Should().Be(10 * 3600, "the two hours while it was resolved do not count");
    }

    [Fact]
    public async Task Cancelling_the_incident_cancels_its_clocks()
    {
        var incident = await host.CreateAsync(impact: 3, urgency: 3);

        await host.TransitionAsync(incident.Number, new IncidentTransition(IncidentState.Cancelled));

        (await host.ClocksAsync(incident)).Should().OnlyContain(c => c.State == SlaClockState.Cancelled && c.NextCheckAt == null);
    }

    [Fact]
    public async Task Changing_the_calendar_keeps_the_time_counted_and_plans_the_rest_on_the_new_hours()
    {
        var incident = await host.CreateAsync(impact: 2, urgency: 1);
        host.Time.Advance(TimeSpan.FromHours(1)); // Monday 10:00: 1 business hour spent

        // From now on the service desk works 08:00–12:00 only.
        var saved = await host.InScopeAsync(s => s.GetRequiredService<SlaAdministration>().SaveCalendarAsync(BusinessCalendars.BusinessHours,
            new CalendarInput("Mornings", "Europe/Berlin", Enumerable.Range(1, 5).Select(d => new CalendarHours((DayOfWeek)d, "08:00", "12:00")).ToList(), [], null),
            "admin", CancellationToken.None));

        saved.ClocksRecalculated.Should().Be(2);
        var resolution = await host.ClockAsync(incident, SlaKind.Resolution);
        resolution.ElapsedSeconds.Should().Be(3600);
        // 7 h left: Monday 10–12 (2 h), Tuesday 08–12 (4 h), Wednesday 08–09 (1 h).
        resolution.DueAt.Should().Be(Berlin(9, 9));
        resolution.NextCheckAt.Should().Be(Berlin(8, 9), "the 50 % warning (4 of 8 h) is still ahead: Monday 10–12 and Tuesday 08–09");
        host.Jobs.LastCheckOf(resolution.Id).Should().Be(resolution.NextCheckAt);
    }

    [Fact]
    public async Task Invalid_calendars_are_refused_naming_the_field_and_change_nothing()
    {
        var act = () => host.InScopeAsync(s => s.GetRequiredService<SlaAdministration>().SaveCalendarAsync(BusinessCalendars.BusinessHours,
            new CalendarInput("Broken", "Mars/Olympus", [new CalendarHours(DayOfWeek.Monday, "08:00", "12:00"), new CalendarHours(DayOfWeek.Monday, "11:00", "13:00")], [], null),
            "admin", CancellationToken.None));

        (await act.Should().ThrowAsync<SlaValidationException>()).Which.Errors.Keys.Should().Contain("timeZoneId");
        var overlap = () => host.InScopeAsync(s => s.GetRequiredService<SlaAdministration>().SaveCalendarAsync(BusinessCalendars.BusinessHours,
            new CalendarInput("Broken", "Europe/Berlin", [new CalendarHours(DayOfWeek.Monday, "08:00", "12:00"), new CalendarHours(DayOfWeek.Monday, "11:00", "13:00")], [], null),
            "admin", CancellationToken.None));
        (await overlap.Should().ThrowAsync<SlaValidationException>()).Which.Errors["hours"].Single().Should().Contain("Monday");
        (await host.InScopeAsync(s => s.GetRequiredService<BusinessCalendars>().GetViewAsync(BusinessCalendars.BusinessHours, CancellationToken.None)))!
            .Name.Should().StartWith("Service desk hours");
    }
}
