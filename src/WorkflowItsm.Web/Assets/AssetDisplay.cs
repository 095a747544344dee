using System.Globalization;
using MudBlazor;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;

namespace WorkflowItsm.Web.Assets;

/// <summary>How assets read on every page: states, substates, categories and fields in words, amounts and dates alike.</summary>
internal static class AssetDisplay
{
    /// <summary>Who adds, changes and moves assets.</summary>
    public const string WriterRoles = "agent,admin";

    public static string StateText(AssetState state) => state switch
    {
        AssetState.OnOrder => "On order",
        AssetState.InStock => "In stock",
        AssetState.InTransit => "In transit",
        AssetState.InUse => "In use",
        AssetState.InMaintenance => "In maintenance",
        AssetState.Retired => "Retired",
        _ => "Missing",
    };

    public static string SubstateText(AssetSubstate substate) => substate.ToString();

    /// <summary>"In stock · Available", "In use".</summary>
    public static string PositionText(AssetState state, AssetSubstate? substate) =>
        substate is { } s ? $"{StateText(state)} · {SubstateText(s)}" : StateText(state);

    public static string PositionText(AssetPosition position) => PositionText(position.State, position.Substate);

    /// <summary>The button that makes a move, as a verb.</summary>
    public static string ActionText(AssetPosition from, AssetPosition to) => (to.State, to.Substate) switch
    {
        (AssetState.InStock, AssetSubstate.Available) when from == AssetPosition.Reserved => "Release reservation",
        (AssetState.InStock, AssetSubstate.Available) when from.State == AssetState.InStock => "Mark available",
        (AssetState.InStock, AssetSubstate.Available) => "Receive into stock",
        (AssetState.InStock, AssetSubstate.Reserved) => "Reserve",
        (AssetState.InStock, AssetSubstate.Defective) => "Mark defective",
        (AssetState.InUse, _) when from.State == AssetState.InStock => "Issue",
        (AssetState.InUse, _) => "Put in use",
        (AssetState.InTransit, _) => "Ship",
        (AssetState.InMaintenance, _) => "Send to maintenance",
        (AssetState.Retired, { } s) => $"Retire ({SubstateText(s).ToLowerInvariant()})",
        (AssetState.Missing, { } s) => $"Report {SubstateText(s).ToLowerInvariant()}",
        _ => PositionText(to),
    };

    public static Color StateColor(AssetState state) => state switch
    {
        AssetState.InUse => Color.Success,
        AssetState.InStock => Color.Info,
        AssetState.Missing => Color.Error,
        AssetState.Retired => Color.Default,
        _ => Color.Primary,
    };

    public static string CategoryText(AssetCategory category) => category switch
    {
        AssetCategory.NetworkDevice => "Network device",
        _ => category.ToString(),
    };

    public static string MethodText(DepreciationMethod method) => method switch
    {
        DepreciationMethod.StraightLine => "Straight line",
        DepreciationMethod.DecliningBalance => "Double-declining balance",
        _ => "Sum of the years' digits",
    };

    public static string RestockStateText(RestockOrderState state) => state.ToString();

    public static string Money(decimal? amount) => amount is { } value ? value.ToString("N2", CultureInfo.InvariantCulture) : "";

    public static string Date(DateOnly? date) => date is { } value ? value.ToString("d MMM yyyy", CultureInfo.InvariantCulture) : "";

    /// <summary>A history line's field in words.</summary>
    public static string FieldText(string field) => field switch
    {
        "state" => "State",
        "substate" => "Substate",
        "model" => "Model",
        "serialNumber" => "Serial number",
        "assetTag" => "Asset tag",
        "assignedPerson" => "Assigned to",
        "location" => "Location",
        "stockroom" => "Stockroom",
        "reservedFor" => "Reserved for",
        "orderNumber" => "Order number",
        "purchaseDate" => "Purchase date",
        "warrantyEnd" => "Warranty end",
        "depreciationMethod" => "Depreciation",
        "usefulLifeMonths" => "Useful life (months)",
        "salvageValue" => "Salvage value",
        "configurationItemNumber" => "Configuration item",
        "shortDescription" => "Name",
        _ => WorkflowItsm.Itsm.Records.RecordText.TrimmedOrNull(field) is { } f ? char.ToUpperInvariant(f[0]) + f[1..] : field,
    };

    /// <summary>A history line's value in words: states and methods by their labels, models and stockrooms by name.</summary>
    public static string ValueText(string field, string? value, IReadOnlyDictionary<int, string> models, IReadOnlyDictionary<int, string> stockrooms) =>
        value is null ? "—" : field switch
        {
            "state" when Enum.TryParse<AssetState>(value, out var state) => StateText(state),
            "depreciationMethod" when Enum.TryParse<DepreciationMethod>(value, out var method) => MethodText(method),
            "model" when int.TryParse(value, CultureInfo.InvariantCulture, out var id) => models.GetValueOrDefault(id, value),
            "stockroom" when int.TryParse(value, CultureInfo.InvariantCulture, out var id) => stockrooms.GetValueOrDefault(id, value),
            _ => value,
        };
}
