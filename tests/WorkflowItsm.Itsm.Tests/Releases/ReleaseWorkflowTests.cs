using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Releases;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Itsm.Tests.Releases;

/// <summary>
/// Issue 19 with workflows/release-gating.bpmn on the real runtime: test 3 (a deployment's BPMN error runs the
/// rollback), test 4 (a hold across a restart), the model itself, and the deployment step's timer until the next window.
/// A scripted pipeline answers the external tasks (deploy, verify, roll back).
/// </summary>
public sealed class ReleaseWorkflowTests : IAsyncLifetime
{
    // A Monday morning.
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private const string Pipeline = "pipeline-bot";
    private ReleaseTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ReleaseTestHost.StartWithWorkflowAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task The_model_deploys_and_every_service_task_it_calls_has_a_handler()
    {
        var xml = await File.ReadAllTextAsync(ReleaseTestHost.ModelPath(), TestContext.Current.CancellationToken);
        var delegates = System.Text.RegularExpressions.Regex.Matches(xml, @"camunda:delegateExpression=""\$\{([^}]+)\}""").Select(m => m.Groups[1].Value).Distinct().ToList();

        var deployed = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ProcessDefinitions.AsNoTracking().Where(d => d.Key == ReleaseService.Process).CountAsync());
        var handlers = await host.InScopeAsync(s => Task.FromResult(s.GetRequiredService<IServiceTaskRegistry>().Handlers.Select(h => h.Name).ToList()));

        deployed.Should().Be(1);
        delegates.Should().HaveCountGreaterThan(8);
        handlers.Should().Contain(delegates);

