namespace WorkflowItsm.Bpmn.Tests.Support;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now { get; set; } = now;

    public FixedClock() : this(Start) { }

    public override DateTimeOffset GetUtcNow() => Now;
}
