using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Account;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Home;

/// <summary>
/// Each person's start: an agent's work and queues, a process owner's processes, an administrator's platform — one
/// section per role the person has, every count a link to the list it counts. A requester's home is the portal.
/// </summary>
public sealed partial class HomePage
{
    /// <summary>Counts move as work arrives and is taken: the page re-reads them this often.</summary>
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource closing = new();
    private bool signedIn;

    /// <summary>Agents, change managers and CAB members have work of their own; an administrator or process owner only when in a group.</summary>
    private bool worksTasks;
    private string displayName = "";
    private DateTime now;
    private AgentSummary? agent;
    private OwnerSummary? owner;
    private AdminSummary? admin;

    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }

        if (!Policies.IsStaff(user))
        {
            // A requester's home is the self-service portal with her requests, not the agents' shell.
            Navigation.NavigateTo("portal", replace: true);
            return;
        }

        signedIn = true;
        worksTasks = user.IsInRole(Roles.Agent) || user.IsInRole(Roles.ChangeManager) || user.IsInRole(Roles.CabMember);
        await LoadAsync(user);
        if (RendererInfo.IsInteractive)
        {
            _ = LiveRefresh.RunAsync(RefreshEvery, () => InvokeAsync(async () =>
            {
                await LoadAsync(user);
                StateHasChanged();
            }), closing.Token);
        }
    }

    private async Task LoadAsync(System.Security.Claims.ClaimsPrincipal user)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var summaries = scope.ServiceProvider.GetRequiredService<HomeSummaries>();
        now = Time.GetUtcNow().UtcDateTime;
        displayName = await summaries.DisplayNameAsync(user.Identity!.Name!, closing.Token);
        agent = await summaries.ForAgentAsync(user.Identity!.Name!, closing.Token);
        owner = user.IsInRole(Roles.ProcessOwner) || user.IsInRole(Roles.Admin) ? await summaries.ForProcessOwnerAsync(closing.Token) : null;
        admin = user.IsInRole(Roles.Admin) ? await summaries.ForAdminAsync(closing.Token) : null;
    }

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
    }
}
