using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Tests.Configuration;

namespace WorkflowItsm.Itsm.Tests.Changes;

/// <summary>
/// Issue 18, test 4: a lockdown on the Payments service, approved through the approval engine (rule change-freeze),
/// holds the in-flight changes on its CIs and releases them when cancelled.
/// </summary>
public sealed class ChangeFreezeTests : IAsyncLifetime
{
    private static readonly DateTime Night = new(2026, 12, 20, 22, 0, 0, DateTimeKind.Utc);
    private CmdbTestHost host = null!;
    private ConfigurationItem payments = null!;
    private ConfigurationItem payApp = null!;
    private ConfigurationItem payDb = null!;
    private ConfigurationItem mail = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        host = await CmdbTestHost.StartAsync();
        payments = await host.CreateAsync("Payments", CmdbSeed.BusinessService);
        payApp = await host.CreateAsync("Pay app", CmdbSeed.Application);
        payDb = await host.CreateAsync("Pay database", CmdbSeed.Database);
        mail = await host.CreateAsync("Mail", CmdbSeed.Application);
        await host.RelateAsync(payments, CmdbSeed.DependsOn, payApp);
        await host.RelateAsync(payApp, CmdbSeed.DependsOn, payDb);
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            db.Groups.Add(new DirectoryGroup { Key = ChangeService.DefaultGroup, DisplayName = "Change managers" });
            var manager = new DirectoryUser { UserName = "max", NormalizedUserName = "MAX", Email = "max@example.test", DisplayName = "Max" };
            db.Users.Add(manager);
            db.GroupMembers.Add(new DirectoryGroupMember { GroupKey = ChangeService.DefaultGroup, UserId = manager.Id });
            await db.SaveChangesAsync(Ct);
            await s.GetRequiredService<ChangeApprovalDefaults>().EnsureAsync(Ct);
            return true;
        });
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private Task<T> Freezes<T>(Func<ChangeFreezes, Task<T>> action) => host.InScopeAsync(s => action(s.GetRequiredService<ChangeFreezes>()));

    [Fact]
    public async Task Scenario_4_lockdown_on_service_Payments_holds_in_flight_changes_on_its_CIs_and_cancelling_releases_only_those_it_held()
    {
        var onDb = await host.AddChangeAsync("Patch the pay database", ChangeState.Scheduled, Night, Night.AddHours(1), null, payDb.Number);
        var implementing = await host.AddChangeAsync("Deploy pay app", ChangeState.Implement, Night.AddHours(-1), Night.AddHours(3), null, mail.Number, payApp.Number);
        var heldBefore = await host.AddChangeAsync("Held by hand", ChangeState.Scheduled, Night, Night.AddHours(1), null, payApp.Number);
        await host.ReplanAsync(heldBefore.Number, c => (c.OnHold, c.HoldReason) = (true, "Waiting for the vendor"));
        var notInFlight = await host.AddChangeAsync("Still assessed", ChangeState.Assess, Night, Night.AddHours(1), null, payDb.Number);
        var elsewhere = await host.AddChangeAsync("Mail only", ChangeState.Scheduled, Night, Night.AddHours(1), null, mail.Number);
        var later = await host.AddChangeAsync("After the lockdown", ChangeState.Scheduled, Night.AddDays(30), Night.AddDays(30).AddHours(1), null, payDb.Number);

        var freeze = await Freezes(f => f.CreateAsync(new NewChangeFreeze("Payments lockdown", "Black Friday", Night.AddDays(-1), Night.AddDays(5), [payments.Number]), "ana", Ct));
        freeze.Number.Should().StartWith("FRZ");
        await Freezes(f => f.SubmitAsync(freeze.Number, "ana", Ct));
        (await FreezeAsync(freeze.Number)).State.Should().Be(ChangeFreezeState.AwaitingApproval);
        (await host.ChangeAsync(onDb.Number)).OnHold.Should().BeFalse("a freeze holds nothing before it is approved");

        var approval = await PendingApprovalAsync(freeze.Number);
        approval.Approvers.Select(a => a.UserName).Should().Equal("max");
        await host.InScopeAsync(s => s.GetRequiredService<ApprovalService>().VoteAsync(approval.Id, "max", ApprovalDecision.Approved, null, Ct));

        (await FreezeAsync(freeze.Number)).Should().Match<ChangeFreeze>(f => f.State == ChangeFreezeState.Enforced && f.EnforcedBy == "max");

        (await host.ChangeAsync(onDb.Number)).Should().Match<Change>(c => c.OnHold && c.HeldByFreezeId == freeze.Id);
        (await host.ChangeAsync(implementing.Number)).Should().Match<Change>(c => c.OnHold && c.HeldByFreezeId == freeze.Id);
        (await host.ChangeAsync(heldBefore.Number)).Should().Match<Change>(c => c.OnHold && c.HeldByFreezeId == null);
        foreach (var untouched in new[] { notInFlight, elsewhere, later })
        {
            (await host.ChangeAsync(untouched.Number)).OnHold.Should().BeFalse(untouched.ShortDescription);
        }

        var audit = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RecordAudit.AsNoTracking()
            .Where(a => a.RecordNumber == onDb.Number && a.Field == "holdReason").Select(a => a.NewValue).ToListAsync(Ct));
        audit.Should().ContainSingle().Which.Should().Contain("Payments lockdown");

        // Scheduling inside the enforced freeze is refused, naming it.
        var guard = () => host.InScopeAsync(async s =>
        {
            await s.GetRequiredService<IChangeSchedulingGuard>().EnsureMayScheduleAsync(await host.ChangeAsync(notInFlight.Number), Ct);
            return true;
        });
        (await guard.Should().ThrowAsync<ChangeFrozenException>()).Which.Message.Should().Contain("Payments lockdown");

        await Freezes(f => f.CancelAsync(freeze.Number, "max", Ct));

        (await host.ChangeAsync(onDb.Number)).Should().Match<Change>(c => !c.OnHold && c.HeldByFreezeId == null && c.HoldReason == null);
        (await host.ChangeAsync(implementing.Number)).OnHold.Should().BeFalse();
        (await host.ChangeAsync(heldBefore.Number)).Should().Match<Change>(c => c.OnHold && c.HoldReason == "Waiting for the vendor");
        var cancelAgain = () => Freezes(f => f.CancelAsync(freeze.Number, "max", Ct));
        (await cancelAgain.Should().ThrowAsync<RecordTransitionException>()).Which.Message.Should().Contain("Cancelled");
        var freezeAudit = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RecordAudit.AsNoTracking()
            .Where(a => a.RecordNumber == freeze.Number && a.Field == "state").OrderBy(a => a.Id).Select(a => a.NewValue + " by " + a.ChangedBy).ToListAsync(Ct));
        freezeAudit.Should().Equal("Draft by ana", "AwaitingApproval by ana", "Enforced by max", "Cancelled by max");
    }

    [Fact]
    public async Task A_rejected_freeze_returns_to_draft_holding_nothing_and_a_cancelled_submission_ends_its_approval()
    {
        var onDb = await host.AddChangeAsync("Patch the pay database", ChangeState.Scheduled, Night, Night.AddHours(1), null, payDb.Number);
        var freeze = await Freezes(f => f.CreateAsync(new NewChangeFreeze("Payments lockdown", null, Night.AddDays(-1), Night.AddDays(5), [payments.Number]), "ana", Ct));
        await Freezes(f => f.SubmitAsync(freeze.Number, "ana", Ct));
        var approval = await PendingApprovalAsync(freeze.Number);

        var noReason = () => host.InScopeAsync(s => s.GetRequiredService<ApprovalService>().VoteAsync(approval.Id, "max", ApprovalDecision.Rejected, null, Ct));
        (await noReason.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("comment");
        await host.InScopeAsync(s => s.GetRequiredService<ApprovalService>().VoteAsync(approval.Id, "max", ApprovalDecision.Rejected, "Black Friday is over by then.", Ct));

        (await FreezeAsync(freeze.Number)).State.Should().Be(ChangeFreezeState.Draft);
        (await host.ChangeAsync(onDb.Number)).OnHold.Should().BeFalse();

        await Freezes(f => f.SubmitAsync(freeze.Number, "ana", Ct));
        var second = await PendingApprovalAsync(freeze.Number);
        await Freezes(f => f.CancelAsync(freeze.Number, "ana", Ct));
        var ended = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking().SingleAsync(a => a.Id == second.Id, Ct));
        ended.State.Should().Be(ApprovalState.Cancelled);
        var late = () => host.InScopeAsync(s => s.GetRequiredService<ApprovalService>().VoteAsync(second.Id, "max", ApprovalDecision.Approved, null, Ct));
        await late.Should().ThrowAsync<ApprovalConflictException>();
        (await FreezeAsync(freeze.Number)).State.Should().Be(ChangeFreezeState.Cancelled);
    }

    private Task<ChangeFreeze> FreezeAsync(string number) => Freezes(f => f.GetAsync(number, Ct));

    private Task<Approval> PendingApprovalAsync(string number) => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking()
        .Include(a => a.Approvers).SingleAsync(a => a.RecordNumber == number && a.State == ApprovalState.Pending, Ct));

    [Fact]
    public async Task A_freeze_ending_before_it_starts_or_on_an_unknown_CI_is_refused_naming_the_field()
    {
        var bad = () => Freezes(f => f.CreateAsync(new NewChangeFreeze("Backwards", null, Night, Night.AddHours(-2), ["CI9999999"]), "max", Ct));
        var errors = (await bad.Should().ThrowAsync<RecordValidationException>()).Which.Errors;
        errors.Should().ContainKey("end").And.ContainKey("scope");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ChangeFreezes.CountAsync(Ct))).Should().Be(0);
    }
}
