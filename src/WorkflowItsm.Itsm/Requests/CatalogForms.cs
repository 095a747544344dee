using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>A line's form evaluated on the server: the rules' form with the references checked, and the unit price it was priced at.</summary>
public sealed record CheckedForm(EffectiveForm Form, decimal UnitPrice);

/// <summary>
/// An item's form as the server sees it, for the portal's live form and for every submission: finds the published
/// version asked for, says whether a person may order it, prices the line (a model lookup that sets the price gives
/// the chosen model's unit cost), runs <see cref="CatalogRuleEvaluator"/> and then checks that every reference exists —
/// the person in the directory, the CI, the asset model (in stock when the variable asks for it), the location.
/// </summary>
public sealed class CatalogForms(ItsmDbContext db, DirectoryGroups groups)
{
    /// <summary>The version <paramref name="version"/> of the item, or its current version; an unpublished or inactive item offers none.</summary>
    /// <exception cref="CatalogItemNotFoundException"/>
    public async Task<CatalogItemVersion> VersionAsync(string itemKey, int? version, CancellationToken cancellationToken)
    {
        var item = await db.Set<CatalogItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Key == itemKey && i.IsActive && i.CurrentVersion != null, cancellationToken)
            ?? throw new CatalogItemNotFoundException($"No catalog item '{itemKey}'.");
        var wanted = version ?? item.CurrentVersion!.Value;
        return await db.Set<CatalogItemVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.ItemId == item.Id && v.Version == wanted, cancellationToken)
            ?? throw new CatalogItemNotFoundException($"The catalog item '{itemKey}' has no version {wanted}.");
    }

    public async Task<bool> MayOrderAsync(CatalogItemDefinition item, string person, CancellationToken cancellationToken) => item.OrderableBy switch
    {
        OrderableBy.People => item.OrderablePeople.Contains(person, StringComparer.Ordinal),
        OrderableBy.Groups => (await groups.GroupsOfAsync(person, cancellationToken)).Intersect(item.OrderableGroups, StringComparer.Ordinal).Any(),
        _ => true,
    };

    /// <exception cref="CatalogOrderForbiddenException"/>
    public async Task EnsureMayOrderAsync(CatalogItemVersion version, CatalogItemDefinition item, string person, CancellationToken cancellationToken)
    {
        if (!await MayOrderAsync(item, person, cancellationToken))
        {
            throw new CatalogOrderForbiddenException(version.ItemKey, person);
        }
    }

    public async Task<CheckedForm> EvaluateAsync(CatalogItemDefinition item, IReadOnlyDictionary<string, object?> values, int quantity, CancellationToken cancellationToken)
    {
        var price = item.Price;
        foreach (var variable in item.Variables.Where(v => v.SetsPrice))
        {
            if (values.TryGetValue(variable.Key, out var raw) && CatalogRuleEvaluator.Normalize(variable, raw).Value is { } id && int.TryParse(id, out var modelId)
                && await db.AssetModels.AsNoTracking().Where(m => m.Id == modelId).Select(m => (decimal?)m.UnitCost).FirstOrDefaultAsync(cancellationToken) is { } cost)
            {
                price = cost;
            }
        }

        var form = CatalogRuleEvaluator.Evaluate(item, values, price, quantity);
        var wrong = new List<(string Variable, string Message)>();
        foreach (var reference in form.References)
        {
            if (await ProblemAsync(reference, cancellationToken) is { } message)
            {
                wrong.Add((reference.Variable, message));
            }
        }

        if (wrong.Count == 0)
        {
            return new CheckedForm(form, price);
        }

        var values2 = form.Values.Where(v => wrong.All(w => w.Variable != v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var fields = form.Fields.Select(f => wrong.Any(w => w.Variable == f.Key) ? f with { Errors = [.. f.Errors, .. wrong.Where(w => w.Variable == f.Key).Select(w => w.Message)] } : f).ToList();
        return new CheckedForm(new EffectiveForm(fields, values2, form.References, [.. form.Errors, .. wrong]), price);
    }

    /// <summary>Asset models a model lookup offers: those with an available asset in stock when it asks for that, by name.</summary>
    public async Task<IReadOnlyList<AssetModelOption>> ModelOptionsAsync(bool inStockOnly, CancellationToken cancellationToken)
    {
        var models = db.AssetModels.AsNoTracking();
        if (inStockOnly)
        {
            models = models.Where(m => db.Assets.Any(a => a.ModelId == m.Id && a.State == AssetState.InStock && a.Substate == AssetSubstate.Available));
        }

        return await models.OrderBy(m => m.Manufacturer).ThenBy(m => m.Name)
            .Select(m => new AssetModelOption(m.Id, m.Manufacturer + " " + m.Name, m.UnitCost)).ToListAsync(cancellationToken);
    }

    private async Task<string?> ProblemAsync(FormReference reference, CancellationToken cancellationToken)
    {
        switch (reference.Type)
        {
            case VariableType.Person:
                return await db.Users.AnyAsync(u => u.UserName == reference.Value, cancellationToken) ? null : $"There is nobody called '{reference.Value}'.";
            case VariableType.ConfigurationItem:
                return await db.ConfigurationItems.AnyAsync(c => c.Number == reference.Value && c.State != CiState.Retired, cancellationToken)
                    ? null : $"There is no configuration item '{reference.Value}'.";
            case VariableType.Location:
                var model = await CiModel.LoadAsync(db, cancellationToken);
                var classes = model.ClassByKey(CmdbSeed.Location) is { } location ? model.SelfAndDescendants(location.Id) : [];
                return await db.ConfigurationItems.AnyAsync(c => c.Number == reference.Value && c.State != CiState.Retired && classes.Contains(c.ClassId), cancellationToken)
                    ? null : $"There is no location '{reference.Value}'.";
            case VariableType.AssetModel:
                var id = int.Parse(reference.Value, System.Globalization.CultureInfo.InvariantCulture);
                if (!await db.AssetModels.AnyAsync(m => m.Id == id, cancellationToken))
                {
                    return $"There is no asset model {reference.Value}.";
                }

                return !reference.InStockOnly || await db.Assets.AnyAsync(a => a.ModelId == id && a.State == AssetState.InStock && a.Substate == AssetSubstate.Available, cancellationToken)
                    ? null : "That model is not in stock; choose one of those offered.";
            default:
                return null;
        }
    }
}

/// <summary>An asset model as a lookup offers it.</summary>
public sealed record AssetModelOption(int Id, string Name, decimal UnitCost);
