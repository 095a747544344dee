using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Itsm.Assets.Software;

namespace WorkflowItsm.Web.Software;

/// <summary>One product: its compliance with the true-up cost, its licences and versions, its installations (paged, removal candidates) and compliance history.</summary>
public sealed partial class SoftwareProductPage
{
    private ProductDetails? product;
    private MudTable<InstallationView>? installations;
    private bool removalOnly;
    private bool notFound;
    private bool canWrite;

    [Parameter]
    public long Id { get; set; }

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        canWrite = SoftwareDisplay.WriterRoles.Split(',').Any(user.IsInRole);
        await using var scope = Scopes.CreateAsyncScope();
        product = await scope.ServiceProvider.GetRequiredService<SoftwareQueries>().ProductAsync(Id, CancellationToken.None);
        notFound = product is null;
    }

    private static string TriggerText(string trigger) => trigger switch
    {
        "import" => "after an import",
        "entitlement" => "after a licence change",
        "nightly" => "nightly run",
        _ => trigger,
    };

    private async Task<TableData<InstallationView>> LoadInstallationsAsync(TableState state, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<SoftwareQueries>().InstallationsAsync(Id, null, removalOnly, state.Page + 1, state.PageSize, cancellationToken);
        return new TableData<InstallationView> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task<TableData<ComplianceView>> LoadHistoryAsync(TableState state, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<SoftwareQueries>().ComplianceHistoryAsync(Id, state.Page + 1, state.PageSize, cancellationToken);
        return new TableData<ComplianceView> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task RemovalOnlyAsync(bool value)
    {
        removalOnly = value;
        if (installations is not null)
        {
            await installations.ReloadServerData();
        }
    }
}
