using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Software;

/// <summary>Adds a licence (from the software list, or a product's page with <c>?product=</c>) or changes or removes one.</summary>
public sealed partial class EntitlementFormPage
{
    private readonly Form form = new();
    private IReadOnlyList<ProductListItem> products = [];
    private IReadOnlyList<VersionView> versions = [];
    private readonly FormErrors errors = new();
    private bool notFound;
    private bool busy;

    [Parameter]
    public long? Id { get; set; }

    [SupplyParameterFromQuery(Name = "product")]
    public long? Product { get; set; }

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    private string BackLink => form.ProductId is { } product ? $"software/products/{product}" : "software";

    protected override async Task OnInitializedAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<SoftwareQueries>();
        products = (await queries.ProductsAsync(null, null, 1, 200, CancellationToken.None)).Items;
        if (Id is { } id)
        {
            if (await queries.EntitlementAsync(id, CancellationToken.None) is not { } entitlement)
            {
                notFound = true;
                return;
            }

            (form.ProductId, form.VersionId, form.Metric, form.Count, form.UnitCost, form.DowngradeRights, form.PurchaseReference, form.Owner) =
                (entitlement.ProductId, entitlement.VersionId, entitlement.Metric, entitlement.Count, entitlement.UnitCost, entitlement.DowngradeRights, entitlement.PurchaseReference, entitlement.Owner);
            form.StartsOn = entitlement.StartsOn?.ToDateTime(TimeOnly.MinValue);
            form.EndsOn = entitlement.EndsOn?.ToDateTime(TimeOnly.MinValue);
        }
        else
        {
            form.ProductId = Product;
        }

        await LoadVersionsAsync();
    }

    private string ProductName(long? id) => products.FirstOrDefault(p => p.Id == id) is { } product ? $"{product.Publisher} {product.Name}" : "";

    private string VersionName(long? id) => id is null ? "Any version" : versions.FirstOrDefault(v => v.Id == id)?.Version ?? "";

    private async Task ProductChangedAsync(long? product)
    {
        form.ProductId = product;
        form.VersionId = null;
        await LoadVersionsAsync();
    }

    private async Task LoadVersionsAsync()
    {
        if (form.ProductId is not { } product)
        {
            versions = [];
            return;
        }

        await using var scope = Scopes.CreateAsyncScope();
        versions = (await scope.ServiceProvider.GetRequiredService<SoftwareQueries>().ProductAsync(product, CancellationToken.None))?.Versions ?? [];
    }

    private async Task SaveAsync()
    {
        busy = true;
        try
        {
            var user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
            await using var scope = Scopes.CreateAsyncScope();
            var entitlements = scope.ServiceProvider.GetRequiredService<LicenceEntitlements>();
            var input = form.ToInput();
            var saved = Id is { } id ? await entitlements.UpdateAsync(id, input, user, CancellationToken.None) : await entitlements.AddAsync(input, user, CancellationToken.None);
            Snackbar.Add("Licence saved; compliance is computed again.", Severity.Success);
            Navigation.NavigateTo($"software/products/{saved.ProductId}");
        }
        catch (RecordValidationException invalid)
        {
            errors.Set(invalid.Errors);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task DeleteAsync()
    {
        busy = true;
        await using var scope = Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LicenceEntitlements>().DeleteAsync(Id!.Value, CancellationToken.None);
        Snackbar.Add("Licence removed.", Severity.Info);
        Navigation.NavigateTo(BackLink);
    }

    private sealed class Form
    {
        public long? ProductId { get; set; }
        public long? VersionId { get; set; }
        public LicenceMetric Metric { get; set; }
        public int? Count { get; set; }
        public DateTime? StartsOn { get; set; }
        public DateTime? EndsOn { get; set; }
        public decimal? UnitCost { get; set; }
        public bool DowngradeRights { get; set; }
        public string? PurchaseReference { get; set; }
        public string? Owner { get; set; }

        public EntitlementInput ToInput() => new()
        {
            ProductId = ProductId, VersionId = VersionId, Metric = Metric, Count = Count, UnitCost = UnitCost, DowngradeRights = DowngradeRights,
            PurchaseReference = PurchaseReference, Owner = Owner,
            StartsOn = StartsOn is { } start ? DateOnly.FromDateTime(start) : null, EndsOn = EndsOn is { } end ? DateOnly.FromDateTime(end) : null,
        };
    }
}
