namespace WorkflowItsm.Bpmn.Timers;

/// <summary>The three ways BPMN defines a timer: <c>timeDate</c>, <c>timeDuration</c> and <c>timeCycle</c>.</summary>
public enum TimerKind
{
    Date,
    Duration,
    Cycle,
}
