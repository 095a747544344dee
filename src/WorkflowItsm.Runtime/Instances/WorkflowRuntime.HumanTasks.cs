using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>Human-task triggers.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>Completes a human task exactly once, even when two hosts race to complete it.</summary>
    /// <exception cref="RuntimeNotFoundException">No such task.</exception>
    /// <exception cref="RuntimeConflictException">The task is already completed or cancelled.</exception>
    /// <exception cref="FormRejectedException">The variables do not satisfy the task's form, or a module's completion check refused them.</exception>
    public Task<ProcessInstanceRecord> CompleteTaskAsync(string taskId, IReadOnlyDictionary<string, object?>? variables, string? completedBy, CancellationToken cancellationToken) =>
        WithRetryAsync(async () =>
        {
            VariableLimits.Check(variables, options);
            // Task and instance in one statement, so both rows come from one snapshot: a completion committed by
            // another host shows in both or in neither (and then our save fails on the instance's revision).
            var rows = await HotQueries.For(db).TaskWithInstance(db, taskId, cancellationToken)
                ?? throw new RuntimeNotFoundException($"No task with id '{taskId}'.");
            var task = rows.Task;
            var (instance, process, state) = await LoadedAsync(rows.Instance, cancellationToken);
            if (task.Status != HumanTaskStatus.Open)
            {
                throw new RuntimeConflictException($"Task '{taskId}' is already {task.Status.ToString().ToLowerInvariant()}.");
            }

            EnsureNotSuspended(instance);
            foreach (var check in completionChecks)
            {
                await check.CheckAsync(task, variables, completedBy, cancellationToken);
            }

            var result = await engine.TriggerAsync(process, state, new UserTaskCompleted(taskId, variables), cancellationToken);
            task.Status = HumanTaskStatus.Completed;
            task.CompletedAt = Now;
            task.CompletedBy = completedBy;
            task.Revision++;
            return (instance, await ApplyAsync(instance, result, cancellationToken));
        }, cancellationToken);
}
