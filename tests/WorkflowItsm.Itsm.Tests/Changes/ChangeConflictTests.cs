using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Conflicts;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Tests.Configuration;

namespace WorkflowItsm.Itsm.Tests.Changes;

/// <summary>Issue 18, test 3: conflicts that follow the CMDB, re-run when the plan moves, and the next free slot.</summary>
public sealed class ChangeConflictTests : IAsyncLifetime
{
    // Monday 7 December 2026, 09:00 UTC.
    private static readonly DateTime Night = new(2026, 12, 7, 22, 0, 0, DateTimeKind.Utc);
    private CmdbTestHost host = null!;
    private ConfigurationItem appA = null!;
    private ConfigurationItem srvS = null!;
    private ConfigurationItem dbD = null!;
    private ChangeWindow blackout = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        host = await CmdbTestHost.StartAsync();
        appA = await host.CreateAsync("AppA", CmdbSeed.Application);
        srvS = await host.CreateAsync("SrvS", CmdbSeed.Server);
        dbD = await host.CreateAsync("DbD", CmdbSeed.Database);
        await host.RelateAsync(appA, CmdbSeed.RunsOn, srvS);
        // AppA may be changed on Sundays 02:00–04:00 UTC only; the year-end freeze blacks out AppA and DbD until 9 December.
        await Windows(w => w.CreateAsync(new NewChangeWindow
        {
            Name = "AppA Sunday night", Kind = ChangeWindowKind.Maintenance, Days = [DayOfWeek.Sunday], StartTime = new TimeOnly(2, 0), DurationMinutes = 120,
            Targets = [appA.Number],
        }, CmdbTestHost.By, Ct));
        blackout = await Windows(w => w.CreateAsync(new NewChangeWindow
        {
            Name = "year-end freeze", Kind = ChangeWindowKind.Blackout, Start = Night.AddHours(-12), End = Night.AddDays(2),
            Targets = [appA.Number, dbD.Number],
        }, CmdbTestHost.By, Ct));
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private Task<T> Windows<T>(Func<ChangeWindows, Task<T>> action) => host.InScopeAsync(s => action(s.GetRequiredService<ChangeWindows>()));

    private Task<IReadOnlyList<ChangeConflict>> StoredAsync(string number) =>
        host.InScopeAsync(s => s.GetRequiredService<ChangeConflictCheck>().ListAsync(number, Ct));

    [Fact]
    public async Task Scenario_3_conflicts_through_the_CMDB_the_four_found_rerun_on_a_new_affected_CI_and_the_next_free_slot()
    {
        var chg1 = await host.AddChangeAsync("Patch SrvS", ChangeState.Scheduled, Night, Night.AddHours(1), "eve", srvS.Number);
        var chg2 = await host.AddChangeAsync("Upgrade AppA", ChangeState.Authorize, null, null, "eve", appA.Number);

        await host.ReplanAsync(chg2.Number, c => (c.PlannedStart, c.PlannedEnd) = (Night.AddMinutes(30), Night.AddMinutes(90)));

        var conflicts = await StoredAsync(chg2.Number);
        conflicts.Select(c => c.Kind).Should().Equal(
            ChangeConflictKind.RelatedCi, ChangeConflictKind.OutsideMaintenanceWindow, ChangeConflictKind.Blackout, ChangeConflictKind.AssigneeBusy);
        conflicts[0].Should().Match<ChangeConflict>(c => c.OtherChangeNumber == chg1.Number && c.CiNumbers == srvS.Number && c.RelationPath == "AppA runs on SrvS");
        conflicts[0].Description.Should().Contain("SrvS").And.Contain("AppA runs on SrvS");
        conflicts[2].Should().Match<ChangeConflict>(c => c.WindowId == blackout.Id && c.CiNumbers == appA.Number);
        conflicts[3].OtherChangeNumber.Should().Be(chg1.Number);

        // Adding an affected CI re-runs the check: the blackout now names both CIs it covers, in one conflict.
        await host.ReplanAsync(chg2.Number, c => c.AffectedCis.Add(new ChangeAffectedCi { CiNumber = dbD.Number }));
        var again = await StoredAsync(chg2.Number);
        again.Where(c => c.Kind == ChangeConflictKind.Blackout).Should().ContainSingle()
            .Which.CiNumbers.Should().Be($"{appA.Number}, {dbD.Number}");
        again.Should().HaveCount(4, "DbD has no maintenance window and no other change");

        // The first clean slot: after the blackout (9 Dec 22:00), inside AppA's Sunday window: Sunday 13 December 02:00–03:00.
        var slot = await host.InScopeAsync(s => s.GetRequiredService<NextFreeSlot>().FindAsync(chg2.Number, Ct));
        slot.Should().Be(new FreeSlot(new DateTime(2026, 12, 13, 2, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 13, 3, 0, 0, DateTimeKind.Utc)));
        var check = await host.InScopeAsync(async s =>
        {
            var change = await host.ChangeAsync(chg2.Number);
            change.PlannedStart = slot!.Start;
            change.PlannedEnd = slot.End;
            change.AffectedCis = [new ChangeAffectedCi { CiNumber = dbD.Number }];
            return await s.GetRequiredService<ChangeConflictCheck>().CheckAsync(change, Ct);
        });
        check.Should().BeEmpty();
    }

    [Fact]
    public async Task Scenario_3_contiguous_changes_on_the_same_CI_do_not_conflict_and_overlapping_ones_do()
    {
        var first = await host.AddChangeAsync("Patch SrvS", ChangeState.Scheduled, Night, Night.AddHours(1), null, srvS.Number);
        var next = await host.AddChangeAsync("Reboot SrvS", ChangeState.Scheduled, Night.AddHours(1), Night.AddHours(2), null, srvS.Number);

        var check = await host.InScopeAsync(async s => await s.GetRequiredService<ChangeConflictCheck>().CheckAsync(await host.ChangeAsync(next.Number), Ct));
        check.Should().BeEmpty();

        await host.ReplanAsync(next.Number, c => c.PlannedStart = Night.AddMinutes(59));
        var stored = await StoredAsync(next.Number);
        stored.Should().ContainSingle().Which.Should().Match<ChangeConflict>(c => c.Kind == ChangeConflictKind.SameCi && c.OtherChangeNumber == first.Number);
    }

    [Fact]
    public async Task A_window_ending_before_it_starts_or_on_an_unknown_CI_is_refused_naming_the_field()
    {
        var backwards = () => Windows(w => w.CreateAsync(new NewChangeWindow
        {
            Name = "Backwards", Kind = ChangeWindowKind.Blackout, Start = Night, End = Night.AddHours(-1), Targets = [srvS.Number],
        }, CmdbTestHost.By, Ct));
        (await backwards.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("end");

        var unknown = () => Windows(w => w.CreateAsync(new NewChangeWindow
        {
            Name = "Nowhere", Kind = ChangeWindowKind.Blackout, Start = Night, End = Night.AddHours(1), Targets = ["CI9999999"],
        }, CmdbTestHost.By, Ct));
        (await unknown.Should().ThrowAsync<RecordValidationException>()).Which.Errors["targets"].Should().ContainSingle().Which.Should().Contain("CI9999999");
    }
}
