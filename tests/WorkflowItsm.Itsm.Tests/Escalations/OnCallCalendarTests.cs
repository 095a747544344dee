using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Records;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

/// <summary>The calendar's coverage (who actually answers, overrides applied), a person's own shifts, and changing a schedule's rotations.</summary>
public sealed class OnCallCalendarTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 20, 12, 0, 0, TimeSpan.Zero);

    private static DateTime Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Coverage_shows_who_answers_with_the_override_winning_its_span_and_restricted_hours_left_out()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().AddOverrideAsync(id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = "dora", StartsAt = Utc(3, 10, 12), EndsAt = Utc(3, 11, 12),
        }, "dora", CancellationToken.None));
        var schedule = await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().FindAsync(id, CancellationToken.None));

        OnCallRotation.Coverage(schedule, OnCallLayerKind.Primary, Utc(3, 9, 0), Utc(3, 12, 0)).Should().Equal(
            new OnCallShift("anna", Utc(3, 9, 0), Utc(3, 9, 8), false),
            new OnCallShift("ben", Utc(3, 9, 8), Utc(3, 10, 12), false),
            new OnCallShift("dora", Utc(3, 10, 12), Utc(3, 11, 12), true),
            new OnCallShift("ben", Utc(3, 11, 12), Utc(3, 12, 0), false));

        // Business hours only: Monday 9 March 09:00–17:00 Berlin is 08:00–16:00Z; nothing at night.
        await using var restricted = await EscalationTestHost.StartAsync(Start);
        var office = await restricted.WeeklyScheduleAsync(OnCallRestriction.BusinessHours);
        OnCallRotation.Coverage(office, OnCallLayerKind.Primary, Utc(3, 9, 0), Utc(3, 10, 0)).Should().Equal(new OnCallShift("ben", Utc(3, 9, 8), Utc(3, 9, 16), false));
    }

    [Fact]
    public async Task A_persons_shifts_span_every_layer_and_leave_out_what_an_override_took()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().AddOverrideAsync(id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = "dora", StartsAt = Utc(3, 10, 12), EndsAt = Utc(3, 11, 12),
        }, "dora", CancellationToken.None));

        var ben = await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().PersonShiftsAsync("ben", Utc(3, 9, 0), Utc(3, 17, 0), CancellationToken.None));
        ben.Select(b => (b.Layer, b.StartsAt, b.EndsAt, b.IsOverride)).Should().Equal(
            (OnCallLayerKind.Secondary, Utc(3, 9, 0), Utc(3, 9, 8), false),
            (OnCallLayerKind.Primary, Utc(3, 9, 8), Utc(3, 10, 12), false),
            (OnCallLayerKind.Primary, Utc(3, 11, 12), Utc(3, 16, 8), false));
        ben.Should().OnlyContain(b => b.ScheduleName == "Network on call" && b.GroupKey == EscalationTestHost.Group);

        var dora = await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().PersonShiftsAsync("dora", Utc(3, 9, 0), Utc(3, 17, 0), CancellationToken.None));
        dora.Should().ContainSingle().Which.Should().Match<OnCallPersonShift>(d => d.IsOverride && d.StartsAt == Utc(3, 10, 12) && d.LayerLabel == "Primary");
    }

    [Fact]
    public async Task Changing_the_rotations_replaces_them_whole_and_a_bad_one_changes_nothing()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        OnCallSchedules Service(IServiceProvider s) => s.GetRequiredService<OnCallSchedules>();

        var bad = () => host.InScopeAsync(s => Service(s).UpdateAsync(id, new NewOnCallSchedule
        {
            Name = "Renamed", TimeZone = "Europe/Berlin",
            Layers = [new NewOnCallLayer { Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Daily, StartDate = new DateOnly(2026, 3, 2), Members = [] }],
        }, CancellationToken.None));
        (await bad.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("layers[0].members");
        var unchanged = await host.InScopeAsync(s => Service(s).FindAsync(id, CancellationToken.None));
        unchanged.Name.Should().Be("Network on call");
        unchanged.Layers.Should().HaveCount(2);

        await host.InScopeAsync(s => Service(s).UpdateAsync(id, new NewOnCallSchedule
        {
            Name = "Network daily", TimeZone = "Europe/Berlin",
            Layers = [new NewOnCallLayer { Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Daily, HandoffTime = new TimeOnly(8, 0), StartDate = new DateOnly(2026, 3, 2), Members = ["cleo", "anna"] }],
        }, CancellationToken.None));
        var changed = await host.InScopeAsync(s => Service(s).FindAsync(id, CancellationToken.None));
        changed.Name.Should().Be("Network daily");
        changed.Layers.Should().ContainSingle().Which.MemberList.Should().Equal("cleo", "anna");
        // Tuesday 3 March 08:00 Berlin (07:00Z) is anna's second day.
        OnCallSchedules.Answer(changed, OnCallLayerKind.Primary, Utc(3, 3, 7)).UserName.Should().Be("anna");

        // An override of a layer the change would drop keeps the layer.
        await host.InScopeAsync(s => Service(s).AddOverrideAsync(id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = "dora", StartsAt = Utc(3, 10, 12), EndsAt = Utc(3, 11, 12),
        }, "dora", CancellationToken.None));
        var orphan = () => host.InScopeAsync(s => Service(s).UpdateAsync(id, new NewOnCallSchedule
        {
            Name = "Secondary only", TimeZone = "Europe/Berlin",
            Layers = [new NewOnCallLayer { Layer = OnCallLayerKind.Secondary, Rotation = RotationKind.Daily, StartDate = new DateOnly(2026, 3, 2), Members = ["ben"] }],
        }, CancellationToken.None));
        (await orphan.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("layers");
    }

    [Fact]
    public async Task Only_an_admin_or_the_groups_manager_may_change_a_schedule()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        OnCallSchedules Service(IServiceProvider s) => s.GetRequiredService<OnCallSchedules>();

        (await host.InScopeAsync(s => Service(s).CanEditAsync(EscalationTestHost.Group, EscalationTestHost.Manager, false, CancellationToken.None))).Should().BeTrue();
        (await host.InScopeAsync(s => Service(s).CanEditAsync(EscalationTestHost.Group, "anna", false, CancellationToken.None))).Should().BeFalse();
        (await host.InScopeAsync(s => Service(s).CanEditAsync(EscalationTestHost.Group, "anna", true, CancellationToken.None))).Should().BeTrue();
        var anna = () => host.InScopeAsync(s => Service(s).EnsureCanEditAsync(id, "anna", false, CancellationToken.None));
        await anna.Should().ThrowAsync<OnCallForbiddenException>();

        var overrideId = await host.InScopeAsync(async s => (await Service(s).AddOverrideAsync(id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = "dora", StartsAt = Utc(3, 10, 12), EndsAt = Utc(3, 11, 12),
        }, "dora", CancellationToken.None)).Id);
        await host.InScopeAsync(s => Service(s).RemoveOverrideAsync(id, overrideId, CancellationToken.None));
        (await host.Db(db => db.Set<OnCallOverride>().CountAsync())).Should().Be(0);
        var again = () => host.InScopeAsync(s => Service(s).RemoveOverrideAsync(id, overrideId, CancellationToken.None));
        await again.Should().ThrowAsync<RecordNotFoundException>();
    }
}
