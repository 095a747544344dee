using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.State;

public enum BookmarkKind
{
    UserTask,
    Timer,
    Message,
    Signal,
    ExternalTask,
    AsyncContinuation,
    CallActivity,

    /// <summary>A receive task without a message: a plain wait state that an operator or a system triggers by hand (the API).</summary>
    Wait,

    /// <summary>
    /// A conditional catch event, conditional boundary event or conditional event sub-process start: its condition
    /// (read from the definition) is evaluated again whenever a variable it can see is set.
    /// </summary>
    Conditional,
}

/// <summary>
/// A place where the instance waits for the outside world. The host stores bookmarks as indexed rows (by message
/// name and correlation key, by due time, by topic) and answers one with a trigger naming its <see cref="Id"/>.
/// Only the fields of its <see cref="Kind"/> are set.
/// </summary>
public sealed class Bookmark
{
    public string Id { get; set; } = string.Empty;
    public BookmarkKind Kind { get; set; }

    /// <summary>The element that waits: the task, catch event, boundary event or event sub-process start event.</summary>
    public string ElementId { get; set; } = string.Empty;

    public string ScopeId { get; set; } = string.Empty;

    /// <summary>The token that waits; null for an event sub-process subscription, which belongs to its scope.</summary>
    public string? TokenId { get; set; }

    // Timer
    public DateTimeOffset? Due { get; set; }
    public TimerKind? TimerKind { get; set; }
    public string? TimerText { get; set; }
    public int FiredCount { get; set; }

    /// <summary>For the timer of a task listener on "timeout": the listener's position among the user task's task listeners.</summary>
    public int? TaskListenerIndex { get; set; }

    // Message and signal
    public string? MessageName { get; set; }
    public string? CorrelationKey { get; set; }
    public string? SignalName { get; set; }

    // External task
    public string? Topic { get; set; }

    // Call activity
    public string? CalledElement { get; set; }
    public string? CalledElementBinding { get; set; }
    public string? CalledElementVersion { get; set; }
    public string? CalledElementVersionTag { get; set; }
    public string? ChildBusinessKey { get; set; }

    /// <summary>Inputs handed over: external task inputs, or the call activity's child variables.</summary>
    public Dictionary<string, object?>? Inputs { get; set; }
}
