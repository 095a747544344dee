using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

/// <summary>
/// The asset's moves as one table over states with their substates: which substates each state has, and which
/// positions may follow which. A refused move names the allowed ones (409). The kernel's state table
/// (<see cref="States"/>) is read off it, so both always agree.
/// </summary>
public static class AssetLifecycle
{
    private static readonly AssetSubstate[] InStockSubstates = [AssetSubstate.Available, AssetSubstate.Reserved, AssetSubstate.Defective];
    private static readonly AssetSubstate[] RetiredSubstates = [AssetSubstate.Disposed, AssetSubstate.Sold, AssetSubstate.Donated, AssetSubstate.Returned];
    private static readonly AssetSubstate[] MissingSubstates = [AssetSubstate.Lost, AssetSubstate.Stolen];

    private static readonly AssetPosition[] Retire = [.. RetiredSubstates.Select(s => new AssetPosition(AssetState.Retired, s))];
    private static readonly AssetPosition[] GoMissing = [.. MissingSubstates.Select(s => new AssetPosition(AssetState.Missing, s))];
    private static readonly AssetPosition InTransit = new(AssetState.InTransit);
    private static readonly AssetPosition InMaintenance = new(AssetState.InMaintenance);

    private static readonly Dictionary<AssetPosition, AssetPosition[]> Moves = new()
    {
        [new AssetPosition(AssetState.OnOrder)] = [AssetPosition.Available, AssetPosition.Defective, InTransit],
        [InTransit] = [AssetPosition.Available, AssetPosition.Defective, AssetPosition.InUse, .. GoMissing],
        [AssetPosition.Available] = [AssetPosition.Reserved, AssetPosition.InUse, AssetPosition.Defective, InTransit, InMaintenance, .. Retire, .. GoMissing],
        // A reservation is released (available) or issued (in use).
        [AssetPosition.Reserved] = [AssetPosition.Available, AssetPosition.InUse, AssetPosition.Defective, .. GoMissing],
        [AssetPosition.Defective] = [AssetPosition.Available, InMaintenance, InTransit, .. Retire, .. GoMissing],
        [AssetPosition.InUse] = [AssetPosition.Available, AssetPosition.Defective, InMaintenance, InTransit, .. Retire, .. GoMissing],
        [InMaintenance] = [AssetPosition.Available, AssetPosition.Defective, AssetPosition.InUse, .. Retire],
        // Found again, or written off.
        [GoMissing[0]] = [AssetPosition.Available, AssetPosition.InUse, .. Retire],
        [GoMissing[1]] = [AssetPosition.Available, AssetPosition.InUse, .. Retire],
    };

    /// <summary>The kernel's view: states, which are open (all but retired), which state may follow which.</summary>
    public static RecordLifecycle<AssetState> States { get; } = BuildStates();

    /// <summary>The substates a state has; empty for a state without substates.</summary>
    public static IReadOnlyList<AssetSubstate> SubstatesOf(AssetState state) => state switch
    {
        AssetState.InStock => InStockSubstates,
        AssetState.Retired => RetiredSubstates,
        AssetState.Missing => MissingSubstates,
        _ => [],
    };

    /// <summary>Whether the substate belongs to the state (none for a state without substates, one of its own otherwise).</summary>
    public static bool Fits(AssetState state, AssetSubstate? substate) =>
        SubstatesOf(state) is { Count: > 0 } substates ? substate is { } s && substates.Contains(s) : substate is null;

    /// <summary>Where an asset may move from <paramref name="from"/>, in the order actions offer them; none once retired.</summary>
    public static IReadOnlyList<AssetPosition> AllowedFrom(AssetPosition from) => Moves.TryGetValue(from, out var to) ? to : [];

    public static bool IsAllowed(AssetPosition from, AssetPosition to) => AllowedFrom(from).Contains(to);

    /// <exception cref="RecordTransitionException">The table has no such move; it names the allowed ones.</exception>
    public static void EnsureAllowed(string number, AssetPosition from, AssetPosition to)
    {
        if (!IsAllowed(from, to))
        {
            throw new RecordTransitionException(number, from.ToString(), to.ToString(), [.. AllowedFrom(from).Select(p => p.ToString())]);
        }
    }

    private static RecordLifecycle<AssetState> BuildStates()
    {
        var states = new RecordLifecycle<AssetState>().Open([.. Enum.GetValues<AssetState>().Where(s => s != AssetState.Retired)]);
        foreach (var group in Moves.GroupBy(m => m.Key.State))
        {
            states.Allow(group.Key, [.. group.SelectMany(m => m.Value).Select(p => p.State).Where(s => s != group.Key).Distinct()]);
        }

        return states;
    }
}
