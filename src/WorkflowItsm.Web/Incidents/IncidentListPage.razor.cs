using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Lookups;

namespace WorkflowItsm.Web.Incidents;

public sealed partial class IncidentListPage
{
    private const string ListName = "incidents";
    private MudTable<IncidentListItem>? table;
    private string user = "";
    private DirectoryNames names = DirectoryNames.None;
    private string? viewName;
    private IReadOnlyList<SavedView> views = [];
    private string pagerInfo = ExactCount;
    private const string ExactCount = "{first_item}-{last_item} of {all_items}";

    // The filters live in the address, so a view can be bookmarked, shared and saved by name.
    [SupplyParameterFromQuery] public string? State { get; set; }
    [SupplyParameterFromQuery] public int? Priority { get; set; }
    [SupplyParameterFromQuery] public string? Group { get; set; }
    [SupplyParameterFromQuery] public string? Q { get; set; }
    [SupplyParameterFromQuery] public bool Mine { get; set; }
    [SupplyParameterFromQuery] public bool Major { get; set; }
    [SupplyParameterFromQuery] public bool Unassigned { get; set; }
    [SupplyParameterFromQuery] public string? Caller { get; set; }
    // Blazor cannot bind an enum from the query string (it throws while prerendering): the sort is read as text.
    [SupplyParameterFromQuery(Name = "sort")] public string? SortText { get; set; }

    private RecordSort Sort
    {
        get => Enum.TryParse<RecordSort>(SortText, ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort : RecordSort.Newest;
        set => SortText = value == RecordSort.Newest ? null : value.ToString();
    }

    protected override async Task OnInitializedAsync()
    {
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        await LoadViewsAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        State ??= "open";
        if (table is not null)
        {
            await table.ReloadServerData();
        }
    }

    private IncidentFilter Filter() => new()
    {
        States = State switch
        {
            null or "open" => IncidentDisplay.OpenStates,
            "all" => null,
            _ => Enum.TryParse<IncidentState>(State, out var one) ? [one] : IncidentDisplay.OpenStates,
        },
        Priority = Priority,
        AssignmentGroup = Group,
        AssignedTo = Mine ? user : null,
        Text = Q,
        IsMajor = Major ? true : null,
        Unassigned = Unassigned ? true : null,
        Caller = RecordText.TrimmedOrNull(Caller),
    };

    private async Task<TableData<IncidentListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IncidentQueries>().ListAsync(Filter(), Sort, state.Page + 1, state.PageSize, cancellationToken);
        names = await scope.ServiceProvider.GetRequiredService<DirectoryLookup>().NamesAsync(
            page.Items.SelectMany(i => new[] { i.Caller, i.AssignedTo }), page.Items.Select(i => i.AssignmentGroup),
            (await Authentication.GetAuthenticationStateAsync()).User, cancellationToken);
        // A long list is counted only so far (IncidentQueries.CountLimit).
        pagerInfo = page.TotalIsLowerBound ? "{first_item}-{last_item} of {all_items} or more" : ExactCount;
        return new TableData<IncidentListItem> { Items = page.Items, TotalItems = page.Total };
    }

    private string Query() => new Uri(Navigation.GetUriWithQueryParameters("incidents", new Dictionary<string, object?>
    {
        ["state"] = State == "open" ? null : State,
        ["priority"] = Priority,
        ["group"] = Group,
        ["q"] = Q,
        ["mine"] = Mine ? true : null,
        ["major"] = Major ? true : null,
        ["unassigned"] = Unassigned ? true : null,
        ["caller"] = RecordText.TrimmedOrNull(Caller),
        ["sort"] = Sort == RecordSort.Newest ? null : Sort.ToString(),
    })).Query;

    private Task FilterAsync(Action change)
    {
        change();
        Navigation.NavigateTo("incidents" + Query(), replace: true);
        return Task.CompletedTask;
    }

    private async Task SaveViewAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<SavedViews>().SaveAsync(user, ListName, viewName ?? "", Query(), CancellationToken.None);
            Snackbar.Add($"Saved the view \"{viewName}\".", Severity.Success);
            viewName = null;
            await LoadViewsAsync();
        }
        catch (ArgumentException invalid)
        {
            Snackbar.Add(invalid.Message, Severity.Error);
        }
    }

    private Task OpenViewAsync(long? id)
    {
        if (views.FirstOrDefault(v => v.Id == id) is { } saved)
        {
            Navigation.NavigateTo("incidents" + saved.Query);
        }

        return Task.CompletedTask;
    }

    private async Task LoadViewsAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        views = await scope.ServiceProvider.GetRequiredService<SavedViews>().ListAsync(user, ListName, CancellationToken.None);
    }
}
