using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// Draft → Pending → In progress ⇄ On hold → Review → Completed / Failed, cancelled from any state before Review.
/// In progress reaches Review when its last phase completes (a move by hand needs every phase complete); a hold
/// needs its reason.
/// </summary>
public static class ReleaseLifecycle
{
    public static RecordLifecycle<ReleaseState> Table { get; } = new RecordLifecycle<ReleaseState>()
        .Open(ReleaseState.Draft, ReleaseState.Pending, ReleaseState.InProgress, ReleaseState.OnHold, ReleaseState.Review)
        .Allow(ReleaseState.Draft, ReleaseState.Pending, ReleaseState.Cancelled)
        .Allow(ReleaseState.Pending, ReleaseState.InProgress, ReleaseState.Draft, ReleaseState.Cancelled)
        .Allow(ReleaseState.InProgress, ReleaseState.OnHold, ReleaseState.Review, ReleaseState.Failed, ReleaseState.Cancelled)
        .Allow(ReleaseState.OnHold, ReleaseState.InProgress, ReleaseState.Failed, ReleaseState.Cancelled)
        .Allow(ReleaseState.Review, ReleaseState.Completed, ReleaseState.Failed)
        .Allow(ReleaseState.Completed)
        .Allow(ReleaseState.Failed)
        .Allow(ReleaseState.Cancelled)
        .Require(ReleaseState.OnHold, "holdReason", "Say why the release is put on hold.");
}
