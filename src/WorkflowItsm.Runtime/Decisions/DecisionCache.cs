using System.Collections.Concurrent;
using WorkflowItsm.Bpmn.Dmn;

namespace WorkflowItsm.Runtime.Decisions;

/// <summary>
/// Compiled decisions by deployed version. A deployed version never changes, so each host compiles a version once
/// (DESIGN.md §6: caches hold immutable things only) and evaluations never parse.
/// </summary>
public sealed class DecisionCache
{
    private readonly ConcurrentDictionary<Guid, DmnDecision> compiled = new();

    /// <exception cref="InvalidOperationException">The stored file no longer compiles (it did when deployed).</exception>
    public DmnDecision Get(DecisionDefinitionRecord record) =>
        compiled.GetOrAdd(record.Id, static (_, r) => Compile(r), record);

    private static DmnDecision Compile(DecisionDefinitionRecord record)
    {
        try
        {
            return DmnParser.Parse(record.Xml).Find(record.Key)
                ?? throw new InvalidOperationException($"Deployed decision {record.Key} v{record.Version} is missing from its file.");
        }
        catch (DmnModelException refused)
        {
            throw new InvalidOperationException($"Deployed decision {record.Key} v{record.Version} no longer compiles: {refused.Message}", refused);
        }
    }
}
