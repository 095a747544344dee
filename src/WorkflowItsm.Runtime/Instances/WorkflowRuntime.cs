using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>What a caller asks to start.</summary>
/// <param name="StartEventId">The top-level start event (a message or signal start); null for the none start event.</param>
public sealed record StartProcessCommand(
    string Key,
    int? Version = null,
    string? BusinessKey = null,
    IReadOnlyDictionary<string, object?>? Variables = null,
    string? StartedBy = null,
    string? StartEventId = null);

/// <summary>
/// The durable runtime: every start and trigger is one database transaction — load the instance (with its
/// concurrency token), run the engine to the next wait states, store state, bookmarks, tasks and journal
/// together (the journal lines as one statement) — retried on a concurrency conflict. Timers due within the
/// horizon get their job after the commit; the timer pump hands over later ones and fires any whose job was lost.
/// </summary>
public sealed partial class WorkflowRuntime(WorkflowDbContext db, BpmnEngine engine, DefinitionCache definitions, ITimerScheduler timers, TimeProvider time,
    IAsyncContinuationScheduler continuations, RuntimeOptions options, WorkflowEvents events, IEnumerable<HumanTasks.IHumanTaskCompletionCheck> completionChecks)
{
    private const int MaxAttempts = 5;

    /// <exception cref="RuntimeNotFoundException">No such key or version.</exception>
    /// <exception cref="FormRejectedException">The variables do not satisfy the start form.</exception>
    /// <exception cref="VariablesTooLargeException">A variable, or all together, is over the size limits.</exception>
    public async Task<ProcessInstanceRecord> StartAsync(StartProcessCommand command, CancellationToken cancellationToken)
    {
        VariableLimits.Check(command.Variables, options);
        var (instance, afterCommit) = await StartInTransactionAsync(command, cancellationToken);
        // After the transaction has ended: what follows may trigger other instances, which need the database.
        await RunAfterCommitAsync(afterCommit, cancellationToken);
        return instance;
    }

    /// <summary>
    /// The start as one transaction, so what handlers write (a record and its number) commits with the instance or
    /// not at all (on a server database it opens before any handler runs; on SQLite at the first write).
    /// </summary>
    private async Task<(ProcessInstanceRecord Instance, AfterCommit AfterCommit)> StartInTransactionAsync(StartProcessCommand command, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginTriggerAsync(cancellationToken);
        // Only the version's identity is read here: the parsed model comes from the cache.
        var definition = await HotQueries.For(db).Definition(db, command.Key, command.Version, cancellationToken)
            ?? throw new RuntimeNotFoundException(command.Version is null
                ? $"No process with key '{command.Key}' is deployed."
                : $"Process '{command.Key}' has no version {command.Version}.");

        var process = await definitions.GetAsync(db, definition.Id, cancellationToken);
        var result = await engine.StartAsync(process,
            new StartInstanceRequest(StartEventId: command.StartEventId, BusinessKey: command.BusinessKey, Variables: command.Variables, Initiator: command.StartedBy), cancellationToken);

        var instance = NewInstanceRecord(result, definition.Id, definition.Key, definition.Version, command.BusinessKey, command.StartedBy);
        db.ProcessInstances.Add(instance);
        var afterCommit = await ApplyAsync(instance, result, cancellationToken);
        await SaveAsync(transaction, afterCommit, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return (instance, afterCommit);
    }

    /// <summary>Cancels a running instance: its tasks, timers and subscriptions go with it.</summary>
    public Task<ProcessInstanceRecord> CancelAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            var (instance, process, state) = await LoadAsync(instanceId, cancellationToken);
            if (instance.Status != InstanceRunStatus.Running)
            {
                throw new RuntimeConflictException($"Instance '{instanceId}' is {instance.Status.ToString().ToLowerInvariant()}, not running.");
            }

            var result = await engine.TriggerAsync(process, state, new CancelRequested(reason), cancellationToken);
            return (instance, await ApplyAsync(instance, result, cancellationToken));
        }, cancellationToken);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The row of an instance the engine has just started (its state is written by ApplyStepAsync).</summary>
    private ProcessInstanceRecord NewInstanceRecord(ExecutionResult started, Guid definitionId, string key, int version, string? businessKey, string? startedBy) => new()
    {
        Id = started.State.InstanceId,
        DefinitionId = definitionId,
        DefinitionKey = key,
        DefinitionVersion = version,
        BusinessKey = businessKey,
        StartedBy = startedBy,
        StartedAt = Now,
        StateJson = string.Empty,
    };

    private async Task TellEventSinkAsync(AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        if (afterCommit.CreatedTasks.Count > 0)
        {
            await events.TasksCreatedAsync(afterCommit.CreatedTasks, cancellationToken);
        }

        foreach (var ended in afterCommit.EndedInstances)
        {
            await events.InstanceEndedAsync(ended, cancellationToken);
        }

        await events.TriggerCommittedAsync(cancellationToken);
    }

    private static void EnsureNotSuspended(ProcessInstanceRecord instance)
    {
        if (instance.IsSuspended)
        {
            throw new RuntimeConflictException($"Instance '{instance.Id}' is suspended; resume it first.");
        }
    }

    private async Task<(ProcessInstanceRecord Instance, ProcessDefinition Process, InstanceState State)> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await HotQueries.For(db).Instance(db, instanceId, cancellationToken)
            ?? throw new RuntimeNotFoundException($"No process instance with id '{instanceId}'.");
        return await LoadedAsync(instance, cancellationToken);
    }

    /// <summary>The model and engine state of an instance row already read (and tracked).</summary>
    private async Task<(ProcessInstanceRecord Instance, ProcessDefinition Process, InstanceState State)> LoadedAsync(ProcessInstanceRecord instance, CancellationToken cancellationToken)
    {
        var process = await definitions.GetAsync(db, instance.DefinitionId, cancellationToken);
        return (instance, process, InstanceStateSerializer.Deserialize(instance.StateJson));
    }

    /// <summary>
    /// Runs one trigger as one transaction (<see cref="TriggerTransaction"/>); on a concurrency conflict rolls it all
    /// back, reloads everything and tries again.
    /// </summary>
    private async Task<ProcessInstanceRecord> WithRetryAsync(Func<Task<(ProcessInstanceRecord? Instance, AfterCommit AfterCommit)>> trigger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            ProcessInstanceRecord? instance;
            AfterCommit afterCommit;
            await using (var transaction = await BeginTriggerAsync(cancellationToken))
            {
                (instance, afterCommit) = await trigger();
                try
                {
                    await SaveAsync(transaction, afterCommit, cancellationToken);
                    await CommitAsync(transaction, cancellationToken);
                }
                catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts && transaction is not null)
                {
                    // Another host applied a trigger to this instance first: start over from its new state.
                    continue;
                }
            }

            await RunAfterCommitAsync(afterCommit, cancellationToken);
            return instance!;
        }
    }

    /// <summary>
    /// The trigger's own transaction, or null when the caller already has one open (a domain change saved with the
    /// workflow step it causes): then the caller commits, and retries.
    /// </summary>
    private Task<TriggerTransaction?> BeginTriggerAsync(CancellationToken cancellationToken) => TriggerTransaction.BeginAsync(db, cancellationToken);

    /// <summary>
    /// Saves the trigger's rows: its journal lines and its removed bookmarks a statement each (<see cref="Journal.JournalBatch"/>,
    /// <see cref="BookmarkBatch"/>; on PostgreSQL the bookmarks it did not read go with the journal, <see cref="UnreadBookmarkDeletes"/>),
    /// then the tracked rows, then its new bookmarks in one statement once their instance exists.
    /// </summary>
    private Task SaveAsync(TriggerTransaction? transaction, AfterCommit afterCommit, CancellationToken cancellationToken) =>
        TriggerTransaction.SaveClosingAsync(transaction, db, async () =>
        {
            await UnreadBookmarkDeletes.DeleteWithJournalAsync(db, afterCommit.UnreadBookmarksToDelete, afterCommit.JobsToCancel, cancellationToken);
            var addedBookmarks = await BookmarkBatch.DeleteRemovedAndHoldAddedAsync(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await BookmarkBatch.InsertAsync(db, addedBookmarks, cancellationToken);
        });

    private static async Task CommitAsync(TriggerTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>What waits for the commit: timer and continuation jobs, the event sink, thrown events, buffered messages.</summary>
    private async Task RunAfterCommitAsync(AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        await afterCommit.RunAsync(db, timers, continuations, time.GetUtcNow() + options.TimerHorizon, cancellationToken);
        await TellEventSinkAsync(afterCommit, cancellationToken);
        await ForwardThrownEventsAsync(afterCommit, cancellationToken);
        await DeliverBufferedMessagesAsync(afterCommit, cancellationToken);
    }

    /// <summary>
    /// Writes what the engine changed into the tracked rows, with everything it causes in other instances through
    /// call activities (children started, parents moved on, children cancelled) in the same transaction; returns the
    /// work to do after commit.
    /// </summary>
    private async Task<AfterCommit> ApplyAsync(ProcessInstanceRecord instance, ExecutionResult result, CancellationToken cancellationToken)
    {
        var afterCommit = new AfterCommit();
        await ApplyStepAsync(instance, result, afterCommit, cancellationToken);
        await RunCallActivityWorkAsync(afterCommit, cancellationToken);
        return afterCommit;
    }

    /// <summary>Writes what the engine changed in one instance into the tracked rows; queues the call-activity work it causes.</summary>
    private async Task ApplyStepAsync(ProcessInstanceRecord instance, ExecutionResult result, AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        var state = result.State;
        var now = Now;
        var wasRunning = instance.Status == InstanceRunStatus.Running;
        instance.StateJson = InstanceStateSerializer.Serialize(state);
        instance.Revision++;
        instance.Status = StatusOf(state.Status);
        instance.EndedAt = instance.Status == InstanceRunStatus.Running ? null : now;
        instance.ActiveElements = string.Join(',', state.Tokens.Select(t => t.ElementId).Distinct());
        // A token that failed earlier and still waits for its retry keeps the instance marked, whatever this trigger did.
        var hadFailedTokens = instance.FaultElementId is not null;
        var failedToken = state.Tokens.FirstOrDefault(t => t.Phase == TokenPhase.Failed);
        instance.FaultElementId = state.Fault?.ElementId ?? failedToken?.ElementId;
        instance.FaultMessage = state.Fault?.Message ?? failedToken?.FailureMessage;

        if (wasRunning && instance.Status != InstanceRunStatus.Running)
        {
            afterCommit.EndedInstances.Add(instance);
            if (instance.ParentInstanceId is not null)
            {
                afterCommit.CallActivityWork.Enqueue(new ChildEnded(instance, state));
            }
        }

        afterCommit.ThrownSignals.AddRange(result.ThrownSignals.Select(signal => (instance.Id, signal)));
        afterCommit.SentMessages.AddRange(result.SentMessages.Select(message => (instance.Id, message)));
        var removedIds = result.RemovedBookmarks.Select(b => b.Id).Concat(result.CancelledTimerIds).ToHashSet();
        if (removedIds.Count > 0)
        {
            var tracked = TrackedRows.WithoutScan<BookmarkRecord>(db);
            if (UnreadBookmarkDeletes.Apply(db))
            {
                var leftUnread = removedIds.Where(id => tracked.All(e => e.Entity.Id != id) && result.ScheduledTimers.All(t => t.BookmarkId != id)).ToList();
                afterCommit.UnreadBookmarksToDelete.AddRange(leftUnread);
                removedIds.ExceptWith(leftUnread);
            }

            // A bookmark made earlier in this transaction (a call activity's child ended at once) is not stored yet.
            var removed = tracked.Where(e => e.State == EntityState.Added && removedIds.Contains(e.Entity.Id)).Select(e => e.Entity).ToList();
            if (removedIds.Count > removed.Count)
            {
                removed.AddRange(await db.Bookmarks.Where(b => removedIds.Contains(b.Id)).ToListAsync(cancellationToken));
            }

            afterCommit.JobsToCancel.AddRange(removed.Where(b => b.JobId is not null).Select(b => b.JobId!));
            db.Bookmarks.RemoveRange(removed);
        }

        foreach (var call in result.RemovedBookmarks.Where(b => b.Kind == BookmarkKind.CallActivity))
        {
            afterCommit.CallActivityWork.Enqueue(new CallActivityLeft(instance.Id, call));
        }

        foreach (var bookmark in result.CreatedBookmarks)
        {
            db.Bookmarks.Add(new BookmarkRecord
            {
                Id = bookmark.Id,
                InstanceId = instance.Id,
                Kind = bookmark.Kind.ToString(),
                ElementId = bookmark.ElementId,
                DueAt = bookmark.Due?.UtcDateTime,
                MessageName = bookmark.MessageName,
                CorrelationKey = bookmark.CorrelationKey,
                SignalName = bookmark.SignalName,
                Topic = bookmark.Topic,
                CreatedAt = now,
            });
        }

        afterCommit.MessageWaits.AddRange(result.CreatedBookmarks.Where(b => b.Kind == BookmarkKind.Message && b.MessageName is not null)
            .Select(b => (instance.Id, b.MessageName!, b.CorrelationKey ?? instance.BusinessKey)));
        afterCommit.ContinuationsToEnqueue.AddRange(result.CreatedBookmarks.Where(b => b.Kind == BookmarkKind.AsyncContinuation).Select(b => b.Id));
        foreach (var call in result.CreatedBookmarks.Where(b => b.Kind == BookmarkKind.CallActivity))
        {
            afterCommit.CallActivityWork.Enqueue(new CallActivityReached(instance, call));
        }

        if (hadFailedTokens || result.Failures.Count > 0)
        {
            await TrackFailuresAsync(instance, result, afterCommit, cancellationToken);
        }

        foreach (var timer in result.ScheduledTimers)
        {
            afterCommit.TimersToSchedule.Add((timer.BookmarkId, timer.Due));
            // A cycle re-arms its existing bookmark: move its due time.
            var existing = TrackedRows.WithoutScan<BookmarkRecord>(db)
                    .FirstOrDefault(e => e.Entity.Id == timer.BookmarkId && e.State != EntityState.Deleted)?.Entity
                ?? (result.CreatedBookmarks.Any(b => b.Id == timer.BookmarkId)
                    ? null
                    : await db.Bookmarks.FirstOrDefaultAsync(b => b.Id == timer.BookmarkId, cancellationToken));
            if (existing is not null)
            {
                if (existing.JobId is not null)
                {
                    afterCommit.JobsToCancel.Add(existing.JobId);
                }

                existing.DueAt = timer.Due.UtcDateTime;
                existing.JobId = null;
            }
        }

        foreach (var task in result.CreatedTasks)
        {
            var record = new HumanTaskRecord
            {
                Id = task.Id,
                InstanceId = instance.Id,
                DefinitionKey = instance.DefinitionKey,
                DefinitionVersion = instance.DefinitionVersion,
                ElementId = task.ElementId,
                Name = task.Name,
                BusinessKey = instance.BusinessKey,
                Assignee = task.Assignee,
                CandidateGroups = task.CandidateGroups.Count == 0 ? null : string.Join(',', task.CandidateGroups),
                CandidateUsers = task.CandidateUsers.Count == 0 ? null : string.Join(',', task.CandidateUsers),
                DueDate = task.DueDate?.UtcDateTime,
                FollowUpDate = task.FollowUpDate?.UtcDateTime,
                Priority = task.Priority,
                FormKey = task.FormKey,
                Status = HumanTaskStatus.Open,
                CreatedAt = now,
                Candidates =
                [
                    .. task.CandidateGroups.Distinct().Select(g => new HumanTaskCandidate { TaskId = task.Id, Kind = HumanTaskCandidate.GroupKind, Name = g }),
                    .. task.CandidateUsers.Distinct().Select(u => new HumanTaskCandidate { TaskId = task.Id, Kind = HumanTaskCandidate.UserKind, Name = u }),
                ],
            };
            db.HumanTasks.Add(record);
            afterCommit.CreatedTasks.Add(record);
        }

        if (result.CancelledTaskIds.Count > 0)
        {
            var cancelledIds = result.CancelledTaskIds.ToList();
            var cancelled = TrackedRows.WithoutScan<HumanTaskRecord>(db)
                .Where(e => e.State == EntityState.Added && cancelledIds.Contains(e.Entity.Id) && e.Entity.Status == HumanTaskStatus.Open)
                .Select(e => e.Entity).ToList();
            cancelled.AddRange(await db.HumanTasks.Where(t => cancelledIds.Contains(t.Id) && t.Status == HumanTaskStatus.Open).ToListAsync(cancellationToken));
            foreach (var task in cancelled)
            {
                task.Status = HumanTaskStatus.Cancelled;
                task.CompletedAt = now;
                task.Revision++;
            }
        }

        foreach (var entry in JournalKept(result.Journal))
        {
            db.Journal.Add(new Journal.JournalRecord
            {
                InstanceId = instance.Id,
                At = entry.At.UtcDateTime,
                Kind = entry.Kind.ToString(),
                ElementId = entry.ElementId,
                TokenId = entry.TokenId,
                ScopeId = entry.ScopeId,
                Detail = entry.Detail is { Length: > 4000 } text ? text[..4000] : entry.Detail,
            });
        }

        if (result.Journal.Count > MaxJournalEntriesPerTrigger)
        {
            // A loop that runs thousands of steps in one trigger keeps its beginning and its end, and says how much is left out.
            var middle = result.Journal[JournalHeadKept];
            db.Journal.Add(new Journal.JournalRecord
            {
                InstanceId = instance.Id,
                At = middle.At.UtcDateTime,
                Kind = JournalEntriesOmittedKind,
                Detail = $"{result.Journal.Count - MaxJournalEntriesPerTrigger} journal entries of this step were left out (it ran {result.Journal.Count} in all).",
            });
        }
    }

    /// <summary>How many journal entries one trigger stores at most: the first ones and the last ones.</summary>
    public const int MaxJournalEntriesPerTrigger = 1_200;
    private const int JournalHeadKept = 1_000;
    public const string JournalEntriesOmittedKind = "JournalEntriesOmitted";

    private static IEnumerable<JournalEntry> JournalKept(IReadOnlyList<JournalEntry> journal) =>
        journal.Count <= MaxJournalEntriesPerTrigger
            ? journal
            : journal.Take(JournalHeadKept).Concat(journal.Skip(journal.Count - (MaxJournalEntriesPerTrigger - JournalHeadKept)));

    private static InstanceRunStatus StatusOf(InstanceStatus status) => status switch
    {
        InstanceStatus.Completed or InstanceStatus.Terminated => InstanceRunStatus.Completed, // a terminate end event completes
        InstanceStatus.Faulted => InstanceRunStatus.Faulted,
        InstanceStatus.Cancelled => InstanceRunStatus.Cancelled,
        _ => InstanceRunStatus.Running,
    };
}
