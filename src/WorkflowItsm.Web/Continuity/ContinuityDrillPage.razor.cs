using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Lookups;

namespace WorkflowItsm.Web.Continuity;

/// <summary>
/// A drill: its plan, each step with who does it, when it started and ended (the stored timestamps the measurement
/// reads), its evidence and its open task; the measured time and data loss against RTO and RPO; the findings, each
/// turned into a problem or a change with one button.
/// </summary>
public sealed partial class ContinuityDrillPage
{
    private DrillReportView? report;
    private IReadOnlyDictionary<int, string> tasks = new Dictionary<int, string>();
    private bool notFound;
    private bool mayWork;
    private bool busy;
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
        var queries = scope.ServiceProvider.GetRequiredService<ContinuityQueries>();
        // The live drill, not the archived snapshot: the page follows the drill as it runs.
        var drill = await queries.DrillAsync(Id, CancellationToken.None);
        report = drill is null ? null : (await queries.ReportAsync(Id, CancellationToken.None))! with { Drill = drill };
        notFound = report is null;
        // Step groups are shown by name, not by key.
        names = report is null ? DirectoryNames.None : await scope.ServiceProvider.GetRequiredService<DirectoryLookup>().NamesAsync([],
            report.Drill.Steps.Select(s => s.Group), (await Authentication.GetAuthenticationStateAsync()).User, CancellationToken.None);
        tasks = drill is { State: DrillState.Running } ? await queries.StepTasksAsync(Id, CancellationToken.None) : new Dictionary<int, string>();
    }

    private async Task RaiseAsync(long findingId, bool asChange)
    {
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var finding = await scope.ServiceProvider.GetRequiredService<ContinuityDrills>().RaiseFindingAsync(Id, findingId, asChange, user, CancellationToken.None);
            Snackbar.Add(asChange ? $"Change {finding.ChangeNumber} requested." : $"Problem {finding.ProblemNumber} opened.", Severity.Success);
        }
        catch (Exception refused) when (refused is RecordConflictException or RecordNotFoundException or RecordValidationException)
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
