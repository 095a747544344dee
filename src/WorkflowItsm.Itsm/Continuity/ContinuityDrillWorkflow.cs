using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>First step of workflows/continuity-drill.bpmn: links the instance to its drill and sets when the RTO warning is due.</summary>
[ServiceTask("continuity.drill-register", DisplayName = "Register the drill",
    Description = "Links this process to its drill (variable drillId, set when the drill starts) and sets rtoWarningAt: when 80 % of the RTO is used.")]
[ServiceTaskOutput("rtoWarningAt", ServiceTaskPropertyType.String, Description = "When the RTO warning is due (ISO 8601, UTC); ten years ahead when the service has no RTO.")]
public sealed class RegisterDrillHandler(ContinuityDrills drills) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var drill = await drills.FindAsync(DrillHandlerInputs.DrillId(context), cancellationToken);
        drill.ProcessInstanceId = context.ProcessInstanceId;
        // Without an RTO there is nothing to warn about; the timer is then far beyond any drill and ends with it.
        var due = drill.RtoMinutes is { } rto ? drill.StartedAt.AddMinutes(rto * ContinuityDrills.RtoWarningShare) : drill.StartedAt.AddYears(10);
        return ServiceTaskResult.With(("rtoWarningAt", new DateTimeOffset(due, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture)));
    }
}

/// <summary>
/// Each round of the drill's loop: the steps whose dependencies are done become tasks (in parallel), until every step
/// is done or one failed. The domain keeps the steps' states, so a retried round offers nothing twice.
/// </summary>
[ServiceTask("continuity.drill-ready", DisplayName = "Find the ready steps",
    Description = "readySteps: the recovery steps of the drill whose dependencies are done and not offered yet (order, name, owner, group); drillOver once every step is done or one failed.")]
[ServiceTaskOutput("readySteps", ServiceTaskPropertyType.Json, Description = "The steps to offer as tasks this round.")]
[ServiceTaskOutput("drillOver", ServiceTaskPropertyType.Boolean, Description = "No step is left to do.")]
public sealed class FindReadyStepsHandler(ContinuityDrills drills) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var ready = await drills.OfferReadyStepsAsync(DrillHandlerInputs.DrillId(context), cancellationToken);
        var steps = ready.Steps.Select(s => new Dictionary<string, object?>
        {
            ["order"] = (long)s.Order, ["name"] = s.Name, ["owner"] = s.Owner, ["group"] = s.Group,
        }).ToList();
        return ServiceTaskResult.With(("readySteps", steps), ("drillOver", ready.Over));
    }
}

/// <summary>The RTO timer fired while steps are open: the plan's owner is told the target is about to be missed (once).</summary>
[ServiceTask("continuity.drill-escalate", DisplayName = "Tell the plan owner",
    Description = "Notifies the plan's owner that the drill has used 80 % of its RTO and is not finished.")]
public sealed class EscalateDrillHandler(ContinuityDrills drills) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        await drills.RtoTimerAsync(DrillHandlerInputs.DrillId(context), cancellationToken);
        return ServiceTaskResult.Empty;
    }
}

/// <summary>The last step: the measured recovery time and data loss against RTO and RPO, the outcome, the findings and the archived report.</summary>
[ServiceTask("continuity.drill-end", DisplayName = "Record the result",
    Description = "Measures the recovery (first step start to last step end, from stored timestamps) and the data lost against the RTO and RPO, sets the outcome (drillOutcome: passed or failed), lists the findings and archives the report on the plan.")]
[ServiceTaskOutput("drillOutcome", ServiceTaskPropertyType.String, Description = "passed or failed.")]
[ServiceTaskOutput("measuredMinutes", ServiceTaskPropertyType.Long, Description = "The measured recovery time in minutes.")]
public sealed class EndDrillHandler(ContinuityDrills drills) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var drill = await drills.FinishAsync(DrillHandlerInputs.DrillId(context), cancellationToken);
        return ServiceTaskResult.With(("drillOutcome", drill.State == DrillState.Passed ? "passed" : "failed"), ("measuredMinutes", (long?)drill.MeasuredMinutes));
    }
}

