using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Workspace;

public sealed partial class InboxPage
{
    /// <summary>New and taken tasks show up without a reload: the list re-reads itself this often.</summary>
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DueSoon = TimeSpan.FromHours(24);

    public enum InboxView
    {
        Mine,
        Groups,
        All,
    }

    private MudTable<InboxRow>? table;
    private InboxView view = InboxView.Groups;
    private string? processKey;
    private string? search;
    private bool overdueOnly;
    private bool unassignedOnly;
    private bool loaded;
    private bool isAdmin;
    private string user = "";
    private HumanTaskSort sort;
    private IReadOnlyList<string> myGroups = [];
    private Dictionary<InboxView, int> counts = [];
    private readonly CancellationTokenSource closing = new();

    // A link (from the home page) can open a view with its filters; Blazor cannot bind an enum from the address, so the view is text.
    [SupplyParameterFromQuery(Name = "view")] public string? ViewText { get; set; }
    [SupplyParameterFromQuery(Name = "overdue")] public bool OverdueOnly { get; set; }
    [SupplyParameterFromQuery(Name = "unassigned")] public bool UnassignedOnly { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        isAdmin = principal.IsInRole(WorkflowItsm.Itsm.Directory.Roles.Admin);
        view = Enum.TryParse<InboxView>(ViewText, ignoreCase: true, out var asked) && Enum.IsDefined(asked) && (asked != InboxView.All || isAdmin)
            ? asked : InboxView.Groups;
        overdueOnly = OverdueOnly;
        unassignedOnly = UnassignedOnly;
        await using var scope = Scopes.CreateAsyncScope();
        myGroups = await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Itsm.Directory.DirectoryGroups>().GroupsOfAsync(user, closing.Token);
        loaded = true;
        _ = LiveRefresh.RunAsync(RefreshEvery, () => InvokeAsync(async () =>
        {
            if (table is not null)
            {
                await table.ReloadServerData();
            }
        }), closing.Token);
    }

    private HumanTaskFilter FilterFor(InboxView which) => which switch
    {
        InboxView.Mine => new HumanTaskFilter(Assignee: user, DefinitionKey: processKey, DueBefore: Overdue, Sort: sort),
        // "My groups" with no group must match nothing, not everything.
        InboxView.Groups => new HumanTaskFilter(CandidateGroups: myGroups.Count == 0 ? ["\u0000none"] : myGroups, Unassigned: unassignedOnly ? true : null,
            DefinitionKey: processKey, DueBefore: Overdue, Sort: sort),
        _ => new HumanTaskFilter(DefinitionKey: processKey, DueBefore: Overdue, Sort: sort),
    };

    private DateTime? Overdue => overdueOnly ? Time.GetUtcNow().UtcDateTime : null;

    private async Task<TableData<InboxRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var subjects = scope.ServiceProvider.GetRequiredService<TaskSubjects>();
        var page = await subjects.ListAsync(FilterFor(view), search, state.Page + 1, state.PageSize, cancellationToken);
        foreach (var other in Enum.GetValues<InboxView>().Where(v => v != view && (v != InboxView.All || isAdmin)))
        {
            counts[other] = await subjects.CountAsync(FilterFor(other), search, cancellationToken);
        }

        counts[view] = page.Total;
        StateHasChanged();
        return new TableData<InboxRow> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task ShowAsync(InboxView which)
    {
        view = which;
        if (table is not null)
        {
            await table.ReloadServerData();
        }
    }

    private async Task FilterAsync(Action change)
    {
        change();
        if (table is not null)
        {
            await table.ReloadServerData();
        }
    }

    private Color DueColor(DateTime due) => due < Time.GetUtcNow().UtcDateTime ? Color.Error : due - Time.GetUtcNow().UtcDateTime < DueSoon ? Color.Warning : Color.Default;

    private string DueNote(DateTime due) => due < Time.GetUtcNow().UtcDateTime ? " · overdue" : due - Time.GetUtcNow().UtcDateTime < DueSoon ? " · due soon" : "";

    private string RowClass(InboxRow row, int index) =>
        row.Task.DueDate is { } due && due < Time.GetUtcNow().UtcDateTime ? "wi-overdue" : "";

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
    }
}
