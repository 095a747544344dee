using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Records;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

public sealed class OnCallScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 20, 12, 0, 0, TimeSpan.Zero);

    // Monday 09:00 in Berlin, written out in UTC: 08:00Z in winter time, 07:00Z once DST began (Sunday 29 March 2026).
    private static readonly (DateTime HandoffUtc, string Person)[] Handoffs =
    [
        (new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), "anna"),
        (new DateTime(2026, 3, 9, 8, 0, 0, DateTimeKind.Utc), "ben"),
        (new DateTime(2026, 3, 16, 8, 0, 0, DateTimeKind.Utc), "cleo"),
        (new DateTime(2026, 3, 23, 8, 0, 0, DateTimeKind.Utc), "anna"),
        (new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc), "ben"),
    ];

    [Fact]
    public async Task A_weekly_rotation_with_a_Monday_0900_handoff_in_Berlin_gives_the_right_person_every_hour_of_March_across_DST()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        var schedule = await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().FindAsync(id, CancellationToken.None));

        var hours = 0;
        for (var at = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc); at < new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc); at = at.AddHours(1))
        {
            var expected = Handoffs.LastOrDefault(h => h.HandoffUtc <= at).Person;
            OnCallSchedules.Answer(schedule, OnCallLayerKind.Primary, at).UserName.Should().Be(expected, $"at {at:yyyy-MM-dd HH:mm}Z");
            hours++;
        }

        hours.Should().Be(31 * 24);

        // The handoff after the DST change is at 07:00Z (09:00 CEST), not 08:00Z.
        var lastWeek = OnCallSchedules.Answer(schedule, OnCallLayerKind.Primary, new DateTime(2026, 3, 30, 7, 30, 0, DateTimeKind.Utc));
        lastWeek.UserName.Should().Be("ben");
        lastWeek.ShiftStartsAt.Should().Be(new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc));
        OnCallSchedules.Answer(schedule, OnCallLayerKind.Primary, new DateTime(2026, 3, 23, 12, 0, 0, DateTimeKind.Utc))
            .ShiftEndsAt.Should().Be(new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc), "the week with the DST change is an hour shorter");
    }

    [Fact]
    public async Task An_override_wins_during_its_span_and_the_secondary_layer_answers_when_asked()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().AddOverrideAsync(id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = "dora", Reason = "ben at the dentist",
            StartsAt = new DateTime(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc), EndsAt = new DateTime(2026, 3, 11, 12, 0, 0, DateTimeKind.Utc),
        }, "ben", CancellationToken.None));

        async Task<OnCallAnswer> Who(OnCallLayerKind layer, DateTime at) =>
            await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().WhoForGroupAsync(EscalationTestHost.Group, layer, at, CancellationToken.None));

        (await Who(OnCallLayerKind.Primary, new DateTime(2026, 3, 10, 11, 59, 0, DateTimeKind.Utc))).UserName.Should().Be("ben");
        var covered = await Who(OnCallLayerKind.Primary, new DateTime(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc));
        covered.UserName.Should().Be("dora");
        covered.IsOverride.Should().BeTrue();
        (await Who(OnCallLayerKind.Primary, new DateTime(2026, 3, 11, 11, 59, 0, DateTimeKind.Utc))).UserName.Should().Be("dora");
        (await Who(OnCallLayerKind.Primary, new DateTime(2026, 3, 11, 12, 0, 0, DateTimeKind.Utc))).UserName.Should().Be("ben");

        // The override is the primary's: the secondary answers from its own rotation all along.
        (await Who(OnCallLayerKind.Secondary, new DateTime(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc))).UserName.Should().Be("cleo");
        (await Who(OnCallLayerKind.Secondary, new DateTime(2026, 3, 31, 12, 0, 0, DateTimeKind.Utc))).UserName.Should().Be("cleo");
        (await Who(OnCallLayerKind.Secondary, new DateTime(2026, 3, 31, 12, 0, 0, DateTimeKind.Utc))).LayerLabel.Should().Be("Secondary");
    }

    [Fact]
    public async Task A_restricted_layer_answers_only_in_its_hours_and_a_daily_rotation_hands_off_at_its_local_time()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var schedule = await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().CreateAsync(new NewOnCallSchedule
        {
            GroupKey = EscalationTestHost.Group, Name = "Split", TimeZone = "America/New_York",
            Layers =
            [
                new NewOnCallLayer { Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Daily, HandoffTime = new TimeOnly(8, 0), StartDate = new DateOnly(2026, 3, 1),
                    Members = ["anna", "ben"], Restriction = OnCallRestriction.BusinessHours },
                new NewOnCallLayer { Layer = OnCallLayerKind.Secondary, Rotation = RotationKind.Custom, ShiftDays = 3, HandoffTime = new TimeOnly(18, 0), StartDate = new DateOnly(2026, 3, 1),
                    Members = ["cleo", "dora"], Restriction = OnCallRestriction.NightsAndWeekends },
            ],
        }, "dora", CancellationToken.None));

        // Tuesday 3 March 10:00 in New York (15:00Z): business hours; day 2 of the daily rota is anna's (1st anna, 2nd ben, 3rd anna).
        var tuesdayMorning = new DateTime(2026, 3, 3, 15, 0, 0, DateTimeKind.Utc);
        OnCallSchedules.Answer(schedule, OnCallLayerKind.Primary, tuesdayMorning).UserName.Should().Be("anna");
        OnCallSchedules.Answer(schedule, OnCallLayerKind.Secondary, tuesdayMorning).UserName.Should().BeNull("nights and weekends only");

        // Saturday 7 March 10:00 in New York: nobody on business hours; the custom 3-day rota is dora's (1–4 March 18:00 cleo, then dora).
        var saturday = new DateTime(2026, 3, 7, 15, 0, 0, DateTimeKind.Utc);
        OnCallSchedules.Answer(schedule, OnCallLayerKind.Primary, saturday).UserName.Should().BeNull();
        OnCallSchedules.Answer(schedule, OnCallLayerKind.Secondary, saturday).UserName.Should().Be("dora");
    }

    [Fact]
    public async Task A_rotation_without_members_or_an_override_ending_before_it_starts_is_refused_naming_the_field_and_nothing_is_stored()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var noMembers = () => host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().CreateAsync(new NewOnCallSchedule
        {
            GroupKey = EscalationTestHost.Group, Name = "Empty", TimeZone = "Europe/Berlin",
            Layers = [new NewOnCallLayer { Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Weekly, StartDate = new DateOnly(2026, 3, 2), Members = [] }],
        }, "dora", CancellationToken.None));
        (await noMembers.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("layers[0].members");
        (await host.Db(db => db.Set<OnCallSchedule>().CountAsync())).Should().Be(0);

        var badZone = () => host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().CreateAsync(new NewOnCallSchedule
        {
            GroupKey = "nobody", Name = "Bad", TimeZone = "Mars/Olympus",
            Layers = [new NewOnCallLayer { Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Custom, StartDate = new DateOnly(2026, 3, 2), Members = ["zed"] }],
        }, "dora", CancellationToken.None));
        (await badZone.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should()
            .Contain(["groupKey", "timeZone", "layers[0].shiftDays", "layers[0].members"]);

        var id = (await host.WeeklyScheduleAsync()).Id;
        var backwards = () => host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().AddOverrideAsync(id, new NewOnCallOverride
        {
            Layer = OnCallLayerKind.Primary, UserName = "dora",
            StartsAt = new DateTime(2026, 3, 11, 12, 0, 0, DateTimeKind.Utc), EndsAt = new DateTime(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc),
        }, "ben", CancellationToken.None));
        (await backwards.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("endsAt").And.HaveCount(1);
        (await host.Db(db => db.Set<OnCallOverride>().CountAsync())).Should().Be(0);
    }
}
