using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Requests;

namespace WorkflowItsm.Web.Requests;

/// <summary>How the catalog's and requests' pages show amounts, stages and stored values: in people's words, never keys or enum names.</summary>
public static class RequestDisplay
{
    public static string Money(decimal amount) => amount.ToString("#,##0.##", CultureInfo.InvariantCulture);

    public static Color StageColor(RequestedItemState state) => state switch
    {
        RequestedItemState.AwaitingApproval => Color.Warning,
        RequestedItemState.Backordered => Color.Info,
        RequestedItemState.ClosedComplete => Color.Success,
        RequestedItemState.ClosedIncomplete => Color.Error,
        _ => Color.Primary,
    };

    public static Color RequestColor(ServiceRequestState state) => state switch
    {
        ServiceRequestState.ClosedComplete => Color.Success,
        ServiceRequestState.ClosedIncomplete => Color.Error,
        _ => Color.Primary,
    };

    /// <summary>A stored value as people read it: a choice's words, yes or no, a model's name, a multiple choice's words joined.</summary>
    public static string ValueText(CatalogVariable? variable, string value, IReadOnlyDictionary<int, string> models)
    {
        if (variable is null)
        {
            return value;
        }

        string Choice(string v) => variable.Choices.FirstOrDefault(c => c.Value == v)?.Label ?? v;
        return variable.Type switch
        {
            VariableType.YesNo => value == "true" ? "Yes" : value == "false" ? "No" : value,
            VariableType.Choice => Choice(value),
            VariableType.MultipleChoice when value.StartsWith('[') => string.Join(", ", (JsonSerializer.Deserialize<List<string>>(value) ?? []).Select(Choice)),
            VariableType.AssetModel when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => models.GetValueOrDefault(id) ?? value,
            _ => value,
        };
    }

    /// <summary>The definitions of the item versions named (by key and version) and the names of the asset models, in two reads.</summary>
    public static async Task<(Dictionary<(string Key, int Version), CatalogItemDefinition> Versions, Dictionary<int, string> Models)> LabelsAsync(
        ItsmDbContext db, IEnumerable<(string Key, int Version)> versions, CancellationToken cancellationToken)
    {
        var wanted = versions.Distinct().ToList();
        var keys = wanted.Select(v => v.Key).Distinct().ToList();
        var found = (await db.Set<CatalogItemVersion>().AsNoTracking().Where(v => keys.Contains(v.ItemKey)).ToListAsync(cancellationToken))
            .Where(v => wanted.Contains((v.ItemKey, v.Version)))
            .ToDictionary(v => (v.ItemKey, v.Version), v => v.Definition);
        var models = await db.AssetModels.AsNoTracking().Select(m => new { m.Id, Name = m.Manufacturer + " " + m.Name }).ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);
        return (found, models);
    }

    /// <summary>A requested item's stored values, labelled by the version it was ordered with and worded for people.</summary>
    public static IReadOnlyList<(string Label, string Text)> ValuesOf(
        RequestedItemView item, IReadOnlyDictionary<(string Key, int Version), CatalogItemDefinition> versions, IReadOnlyDictionary<int, string> models)
    {
        var definition = versions.GetValueOrDefault((item.Item, item.ItemVersion));
        return [.. item.Values.Select(v => (v.Label, ValueText(definition?.Variables.FirstOrDefault(x => x.Key == v.Key), v.Value, models)))];
    }
}
