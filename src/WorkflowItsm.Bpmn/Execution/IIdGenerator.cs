namespace WorkflowItsm.Bpmn.Execution;

/// <summary>Makes the globally unique ids of instances and bookmarks (human task ids are bookmark ids).</summary>
public interface IIdGenerator
{
    string NewId();
}

/// <summary>Time-ordered GUIDs (version 7): unique across hosts, index-friendly.</summary>
public sealed class GuidV7IdGenerator : IIdGenerator
{
    public static GuidV7IdGenerator Instance { get; } = new();

    public string NewId() => Guid.CreateVersion7().ToString("N");
}

/// <summary>Predictable ids (<c>prefix1</c>, <c>prefix2</c>...) for tests and replays. Not for production hosts.</summary>
public sealed class SequentialIdGenerator(string prefix = "id", long seed = 0) : IIdGenerator
{
    private long _last = seed;

    public string NewId() => prefix + Interlocked.Increment(ref _last).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
