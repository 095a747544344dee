using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Releases;

namespace WorkflowItsm.Itsm.Tests.Releases;

/// <summary>Issue 19 on the domain, without the BPMN: test 1 (gates, evidence, go/no-go), on hold stopping progression, and the bad input.</summary>
public sealed class ReleaseGatingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ReleaseTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ReleaseTestHost.StartAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private NewRelease Release(IReadOnlyList<string> changes) => new()
    {
        ShortDescription = "Checkout release", Service = host.Service, Version = "4.2.0", Type = ReleaseType.Major,
        ReadinessDate = new DateOnly(2027, 3, 5), Changes = changes,
    };

    private static ReleaseGateView Gate(ReleaseDetails details, string key) => details.Phases.SelectMany(p => p.Gates).Single(g => g.Key == key);

    private static ReleaseEvidenceInput Regression(int passed, int failed) => new()
    {
        Phase = "Testing", Gate = "G3", BuildId = $"build-{passed}", Link = "https://ci.example.com/runs/1", Tests = new TestResults(passed, failed, 80),
    };

    [Fact]
    public async Task Test1_three_changes_G1_authorized_G2_build_verified_G3_at_93_percent_blocks_the_phase_97_unblocks_and_the_go_no_go_all_decides()
    {
        var first = await host.ChangeAsync("Add the checkout page", ChangeState.Scheduled);
        var second = await host.ChangeAsync("Move sessions to the cache", ChangeState.Scheduled);
        var third = await host.ChangeAsync("Raise the rate limits", ChangeState.Assess);
        var release = await host.CreateAsync(Release([first, second, third]));
        await host.MoveAsync(release.Number, ReleaseState.Pending);

        await host.MoveAsync(release.Number, ReleaseState.InProgress);

        var details = await host.DetailsAsync(release.Number);
        details.Release.ActivePhase.Should().Be("Planning");
        Gate(details, "G1").Status.Should().Be(GateStatus.NonCompliant);
        Gate(details, "G1").StatusReason.Should().Contain(third).And.Contain("assess");

        // G1: the third change is authorized; the gate timer sees it and the phase completes.
        await host.MoveChangeAsync(third, ChangeState.Scheduled);
        (await host.GateTimerAsync()).Should().Be(1);
        details = await host.DetailsAsync(release.Number);
        Gate(details, "G1").Status.Should().Be(GateStatus.Compliant);
        details.Release.ActivePhase.Should().Be("Development");

        // G2: the build verification (an external check) posts its result.
        await host.EvidenceAsync(release.Number, new ReleaseEvidenceInput { Phase = "Development", Gate = "G2", Result = "passed", BuildId = "build-118" });
        details = await host.DetailsAsync(release.Number);
        Gate(details, "G2").Status.Should().Be(GateStatus.Compliant);
        details.Release.ActivePhase.Should().Be("Testing");

        // G3: 93 % is below the 95 % threshold — non-compliant, the testing phase is blocked.
        var failing = await host.EvidenceAsync(release.Number, Regression(93, 7));
        failing.Status.Should().Be(GateStatus.NonCompliant);
        failing.StatusReason.Should().Contain("93 %").And.Contain("95 %");
        (await host.GateTimerAsync()).Should().Be(0);
        details = await host.DetailsAsync(release.Number);
        details.Release.ActivePhase.Should().Be("Testing");
        details.Phases.Single(p => p.Name == "Testing").State.Should().Be(ReleasePhaseState.Active);

        // A re-run at 97 % replaces the evidence and unblocks it.
        var passing = await host.EvidenceAsync(release.Number, Regression(97, 3));
        passing.Status.Should().Be(GateStatus.Compliant);
        passing.TestsPassed.Should().Be(97);
        passing.BuildId.Should().Be("build-97");
        details = await host.DetailsAsync(release.Number);
        details.Release.ActivePhase.Should().Be("Implementation");
        Gate(details, "G4").Status.Should().Be(GateStatus.Compliant);
        Gate(details, "G5").Status.Should().Be(GateStatus.NonCompliant);

        // Deployments in order; production waits for the go/no-go, which every release manager must approve (policy all).
        await host.DeployAsync(release.Number, "test");
        await host.FinishAsync(release.Number, "test");
        await host.DeployAsync(release.Number, "staging");
        await host.FinishAsync(release.Number, "staging");
        var production = await host.DeployAsync(release.Number, "production");
        production.State.Should().Be(DeploymentState.AwaitingGoNoGo);
        var approval = await host.InScopeAsync(s => s.GetRequiredService<ApprovalQueries>().GetAsync(production.ApprovalId!, CancellationToken.None));
        approval!.RuleKey.Should().Be(ReleaseApprovalDefaults.GoNoGoRule);
        approval.Approvers.Select(a => a.UserName).Should().BeEquivalentTo(ReleaseTestHost.ReleaseManagers);

        await host.VoteAsync(production.ApprovalId!, "rita");
        await host.GateTimerAsync();
        (await host.DetailsAsync(release.Number)).Deployments.Single(d => d.Environment == "production").State.Should().Be(DeploymentState.AwaitingGoNoGo);

        (await host.VoteAsync(production.ApprovalId!, "sam")).State.Should().Be(ApprovalState.Approved);
        (await host.DetailsAsync(release.Number)).Deployments.Single(d => d.Environment == "production").State.Should().Be(DeploymentState.Started,
            "the deciding vote moves the release on in its own transaction, without waiting for the gate timer");

        await host.FinishAsync(release.Number, "production");
        details = await host.DetailsAsync(release.Number);
        Gate(details, "G5").Status.Should().Be(GateStatus.Compliant);
        details.Release.State.Should().Be(ReleaseState.Review);
        details.Phases.Should().OnlyContain(p => p.State == ReleasePhaseState.Completed);
        details.History.Should().Contain(h => h.Field == "gate G3" && h.OldValue == "Non-compliant" && h.NewValue == "Compliant");
        details.History.Where(h => h.Field == "phase").Select(h => (h.OldValue, h.NewValue)).Should().Equal(
            (null, "Planning"), ("Planning", "Development"), ("Development", "Testing"), ("Testing", "Implementation"), ("Implementation", null));
        details.History.Where(h => h.Field == "state").Select(h => h.NewValue).Should().Equal("Draft", "Pending", "InProgress", "Review");
    }

    [Fact]
    public async Task Test1_an_open_P1_incident_on_the_service_makes_the_policy_gate_non_compliant()
    {
        var release = await host.CreateAsync(Release([]) with
        {
            Phases = [new PhaseInput("Implementation", 2, [new GateInput("P1", "No open P1 incident", GateKind.Policy, GatePolicy.NoOpenP1Incident)])],
        });
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            db.Incidents.Add(new Incident
            {
                Number = "INC0009001", ShortDescription = "Web shop down", Caller = "ana", OpenedBy = "ana", Service = host.Service, Priority = 1, Impact = 1, Urgency = 1,
                State = IncidentState.InProgress,
            });
            await db.SaveChangesAsync();
        });
        await host.MoveAsync(release.Number, ReleaseState.Pending);
        await host.MoveAsync(release.Number, ReleaseState.InProgress);

        var gate = Gate(await host.DetailsAsync(release.Number), "P1");

        gate.Status.Should().Be(GateStatus.NonCompliant);
        gate.StatusReason.Should().Contain("INC0009001").And.Contain("Web shop", "people read the service by its name");
    }

    [Fact]
    public async Task On_hold_is_stored_and_stops_every_automatic_progression_until_resumed_which_continues_from_the_same_phase()
    {
        var authorized = await host.ChangeAsync("Add the checkout page", ChangeState.Scheduled);
        var waiting = await host.ChangeAsync("Raise the rate limits", ChangeState.Assess);
        var release = await host.CreateAsync(Release([authorized, waiting]));
        await host.MoveAsync(release.Number, ReleaseState.Pending);
        await host.MoveAsync(release.Number, ReleaseState.InProgress);

        await host.MoveAsync(release.Number, ReleaseState.OnHold, "Security review of the cache.");
        await host.MoveChangeAsync(waiting, ChangeState.Scheduled);
        (await host.GateTimerAsync()).Should().Be(0);
        var gate = await host.EvidenceAsync(release.Number, new ReleaseEvidenceInput { Phase = "Development", Gate = "G2", Result = "passed" });

        var held = await host.DetailsAsync(release.Number);
        held.Release.State.Should().Be(ReleaseState.OnHold);
        held.Release.HoldReason.Should().Be("Security review of the cache.");
        held.Release.ActivePhase.Should().Be("Planning");
        Gate(held, "G1").Status.Should().Be(GateStatus.NonCompliant, "no gate timer evaluates a held release");
        gate.Status.Should().Be(GateStatus.Compliant, "the evidence is kept and its gate shows it");
        var deploy = () => host.DeployAsync(release.Number, "test");
        (await deploy.Should().ThrowAsync<ReleaseConflictException>()).Which.Details["decision"].Should().Be("waiting");
        (await host.InScopeAsync(s => s.GetRequiredService<ReleaseDeployments>().AskAsync(release.Number, "test", CancellationToken.None)))
            .Reason.Should().Contain("on hold");

        await host.MoveAsync(release.Number, ReleaseState.InProgress);

        var resumed = await host.DetailsAsync(release.Number);
        resumed.Release.HoldReason.Should().BeNull();
        Gate(resumed, "G1").Status.Should().Be(GateStatus.Compliant);
        resumed.Release.ActivePhase.Should().Be("Testing", "planning and development completed on resuming, the evidence sent meanwhile counting");
        resumed.Phases.Where(p => p.State == ReleasePhaseState.Active).Should().ContainSingle();
    }

    [Fact]
    public async Task Bad_input_a_hold_without_reason_an_illegal_move_an_override_without_reason_and_a_review_with_open_phases_are_refused()
    {
        var release = await host.CreateAsync(Release([]));

        var review = () => host.MoveAsync(release.Number, ReleaseState.Review);
        (await review.Should().ThrowAsync<RecordTransitionException>()).Which.AllowedStates.Should().Equal("Pending", "Cancelled");

        await host.MoveAsync(release.Number, ReleaseState.Pending);
        await host.MoveAsync(release.Number, ReleaseState.InProgress);
        var hold = () => host.MoveAsync(release.Number, ReleaseState.OnHold);
        (await hold.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("holdReason");
        var early = () => host.MoveAsync(release.Number, ReleaseState.Review);
        (await early.Should().ThrowAsync<ReleaseConflictException>()).Which.Message.Should().Contain("Development");

        var noReason = () => host.InScopeAsync(s => s.GetRequiredService<ReleaseGateExceptions>().GrantAsync(release.Number, "G2", "  ", "carl", CancellationToken.None));
        (await noReason.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("reason");

        var granted = await host.InScopeAsync(s => s.GetRequiredService<ReleaseGateExceptions>().GrantAsync(release.Number, "G2", "Verified by hand: the CI was down.", "carl", CancellationToken.None));
        granted.Status.Should().Be(GateStatus.CompliantWithException);
        (granted.ExceptionBy, granted.ExceptionReason).Should().Be(("carl", "Verified by hand: the CI was down."));
        (await host.DetailsAsync(release.Number)).Release.ActivePhase.Should().Be("Testing");
    }

    [Fact]
    public async Task Bad_input_evidence_for_an_unknown_release_or_phase_is_not_found_and_malformed_evidence_names_the_field_and_saves_nothing()
    {
        var release = await host.CreateAsync(Release([]));

        var unknownRelease = () => host.EvidenceAsync("REL0999999", Regression(1, 0));
        await unknownRelease.Should().ThrowAsync<RecordNotFoundException>();
        var unknownPhase = () => host.EvidenceAsync(release.Number, Regression(1, 0) with { Phase = "Hypercare" });
        (await unknownPhase.Should().ThrowAsync<RecordNotFoundException>()).Which.Message.Should().Contain("Hypercare");

        async Task<IReadOnlyDictionary<string, string[]>> ErrorsOf(ReleaseEvidenceInput evidence)
        {
            var post = () => host.EvidenceAsync(release.Number, evidence);
            return (await post.Should().ThrowAsync<RecordValidationException>()).Which.Errors;
        }

        (await ErrorsOf(Regression(-1, 0))).Should().ContainKey("tests.passed");
        (await ErrorsOf(Regression(10, 0) with { Tests = new TestResults(10, 0, 140) })).Should().ContainKey("tests.coverage");
        (await ErrorsOf(Regression(10, 0) with { Tests = null })).Should().ContainKey("tests");
        (await ErrorsOf(Regression(10, 0) with { Link = "not a link" })).Should().ContainKey("link");
        (await ErrorsOf(Regression(10, 0) with { Phase = null })).Should().ContainKey("phase");
        (await ErrorsOf(new ReleaseEvidenceInput { Phase = "Development", Gate = "G2", Result = "maybe" })).Should().ContainKey("result");
        (await ErrorsOf(new ReleaseEvidenceInput { Phase = "Planning", Gate = "G1", Result = "passed" })).Should().ContainKey("gate");
        Gate(await host.DetailsAsync(release.Number), "G3").EvidenceAt.Should().BeNull();
    }

    [Fact]
    public async Task Bad_input_a_release_with_an_unknown_change_a_service_that_is_no_business_service_and_no_readiness_date_names_each_field()
    {
        var server = await host.InScopeAsync(async s => (await s.GetRequiredService<CiService>().CreateAsync(
            new NewConfigurationItem { Name = "web-01", Class = CmdbSeed.Server }, ReleaseTestHost.By, CancellationToken.None)).Number);

        var create = () => host.CreateAsync(Release(["CHG0999999"]) with
        {
            Service = server, ReadinessDate = null,
            Phases = [new PhaseInput("Testing", 0, [new GateInput("G1", "Tests", GateKind.Evidence, Threshold: 120), new GateInput("g1", "Approval", GateKind.Approval, ApprovalRule: "nope")])],
        });

        var errors = (await create.Should().ThrowAsync<RecordValidationException>()).Which.Errors;
        errors.Keys.Should().Contain(["changes", "service", "readinessDate", "phases[0].workingDays", "phases[0].gates[0].threshold", "phases[0].gates[1].key", "phases[0].gates[1].approvalRule"]);
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Releases.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Test5_a_new_release_is_planned_backwards_in_working_days_of_its_business_calendar()
    {
        var release = await host.CreateAsync(Release([]) with { ReadinessDate = new DateOnly(2026, 12, 31) });

        var phases = (await host.DetailsAsync(release.Number)).Phases;

        // The business-hours calendar has Dec 24, 25, 26 and 31 as holidays: implementation (10 days) ends Wed Dec 30.
        phases[^1].PlannedEnd.Should().Be(new DateOnly(2026, 12, 30));
        phases[^1].PlannedStart.Should().Be(new DateOnly(2026, 12, 15));
        phases.Select(p => p.WorkingDays).Should().Equal(10, 25, 15, 10);
        phases.Zip(phases.Skip(1)).Should().OnlyContain(pair => pair.First.PlannedEnd < pair.Second.PlannedStart);
    }
}
