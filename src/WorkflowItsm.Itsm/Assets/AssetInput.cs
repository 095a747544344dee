namespace WorkflowItsm.Itsm.Assets;

/// <summary>An asset's own fields as a request gives them: null leaves a field as it is; an empty text clears an optional one.</summary>
public record AssetInput
{
    public int? ModelId { get; init; }
    public string? SerialNumber { get; init; }
    public string? AssetTag { get; init; }
    public string? ShortDescription { get; init; }
    public string? Description { get; init; }
    public string? Location { get; init; }
    public string? OrderNumber { get; init; }
    public string? Supplier { get; init; }
    public DateOnly? PurchaseDate { get; init; }
    public decimal? Cost { get; init; }
    public DateOnly? WarrantyEnd { get; init; }
    public DepreciationMethod? DepreciationMethod { get; init; }
    public int? UsefulLifeMonths { get; init; }
    public decimal? SalvageValue { get; init; }
    public string? ConfigurationItemNumber { get; init; }
}

/// <summary>
/// A new asset: model and serial number are required; it starts on order unless a state is given (an import or a
/// receipt may record assets already in stock or in use). Its cost defaults to the model's unit cost, its life to the model's.
/// </summary>
public sealed record NewAsset : AssetInput
{
    public AssetState? State { get; init; }
    public AssetSubstate? Substate { get; init; }
    public int? StockroomId { get; init; }
    public string? AssignedPerson { get; init; }
    public string? ReservedFor { get; init; }
}

/// <summary>A move to another state (and substate), with what the new state needs: a stockroom to be in stock, a person to be in use, a request to be reserved.</summary>
public sealed record AssetMove(AssetState To, AssetSubstate? Substate = null, int? StockroomId = null, string? AssignedPerson = null, string? Location = null, string? ReservedFor = null);
