using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Releases;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Records;

namespace WorkflowItsm.Web.Releases;

/// <summary>
/// A release: its moves (a hold asks why), its phases in order with planned dates and gates (status, why, the
/// evidence a pipeline sent; change managers may grant an exception with a reason), its deployments per environment
/// with what the deployment gate answers now and the go/no-go vote of production, the changes it carries, and its
/// activity.
/// </summary>
public sealed partial class ReleasePage
{
    /// <summary>How often an open page reads the release again: evidence, votes and the workflow move it without the reader.</summary>
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource closing = new();
    private ReleaseDetails? details;
    private Dictionary<string, DeploymentGateAnswer> gateAnswers = [];
    private IReadOnlyList<ActivityItem> activity = [];
    private IReadOnlyDictionary<string, string[]> fieldErrors = new Dictionary<string, string[]>();
    private string? groupName;
    private bool notFound;
    private bool mayWork;
    private bool mayGrant;
    private bool isOpen;
    private bool busy;
    private bool holding;
    private string? holdReason;
    private string? exceptionGate;
    private string? exceptionReason;
    private string user = "";

    [Parameter] public string Number { get; set; } = "";

    protected override void OnInitialized() =>
        // Gate evidence from the pipeline, votes and deployments appear by themselves; not while the reader fills a form.
        _ = LiveRefresh.RunAsync(RefreshEvery, () => notFound || busy || holding || exceptionGate is not null || !isOpen ? Task.CompletedTask : InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }), closing.Token);

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        mayWork = principal.IsInRole(Roles.Agent) || principal.IsInRole(Roles.ChangeManager) || principal.IsInRole(Roles.Admin);
        mayGrant = principal.IsInRole(Roles.ChangeManager) || principal.IsInRole(Roles.Admin);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        details = await services.GetRequiredService<ReleaseQueries>().GetAsync(Number, CancellationToken.None);
        notFound = details is null;
        if (details is null)
        {
            activity = [];
            return;
        }

        var release = details.Release;
        isOpen = ReleaseLifecycle.Table.OpenStates.Contains(release.State);
        // What a pipeline would be told now, per environment (nothing is started by asking).
        var deployments = services.GetRequiredService<ReleaseDeployments>();
        gateAnswers = [];
        foreach (var environment in release.Environments)
        {
            gateAnswers[environment] = await deployments.AskAsync(Number, environment, CancellationToken.None);
        }

        // Staff read the work notes too: a phase completing, an exception granted, a deployment's outcome are written there.
        var timeline = await services.GetRequiredService<RecordTimeline>().ReadAsync(Number, withWorkNotes: true, CancellationToken.None);
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        var names = await services.GetRequiredService<DirectoryLookup>().NamesAsync(
            ActivityLines.People(timeline).Append(release.AssignedTo), ActivityLines.Groups(timeline).Append(release.AssignmentGroup), principal, CancellationToken.None);
        groupName = release.AssignmentGroup is null ? "—" : names.Group(release.AssignmentGroup);
        var ciNames = await services.GetRequiredService<CiReferences>().NamesAsync(ActivityLines.ConfigurationItems(timeline), CancellationToken.None);
        // Audited values as the page shows them: labels, not enumeration names; names, not keys.
        activity = ActivityLines.OfRecord(timeline, names, (field, value) => field switch
        {
            "state" when Enum.TryParse<ReleaseState>(value, out var state) => ReleaseLabels.State(state),
            "type" when Enum.TryParse<ReleaseType>(value, out var type) => ReleaseLabels.Type(type),
            "service" => ciNames.GetValueOrDefault(value) ?? value,
            "assignmentGroup" => names.Group(value),
            "assignedTo" => names.Person(value),
            _ => value,
        });
    }

    /// <summary>The moves offered: review only once every phase is complete (the release gets there by itself then).</summary>
    private IEnumerable<ReleaseState> Moves() =>
        details!.AllowedTransitions.Where(to => to != ReleaseState.Review || details.Phases.All(p => p.State == ReleasePhaseState.Completed));

    private static bool Underway(ReleaseDeploymentView? deployment) =>
        deployment?.State is DeploymentState.AwaitingGoNoGo or DeploymentState.Started or DeploymentState.Succeeded;

    private static string GateKindText(ReleaseGateView gate) => gate.Kind switch
    {
        GateKind.Evidence => $"{gate.KindText}: at least {ReleaseDisplay.Percent(gate.Threshold ?? 100)} of tests pass",
        _ => gate.KindText,
    };

    private static string EvidenceText(ReleaseGateView gate)
    {
        var parts = new List<string>();
        if (gate.BuildId is { } build)
        {
            parts.Add($"Build {build}");
        }

        if (gate.PassRate is { } rate)
        {
            parts.Add($"{ReleaseDisplay.Percent(rate)} passed ({gate.TestsPassed} passed, {gate.TestsFailed} failed)");
        }

        if (gate.Coverage is { } coverage)
        {
            parts.Add($"coverage {ReleaseDisplay.Percent(coverage)}");
        }

        if (gate.Kind == GateKind.ExternalCheck && gate.CheckPassed is { } passed)
        {
            parts.Add(passed ? "check passed" : "check failed");
        }

        return parts.Count == 0 ? "Evidence received" : string.Join(" · ", parts);
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private string? FieldError(string field) => fieldErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private Task MoveAsync(ReleaseState target)
    {
        if (target == ReleaseState.OnHold)
        {
            holding = true;
            return Task.CompletedTask;
        }

        return RunAsync(s => s.GetRequiredService<ReleaseService>().TransitionAsync(Number, new ReleaseTransition(target), user, CancellationToken.None),
            $"{Number} is {ReleaseLabels.State(target).ToLowerInvariant()}.");
    }

    private Task HoldAsync() =>
        RunAsync(s => s.GetRequiredService<ReleaseService>().TransitionAsync(Number, new ReleaseTransition(ReleaseState.OnHold, holdReason), user, CancellationToken.None),
            $"{Number} is on hold.");

    private void OpenException(string gate)
    {
        (exceptionGate, exceptionReason) = (gate, null);
        fieldErrors = new Dictionary<string, string[]>();
    }

    private Task GrantAsync(string gate) =>
        RunAsync(s => s.GetRequiredService<ReleaseGateExceptions>().GrantAsync(Number, gate, exceptionReason, user, CancellationToken.None),
            $"{gate} passes with an exception.");

    private Task DeployAsync(string environment) =>
        RunAsync(s => s.GetRequiredService<ReleaseDeployments>().StartAsync(Number, environment, user, CancellationToken.None),
            $"Deployment to {environment} asked.");

    private Task FinishAsync(string environment, bool succeeded) =>
        RunAsync(s => s.GetRequiredService<ReleaseDeployments>().FinishAsync(Number, environment, new DeploymentResult(succeeded), user, CancellationToken.None),
            succeeded ? $"Deployed to {environment}." : $"The deployment to {environment} failed.");

    private async Task RunAsync(Func<IServiceProvider, Task> action, string done)
    {
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            fieldErrors = new Dictionary<string, string[]>();
            await action(scope.ServiceProvider);
            Snackbar.Add(done, Severity.Success);
            (holding, holdReason, exceptionGate, exceptionReason) = (false, null, null, null);
        }
        catch (RecordValidationException invalid)
        {
            fieldErrors = invalid.Errors;
        }
        catch (Exception refused) when (refused is RecordTransitionException or RecordConflictException or RecordNotFoundException)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }
        finally
        {
            busy = false;
        }

        await LoadAsync();
    }
}
