using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Journal;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>An external task locked for a worker: its bookmark id, where it waits and the variables it works with.</summary>
/// <param name="Variables">The variables visible at the task, overlaid with its input mappings (<c>camunda:inputOutput</c>).</param>
public sealed record LockedExternalTask(
    string Id,
    string InstanceId,
    string DefinitionKey,
    string? BusinessKey,
    string ElementId,
    string Topic,
    string WorkerId,
    DateTime LockedUntil,
    int? Retries,
    string? ErrorMessage,
    IReadOnlyDictionary<string, object?> Variables);

/// <summary>
/// External tasks (<c>camunda:type="external"</c> + <c>camunda:topic</c>): workers fetch and lock them by topic
/// and report completion, failure or a BPMN error. The lock lives on the bookmark row; only its owner may answer.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>How many rounds of candidates a fetch tries when other workers take the ones it saw first.</summary>
    private const int FetchRounds = 3;

    /// <summary>
    /// Locks up to <paramref name="maxTasks"/> unlocked external tasks of the topics for the worker, oldest
    /// first. Each lock is one conditional UPDATE (only if still unlocked or expired), so two workers never get
    /// the same task, on any provider and across hosts.
    /// </summary>
    public async Task<IReadOnlyList<LockedExternalTask>> FetchAndLockAsync(
        string workerId, IReadOnlyCollection<string> topics, int maxTasks, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTasks);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        var topicList = topics.Distinct(StringComparer.Ordinal).ToList();
        var now = Now;
        var lockedUntil = now + lockDuration;
        var locked = new List<string>();
        for (var round = 0; round < FetchRounds && locked.Count < maxTasks && topicList.Count > 0; round++)
        {
            var candidates = await FetchableExternalTasks(topicList, now)
                .OrderBy(b => b.CreatedAt).ThenBy(b => b.Id)
                .Select(b => b.Id)
                .Take(maxTasks - locked.Count)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                break;
            }

            foreach (var candidate in candidates)
            {
                var taken = await FetchableExternalTasks(topicList, now)
                    .Where(b => b.Id == candidate)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(b => b.LockOwner, workerId)
                        .SetProperty(b => b.LockedUntil, lockedUntil), cancellationToken);
                if (taken == 1)
                {
                    locked.Add(candidate);
                }
            }
        }

        return locked.Count == 0 ? [] : await DescribeLockedTasksAsync(locked, cancellationToken);
    }

    /// <summary>Completes an external task; its result variables are set like a service task's.</summary>
    /// <exception cref="RuntimeNotFoundException">No such external task (completed already, or never existed).</exception>
    /// <exception cref="RuntimeConflictException">The worker does not hold the task's lock, or the instance is suspended.</exception>
    public Task<ProcessInstanceRecord> CompleteExternalTaskAsync(
        string externalTaskId, string workerId, IReadOnlyDictionary<string, object?>? variables, CancellationToken cancellationToken) =>
        TriggerLockedTaskAsync(externalTaskId, workerId, new ExternalTaskCompleted(externalTaskId, variables), cancellationToken);

    /// <summary>The worker reports a business error: it is thrown at the task, where an error boundary may catch it.</summary>
    /// <exception cref="RuntimeNotFoundException">No such external task.</exception>
    /// <exception cref="RuntimeConflictException">The worker does not hold the task's lock, or the instance is suspended.</exception>
    public Task<ProcessInstanceRecord> ThrowExternalTaskBpmnErrorAsync(
        string externalTaskId, string workerId, string errorCode, string? errorMessage, IReadOnlyDictionary<string, object?>? variables,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        return TriggerLockedTaskAsync(externalTaskId, workerId, new ExternalTaskErrorThrown(externalTaskId, errorCode, errorMessage, variables), cancellationToken);
    }

    /// <summary>
    /// The worker failed technically. With retries left the task is unlocked and may be fetched again after
    /// <paramref name="retryTimeout"/>; with none the element fails, so the instance records the failure for an
    /// operator (a retry re-opens the external task).
    /// </summary>
    /// <param name="retries">The retries left, as the worker counts them (Camunda's semantics).</param>
    /// <exception cref="RuntimeNotFoundException">No such external task.</exception>
    /// <exception cref="RuntimeConflictException">The worker does not hold the task's lock, or the instance is suspended.</exception>
    public Task<ProcessInstanceRecord> FailExternalTaskAsync(
        string externalTaskId, string workerId, string errorMessage, int retries, TimeSpan retryTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retries);
        var message = string.IsNullOrWhiteSpace(errorMessage) ? "The external worker failed." : errorMessage;
        if (retries == 0)
        {
            return TriggerLockedTaskAsync(externalTaskId, workerId, new ExternalTaskFailed(externalTaskId, Truncate(message)), cancellationToken);
        }

        return WithRetryAsync(async () =>
        {
            var bookmark = await LockedBookmarkAsync(externalTaskId, workerId, cancellationToken);
            var instance = await db.ProcessInstances.AsNoTracking().FirstAsync(i => i.Id == bookmark.InstanceId, cancellationToken);
            EnsureNotSuspended(instance);
            if (await ErrorRuleThrownAsync(instance, bookmark, message, retries, cancellationToken) is { } thrown)
            {
                return thrown;
            }

            bookmark.LockOwner = null;
            bookmark.LockedUntil = retryTimeout > TimeSpan.Zero ? Now + retryTimeout : null;
            bookmark.Retries = retries;
            bookmark.ErrorMessage = Truncate(message);
            db.Journal.Add(new JournalRecord
            {
                InstanceId = instance.Id,
                At = Now,
                Kind = "ExternalTaskFailed",
                ElementId = bookmark.ElementId,
                Detail = Truncate($"{workerId}: {message} ({retries} retries left)"),
            });
            return (instance, AfterCommit.Nothing);
        }, cancellationToken);
    }

    /// <summary>
    /// A failure with retries left still goes to the engine when the task has error rules (camunda:errorEventDefinition):
    /// one that holds throws its BPMN error now, as in Camunda 7. Null when the task has none or none holds.
    /// </summary>
    private async Task<(ProcessInstanceRecord? Instance, AfterCommit AfterCommit)?> ErrorRuleThrownAsync(
        ProcessInstanceRecord instance, BookmarkRecord bookmark, string message, int retries, CancellationToken cancellationToken)
    {
        var process = await definitions.GetAsync(db, instance.DefinitionId, cancellationToken);
        if (process.FindNode(bookmark.ElementId) is not WorkflowItsm.Bpmn.Model.ServiceTask { ErrorRules.Count: > 0 })
        {
            return null; // the usual case: no rules, so the state is not read
        }

        var state = InstanceStateSerializer.Deserialize(instance.StateJson);
        var result = await engine.TriggerAsync(process, state, new ExternalTaskFailed(bookmark.Id, Truncate(message), retries), cancellationToken);
        if (!result.RemovedBookmarks.Any(b => b.Id == bookmark.Id))
        {
            return null; // no rule holds: the failure is recorded as usual
        }

        db.Attach(instance); // read without tracking above: the trigger's changes are written to it now
        return (instance, await ApplyAsync(instance, result, cancellationToken));
    }

    /// <summary>Extends the worker's lock to <paramref name="lockDuration"/> from now, for work that takes longer than it thought.</summary>
    /// <returns>When the lock now ends.</returns>
    /// <exception cref="RuntimeNotFoundException">No such external task.</exception>
    /// <exception cref="RuntimeConflictException">The worker does not hold the lock.</exception>
    public async Task<DateTime> ExtendExternalTaskLockAsync(string externalTaskId, string workerId, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        var lockedUntil = Now + lockDuration;
        await WithRetryAsync(async () =>
        {
            var bookmark = await LockedBookmarkAsync(externalTaskId, workerId, cancellationToken);
            bookmark.LockedUntil = lockedUntil; // saved only while the worker still holds it: LockOwner is a concurrency token
            return (null, AfterCommit.Nothing);
        }, cancellationToken);
        return lockedUntil;
    }

    private IQueryable<BookmarkRecord> FetchableExternalTasks(List<string> topics, DateTime now) =>
        from bookmark in db.Bookmarks
        where bookmark.Kind == nameof(BookmarkKind.ExternalTask) && topics.Contains(bookmark.Topic!)
              && (bookmark.LockedUntil == null || bookmark.LockedUntil <= now)
              && (bookmark.Retries == null || bookmark.Retries > 0)
              && db.ProcessInstances.Any(i => i.Id == bookmark.InstanceId && i.Status == InstanceRunStatus.Running && !i.IsSuspended)
        select bookmark;

    /// <summary>Reads what a worker needs for the tasks it locked, from the instances' states.</summary>
    private async Task<List<LockedExternalTask>> DescribeLockedTasksAsync(List<string> lockedIds, CancellationToken cancellationToken)
    {
        var rows = await db.Bookmarks.AsNoTracking().Where(b => lockedIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);
        var instanceIds = rows.Values.Select(b => b.InstanceId).Distinct().ToList();
        var instances = await db.ProcessInstances.AsNoTracking().Where(i => instanceIds.Contains(i.Id))
            .Select(i => new { i.Id, i.DefinitionKey, i.BusinessKey, i.StateJson })
            .ToDictionaryAsync(i => i.Id, cancellationToken);
        var states = new Dictionary<string, InstanceState>(StringComparer.Ordinal);
        var tasks = new List<LockedExternalTask>(lockedIds.Count);
        foreach (var id in lockedIds)
        {
            if (!rows.TryGetValue(id, out var row) || !instances.TryGetValue(row.InstanceId, out var instance))
            {
                continue; // completed or cancelled between the lock and this read
            }

            if (!states.TryGetValue(instance.Id, out var state))
            {
                state = InstanceStateSerializer.Deserialize(instance.StateJson);
                states[instance.Id] = state;
            }

            if (state.FindBookmark(id) is not { } bookmark)
            {
                continue; // the instance moved on; the row leaves with that commit
            }

            tasks.Add(new LockedExternalTask(id, instance.Id, instance.DefinitionKey, instance.BusinessKey, row.ElementId, row.Topic ?? string.Empty,
                row.LockOwner!, row.LockedUntil!.Value, row.Retries, row.ErrorMessage, VariablesAt(state, bookmark)));
        }

        return tasks;
    }

    /// <summary>The variables visible from the bookmark's scope, inner scopes hiding outer ones, then the task's inputs.</summary>
    private static Dictionary<string, object?> VariablesAt(InstanceState state, Bookmark bookmark)
    {
        var chain = new List<ScopeState>();
        for (var scope = state.FindScope(bookmark.ScopeId); scope is not null; scope = scope.ParentId is null ? null : state.FindScope(scope.ParentId))
        {
            chain.Add(scope);
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var (name, value) in chain[i].Variables)
            {
                variables[name] = value;
            }
        }

        foreach (var (name, value) in bookmark.Inputs ?? [])
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>Answers a locked external task with a trigger, in one transaction with the lock check.</summary>
    private Task<ProcessInstanceRecord> TriggerLockedTaskAsync(string externalTaskId, string workerId, Trigger trigger, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            // Tracked before the trigger: its removal then deletes only while this worker still holds the lock.
            var bookmark = await LockedBookmarkAsync(externalTaskId, workerId, cancellationToken);
            var (instance, process, state) = await LoadAsync(bookmark.InstanceId, cancellationToken);
            EnsureNotSuspended(instance);
            var result = await engine.TriggerAsync(process, state, trigger, cancellationToken);
            return (instance, await ApplyAsync(instance, result, cancellationToken));
        }, cancellationToken);

    private async Task<BookmarkRecord> LockedBookmarkAsync(string externalTaskId, string workerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var bookmark = await db.Bookmarks.FirstOrDefaultAsync(b => b.Id == externalTaskId && b.Kind == nameof(BookmarkKind.ExternalTask), cancellationToken)
            ?? throw new RuntimeNotFoundException($"No external task with id '{externalTaskId}'.");
        if (bookmark.LockOwner != workerId)
        {
            throw new RuntimeConflictException(bookmark.LockOwner is null
                ? $"External task '{externalTaskId}' is not locked by worker '{workerId}'; fetch and lock it first."
                : $"External task '{externalTaskId}' is locked by another worker.");
        }

        return bookmark;
    }

    private static string Truncate(string text) => text.Length > 4000 ? text[..4000] : text;
}
