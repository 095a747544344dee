using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>
/// Parsed definitions by deployed version. A deployed version never changes, so caching it in each host is safe
/// (DESIGN.md §6: caches hold immutable things only). Triggers ask by id, so the XML is read from the database
/// once per host and version, not on every trigger.
/// </summary>
public sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<Guid, ProcessDefinition> parsed = new();
    private readonly BpmnParser parser = new();

    public ProcessDefinition Get(ProcessDefinitionRecord record) =>
        parsed.GetOrAdd(record.Id, static (_, state) => state.Cache.Parse(state.Record), (Cache: this, Record: record));

    /// <summary>The parsed version <paramref name="definitionId"/>, read from <paramref name="db"/> only when this host has not parsed it yet.</summary>
    /// <exception cref="InvalidOperationException">No such version is stored.</exception>
    public async ValueTask<ProcessDefinition> GetAsync(WorkflowDbContext db, Guid definitionId, CancellationToken cancellationToken)
    {
        if (parsed.TryGetValue(definitionId, out var process))
        {
            return process;
        }

        var record = await db.ProcessDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == definitionId, cancellationToken)
            ?? throw new InvalidOperationException($"Process definition {definitionId} is not stored.");
        return Get(record);
    }

    private ProcessDefinition Parse(ProcessDefinitionRecord record)
    {
        var result = parser.Parse(record.Xml);
        return result.Definitions?.Processes.FirstOrDefault(p => p.Id == record.Key)
            ?? throw new InvalidOperationException($"Deployed definition {record.Key} v{record.Version} no longer parses: {string.Join("; ", result.Problems)}");
    }
}
