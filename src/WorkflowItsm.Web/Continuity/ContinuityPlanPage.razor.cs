using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Lookups;

namespace WorkflowItsm.Web.Continuity;

/// <summary>
/// A continuity plan: its service, owner, objectives and compliance (best and worst duration against the RTO), the
/// recovery steps in order, the gaps among the service's dependencies, the risks linked, and its drills — one run
/// from here: each ready step completed with its evidence (the domain refuses one without it, said beside the field)
/// or failed with a reason, until the drill ends with its measured recovery time and outcome.
/// </summary>
public sealed partial class ContinuityPlanPage
{
    private PlanView? plan;
    private BiaView? bia;
    private GapAnalysis? gaps;
    private IReadOnlyList<RiskView> risks = [];
    private DrillView? running;
    private DrillView? finished;
    private IReadOnlyList<DrillView> history = [];
    private IReadOnlyList<ArchivedReportView> reports = [];
    private IReadOnlyList<DrillScheduleView> schedules = [];
    private IReadOnlyDictionary<string, string[]> scheduleErrors = new Dictionary<string, string[]>();
    private DrillType scheduleType = DrillType.Tabletop;
    private string? scheduleCron;
    private string? scheduleInterval;
    private IReadOnlyDictionary<int, string> stepTasks = new Dictionary<int, string>();
    private IReadOnlyDictionary<string, string[]> fieldErrors = new Dictionary<string, string[]>();
    private DrillType drillType = DrillType.WalkThrough;
    private bool notFound;
    private bool mayWork;
    private bool busy;
    private bool justFinished;
    private int? completing;
    private int? failing;
    private string? evidence;
    private string? reason;
    private string user = "";
    private DirectoryNames names = DirectoryNames.None;

    [Parameter] public long Id { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        mayWork = principal.IsInRole(Roles.Agent) || principal.IsInRole(Roles.ChangeManager) || principal.IsInRole(Roles.Admin);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var queries = services.GetRequiredService<ContinuityQueries>();
        plan = await queries.PlanAsync(Id, CancellationToken.None);
        notFound = plan is null;
        if (plan is null)
        {
            return;
        }

        bia = await queries.BiaAsync(plan.Service, CancellationToken.None);
        gaps = bia is null ? null : await services.GetRequiredService<BusinessImpactAnalyses>().GapsAsync(plan.Service, CancellationToken.None);
        risks = [.. (await services.GetRequiredService<ContinuityRisks>().ListAsync(CancellationToken.None))
            .Where(r => r.Plans.Contains(plan.Id) || r.Services.Contains(plan.Service)).Select(ContinuityQueries.ToView)];
        // Step owners and groups are shown by name, not by user name or group key.
        names = await services.GetRequiredService<DirectoryLookup>().NamesAsync(plan.Steps.Select(s => s.Owner), plan.Steps.Select(s => s.Group),
            (await Authentication.GetAuthenticationStateAsync()).User, CancellationToken.None);
        var drills = await queries.DrillsAsync(Id, CancellationToken.None);
        running = drills.FirstOrDefault(d => d.State == DrillState.Running);
        history = [.. drills.Where(d => d.State != DrillState.Running)];
        finished = history.Count > 0 ? history[0] : null;
        reports = await queries.ReportsAsync(Id, CancellationToken.None);
        schedules = await queries.SchedulesAsync(Id, CancellationToken.None);
        stepTasks = running?.ProcessInstanceId is not null ? await queries.StepTasksAsync(running.Id, CancellationToken.None) : new Dictionary<int, string>();
    }

    private string ComplianceText()
    {
        var p = plan!;
        if (p.RtoMinutes is null)
        {
            return "The service has no approved RTO to compare with: record its business impact analysis and have it approved.";
        }

        var verdict = p.Compliant == true ? "within" : "beyond";
        return $"Steps in parallel where they allow: {p.BestLabel}, {verdict} the RTO of {p.RtoLabel}. One after another they take {p.WorstLabel}.";
    }

