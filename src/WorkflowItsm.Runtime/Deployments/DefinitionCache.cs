using System.Collections.Concurrent;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>
/// Parsed definitions by deployed version. A deployed version never changes, so caching it in each host is safe
/// (DESIGN.md §6: caches hold immutable things only).
/// </summary>
public sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<Guid, ProcessDefinition> parsed = new();
    private readonly BpmnParser parser = new();

    public ProcessDefinition Get(ProcessDefinitionRecord record) =>
        parsed.GetOrAdd(record.Id, static (_, state) => state.Cache.Parse(state.Record), (Cache: this, Record: record));

    private ProcessDefinition Parse(ProcessDefinitionRecord record)
    {
        var result = parser.Parse(record.Xml);
        return result.Definitions?.Processes.FirstOrDefault(p => p.Id == record.Key)
            ?? throw new InvalidOperationException($"Deployed definition {record.Key} v{record.Version} no longer parses: {string.Join("; ", result.Problems)}");
    }
}
