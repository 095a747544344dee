using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Records;
using Xunit;

namespace WorkflowItsm.Itsm.Tests.Escalations;

/// <summary>Swap requests: the person on call asks another to take a span; it becomes an override only when the other accepts.</summary>
public sealed class OnCallSwapTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 9, 12, 0, 0, TimeSpan.Zero);

    private static DateTime Utc(int day, int hour) => new(2026, 3, day, hour, 0, 0, DateTimeKind.Utc);

    // Week of Monday 9 March: ben is the primary (anna, ben, cleo from 2 March).
    private static NewOnCallSwap Thursday(string asked) => new() { Layer = OnCallLayerKind.Primary, UserName = asked, StartsAt = Utc(12, 0), EndsAt = Utc(13, 0), Reason = "Wedding" };

    [Fact]
    public async Task The_other_accepts_and_the_span_becomes_her_override_and_a_second_answer_is_a_conflict()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        OnCallSwaps Swaps(IServiceProvider s) => s.GetRequiredService<OnCallSwaps>();

        var swap = await host.InScopeAsync(s => Swaps(s).RequestAsync(id, Thursday("cleo"), "ben", CancellationToken.None));
        (await host.Db(db => db.Notifications.Where(n => n.Kind == NotificationKinds.OnCallSwapRequested).Select(n => n.Recipient).ToListAsync())).Should().Equal("cleo");
        (await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().WhoAsync(id, OnCallLayerKind.Primary, Utc(12, 6), CancellationToken.None)))
            .UserName.Should().Be("ben", "nothing changes before the other accepts");

        var stranger = () => host.InScopeAsync(s => Swaps(s).AcceptAsync(id, swap.Id, "anna", CancellationToken.None));
        await stranger.Should().ThrowAsync<OnCallForbiddenException>();

        await host.InScopeAsync(s => Swaps(s).AcceptAsync(id, swap.Id, "cleo", CancellationToken.None));
        var who = await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().WhoAsync(id, OnCallLayerKind.Primary, Utc(12, 6), CancellationToken.None));
        who.UserName.Should().Be("cleo");
        who.IsOverride.Should().BeTrue();
        (await host.Db(db => db.Set<OnCallOverride>().SingleAsync())).Reason.Should().Be("Swap with ben: Wedding");
        var views = await host.InScopeAsync(s => Swaps(s).OfScheduleAsync(id, CancellationToken.None));
        views.Should().ContainSingle().Which.StateLabel.Should().Be("Accepted");
        (await host.Db(db => db.Notifications.Where(n => n.Recipient == "ben").Select(n => n.Body).SingleAsync())).Should().Contain("cleo accepted");

        var twice = () => host.InScopeAsync(s => Swaps(s).DeclineAsync(id, swap.Id, "cleo", CancellationToken.None));
        await twice.Should().ThrowAsync<EscalationConflictException>();
        (await host.Db(db => db.Set<OnCallOverride>().CountAsync())).Should().Be(1);
    }

    [Fact]
    public async Task A_declined_swap_changes_nothing_and_only_your_own_shift_can_be_given_away()
    {
        await using var host = await EscalationTestHost.StartAsync(Start);
        var id = (await host.WeeklyScheduleAsync()).Id;
        OnCallSwaps Swaps(IServiceProvider s) => s.GetRequiredService<OnCallSwaps>();

        var notHers = () => host.InScopeAsync(s => Swaps(s).RequestAsync(id, Thursday("cleo"), "anna", CancellationToken.None));
        (await notHers.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("startsAt");
        var backwards = () => host.InScopeAsync(s => Swaps(s).RequestAsync(id, Thursday("cleo") with { EndsAt = Utc(11, 0) }, "ben", CancellationToken.None));
        (await backwards.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("endsAt");
        var self = () => host.InScopeAsync(s => Swaps(s).RequestAsync(id, Thursday("ben"), "ben", CancellationToken.None));
        (await self.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("userName");
        (await host.Db(db => db.Set<OnCallSwapRequest>().CountAsync())).Should().Be(0);

        var swap = await host.InScopeAsync(s => Swaps(s).RequestAsync(id, Thursday("cleo"), "ben", CancellationToken.None));
        await host.InScopeAsync(s => Swaps(s).DeclineAsync(id, swap.Id, "cleo", CancellationToken.None));
        (await host.Db(db => db.Set<OnCallOverride>().CountAsync())).Should().Be(0);
        (await host.InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().WhoAsync(id, OnCallLayerKind.Primary, Utc(12, 6), CancellationToken.None))).UserName.Should().Be("ben");
        (await host.InScopeAsync(s => Swaps(s).OfScheduleAsync(id, CancellationToken.None))).Should().ContainSingle().Which.State.Should().Be(OnCallSwapState.Declined);
    }
}
