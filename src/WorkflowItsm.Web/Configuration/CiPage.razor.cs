using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Configuration;

/// <summary>
/// A configuration item: its state and the moves it may make (agents and admins), its attributes with who wrote
/// them and when, its relations in their words both ways, what it impacts and what it depends on, its history.
/// </summary>
public sealed partial class CiPage
{
    private CiDetails? details;
    private ImpactResult? downstream;
    private ImpactResult? upstream;
    private IReadOnlyList<CiRelationTypeView> relationTypes = [];
    private DirectoryNames names = DirectoryNames.None;
    private bool notFound;
    private bool canWrite;
    private string user = "";
    private int historyShown = 10;

    [Parameter] public string Number { get; set; } = "";

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private RecordPages RecordPages { get; set; } = null!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        canWrite = principal.IsInRole(Roles.Agent) || principal.IsInRole(Roles.Admin);
        downstream = upstream = null;
        await LoadAsync();
        if (details is not null)
        {
            await using var scope = Scopes.CreateAsyncScope();
            var impact = scope.ServiceProvider.GetRequiredService<ImpactAnalysis>();
            downstream = await impact.DownstreamAsync([details.Ci.Number], ImpactAnalysis.DefaultDepth, CancellationToken.None);
            upstream = await impact.UpstreamAsync(details.Ci.Number, ImpactAnalysis.DefaultDepth, CancellationToken.None);
        }
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<CiQueries>();
        details = await queries.GetAsync(Number, CancellationToken.None);
        notFound = details is null;
        if (details is not null)
        {
            relationTypes = await queries.RelationTypesAsync(CancellationToken.None);
            var principal = (await Authentication.GetAuthenticationStateAsync()).User;
            var groups = details.Attributes.Where(a => a.Type == CiAttributeType.Group).Select(a => a.Value).Append(details.Ci.AssignmentGroup);
            names = await scope.ServiceProvider.GetRequiredService<DirectoryLookup>().NamesAsync([], groups, principal, CancellationToken.None);
        }
    }

    private async Task TransitionAsync(CiState to)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CiService>().TransitionAsync(Number, to, user, CancellationToken.None);
            Snackbar.Add($"{Number} is {CmdbDisplay.StateText(to).ToLowerInvariant()}.", Severity.Success);
        }
        catch (RecordTransitionException refused)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }

        await LoadAsync();
    }

    private string NameOf(string? number) =>
        number is null ? "" : number == details?.Ci.Number ? details.Ci.Name : upstream?.Items.FirstOrDefault(i => i.Number == number)?.Name ?? number;

    /// <summary>An audited value as read: the class by its name (it never changes), the rest as recorded.</summary>
    private string? HistoryValue(string field, string? value) => field == "class" && value is not null ? details?.Ci.ClassName : value;

    private static string SourceText(string source) => source == CiAttributeValue.ManualSource ? "entered by hand" : $"from {source}";

    private static string Capitalized(string words) => char.ToUpperInvariant(words[0]) + words[1..];
}
