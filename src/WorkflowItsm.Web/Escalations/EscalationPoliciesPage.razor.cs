using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Escalations;

/// <summary>The escalation policies with what they are attached to, their triggers and levels; admins add new ones.</summary>
public sealed partial class EscalationPoliciesPage
{
    private IReadOnlyList<EscalationPolicyView>? rows;
    private Dictionary<int, string> slaNames = [];
    private bool isAdmin;

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        isAdmin = (await Authentication).User.IsInRole(Roles.Admin);
        await using var scope = Scopes.CreateAsyncScope();
        slaNames = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().SlaDefinitions.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name);
        rows = await scope.ServiceProvider.GetRequiredService<EscalationPolicies>().ListAsync(CancellationToken.None);
    }
}
