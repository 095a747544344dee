using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Assets;

/// <summary>
/// Adds an asset (on order, or received into a stockroom) or changes its own fields; its state moves and assignment
/// are made on its record page. A stale save (someone changed it meanwhile) says so instead of overwriting.
/// </summary>
public sealed partial class AssetFormPage
{
    private readonly Form form = new();
    private IReadOnlyList<AssetModelView> models = [];
    private IReadOnlyList<StockroomView> stockrooms = [];
    private readonly FormErrors errors = new();
    private int? revision;
    private bool loaded;
    private bool notFound;
    private bool busy;

    [Parameter]
    public string? Number { get; set; }

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    private string BackLink => Number is null ? "assets" : $"assets/{Number}";

    protected override async Task OnParametersSetAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        models = await scope.ServiceProvider.GetRequiredService<AssetModels>().ListAsync(CancellationToken.None);
        stockrooms = await scope.ServiceProvider.GetRequiredService<StockQueries>().StockroomsAsync(CancellationToken.None);
        if (Number is not null)
        {
            if (await scope.ServiceProvider.GetRequiredService<AssetQueries>().GetAsync(Number, CancellationToken.None) is not { } details)
            {
                notFound = true;
                return;
            }

            form.Fill(details.Asset);
            revision = details.Asset.Revision;
        }

        loaded = true;
    }

    private string ModelName(int? id) => models.FirstOrDefault(m => m.Id == id) is { } model ? $"{model.Manufacturer} {model.Name}" : "";

    private string StockroomName(int? id) => stockrooms.FirstOrDefault(s => s.Id == id)?.Name ?? "";

    /// <summary>A new asset of a model costs and lasts what the model does, until told otherwise.</summary>
    private void ModelChanged(int? id)
    {
        form.ModelId = id;
        errors.Clear("modelId");
        if (Number is null && models.FirstOrDefault(m => m.Id == id) is { } model)
        {
            form.Cost ??= model.UnitCost;
            form.UsefulLifeMonths ??= model.UsefulLifeMonths;
        }
    }

    private async Task SaveAsync()
    {
        busy = true;
        try
        {
            var user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
            await using var scope = Scopes.CreateAsyncScope();
            var assets = scope.ServiceProvider.GetRequiredService<AssetService>();
            var saved = Number is null
                ? await assets.CreateAsync(form.ToNewAsset(), user, CancellationToken.None)
                : await assets.UpdateAsync(Number, form.ToInput(), revision, user, CancellationToken.None);
            Snackbar.Add($"{saved.Number} saved.", Severity.Success);
            Navigation.NavigateTo($"assets/{saved.Number}");
        }
        catch (RecordValidationException invalid)
        {
            errors.Set(invalid.Errors);
        }
        catch (RecordConflictException conflict)
        {
            errors.Set(conflict.Message);
        }
        finally
        {
            busy = false;
        }
    }

    private sealed class Form
    {
        public int? ModelId { get; set; }
        public string? SerialNumber { get; set; }
        public string? ShortDescription { get; set; }
        public string? AssetTag { get; set; }
        public string? Description { get; set; }
        public bool Received { get; set; }
        public int? StockroomId { get; set; }
        public string? OrderNumber { get; set; }
        public string? Supplier { get; set; }
        public DateTime? PurchaseDate { get; set; }
        public decimal? Cost { get; set; }
        public DateTime? WarrantyEnd { get; set; }
        public DepreciationMethod DepreciationMethod { get; set; }
        public int? UsefulLifeMonths { get; set; }
        public decimal? SalvageValue { get; set; }
        public string? ConfigurationItemNumber { get; set; }

        public void Fill(AssetView asset)
        {
            (ModelId, SerialNumber, ShortDescription, AssetTag, Description, OrderNumber, Supplier) =
                (asset.ModelId, asset.SerialNumber, asset.ShortDescription, asset.AssetTag, asset.Description, asset.OrderNumber, asset.Supplier);
            (Cost, DepreciationMethod, UsefulLifeMonths, SalvageValue, ConfigurationItemNumber) =
                (asset.Cost, asset.DepreciationMethod, asset.UsefulLifeMonths, asset.SalvageValue, asset.ConfigurationItemNumber);
            PurchaseDate = asset.PurchaseDate?.ToDateTime(TimeOnly.MinValue);
            WarrantyEnd = asset.WarrantyEnd?.ToDateTime(TimeOnly.MinValue);
        }

        /// <summary>A change sends every field, an emptied text as "" so that it is cleared.</summary>
        public AssetInput ToInput() => new()
        {
            ModelId = ModelId, SerialNumber = SerialNumber ?? "", ShortDescription = ShortDescription ?? "", AssetTag = AssetTag ?? "", Description = Description ?? "",
            OrderNumber = OrderNumber ?? "", Supplier = Supplier ?? "", Cost = Cost, DepreciationMethod = DepreciationMethod, UsefulLifeMonths = UsefulLifeMonths,
            SalvageValue = SalvageValue, ConfigurationItemNumber = ConfigurationItemNumber ?? "",
            PurchaseDate = PurchaseDate is { } purchased ? DateOnly.FromDateTime(purchased) : null,
            WarrantyEnd = WarrantyEnd is { } warranty ? DateOnly.FromDateTime(warranty) : null,
        };

        public NewAsset ToNewAsset()
        {
            var input = ToInput();
            return new NewAsset
            {
                ModelId = input.ModelId, SerialNumber = SerialNumber, ShortDescription = Blank(ShortDescription), AssetTag = Blank(AssetTag), Description = Blank(Description),
                OrderNumber = Blank(OrderNumber), Supplier = Blank(Supplier), PurchaseDate = input.PurchaseDate, Cost = Cost, WarrantyEnd = input.WarrantyEnd,
                DepreciationMethod = DepreciationMethod, UsefulLifeMonths = UsefulLifeMonths, SalvageValue = SalvageValue, ConfigurationItemNumber = Blank(ConfigurationItemNumber),
                State = Received ? AssetState.InStock : AssetState.OnOrder, Substate = Received ? AssetSubstate.Available : null, StockroomId = Received ? StockroomId : null,
            };
        }

        private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
