using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.Journal;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// Retries and faults: a failed element is retried on its <c>camunda:failedJobRetryTimeCycle</c> (or the default
/// policy) by a scheduled job; when the retries run out its fault is open until an operator retries it or cancels
/// the instance.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// The automatic retry of a fault's element. Idempotent: a fault that is resolved, out of retries or not yet
    /// due does nothing; one of a suspended instance waits for reconciliation after the resume.
    /// </summary>
    public async Task RetryFailedElementAsync(Guid faultId, CancellationToken cancellationToken)
    {
        try
        {
            await WithRetryAsync(async () =>
            {
                var fault = await db.Faults.FirstOrDefaultAsync(f => f.Id == faultId, cancellationToken);
                if (fault is not { ResolvedAt: null, NextRetryAt: { } due } || due > Now.AddSeconds(1))
                {
                    return (null, AfterCommit.Nothing);
                }

                var (instance, process, state) = await LoadAsync(fault.InstanceId, cancellationToken);
                if (instance.IsSuspended)
                {
                    return (null, AfterCommit.Nothing);
                }

                // This job is the fault's job: resolving the fault must not delete the job that is running.
                fault.JobId = null;
                fault.NextRetryAt = null;
                var result = await engine.TriggerAsync(process, state, new RetryRequested(fault.TokenId), cancellationToken);
                return (instance, await ApplyAsync(instance, result, cancellationToken));
            }, cancellationToken);
        }
        catch (TriggerRejectedException)
        {
            // The token is no longer failed (the instance ended or the element was left): nothing to retry.
            await ResolveStaleFaultAsync(faultId, cancellationToken);
        }
    }

    /// <summary>
    /// An operator's retry: runs the element now with a fresh retry budget. The fault is resolved when the element
    /// succeeds; when it fails again the automatic retries start over.
    /// </summary>
    /// <exception cref="RuntimeNotFoundException">No such fault.</exception>
    /// <exception cref="RuntimeConflictException">The fault is resolved, or the instance is suspended or not running.</exception>
    public async Task<FaultRecord> RetryFaultAsync(Guid faultId, string? by, CancellationToken cancellationToken)
    {
        FaultRecord? fault = null;
        try
        {
            await RetryFaultOnceAsync();
        }
        catch (TriggerRejectedException rejected)
        {
            await ResolveStaleFaultAsync(faultId, cancellationToken);
            throw new RuntimeConflictException($"The token of fault '{faultId}' has not failed any more; the fault is resolved.", rejected);
        }

        return fault!;

        Task RetryFaultOnceAsync() => WithRetryAsync(async () =>
        {
            (fault, var instance, var process, var state) = await LoadUnresolvedFaultAsync(faultId, cancellationToken);
            var previousJobId = fault.JobId;
            var failedAttempts = fault.Attempts;
            fault.JobId = null;
            fault.NextRetryAt = null;
            fault.Attempts = 0; // a fresh retry budget should the element fail again
            var result = await engine.TriggerAsync(process, state, new RetryRequested(fault.TokenId), cancellationToken);
            var afterCommit = await ApplyAsync(instance, result, cancellationToken);
            if (previousJobId is not null)
            {
                afterCommit.AsyncJobsToCancel.Add(previousJobId);
            }

            if (fault.ResolvedAt is not null)
            {
                fault.Attempts = failedAttempts;
                fault.Resolution = $"Retried by {by ?? "an operator"}";
            }

            return (instance, afterCommit);
        }, cancellationToken);
    }

    /// <summary>Cancels the instance of a fault (its tasks, timers and subscriptions go with it) and resolves its faults.</summary>
    /// <exception cref="RuntimeNotFoundException">No such fault.</exception>
    /// <exception cref="RuntimeConflictException">The fault is resolved, or the instance is suspended or not running.</exception>
    public async Task<FaultRecord> CancelFaultInstanceAsync(Guid faultId, string? by, CancellationToken cancellationToken)
    {
        FaultRecord? fault = null;
        await WithRetryAsync(async () =>
        {
            (fault, var instance, var process, var state) = await LoadUnresolvedFaultAsync(faultId, cancellationToken);
            var reason = $"Fault at '{fault.ElementId}' cancelled by {by ?? "an operator"}";
            var result = await engine.TriggerAsync(process, state, new CancelRequested(reason), cancellationToken);
            var afterCommit = await ApplyAsync(instance, result, cancellationToken);
            fault.ResolvedAt ??= Now;
            fault.NextRetryAt = null;
            fault.Resolution = $"Instance cancelled by {by ?? "an operator"}";
            return (instance, afterCommit);
        }, cancellationToken);
        return fault!;
    }

    /// <summary>Resolves a fault whose token left the failed state without the runtime noticing (so it is not retried for ever).</summary>
    private async Task ResolveStaleFaultAsync(Guid faultId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var fault = await db.Faults.FirstOrDefaultAsync(f => f.Id == faultId && f.ResolvedAt == null, cancellationToken);
        if (fault is null)
        {
            return;
        }

        fault.ResolvedAt = Now;
        fault.NextRetryAt = null;
        fault.JobId = null;
        fault.Resolution = "The element does not fail any more";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Resolved, or removed with its instance, in the meantime.
        }
    }

    private async Task<(FaultRecord Fault, ProcessInstanceRecord Instance, Bpmn.Model.ProcessDefinition Process, InstanceState State)> LoadUnresolvedFaultAsync(
        Guid faultId, CancellationToken cancellationToken)
    {
        var fault = await db.Faults.FirstOrDefaultAsync(f => f.Id == faultId, cancellationToken)
            ?? throw new RuntimeNotFoundException($"No fault with id '{faultId}'.");
        if (fault.ResolvedAt is not null)
        {
            throw new RuntimeConflictException($"Fault '{faultId}' is already resolved: {fault.Resolution}.");
        }

        var (instance, process, state) = await LoadAsync(fault.InstanceId, cancellationToken);
        if (instance.Status != InstanceRunStatus.Running)
        {
            throw new RuntimeConflictException($"Instance '{instance.Id}' is {instance.Status.ToString().ToLowerInvariant()}, not running.");
        }

        if (instance.IsSuspended)
        {
            throw new RuntimeConflictException($"Instance '{instance.Id}' is suspended; resume it first.");
        }

        return (fault, instance, process, state);
    }

    /// <summary>
    /// Keeps the fault rows in step with the failed tokens: counts a new failure and schedules its retry (or opens
    /// the fault when the retries ran out), and resolves the faults whose token no longer fails there.
    /// </summary>
    private async Task TrackFailuresAsync(ProcessInstanceRecord instance, ExecutionResult result, AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failedTokens = result.State.Tokens.Where(t => t.Phase == TokenPhase.Failed).ToDictionary(t => t.Id, t => t.ElementId);
        var unresolved = await db.Faults.Where(f => f.InstanceId == instance.Id && f.ResolvedAt == null).ToListAsync(cancellationToken);
        foreach (var fault in unresolved.Where(f => !(failedTokens.TryGetValue(f.TokenId, out var elementId) && elementId == f.ElementId)))
        {
            if (fault.JobId is not null)
            {
                afterCommit.AsyncJobsToCancel.Add(fault.JobId);
            }

            fault.JobId = null;
            fault.NextRetryAt = null;
            fault.ResolvedAt = now.UtcDateTime;
            fault.Resolution = instance.Status is InstanceRunStatus.Running or InstanceRunStatus.Completed
                ? "Recovered"
                : $"Instance {instance.Status.ToString().ToLowerInvariant()}";
            AddFaultJournal(instance.Id, "FaultResolved", fault.ElementId, fault.Resolution, now);
        }

        foreach (var failure in result.Failures.Where(f => failedTokens.ContainsKey(f.TokenId)).DistinctBy(f => f.TokenId))
        {
            var fault = unresolved.FirstOrDefault(f => f.ResolvedAt is null && f.TokenId == failure.TokenId && f.ElementId == failure.ElementId);
            if (fault is null)
            {
                fault = new FaultRecord
                {
                    Id = Guid.CreateVersion7(),
                    InstanceId = instance.Id,
                    ElementId = failure.ElementId,
                    TokenId = failure.TokenId,
                    Message = string.Empty,
                    CreatedAt = now.UtcDateTime,
                };
                db.Faults.Add(fault);
            }

            fault.Attempts++;
            fault.Message = Truncate(failure.Message, FaultRecord.MaxMessageLength) ?? string.Empty;
            fault.ExceptionType = Truncate(failure.ExceptionType, 400);
            fault.Stack = Truncate(failure.StackTrace, FaultRecord.MaxStackLength);
            // An external worker that reports a failure has spent its own retries (Camunda's semantics): no more here.
            var reportedByWorker = result.RemovedBookmarks.Any(b => b.Kind == BookmarkKind.ExternalTask && b.TokenId == failure.TokenId);
            // A script stopped by a sandbox limit would be stopped again: retrying only burns the time limit again.
            var nextRetry = reportedByWorker || !failure.IsRetryable ? null : RetryPolicy.For(failure.RetryTimeCycle, options).NextRetry(now, retriesDone: fault.Attempts - 1);
            fault.NextRetryAt = nextRetry?.UtcDateTime;
            if (nextRetry is { } due)
            {
                afterCommit.RetriesToSchedule.Add((fault.Id, due));
            }
            else
            {
                AddFaultJournal(instance.Id, "FaultOpened", fault.ElementId, $"{fault.Attempts} attempts: {fault.Message}", now);
            }
        }
    }

    private void AddFaultJournal(string instanceId, string kind, string elementId, string detail, DateTimeOffset at) =>
        db.Journal.Add(new JournalRecord { InstanceId = instanceId, At = at.UtcDateTime, Kind = kind, ElementId = elementId, Detail = Truncate(detail, 4000) });

    private static string? Truncate(string? text, int maxLength) => text is { } value && value.Length > maxLength ? value[..maxLength] : text;
}
