using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Tests.Configuration;

namespace WorkflowItsm.Itsm.Tests.Changes;

/// <summary>Issue 18, test 4: a lockdown on the Payments service holds the in-flight changes on its CIs and releases them when cancelled.</summary>
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

        var freeze = await Freezes(f => f.CreateAsync(new NewChangeFreeze("Payments lockdown", "Black Friday", Night.AddDays(-1), Night.AddDays(5), [payments.Number]), "max", Ct));
        var early = () => Freezes(f => f.EnforceAsync(freeze.Id, "max", Ct));
        (await early.Should().ThrowAsync<ChangeFreezeTransitionException>()).Which.Message.Should().Contain("AwaitingApproval");
        await Freezes(f => f.SubmitAsync(freeze.Id, "max", Ct));
        await Freezes(f => f.EnforceAsync(freeze.Id, "max", Ct));

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

        await Freezes(f => f.CancelAsync(freeze.Id, "max", Ct));

        (await host.ChangeAsync(onDb.Number)).Should().Match<Change>(c => !c.OnHold && c.HeldByFreezeId == null && c.HoldReason == null);
        (await host.ChangeAsync(implementing.Number)).OnHold.Should().BeFalse();
        (await host.ChangeAsync(heldBefore.Number)).Should().Match<Change>(c => c.OnHold && c.HoldReason == "Waiting for the vendor");
        var cancelAgain = () => Freezes(f => f.CancelAsync(freeze.Id, "max", Ct));
        await cancelAgain.Should().ThrowAsync<ChangeFreezeTransitionException>();
    }

    [Fact]
    public async Task A_freeze_ending_before_it_starts_or_on_an_unknown_CI_is_refused_naming_the_field()
    {
        var bad = () => Freezes(f => f.CreateAsync(new NewChangeFreeze("Backwards", null, Night, Night.AddHours(-2), ["CI9999999"]), "max", Ct));
        var errors = (await bad.Should().ThrowAsync<RecordValidationException>()).Which.Errors;
        errors.Should().ContainKey("end").And.ContainKey("scope");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ChangeFreezes.CountAsync(Ct))).Should().Be(0);
    }
}
