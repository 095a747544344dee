using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>
/// Accumulates what a run changed. A bookmark created and removed within the same run cancels out, so the host
/// never schedules a timer or creates a task only to delete it again.
/// </summary>
internal sealed class ResultCollector
{
    private List<Bookmark>? _created;
    private List<Bookmark>? _removed;
    private List<HumanTask>? _tasks;
    private List<string>? _cancelledTasks;
    private List<ScheduledTimer>? _timers;
    private List<string>? _cancelledTimers;

    // Every run journals at least the elements it passes; starting at 16 skips the small regrowths.
    public List<JournalEntry> Journal { get; } = new(16);
    public List<ElementFailure> Failures { get; } = [];
    public List<ThrownSignal> Signals { get; } = [];
    public List<SentMessage> Messages { get; } = [];

    public void BookmarkCreated(Bookmark bookmark) => (_created ??= []).Add(bookmark);

    public void TaskCreated(HumanTask task) => (_tasks ??= []).Add(task);

    public void TimerScheduled(Bookmark bookmark) =>
        (_timers ??= []).Add(new ScheduledTimer(bookmark.Id, bookmark.ElementId, bookmark.Due!.Value));

    /// <param name="consumed">True when the bookmark was answered (fired, completed); false when cancelled.</param>
    public void BookmarkRemoved(Bookmark bookmark, bool consumed)
    {
        if (_created is not null && _created.Remove(bookmark))
        {
            _tasks?.RemoveAll(t => t.Id == bookmark.Id);
            _timers?.RemoveAll(t => t.BookmarkId == bookmark.Id);
            return;
        }

        (_removed ??= []).Add(bookmark);
        if (!consumed && bookmark.Kind == BookmarkKind.UserTask)
        {
            (_cancelledTasks ??= []).Add(bookmark.Id);
        }

        if (bookmark.Kind == BookmarkKind.Timer)
        {
            _timers?.RemoveAll(t => t.BookmarkId == bookmark.Id);
            if (!consumed)
            {
                (_cancelledTimers ??= []).Add(bookmark.Id);
            }
        }
    }

    public ExecutionResult ToResult(InstanceState state) => new()
    {
        State = state,
        Status = state.Status switch
        {
            InstanceStatus.Completed => ExecutionStatus.Completed,
            InstanceStatus.Terminated => ExecutionStatus.Terminated,
            InstanceStatus.Faulted => ExecutionStatus.Faulted,
            InstanceStatus.Cancelled => ExecutionStatus.Cancelled,
            _ => Failures.Count > 0 ? ExecutionStatus.ElementFailed : ExecutionStatus.Running,
        },
        Failures = Failures,
        CreatedBookmarks = (IReadOnlyList<Bookmark>?)_created ?? [],
        RemovedBookmarks = (IReadOnlyList<Bookmark>?)_removed ?? [],
        CreatedTasks = (IReadOnlyList<HumanTask>?)_tasks ?? [],
        CancelledTaskIds = (IReadOnlyList<string>?)_cancelledTasks ?? [],
        ScheduledTimers = (IReadOnlyList<ScheduledTimer>?)_timers ?? [],
        CancelledTimerIds = (IReadOnlyList<string>?)_cancelledTimers ?? [],
        ThrownSignals = Signals,
        SentMessages = Messages,
        Journal = Journal,
    };
}
