using System.Globalization;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Changes.Risk;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>First step of every change workflow: links the instance to its change (variable changeNumber) and offers its values to the next tasks.</summary>
[ServiceTask("change.register", DisplayName = "Register change",
    Description = "Links this process to its change (variable changeNumber, set by the change API).")]
[ServiceTaskOutput("changeNumber", ServiceTaskPropertyType.String, Description = "The change's number; also recordNumber, assignmentGroup, assignedTo, type, risk and hasPlan.")]
public sealed class RegisterChangeHandler(ChangeService changes) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var change = await changes.FindAsync(ChangeHandlerInputs.Number(context), cancellationToken);
        change.ProcessInstanceId = context.ProcessInstanceId;
        return ChangeHandlerInputs.Snapshot(change);
    }
}

/// <summary>Moves the change to Assess (a normal change's first step).</summary>
[ServiceTask("change.assess", DisplayName = "Start change assessment", Description = "Moves the change to Assess.")]
public sealed class AssessChangeHandler(ChangeService changes) : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ChangeHandlerInputs.AdvanceAsync(changes, context, ChangeState.Assess, cancellationToken);
}

/// <summary>Assesses the change's risk again and names the approval rule its risk calls for.</summary>
[ServiceTask("change.risk", DisplayName = "Assess change risk",
    Description = "Assesses the risk (conditions, questionnaire, success score; the highest wins) and sets approvalRule: change-manager for low, change-cab for moderate or higher, change-ecab for emergencies.")]
[ServiceTaskOutput("approvalRule", ServiceTaskPropertyType.String, Description = "change-manager, change-cab or change-ecab; also risk.")]
public sealed class AssessChangeRiskHandler(ChangeService changes, ChangeRiskAssessment risk, RecordHistory history) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var change = await changes.FindAsync(ChangeHandlerInputs.Number(context), cancellationToken);
        if (change.IsOpen)
        {
            var before = change.AuditedFields();
            await risk.ApplyAsync(change, cancellationToken);
            history.Changed(change, before, ChangeHandlerInputs.By(change));
        }

        return ChangeHandlerInputs.Snapshot(change);
    }
}

/// <summary>Moves the change to Authorize (approvals are asked for next).</summary>
[ServiceTask("change.authorize", DisplayName = "Put change to authorization", Description = "Moves the change to Authorize.")]
public sealed class AuthorizeChangeHandler(ChangeService changes) : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ChangeHandlerInputs.AdvanceAsync(changes, context, ChangeState.Authorize, cancellationToken);
}

/// <summary>A rejected change goes back to New, to be revised.</summary>
[ServiceTask("change.reject", DisplayName = "Return rejected change", Description = "Moves a change in Authorize back to New (its approval was rejected).")]
public sealed class RejectChangeHandler(ChangeService changes) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var change = await changes.FindAsync(ChangeHandlerInputs.Number(context), cancellationToken);
        if (change.State == ChangeState.Authorize)
        {
            await changes.ApplyTransitionAsync(change, new ChangeTransition(ChangeState.New), ChangeHandlerInputs.By(change), cancellationToken);
        }

        return ChangeHandlerInputs.Snapshot(change);
    }
}

/// <summary>
/// Reads the change's plan again before the "Window planned?" gateway: the hasPlan of an earlier step is stale once
/// someone planned the window (or completed "Plan the window" without planning it), and scheduling without a window
/// throws, which would fault the instance instead of asking for the plan again.
/// </summary>
[ServiceTask("change.plan", DisplayName = "Check the change's plan",
    Description = "Reads the change again: hasPlan is true when its planned start and end are set (then it can be scheduled).")]
[ServiceTaskOutput("hasPlan", ServiceTaskPropertyType.Boolean, Description = "Whether the planned start and end are set; also the change's other values.")]
public sealed class CheckChangePlanHandler(ChangeService changes) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ChangeHandlerInputs.Snapshot(await changes.FindAsync(ChangeHandlerInputs.Number(context), cancellationToken));
}

/// <summary>
/// Schedules the change in its planned window. An enforced change freeze over the window is a business outcome, not a
/// fault: it raises the BPMN error <see cref="FrozenErrorCode"/> (its message names the freeze), which the change
/// workflows catch to ask for a window outside the freeze.
/// </summary>
[ServiceTask("change.schedule", DisplayName = "Schedule change",
    Description = "Moves the change to Scheduled; it needs its planned start and end. Inside an enforced change freeze it raises the BPMN error change-frozen.")]
