using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

/// <summary>Checks and applies an asset's own fields alike for a new asset, a change and an imported row; errors are collected, nothing is applied while there are any.</summary>
public sealed class AssetFields(ItsmDbContext db)
{
    public const int MaxLifeMonths = 600;

    internal async Task<AssetModel?> ValidateAsync(FieldErrors errors, AssetInput input, Asset? existing, CancellationToken cancellationToken)
    {
        AssetModel? model = null;
        if (input.ModelId is { } modelId)
        {
            model = await db.AssetModels.AsNoTracking().FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
            if (model is null)
            {
                errors.Add("modelId", $"There is no model {modelId}.");
            }
        }
        else if (existing is null)
        {
            errors.Add("modelId", "Model is required.");
        }

        errors.Length("serialNumber", input.SerialNumber?.Trim(), Asset.SerialLength, required: existing is null || input.SerialNumber is not null);
        if (!string.IsNullOrWhiteSpace(input.SerialNumber))
        {
            var key = SerialKey(input.SerialNumber);
            if (await db.Assets.AnyAsync(a => a.SerialKey == key && (existing == null || a.Id != existing.Id), cancellationToken))
            {
                errors.Add("serialNumber", $"Another asset has serial number '{input.SerialNumber.Trim()}'.");
            }
        }

        errors.Length("shortDescription", input.ShortDescription, Record.ShortDescriptionLength);
        errors.Codes(("assetTag", input.AssetTag), ("location", input.Location), ("orderNumber", input.OrderNumber), ("supplier", input.Supplier));
        errors.Texts(("description", input.Description));
        errors.Length("configurationItemNumber", input.ConfigurationItemNumber, Record.NumberLength);
        if (input.Cost is < 0)
        {
            errors.Add("cost", "Cost cannot be negative.");
        }

        if (input.SalvageValue is < 0)
        {
            errors.Add("salvageValue", "Salvage value cannot be negative.");
        }
        else if (input.SalvageValue is { } salvage && (input.Cost ?? existing?.Cost ?? model?.UnitCost) is { } cost && salvage > cost)
        {
            errors.Add("salvageValue", "Salvage value cannot be more than the cost.");
        }

        if (input.UsefulLifeMonths is < 1 or > MaxLifeMonths)
        {
            errors.Add("usefulLifeMonths", $"Useful life is 1 to {MaxLifeMonths} months.");
        }

        if (input.WarrantyEnd is { } warrantyEnd && (input.PurchaseDate ?? existing?.PurchaseDate) is { } purchased && warrantyEnd < purchased)
        {
            errors.Add("warrantyEnd", "Warranty end is before the purchase date.");
        }

        return model;
    }

    internal static void Apply(Asset asset, AssetInput input, AssetModel? model)
    {
        if (model is not null)
        {
            asset.ModelId = model.Id;
        }

        if (!string.IsNullOrWhiteSpace(input.SerialNumber))
        {
            asset.SerialNumber = input.SerialNumber.Trim();
            asset.SerialKey = SerialKey(input.SerialNumber);
        }

        asset.AssetTag = RecordText.Changed(input.AssetTag, asset.AssetTag);
        asset.Description = RecordText.Changed(input.Description, asset.Description);
        asset.Location = RecordText.Changed(input.Location, asset.Location);
        asset.OrderNumber = RecordText.Changed(input.OrderNumber, asset.OrderNumber);
        asset.Supplier = RecordText.Changed(input.Supplier, asset.Supplier);
        asset.ConfigurationItemNumber = RecordText.Changed(input.ConfigurationItemNumber, asset.ConfigurationItemNumber);
        asset.PurchaseDate = input.PurchaseDate ?? asset.PurchaseDate;
        asset.Cost = input.Cost ?? asset.Cost ?? model?.UnitCost;
        asset.WarrantyEnd = input.WarrantyEnd ?? asset.WarrantyEnd;
        asset.DepreciationMethod = input.DepreciationMethod ?? asset.DepreciationMethod;
        asset.UsefulLifeMonths = input.UsefulLifeMonths ?? asset.UsefulLifeMonths;
        asset.SalvageValue = input.SalvageValue ?? asset.SalvageValue;
        if (!string.IsNullOrWhiteSpace(input.ShortDescription))
        {
            asset.ShortDescription = input.ShortDescription.Trim();
        }
    }

    /// <summary>The person exists in the directory (when given).</summary>
    internal async Task ValidatePersonAsync(FieldErrors errors, string field, string? person, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(person) && !await db.Users.AnyAsync(u => u.UserName == person.Trim(), cancellationToken))
        {
            errors.Add(field, $"There is nobody called '{person.Trim()}'.");
        }
    }

    internal async Task ValidateStockroomAsync(FieldErrors errors, int? stockroomId, CancellationToken cancellationToken)
    {
        if (stockroomId is { } id && !await db.Stockrooms.AnyAsync(s => s.Id == id, cancellationToken))
        {
            errors.Add("stockroomId", $"There is no stockroom {id}.");
        }
    }

    /// <summary>The serial as it is compared: trimmed, upper case (culture-free), so serials differing only in case are one.</summary>
    public static string SerialKey(string serial) => serial.Trim().ToUpperInvariant();
}
