using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

public sealed record AssetModelInput(string? Manufacturer, string? Name, AssetCategory? Category, decimal? UnitCost, int? UsefulLifeMonths);

public sealed record AssetModelView(int Id, string Manufacturer, string Name, AssetCategory Category, decimal UnitCost, int UsefulLifeMonths);

/// <summary>The hardware models admins define: listed by manufacturer and name, each unique.</summary>
public sealed class AssetModels(ItsmDbContext db)
{
    public const string Kind = "asset model";

    public async Task<IReadOnlyList<AssetModelView>> ListAsync(CancellationToken cancellationToken) =>
        await db.AssetModels.AsNoTracking().OrderBy(m => m.Manufacturer).ThenBy(m => m.Name)
            .Select(m => new AssetModelView(m.Id, m.Manufacturer, m.Name, m.Category, m.UnitCost, m.UsefulLifeMonths)).ToListAsync(cancellationToken);

    /// <exception cref="RecordValidationException"/>
    public async Task<AssetModelView> CreateAsync(AssetModelInput input, CancellationToken cancellationToken)
    {
        await ValidateAsync(input, null, cancellationToken);
        var model = new AssetModel { Manufacturer = input.Manufacturer!.Trim(), Name = input.Name!.Trim() };
        Apply(model, input);
        db.AssetModels.Add(model);
        await db.SaveChangesAsync(cancellationToken);
        return ToView(model);
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    public async Task<AssetModelView> UpdateAsync(int id, AssetModelInput input, CancellationToken cancellationToken)
    {
        var model = await db.AssetModels.FirstOrDefaultAsync(m => m.Id == id, cancellationToken) ?? throw new RecordNotFoundException($"No model {id}.");
        await ValidateAsync(input, id, cancellationToken);
        model.Manufacturer = input.Manufacturer!.Trim();
        model.Name = input.Name!.Trim();
        Apply(model, input);
        await db.SaveChangesAsync(cancellationToken);
        return ToView(model);
    }

    private static void Apply(AssetModel model, AssetModelInput input)
    {
        model.Category = input.Category ?? AssetCategory.Other;
        model.UnitCost = input.UnitCost ?? 0;
        model.UsefulLifeMonths = input.UsefulLifeMonths ?? 36;
    }

    private async Task ValidateAsync(AssetModelInput input, int? id, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("manufacturer", input.Manufacturer?.Trim(), Record.CodeLength, required: true);
        errors.Length("name", input.Name?.Trim(), Record.CodeLength, required: true);
        if (input.UnitCost is < 0)
        {
            errors.Add("unitCost", "Unit cost cannot be negative.");
        }

        if (input.UsefulLifeMonths is < 1 or > AssetFields.MaxLifeMonths)
        {
            errors.Add("usefulLifeMonths", $"Useful life is 1 to {AssetFields.MaxLifeMonths} months.");
        }

        if (!errors.Any)
        {
            var manufacturer = input.Manufacturer!.Trim();
            var name = input.Name!.Trim();
            if (await db.AssetModels.AnyAsync(m => m.Manufacturer == manufacturer && m.Name == name && m.Id != id, cancellationToken))
            {
                errors.Add("name", $"There is a model {manufacturer} {name} already.");
            }
        }

        errors.ThrowIfAny(Kind);
    }

    private static AssetModelView ToView(AssetModel m) => new(m.Id, m.Manufacturer, m.Name, m.Category, m.UnitCost, m.UsefulLifeMonths);
}