    private string StepWho(StepView step) => (step.Owner, step.Group) switch
    {
        ({ } owner, { } group) => $"{names.Person(owner)} ({names.Group(group)})",
        ({ } owner, null) => names.Person(owner),
        (null, { } group) => $"group {names.Group(group)}",
        _ => "no owner named",
    };

    private string? FieldError(string field) => fieldErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private void OpenComplete(int order)
    {
        (completing, failing, evidence, reason) = (order, null, null, null);
        fieldErrors = new Dictionary<string, string[]>();
    }

    private void OpenFail(int order)
    {
        (completing, failing, evidence, reason) = (null, order, null, null);
        fieldErrors = new Dictionary<string, string[]>();
    }

    private void CloseForms()
    {
        (completing, failing, evidence, reason) = (null, null, null, null);
        fieldErrors = new Dictionary<string, string[]>();
    }

    private string? ScheduleError(string field) => scheduleErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>A schedule with an invalid cron or interval is refused naming it, beside its field; nothing is stored.</summary>
    private async Task AddScheduleAsync()
    {
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ContinuityDrills>().AddScheduleAsync(Id, new DrillScheduleInput(scheduleType, scheduleCron, scheduleInterval), user, CancellationToken.None);
            scheduleErrors = new Dictionary<string, string[]>();
            (scheduleCron, scheduleInterval) = (null, null);
            Snackbar.Add($"{ContinuityLabels.DrillType(scheduleType)} drills scheduled.", Severity.Success);
        }
        catch (RecordValidationException invalid)
        {
            scheduleErrors = invalid.Errors;
        }
        finally
        {
            busy = false;
        }

        await LoadAsync();
    }

    private async Task RemoveScheduleAsync(long scheduleId)
    {
        await using var scope = Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ContinuityDrills>().RemoveScheduleAsync(scheduleId, CancellationToken.None);
        Snackbar.Add("Schedule removed.", Severity.Success);
        await LoadAsync();
    }

    private Task StartDrillAsync() =>
        RunAsync(s => s.GetRequiredService<ContinuityDrills>().StartAsync(Id, drillType, user, CancellationToken.None),
            $"The {ContinuityLabels.DrillType(drillType).ToLowerInvariant()} drill started.");

    private Task StartStepAsync(int order) =>
        RunAsync(s => s.GetRequiredService<ContinuityDrills>().StartStepAsync(running!.Id, order, user, CancellationToken.None), $"Step {order} started.");

    private Task CompleteAsync(int order) =>
        RunAsync(s => s.GetRequiredService<ContinuityDrills>().CompleteStepAsync(running!.Id, order, new StepCompletion(evidence), user, CancellationToken.None),
            $"Step {order} is done.");

    private Task FailAsync(int order)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            // The problem raised for the failed step is only useful with what went wrong.
            fieldErrors = new Dictionary<string, string[]> { ["notes"] = ["Say what went wrong."] };
            return Task.CompletedTask;
        }

        return RunAsync(s => s.GetRequiredService<ContinuityDrills>().CompleteStepAsync(running!.Id, order, new StepCompletion(null, Failed: true, Notes: reason), user, CancellationToken.None),
            $"Step {order} failed; a problem was raised for it.");
    }

    private async Task RunAsync(Func<IServiceProvider, Task> action, string done)
    {
        busy = true;
        var wasRunning = running is not null;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            fieldErrors = new Dictionary<string, string[]>();
            await action(scope.ServiceProvider);
            Snackbar.Add(done, Severity.Success);
            (completing, failing, evidence, reason) = (null, null, null, null);
        }
        catch (RecordValidationException invalid)
        {
            fieldErrors = invalid.Errors;
        }
        catch (Exception refused) when (refused is RecordConflictException or RecordNotFoundException)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }
        finally
        {
            busy = false;
        }

        await LoadAsync();
        // The outcome is announced when the drill run on this page ends (the history keeps older ones).
        justFinished = wasRunning && running is null;
    }
}