public sealed class ScheduleChangeHandler(ChangeService changes) : IServiceTaskHandler
{
    public const string FrozenErrorCode = "change-frozen";

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await ChangeHandlerInputs.AdvanceAsync(changes, context, ChangeState.Scheduled, cancellationToken);
        }
        catch (ChangeFrozenException frozen)
        {
            throw new BpmnErrorException(FrozenErrorCode, frozen.Message);
        }
    }
}

/// <summary>Starts the implementation (the actual start is stamped).</summary>
[ServiceTask("change.implement", DisplayName = "Start implementation", Description = "Moves the change to Implement and stamps its actual start.")]
public sealed class ImplementChangeHandler(ChangeService changes) : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ChangeHandlerInputs.AdvanceAsync(changes, context, ChangeState.Implement, cancellationToken);
}

/// <summary>Ends the implementation and opens the post-implementation review (the actual end is stamped).</summary>
[ServiceTask("change.review", DisplayName = "Start post-implementation review", Description = "Moves the change to Review and stamps its actual end.")]
public sealed class ReviewChangeHandler(ChangeService changes) : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ChangeHandlerInputs.AdvanceAsync(changes, context, ChangeState.Review, cancellationToken);
}

/// <summary>Closes the change with the review's close code and notes; an unsuccessful one raises an incident and lowers the group's score.</summary>
[ServiceTask("change.close", DisplayName = "Close change",
    Description = "Closes the change with the variables closeCode (Successful, SuccessfulWithIssues, Unsuccessful) and closeNotes.")]
public sealed class CloseChangeHandler(ChangeService changes, IJobs jobs) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var change = await changes.FindAsync(ChangeHandlerInputs.Number(context), cancellationToken);
        var code = Enum.TryParse<ChangeCloseCode>(WorkflowVariables.Text(context, "closeCode"), ignoreCase: true, out var parsed) ? parsed : (ChangeCloseCode?)null;
        var raised = await changes.AdvanceAsync(change, new ChangeTransition(ChangeState.Closed, code, WorkflowVariables.Text(context, "closeNotes")),
            ChangeHandlerInputs.By(change), cancellationToken);
        if (raised is not null)
        {
            // The incident is stored with this step; its triage starts after the commit.
            jobs.Enqueue<IncidentTriageJob>(job => job.StartAsync(raised.Number, CancellationToken.None));
        }

        return ServiceTaskResult.Empty;
    }
}

internal static class ChangeHandlerInputs
{
    public static string Number(ServiceTaskContext context) => WorkflowVariables.RecordNumber(context, "changeNumber", "it is started by the change API");

    /// <summary>Who the audit names for a step of the flow: the assignee working it, else the workflow itself.</summary>
    public static string By(Change change) => change.AssignedTo ?? "workflow";

    public static async ValueTask<ServiceTaskResult> AdvanceAsync(ChangeService changes, ServiceTaskContext context, ChangeState to, CancellationToken cancellationToken)
    {
        var change = await changes.FindAsync(Number(context), cancellationToken);
        await changes.AdvanceAsync(change, new ChangeTransition(to), By(change), cancellationToken);
        return Snapshot(change);
    }

    /// <summary>The approval rule the change's risk calls for: the ECAB for an emergency, the change manager for low risk, the CAB above.</summary>
    public static string ApprovalRule(Change change) =>
        change.Type == ChangeType.Emergency ? "change-ecab" : change.Risk == ChangeRisk.Low ? "change-manager" : "change-cab";

    /// <summary>The change's current values the next tasks and gateways read.</summary>
    public static ServiceTaskResult Snapshot(Change change) => ServiceTaskResult.With(
        ("changeNumber", change.Number),
        ("recordNumber", change.Number),
        ("assignmentGroup", change.AssignmentGroup ?? ChangeService.DefaultGroup),
        ("assignedTo", change.AssignedTo),
        ("type", change.Type.ToString()),
        ("risk", change.Risk.ToString()),
        ("approvalRule", ApprovalRule(change)),
        ("hasPlan", change.PlannedStart is not null && change.PlannedEnd is not null));
}
