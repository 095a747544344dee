namespace WorkflowItsm.Itsm.Assets;

/// <summary>Where an asset is in its life.</summary>
public enum AssetState
{
    OnOrder,
    InStock,
    InTransit,
    InUse,
    InMaintenance,
    Retired,
    Missing,
}

/// <summary>The finer state inside <see cref="AssetState.InStock"/>, <see cref="AssetState.Retired"/> and <see cref="AssetState.Missing"/> (the other states have none).</summary>
public enum AssetSubstate
{
    Available,
    Reserved,
    Defective,
    Disposed,
    Sold,
    Donated,
    Returned,
    Lost,
    Stolen,
}

/// <summary>A state with its substate: what a move goes from and to.</summary>
public readonly record struct AssetPosition(AssetState State, AssetSubstate? Substate = null)
{
    public static readonly AssetPosition Available = new(AssetState.InStock, AssetSubstate.Available);
    public static readonly AssetPosition Reserved = new(AssetState.InStock, AssetSubstate.Reserved);
    public static readonly AssetPosition Defective = new(AssetState.InStock, AssetSubstate.Defective);
    public static readonly AssetPosition InUse = new(AssetState.InUse);

    /// <summary>"InStock/Available", "InUse": as the API names it in a refusal.</summary>
    public override string ToString() => Substate is { } substate ? $"{State}/{substate}" : State.ToString();
}
