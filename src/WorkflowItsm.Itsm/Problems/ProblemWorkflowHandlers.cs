using System.Globalization;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Problems;

/// <summary>
/// First step of the problem workflow: links the instance to its problem — the one the problem API created
/// (variable problemNumber), or a new one from the variable shortDescription when the process was started directly.
/// </summary>
[ServiceTask("problem.register", DisplayName = "Register problem",
    Description = "Links this process to its problem, creating the problem from the variable shortDescription when there is none yet.")]
[ServiceTaskOutput("problemNumber", ServiceTaskPropertyType.String, Description = "The problem's number; also assignmentGroup, priority, impact, urgency, rootCause, workaround and fix.")]
public sealed class RegisterProblemHandler(ProblemService problems) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var problem = context.Variables.TryGetValue("problemNumber", out var number) && number is string existing
            ? await problems.FindAsync(existing, cancellationToken)
            : await problems.BuildAsync(new NewProblem
            {
                ShortDescription = WorkflowVariables.Text(context, "shortDescription"),
                Description = WorkflowVariables.Text(context, "description"),
                Category = WorkflowVariables.Text(context, "category"),
                ConfigurationItem = WorkflowVariables.Text(context, "configurationItem"),
            }, WorkflowVariables.Text(context, "recordedBy") ?? "workflow", cancellationToken);
        problem.ProcessInstanceId = context.ProcessInstanceId;
        return ProblemHandlerInputs.Snapshot(problem);
    }
}

/// <summary>Records the assessment (impact and urgency from the assessor's form) and opens the root-cause analysis.</summary>
[ServiceTask("problem.assess", DisplayName = "Record problem assessment",
    Description = "Sets the problem's impact and urgency from the variables of the same name (the priority follows) and moves it to root-cause analysis.")]
[ServiceTaskOutput("priority", ServiceTaskPropertyType.Long, Description = "1 (critical) to 5 (planning); also assignmentGroup.")]
public sealed class AssessProblemHandler(ProblemService problems) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var problem = await problems.FindAsync(ProblemHandlerInputs.Number(context), cancellationToken);
        var by = ProblemHandlerInputs.By(problem);
        if (problem.IsOpen)
        {
            await problems.ApplyChangesAsync(problem, new ProblemChanges { Impact = WorkflowVariables.Level(context, "impact"), Urgency = WorkflowVariables.Level(context, "urgency") },
                by, cancellationToken);
        }

        await problems.AdvanceAsync(problem, new ProblemTransition(ProblemState.RootCauseAnalysis), by, cancellationToken);
        return ProblemHandlerInputs.Snapshot(problem);
    }
}

/// <summary>Records the analyst's root cause and workaround (both make it a known error) and moves the problem to fix in progress.</summary>
[ServiceTask("problem.record-known-error", DisplayName = "Record known error",
    Description = "Records the variables rootCause and workaround on the problem (with both it is a known error) and moves it to fix in progress.")]
[ServiceTaskOutput("isKnownError", ServiceTaskPropertyType.Boolean, Description = "Root cause and workaround are both recorded; also assignmentGroup.")]
public sealed class RecordKnownErrorHandler(ProblemService problems) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var problem = await problems.FindAsync(ProblemHandlerInputs.Number(context), cancellationToken);
        var by = ProblemHandlerInputs.By(problem);
        if (problem.State is not (ProblemState.Closed or ProblemState.Cancelled))
        {
            await problems.ApplyChangesAsync(problem, new ProblemChanges
            {
                RootCause = WorkflowVariables.Text(context, "rootCause"),
                Workaround = WorkflowVariables.Text(context, "workaround"),
            }, by, cancellationToken);
        }

        await problems.AdvanceAsync(problem, new ProblemTransition(ProblemState.FixInProgress), by, cancellationToken);
        return ProblemHandlerInputs.Snapshot(problem);
    }
}

/// <summary>Resolves the problem with the fix of the implementer's form; linked open incidents get a work note (nothing to do when it was resolved outside the flow).</summary>
[ServiceTask("problem.resolve", DisplayName = "Resolve problem",
    Description = "Sets the problem Resolved with the variable fix; each linked open incident gets a work note naming the fix.")]
public sealed class ResolveProblemHandler(ProblemService problems) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var problem = await problems.FindAsync(ProblemHandlerInputs.Number(context), cancellationToken);
        await problems.AdvanceAsync(problem, new ProblemTransition(ProblemState.Resolved, Fix: WorkflowVariables.Text(context, "fix")),
            ProblemHandlerInputs.By(problem), cancellationToken);
        return ServiceTaskResult.Empty;
    }
}

internal static class ProblemHandlerInputs
{
    public static string Number(ServiceTaskContext context) => WorkflowVariables.RecordNumber(context, "problemNumber", "problem.register must run first");

    /// <summary>Who the audit names for a step of the flow: the assignee working it, else the workflow itself.</summary>
    public static string By(Problem problem) => problem.AssignedTo ?? "workflow";

    /// <summary>The record's current values the next user tasks offer (their group, priority and form defaults).</summary>
    public static ServiceTaskResult Snapshot(Problem problem) => ServiceTaskResult.With(
        ("problemNumber", problem.Number),
        ("assignmentGroup", problem.AssignmentGroup ?? ProblemService.DefaultGroup),
        ("assignedTo", problem.AssignedTo),
        ("priority", (long)problem.Priority),
        ("impact", (long)problem.Impact),
        ("urgency", (long)problem.Urgency),
        ("rootCause", problem.RootCause),
        ("workaround", problem.Workaround),
        ("fix", problem.Fix),
        ("isKnownError", problem.IsKnownError));
}
