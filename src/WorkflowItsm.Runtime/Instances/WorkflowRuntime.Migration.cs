using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Journal;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>The mapping does not cover every active element, or maps to elements the target version lacks.</summary>
public sealed class MigrationRefusedException : Exception
{
    public MigrationRefusedException() : this([], []) { }
    public MigrationRefusedException(string message) : base(message) { UnmappedElements = []; UnknownTargets = []; }
    public MigrationRefusedException(string message, Exception inner) : base(message, inner) { UnmappedElements = []; UnknownTargets = []; }

    public MigrationRefusedException(IReadOnlyList<string> unmappedElements, IReadOnlyList<string> unknownTargets)
        : base(Describe(unmappedElements, unknownTargets))
    {
        UnmappedElements = unmappedElements;
        UnknownTargets = unknownTargets;
    }

    /// <summary>Active elements of the instance that the mapping does not name.</summary>
    public IReadOnlyList<string> UnmappedElements { get; }

    /// <summary>Mapping targets the target version does not contain.</summary>
    public IReadOnlyList<string> UnknownTargets { get; }

    private static string Describe(IReadOnlyList<string> unmapped, IReadOnlyList<string> unknown) =>
        string.Join(" ", new[]
        {
            unmapped.Count > 0 ? $"Active elements without a mapping: {string.Join(", ", unmapped)}." : null,
            unknown.Count > 0 ? $"Mapped to elements the target version does not have: {string.Join(", ", unknown)}." : null,
        }.Where(part => part is not null));
}

/// <summary>Moving a running instance to another version of its process.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Moves a running instance to <paramref name="targetVersion"/> of its key. Every active element (where a token
    /// waits, an open scope, a bookmark) must be named in <paramref name="mapping"/> (source id → target id); otherwise
    /// nothing changes and the refusal lists the unmapped elements.
    /// </summary>
    /// <exception cref="RuntimeNotFoundException">No such instance or target version.</exception>
    /// <exception cref="RuntimeConflictException">The instance is not running, or a token waits at a join.</exception>
    /// <exception cref="MigrationRefusedException">The mapping is incomplete or names unknown target elements.</exception>
    public Task<ProcessInstanceRecord> MigrateAsync(string instanceId, int targetVersion, IReadOnlyDictionary<string, string> mapping, string? by, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            var (instance, _, state) = await LoadAsync(instanceId, cancellationToken);
            EnsureRunning(instance);
            var target = await db.ProcessDefinitions.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Key == instance.DefinitionKey && d.Version == targetVersion, cancellationToken)
                ?? throw new RuntimeNotFoundException($"Process '{instance.DefinitionKey}' has no version {targetVersion}.");
            var targetProcess = definitions.Get(target);

            if (state.Tokens.Any(t => t.Phase == TokenPhase.AtJoin))
            {
                // A token waiting at a join remembers the flow it came by; flows are not part of the mapping.
                throw new RuntimeConflictException($"Instance '{instanceId}' has a token waiting at a join; migrate it once the join has fired.");
            }

            var active = state.Tokens.Select(t => t.ElementId)
                .Concat(state.Scopes.Select(s => s.ElementId).OfType<string>())
                .Concat(state.Bookmarks.Select(b => b.ElementId))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var unmapped = active.Where(id => !mapping.ContainsKey(id)).ToList();
            var unknown = active.Where(mapping.ContainsKey).Select(id => mapping[id]).Where(id => targetProcess.FindNode(id) is null)
                .Distinct(StringComparer.Ordinal).ToList();
            if (unmapped.Count > 0 || unknown.Count > 0)
            {
                throw new MigrationRefusedException(unmapped, unknown);
            }

            // A waiting call activity keeps its child (as in Camunda), so it must stay a call activity the child can answer.
            var calls = state.Bookmarks.Where(b => b.Kind == BookmarkKind.CallActivity).ToList();
            var notCalls = calls.Select(b => mapping[b.ElementId]).Where(id => targetProcess.FindNode(id) is not Bpmn.Model.CallActivity)
                .Distinct(StringComparer.Ordinal).ToList();
            if (notCalls.Count > 0)
            {
                throw new RuntimeConflictException(
                    $"Instance '{instanceId}' waits for called instances; their call activities must map to call activities, not to {string.Join(", ", notCalls)}.");
            }

            foreach (var call in calls)
            {
                var callActivityId = mapping[call.ElementId];
                foreach (var child in await db.ProcessInstances.Where(i => i.ParentInstanceId == instanceId && i.ParentBookmarkId == call.Id).ToListAsync(cancellationToken))
                {
                    child.ParentCallActivityId = callActivityId;
                }
            }

            foreach (var token in state.Tokens)
            {
                token.ElementId = mapping[token.ElementId];
            }

            foreach (var scope in state.Scopes.Where(s => s.ElementId is not null))
            {
                scope.ElementId = mapping[scope.ElementId!];
            }

            foreach (var bookmark in state.Bookmarks)
            {
                bookmark.ElementId = mapping[bookmark.ElementId];
            }

            foreach (var row in await db.Bookmarks.Where(b => b.InstanceId == instanceId).ToListAsync(cancellationToken))
            {
                row.ElementId = mapping.GetValueOrDefault(row.ElementId, row.ElementId);
            }

            foreach (var task in await db.HumanTasks.Where(t => t.InstanceId == instanceId && t.Status == HumanTasks.HumanTaskStatus.Open).ToListAsync(cancellationToken))
            {
                task.ElementId = mapping.GetValueOrDefault(task.ElementId, task.ElementId);
                task.DefinitionVersion = targetVersion;
                task.Revision++;
            }

            db.Journal.Add(new JournalRecord
            {
                InstanceId = instanceId, At = Now, Kind = "InstanceMigrated", UserId = by,
                Detail = $"version {instance.DefinitionVersion} → {targetVersion}",
            });
            instance.DefinitionId = target.Id;
            instance.DefinitionVersion = targetVersion;
            instance.StateJson = InstanceStateSerializer.Serialize(state);
            instance.ActiveElements = string.Join(',', state.Tokens.Select(t => t.ElementId).Distinct());
            instance.Revision++;
            return (instance, AfterCommit.Nothing);
        }, cancellationToken);
}
