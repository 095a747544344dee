using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>A category with how many items it offers the viewer.</summary>
public sealed record CatalogCategoryView(string Key, string Name, string? Description, int Position, int Items);

/// <summary>An item as the catalog lists it (its current version).</summary>
public sealed record CatalogItemSummary(string Key, string Category, string Name, string? ShortDescription, string? PictureUrl, decimal Price, int Version);

/// <summary>An item's current version as its page shows it: the definition and the form for its defaults.</summary>
public sealed record CatalogItemPage(CatalogItemSummary Item, string? Description, IReadOnlyList<EffectiveField> Form, IReadOnlyList<AssetModelOption> ModelOptions);

/// <summary>An item as admins edit it: its draft and its published versions.</summary>
public sealed record CatalogItemAdminView(string Key, string Category, bool IsActive, int? CurrentVersion, CatalogItemDefinition Draft, IReadOnlyList<CatalogVersionView> Versions);

public sealed record CatalogVersionView(int Version, DateTime PublishedAt, string PublishedBy);

/// <summary>
/// The catalog as requesters browse it — categories, the items they may order (current published versions of active
/// items), by category or text — and as admins edit it.
/// </summary>
public sealed class CatalogQueries(ItsmDbContext db, CatalogForms forms)
{
    public async Task<IReadOnlyList<CatalogCategoryView>> CategoriesAsync(string viewer, CancellationToken cancellationToken)
    {
        var items = await ItemsAsync(viewer, null, null, cancellationToken);
        var categories = await db.Set<CatalogCategory>().AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        return [.. categories.Select(c => new CatalogCategoryView(c.Key, c.Name, c.Description, c.Position, items.Count(i => i.Category == c.Key)))];
    }

    /// <summary>The items the viewer may order, by name; of one category, or whose name or short description holds the text.</summary>
    public async Task<IReadOnlyList<CatalogItemSummary>> ItemsAsync(string viewer, string? category, string? text, CancellationToken cancellationToken)
    {
        var query = from item in db.Set<CatalogItem>().AsNoTracking()
                    join version in db.Set<CatalogItemVersion>().AsNoTracking() on new { item.Id, Version = item.CurrentVersion ?? 0 } equals new { Id = version.ItemId, version.Version }
                    where item.IsActive
                    select new { item.Key, item.CategoryKey, version };
        if (RecordText.TrimmedOrNull(category) is { } key)
        {
            query = query.Where(i => i.CategoryKey == key);
        }

        var found = new List<CatalogItemSummary>();
        var needle = RecordText.TrimmedOrNull(text);
        foreach (var row in await query.ToListAsync(cancellationToken))
        {
            var definition = row.version.Definition;
            if (needle is not null && !definition.Name.Contains(needle, StringComparison.OrdinalIgnoreCase)
                && definition.ShortDescription?.Contains(needle, StringComparison.OrdinalIgnoreCase) != true)
            {
                continue;
            }

            if (await forms.MayOrderAsync(definition, viewer, cancellationToken))
            {
                found.Add(Summary(row.Key, row.CategoryKey, row.version.Version, definition));
            }
        }

        return [.. found.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The item's current version with its form for the defaults.</summary>
    /// <exception cref="CatalogItemNotFoundException"/>
    /// <exception cref="CatalogOrderForbiddenException"/>
    public async Task<CatalogItemPage> ItemAsync(string key, string viewer, CancellationToken cancellationToken)
    {
        var version = await forms.VersionAsync(key, null, cancellationToken);
        var definition = version.Definition;
        await forms.EnsureMayOrderAsync(version, definition, viewer, cancellationToken);
        var item = await db.Set<CatalogItem>().AsNoTracking().FirstAsync(i => i.Key == key, cancellationToken);
        var form = CatalogRuleEvaluator.Evaluate(definition, new Dictionary<string, object?>(), definition.Price, 1);
        var lookup = definition.Variables.FirstOrDefault(v => v.Type == VariableType.AssetModel);
        var models = lookup is null ? [] : await forms.ModelOptionsAsync(lookup.InStockOnly, cancellationToken);
        return new CatalogItemPage(Summary(key, item.CategoryKey, version.Version, definition), definition.Description, form.Fields, models);
    }

    public async Task<IReadOnlyList<CatalogItemAdminView>> AdminItemsAsync(CancellationToken cancellationToken)
    {
        var items = await db.Set<CatalogItem>().AsNoTracking().OrderBy(i => i.Key).ToListAsync(cancellationToken);
        var versions = await db.Set<CatalogItemVersion>().AsNoTracking().Select(v => new { v.ItemId, v.Version, v.PublishedAt, v.PublishedBy }).ToListAsync(cancellationToken);
        return [.. items.Select(i => new CatalogItemAdminView(i.Key, i.CategoryKey, i.IsActive, i.CurrentVersion, CatalogItemDefinition.FromJson(i.Draft),
            [.. versions.Where(v => v.ItemId == i.Id).OrderBy(v => v.Version).Select(v => new CatalogVersionView(v.Version, v.PublishedAt, v.PublishedBy))]))];
    }

    /// <exception cref="CatalogItemNotFoundException"/>
    public async Task<CatalogItemAdminView> AdminItemAsync(string key, CancellationToken cancellationToken) =>
        (await AdminItemsAsync(cancellationToken)).FirstOrDefault(i => i.Key == key) ?? throw new CatalogItemNotFoundException($"No catalog item '{key}'.");

    public async Task<IReadOnlyList<CatalogVariableSetView>> VariableSetsAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<CatalogVariableSet>().AsNoTracking().OrderBy(s => s.Key).ToListAsync(cancellationToken)).Select(s => new CatalogVariableSetView(s.Key, s.Name, s.VariableList))];

    private static CatalogItemSummary Summary(string key, string category, int version, CatalogItemDefinition d) =>
        new(key, category, d.Name, d.ShortDescription, d.PictureUrl, d.Price, version);
}

public sealed record CatalogVariableSetView(string Key, string Name, IReadOnlyList<CatalogVariable> Variables);
