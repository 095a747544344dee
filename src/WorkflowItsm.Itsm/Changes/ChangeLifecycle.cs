using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>
/// Which state may follow which, per type (ServiceNow's change model): a normal change is assessed and authorized,
/// a standard one is pre-approved (New → Scheduled), an emergency one goes straight to authorization; a rejection
/// returns a change to New.
/// </summary>
public static class ChangeLifecycle
{
    private static readonly ChangeState[] OpenStates =
        [ChangeState.New, ChangeState.Assess, ChangeState.Authorize, ChangeState.Scheduled, ChangeState.Implement, ChangeState.Review];

    public static RecordLifecycle<ChangeState> Normal { get; } = Common()
        .Allow(ChangeState.New, ChangeState.Assess, ChangeState.Cancelled)
        .Allow(ChangeState.Assess, ChangeState.Authorize, ChangeState.New, ChangeState.Cancelled)
        .Allow(ChangeState.Authorize, ChangeState.Scheduled, ChangeState.New, ChangeState.Cancelled);

    public static RecordLifecycle<ChangeState> Standard { get; } = Common()
        .Allow(ChangeState.New, ChangeState.Scheduled, ChangeState.Cancelled);

    public static RecordLifecycle<ChangeState> Emergency { get; } = Common()
        .Allow(ChangeState.New, ChangeState.Authorize, ChangeState.Cancelled)
        .Allow(ChangeState.Authorize, ChangeState.Scheduled, ChangeState.New, ChangeState.Cancelled);

    public static RecordLifecycle<ChangeState> For(ChangeType type) => type switch
    {
        ChangeType.Standard => Standard,
        ChangeType.Emergency => Emergency,
        _ => Normal,
    };

    /// <summary>The way a change of <paramref name="type"/> walks when all goes well; its workflow's steps move a record that lags behind along it.</summary>
    public static IReadOnlyList<ChangeState> HappyPath(ChangeType type) => type switch
    {
        ChangeType.Standard => [ChangeState.New, ChangeState.Scheduled, ChangeState.Implement, ChangeState.Review, ChangeState.Closed],
        ChangeType.Emergency => [ChangeState.New, ChangeState.Authorize, ChangeState.Scheduled, ChangeState.Implement, ChangeState.Review, ChangeState.Closed],
        _ => [ChangeState.New, ChangeState.Assess, ChangeState.Authorize, ChangeState.Scheduled, ChangeState.Implement, ChangeState.Review, ChangeState.Closed],
    };

    /// <summary>An array, so that database queries can ask "in one of these states".</summary>
    public static IReadOnlyList<ChangeState> Open { get; } = OpenStates;

    // From Scheduled on, every type walks the same way; a scheduled change may go back to New to be re-planned.
    private static RecordLifecycle<ChangeState> Common() => new RecordLifecycle<ChangeState>()
        .Open(OpenStates)
        .Allow(ChangeState.Scheduled, ChangeState.Implement, ChangeState.New, ChangeState.Cancelled)
        .Allow(ChangeState.Implement, ChangeState.Review, ChangeState.Cancelled)
        .Allow(ChangeState.Review, ChangeState.Closed)
        .Allow(ChangeState.Closed)
        .Allow(ChangeState.Cancelled)
        .Require(ChangeState.Scheduled, "plannedStart", "Give the planned start before scheduling.")
        .Require(ChangeState.Scheduled, "plannedEnd", "Give the planned end before scheduling.")
        .Require(ChangeState.Implement, "implementationPlan", "Write the implementation plan before implementing.")
        .Require(ChangeState.Implement, "backoutPlan", "Write the back-out plan before implementing.")
        .Require(ChangeState.Closed, "closeCode", "Say how the change went (successful, with issues, unsuccessful).")
        .Require(ChangeState.Closed, "closeNotes", "Write the close notes.");
}
