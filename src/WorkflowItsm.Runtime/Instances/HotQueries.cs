using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// The reads every start, claim and completion makes, compiled once: EF Core then skips looking the LINQ tree up
/// in its query cache on each call (measurable on the hot path, where each of these runs for every trigger). A
/// compiled query belongs to one model, and one process may hold several (a provider's each, a test's own
/// context), so they are compiled per model.
/// </summary>
internal sealed class HotQueries
{
    private static readonly ConditionalWeakTable<IModel, HotQueries> ByModel = new();

    public static HotQueries For(WorkflowDbContext db) => ByModel.GetValue(db.Model, static _ => new HotQueries());

    /// <summary>The identity of a deployed version: the latest of a key, or the version asked for.</summary>
    public Func<WorkflowDbContext, string, int?, CancellationToken, Task<DefinitionIdentity?>> Definition { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string key, int? version, CancellationToken cancellationToken) => db.ProcessDefinitions.AsNoTracking()
            .Where(d => d.Key == key && (version == null || d.Version == version))
            .OrderByDescending(d => d.Version)
            .Select(d => new DefinitionIdentity(d.Id, d.Key, d.Version))
            .FirstOrDefault());

    /// <summary>An instance row, tracked (its revision is the concurrency token of the trigger's save).</summary>
    public Func<WorkflowDbContext, string, CancellationToken, Task<ProcessInstanceRecord?>> Instance { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string id, CancellationToken cancellationToken) => db.ProcessInstances.FirstOrDefault(i => i.Id == id));

    /// <summary>A task with its instance in one statement, so both rows come from one snapshot; both tracked.</summary>
    public Func<WorkflowDbContext, string, CancellationToken, Task<TaskWithInstance?>> TaskWithInstance { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string taskId, CancellationToken cancellationToken) => db.HumanTasks.Where(t => t.Id == taskId)
            .Join(db.ProcessInstances, t => t.InstanceId, i => i.Id, (t, i) => new TaskWithInstance(t, i))
            .FirstOrDefault());

    /// <summary>A task row, tracked, without its candidates.</summary>
    public Func<WorkflowDbContext, string, CancellationToken, Task<HumanTaskRecord?>> Task { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string taskId, CancellationToken cancellationToken) => db.HumanTasks.FirstOrDefault(t => t.Id == taskId));
}

internal sealed record DefinitionIdentity(Guid Id, string Key, int Version);

internal sealed record TaskWithInstance(HumanTaskRecord Task, ProcessInstanceRecord Instance);