        xml.Should().Contain("${release.deployment-result}").And.Contain("camunda:topic=\"release-rollback\"").And.Contain("errorCode=\"deployment-failed\"");
    }

    [Fact]
    public async Task Test3_a_deployment_error_rolls_back_the_environments_in_order_fails_the_release_closes_its_changes_unsuccessful_and_opens_a_linked_incident()
    {
        var first = await host.ChangeAsync("Add the checkout page", ChangeState.Scheduled);
        var second = await host.ChangeAsync("Move sessions to the cache", ChangeState.Scheduled);
        var number = await StartReleaseAsync([first, second]);
        await PassDevelopmentAndTestingAsync(number);

        await DeployAsync(number, "test");
        await DeployAsync(number, "staging");
        (await WaitingAtAsync(number)).Should().Equal("WaitForGoNoGo");
        var goNoGo = await ApprovalsOfAsync(number);
        goNoGo.Should().ContainSingle();
        await host.VoteAsync(goNoGo[0], "rita");
        await host.VoteAsync(goNoGo[0], "sam");
        (await WaitingAtAsync(number)).Should().Equal("WaitForGoNoGo");
        host.Time.Advance(ReleaseWorkflowJob.TellDelay);
        (await host.RunJobsAsync<ReleaseWorkflowJob>()).Should().Be(1, "the decided vote tells the workflow once");
        (await WaitingAtAsync(number)).Should().Equal("WaitForResult");

        // The pipeline reports the production deployment failed: the workflow's check raises deployment-failed.
        await host.InScopeAsync(s => s.GetRequiredService<ReleaseDeployments>().FinishAsync(
            number, "production", new DeploymentResult(false, "Health checks failed after the switch."), Pipeline, CancellationToken.None));

        var rolledBack = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var rollback = await FetchAsync("release-rollback");
            rolledBack.Add((string)rollback.Variables["environment"]!);
            await Runtime(r => r.CompleteExternalTaskAsync(rollback.Id, Pipeline, null, CancellationToken.None));
        }

        await host.RunJobsAsync<ReleaseWorkflowJob>();
        (await host.RunJobsAsync<IncidentTriageJob>()).Should().Be(3, "the two changes' incidents and the release's get their triage after the step");

        rolledBack.Should().Equal("production", "staging", "test");
        var details = await host.DetailsAsync(number);
        details.Release.State.Should().Be(ReleaseState.Failed);
        details.Release.StateText.Should().Be("Failed");
        details.Deployments.Single(d => d.Environment == "production").State.Should().Be(DeploymentState.Failed);
        var notes = await NotesAsync(number);
        notes.Where(n => n.StartsWith("Rolled back", StringComparison.Ordinal)).Should().Equal("Rolled back production.", "Rolled back staging.", "Rolled back test.");
        notes.Should().Contain(n => n.Contains("Health checks failed after the switch."));
        // The order of the path: the rollback, then failed, then the changes, then the incident.
        notes.FindIndex(n => n == "Rolled back test.").Should().BeLessThan(notes.FindIndex(n => n.StartsWith("Failed:", StringComparison.Ordinal)));
        notes.FindIndex(n => n.StartsWith("Failed:", StringComparison.Ordinal)).Should().BeLessThan(notes.FindIndex(n => n.StartsWith("Closed unsuccessful", StringComparison.Ordinal)));

        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            var changes = await db.Changes.AsNoTracking().Where(c => c.Number == first || c.Number == second).ToListAsync();
            changes.Should().HaveCount(2).And.OnlyContain(c => c.State == ChangeState.Closed && c.CloseCode == ChangeCloseCode.Unsuccessful);
            var causedByChanges = await db.RecordLinks.AsNoTracking().Where(l => (l.ToNumber == first || l.ToNumber == second) && l.Kind == RecordLinkKinds.CausedBy).ToListAsync();
            causedByChanges.Should().HaveCount(2);
            var releaseIncident = await db.RecordLinks.AsNoTracking().Where(l => l.ToNumber == number && l.Kind == RecordLinkKinds.CausedBy).Select(l => l.FromNumber).SingleAsync();
            var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Number == releaseIncident);
            incident.Service.Should().Be(host.Service);
            incident.ShortDescription.Should().Contain(number);
            var instance = await db.ProcessInstances.AsNoTracking().SingleAsync(i => i.DefinitionKey == ReleaseService.Process && i.BusinessKey == number);
            instance.Status.Should().Be(InstanceRunStatus.Completed);
            (await db.Approvals.AsNoTracking().CountAsync(a => a.RecordNumber == number)).Should().Be(1);
        });
    }

    [Fact]
    public async Task Test4_a_hold_across_a_restart_fires_no_gate_timer_and_the_resumed_release_goes_on_from_the_same_phase_with_nothing_duplicated()
    {
        var number = await StartReleaseAsync([]);
        await host.EvidenceAsync(number, new ReleaseEvidenceInput { Phase = "Development", Gate = "G2", Result = "passed", BuildId = "build-7" });
        var instanceId = (await host.DetailsAsync(number)).Release.ProcessInstanceId;
        instanceId.Should().NotBeNull();
        (await WaitingAtAsync(number)).Should().Equal("WaitForGates");

        await host.MoveAsync(number, ReleaseState.OnHold, "Waiting for the security review.");
        // Evidence while held is kept but moves nothing.
        await host.EvidenceAsync(number, Regression(97, 3));
        host.Jobs.Of<TimerJob>().Should().BeEmpty("the workflow waits for the gates to be told, on no timer");
        host = await host.RestartAsync();
        var audit = await AuditCountAsync(number);
        host.Time.Advance(TimeSpan.FromDays(2));
        (await host.GateTimerAsync()).Should().Be(0);
        (await host.GateTimerAsync()).Should().Be(0);
        (await AuditCountAsync(number)).Should().Be(audit, "no gate timer fires while on hold");
        (await host.DetailsAsync(number)).Release.ActivePhase.Should().Be("Testing");

        await host.MoveAsync(number, ReleaseState.InProgress);

        (await host.DetailsAsync(number)).Release.ActivePhase.Should().Be("Implementation");
        (await WaitingAtAsync(number)).Should().Equal("WaitForResult");
        await DeployAsync(number, "test");
        await DeployAsync(number, "staging");
        (await WaitingAtAsync(number)).Should().Equal("WaitForGoNoGo");

        // Held again while the go/no-go is open; the votes come in meanwhile, then a restart.
        await host.MoveAsync(number, ReleaseState.OnHold, "Change freeze talks.");
        var approval = (await ApprovalsOfAsync(number)).Single();
        await host.VoteAsync(approval, "rita");
        await host.VoteAsync(approval, "sam");
        await host.RunJobsAsync<ReleaseWorkflowJob>();
        host = await host.RestartAsync();
        (await host.GateTimerAsync()).Should().Be(0);
        (await host.DetailsAsync(number)).Deployments.Single(d => d.Environment == "production").State.Should().Be(DeploymentState.AwaitingGoNoGo);
        (await WaitingAtAsync(number)).Should().Equal("WaitForGoNoGo");

        await host.MoveAsync(number, ReleaseState.InProgress);
        await DeployAsync(number, "production");

        var details = await host.DetailsAsync(number);
        details.Release.State.Should().Be(ReleaseState.Review);
        details.Release.ProcessInstanceId.Should().Be(instanceId);
        details.Deployments.Select(d => (d.Environment, d.State)).Should().BeEquivalentTo(
            [("test", DeploymentState.Succeeded), ("staging", DeploymentState.Succeeded), ("production", DeploymentState.Succeeded)], "one deployment per environment");
        (await ApprovalsOfAsync(number)).Should().ContainSingle("the go/no-go was asked once");
        var notes = await NotesAsync(number);
        foreach (var phase in new[] { "Planning", "Development", "Testing", "Implementation" })
        {
            notes.Count(n => n == $"Phase {phase} complete: every gate passed.").Should().Be(1, phase);
        }

        var phaseMoves = details.History.Where(h => h.Field == "phase").Select(h => $"{h.OldValue}→{h.NewValue}").ToList();
        phaseMoves.Should().BeEquivalentTo(["→Planning", "Planning→Development", "Development→Testing", "Testing→Implementation", "Implementation→"], "each phase started and ended once");
        var review = await OpenTaskAsync(number);
        review.ElementId.Should().Be("ReviewRelease");
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(review.Id, new Dictionary<string, object?> { ["reviewNotes"] = "Went to plan after the hold." }, "rita", CancellationToken.None));
        (await host.DetailsAsync(number)).Release.State.Should().Be(ReleaseState.Completed);
        await host.InScopeAsync(async s => (await s.GetRequiredService<ItsmDbContext>().ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId)).Status
            .Should().Be(InstanceRunStatus.Completed));
    }

    [Fact]
    public async Task A_deployment_step_outside_the_window_waits_on_a_timer_for_the_next_window_then_deploys()
    {
        await host.InScopeAsync(s => s.GetRequiredService<ChangeWindows>().CreateAsync(new NewChangeWindow
        {
            Name = "Test deployments", Kind = ChangeWindowKind.Maintenance, Environment = "test",
            Days = [DayOfWeek.Wednesday], StartTime = new TimeOnly(20, 0), DurationMinutes = 120,
        }, ReleaseTestHost.By, CancellationToken.None));
        var number = await StartReleaseAsync([]);
        await PassDevelopmentAndTestingAsync(number);

        var window = new DateTime(2026, 12, 9, 20, 0, 0, DateTimeKind.Utc);
        (await WaitingAtAsync(number)).Should().Equal("UntilWindow");
        var timer = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Bookmarks.AsNoTracking().SingleAsync(b => b.ElementId == "UntilWindow"));
        timer.DueAt.Should().Be(window);
        (await host.DetailsAsync(number)).Deployments.Should().BeEmpty();
        host.Jobs.Of<TimerJob>().Should().BeEmpty("days away, the timer is its bookmark alone until the pump hands it over");

        host.Time.Advance(window - host.Time.GetUtcNow().UtcDateTime);
        (await host.RunTimersAsync()).Should().Be(1);
        host.Jobs.Of<TimerJob>().Should().ContainSingle().Which.At.Should().Be(new DateTimeOffset(window));

        (await WaitingAtAsync(number)).Should().Equal("WaitForResult");
        (await host.DetailsAsync(number)).Deployments.Should().ContainSingle().Which.Should().Match<ReleaseDeploymentView>(d => d.Environment == "test" && d.State == DeploymentState.Started);
    }

    private async Task<string> StartReleaseAsync(IReadOnlyList<string> changes)
    {
        var release = await host.CreateAsync(new NewRelease
        {
            ShortDescription = "Checkout release", Service = host.Service, Version = "4.2.0", Type = ReleaseType.Major,
            ReadinessDate = new DateOnly(2027, 3, 5), Changes = changes,
        });
        await host.MoveAsync(release.Number, ReleaseState.Pending);
        await host.MoveAsync(release.Number, ReleaseState.InProgress);
        return release.Number;
    }

    private async Task PassDevelopmentAndTestingAsync(string number)
    {
        await host.EvidenceAsync(number, new ReleaseEvidenceInput { Phase = "Development", Gate = "G2", Result = "passed", BuildId = "build-7" });
        await host.EvidenceAsync(number, Regression(97, 3));
        (await host.DetailsAsync(number)).Release.ActivePhase.Should().Be("Implementation");
    }

    private static ReleaseEvidenceInput Regression(int passed, int failed) => new()
    {
        Phase = "Testing", Gate = "G3", BuildId = $"build-{passed}", Link = "https://ci.example.com/runs/1", Tests = new TestResults(passed, failed, 80),
    };

    /// <summary>The pipeline deploys to the environment the workflow started, verifies it and reports the result through the API's use case.</summary>
    private async Task DeployAsync(string number, string environment)
    {
        (await WaitingAtAsync(number)).Should().Equal("WaitForResult");
        (await host.DetailsAsync(number)).Deployments.Should().Contain(d => d.Environment == environment && d.State == DeploymentState.Started);
        await host.FinishAsync(number, environment);
    }

    private Task<LockedExternalTask> FetchAsync(string topic) => host.InScopeAsync(async s =>
        (await s.GetRequiredService<WorkflowRuntime>().FetchAndLockAsync(Pipeline, [topic], 5, TimeSpan.FromMinutes(10), CancellationToken.None)).Should().ContainSingle().Subject);

    private Task Runtime(Func<WorkflowRuntime, Task> action) => host.InScopeAsync(s => action(s.GetRequiredService<WorkflowRuntime>()));

    /// <summary>Where the release's workflow waits (bookmark elements; a multi-instance body is left out).</summary>
    private Task<List<string>> WaitingAtAsync(string number) => host.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<ItsmDbContext>();
        var instance = await db.Releases.AsNoTracking().Where(r => r.Number == number).Select(r => r.ProcessInstanceId).SingleAsync();
        return await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instance).OrderBy(b => b.ElementId).Select(b => b.ElementId).ToListAsync();
    });

    private Task<HumanTaskRecord> OpenTaskAsync(string number) => host.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<ItsmDbContext>();
        var instance = await db.Releases.AsNoTracking().Where(r => r.Number == number).Select(r => r.ProcessInstanceId).SingleAsync();
        return await db.HumanTasks.AsNoTracking().SingleAsync(t => t.InstanceId == instance && t.Status == HumanTaskStatus.Open);
    });

    private Task<List<string>> ApprovalsOfAsync(string number) => host.InScopeAsync(s =>
        s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking().Where(a => a.RecordNumber == number).OrderBy(a => a.RequestedAt).Select(a => a.Id).ToListAsync());

    private Task<List<string>> NotesAsync(string number) => host.InScopeAsync(s =>
        s.GetRequiredService<ItsmDbContext>().RecordNotes.AsNoTracking().Where(n => n.RecordNumber == number).OrderBy(n => n.Id).Select(n => n.Text).ToListAsync());

    private Task<int> AuditCountAsync(string number) => host.InScopeAsync(s =>
        s.GetRequiredService<ItsmDbContext>().RecordAudit.AsNoTracking().CountAsync(a => a.RecordNumber == number));
}