internal static class DrillHandlerInputs
{
    public static long DrillId(ServiceTaskContext context) =>
        context.Variables.GetValueOrDefault("drillId") is { } id ? Convert.ToInt64(id, CultureInfo.InvariantCulture)
        : ContinuityDrills.DrillIdOf(context.BusinessKey)
        ?? throw new InvalidOperationException($"Instance {context.ProcessInstanceId} has no drillId variable: it is started when its drill starts.");
}

/// <summary>
/// A step task of a drill completes only as the domain allows: without the evidence its step asks for it is refused
/// (the error beside the evidence field), otherwise the step's end, evidence and data loss are stored in the
/// completion's transaction, so the measured time is the moment the task was completed.
/// </summary>
/// <remarks>The drills are resolved when a drill's task completes, not injected: they start workflows, so the runtime would depend on itself.</remarks>
public sealed class ContinuityStepTaskCheck(IServiceProvider services, ItsmDbContext db) : IHumanTaskCompletionCheck
{
    public const string StepTask = "RecoveryStep";

    public async Task CheckAsync(HumanTaskRecord task, IReadOnlyDictionary<string, object?>? variables, string? completedBy, CancellationToken cancellationToken)
    {
        if (task.DefinitionKey != ContinuityDrills.Process || task.ElementId != StepTask || ContinuityDrills.DrillIdOf(task.BusinessKey) is not { } drillId)
        {
            return;
        }

        var state = await db.ProcessInstances.AsNoTracking().Where(i => i.Id == task.InstanceId).Select(i => i.StateJson).FirstAsync(cancellationToken);
        var order = ContinuityDrillTasks.StepOrderOf(state, task.Id)
            ?? throw new FormRejectedException($"Task {task.Id} names no recovery step of drill {drillId}.");
        var completion = new StepCompletion(
            Text(variables, "evidence"), Flag(variables, "stepFailed"), Text(variables, "notes"),
            variables?.GetValueOrDefault("dataLossMinutes") is { } lost ? Convert.ToInt32(lost, CultureInfo.InvariantCulture) : null);
        try
        {
            await services.GetRequiredService<ContinuityDrills>().CompleteStepAsync(drillId, order, completion, completedBy ?? "workflow", cancellationToken, fromWorkflow: true);
        }
        catch (RecordValidationException invalid)
        {
            throw new FormRejectedException([.. invalid.Errors.SelectMany(e => e.Value.Select(message => new FormFieldError(e.Key, message)))]);
        }
    }

    private static string? Text(IReadOnlyDictionary<string, object?>? variables, string name) =>
        variables?.GetValueOrDefault(name) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static bool Flag(IReadOnlyDictionary<string, object?>? variables, string name) =>
        variables?.GetValueOrDefault(name) is { } value && (value is true || string.Equals(Convert.ToString(value, CultureInfo.InvariantCulture), "true", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Which recovery step a drill's task is: the element variable of its multi-instance round, kept in the instance's state.</summary>
public static class ContinuityDrillTasks
{
    public static int? StepOrderOf(string stateJson, string taskId)
    {
        var state = InstanceStateSerializer.Deserialize(stateJson);
        // The task's bookmark sits in the scope of its round, which holds the step.
        for (var scope = state.FindBookmark(taskId) is { } bookmark ? state.FindScope(bookmark.ScopeId) : null; scope is not null;
             scope = scope.ParentId is { } parent ? state.FindScope(parent) : null)
        {
            if (scope.Variables.GetValueOrDefault("step") is { } step)
            {
                var order = step switch
                {
                    IDictionary<string, object?> map => map.TryGetValue("order", out var value) ? value : null,
                    System.Collections.IDictionary map => map["order"],
                    _ => null,
                };
                return order is null ? null : Convert.ToInt32(order, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
