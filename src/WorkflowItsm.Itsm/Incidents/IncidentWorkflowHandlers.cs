using System.Globalization;
using System.Xml;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>Settings of incidents (section Incidents).</summary>
public sealed class IncidentOptions
{
    /// <summary>How long a resolved incident waits for the caller's confirmation before it closes by itself.</summary>
    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromDays(3);
}

/// <summary>
/// First step of incident-triage: links the instance to its incident — the one the incident API created (variable
/// incidentNumber), or a new one from the start form when the process was started directly (the portal's
/// "report an issue"), with the initiator as caller.
/// </summary>
[ServiceTask("incident.register", DisplayName = "Register incident",
    Description = "Links this process to its incident, creating the incident from the start form's fields when there is none yet.")]
[ServiceTaskOutput("incidentNumber", ServiceTaskPropertyType.String, Description = "The incident's number; also caller and autoCloseAfter.")]
public sealed class RegisterIncidentHandler(IncidentService incidents, RecordWorkflow workflow, IncidentOptions options) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = context.Variables.TryGetValue("incidentNumber", out var number) && number is string existing
            ? await incidents.FindAsync(existing, cancellationToken)
            : await incidents.BuildAsync(new NewIncident
            {
                ShortDescription = WorkflowVariables.Text(context, "shortDescription"),
                Description = WorkflowVariables.Text(context, "description"),
                Category = WorkflowVariables.Text(context, "category"),
                Impact = WorkflowVariables.Level(context, "impact"),
                Urgency = WorkflowVariables.Level(context, "urgency"),
            }, WorkflowVariables.Text(context, "reportedBy") ?? "portal", cancellationToken);
        if (incident.ProcessInstanceId is { } owner && owner != context.ProcessInstanceId && await workflow.IsInstanceRunningAsync(owner, cancellationToken))
        {
            // A second workflow must not take over an incident another one drives (the first would be stranded).
            throw new InvalidOperationException($"Incident {incident.Number} is driven by process instance {owner}; instance {context.ProcessInstanceId} cannot take it over.");
        }

        incident.ProcessInstanceId = context.ProcessInstanceId;
        return ServiceTaskResult.With(
            ("incidentNumber", incident.Number),
            ("caller", incident.Caller),
            ("autoCloseAfter", XmlConvert.ToString(options.AutoCloseAfter)));
    }
}

/// <summary>Reads the incident's current priority and group (set by the priority matrix and routing rules, or by an agent) for the rest of the flow.</summary>
[ServiceTask("incident.classify", DisplayName = "Classify incident",
    Description = "Gives the flow the incident's priority (impact × urgency matrix) and assignment group (routing rules).")]
[ServiceTaskOutput("priority", ServiceTaskPropertyType.Long, Description = "1 (critical) to 5 (planning).")]
[ServiceTaskOutput("assignmentGroup", ServiceTaskPropertyType.String, Description = "The directory group that works it; also assignedTo.")]
public sealed class ClassifyIncidentHandler(IncidentService incidents) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(IncidentHandlerInputs.Number(context), cancellationToken);
        return ServiceTaskResult.With(
            ("priority", (long)incident.Priority),
            ("assignmentGroup", incident.AssignmentGroup ?? IncidentRouting.FallbackGroup),
            ("assignedTo", incident.AssignedTo));
    }
}

/// <summary>Resolves the incident with the code and notes of the resolver's form (nothing to do when it was resolved outside the flow).</summary>
[ServiceTask("incident.resolve", DisplayName = "Resolve incident", Description = "Sets the incident Resolved with the variables resolutionCode and resolutionNotes.")]
[ServiceTaskOutput("majorIncident", ServiceTaskPropertyType.Boolean, Description = "Whether the incident is major: its major-incident process then waits to hear that the service is restored.")]
public sealed class ResolveIncidentHandler(IncidentService incidents) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(IncidentHandlerInputs.Number(context), cancellationToken);
        if (incident.State != IncidentState.Resolved)
        {
            await incidents.ApplyTransitionAsync(incident, new IncidentTransition(IncidentState.Resolved,
                ResolutionCode: context.Variables.GetValueOrDefault("resolutionCode") as string,
                ResolutionNotes: context.Variables.GetValueOrDefault("resolutionNotes") as string), IncidentHandlerInputs.By(incident), cancellationToken);
        }

        return ServiceTaskResult.With(("majorIncident", incident.IsMajor));
    }
}

/// <summary>Closes the resolved incident (the caller confirmed, or the auto-close timer ran out).</summary>
[ServiceTask("incident.close", DisplayName = "Close incident", Description = "Closes the incident once resolved.")]
public sealed class CloseIncidentHandler(IncidentService incidents) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(IncidentHandlerInputs.Number(context), cancellationToken);
        if (incident.State == IncidentState.Resolved)
        {
            await incidents.ApplyTransitionAsync(incident, new IncidentTransition(IncidentState.Closed), incident.Caller, cancellationToken);
        }

        return ServiceTaskResult.Empty;
    }
}

/// <summary>Reopens the incident the caller did not accept, keeping their reason as a comment.</summary>
[ServiceTask("incident.reopen", DisplayName = "Reopen incident", Description = "Puts a resolved incident back in progress; the variable confirmationComment becomes a comment.")]
public sealed class ReopenIncidentHandler(IncidentService incidents, RecordHistory history) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(IncidentHandlerInputs.Number(context), cancellationToken);
        if (incident.State == IncidentState.Resolved)
        {
            await incidents.ApplyTransitionAsync(incident, new IncidentTransition(IncidentState.InProgress), incident.Caller, cancellationToken);
            if (context.Variables.GetValueOrDefault("confirmationComment") is string { Length: > 0 } comment)
            {
                history.AddNote(incident, RecordNoteKind.Comment, comment, incident.Caller);
            }
        }

        return ServiceTaskResult.Empty;
    }
}

internal static class IncidentHandlerInputs
{
    public static string Number(ServiceTaskContext context) => WorkflowVariables.RecordNumber(context, "incidentNumber", "incident.register must run first");

    /// <summary>Who the audit names for a step of the flow: the assignee working it, else the workflow itself.</summary>
    public static string By(Incident incident) => incident.AssignedTo ?? "workflow";
}

/// <summary>Gives the incident to another group (an SLA escalation's decision); an unknown group is a BPMN error the model can catch.</summary>
[ServiceTask("incident.reassign", DisplayName = "Reassign incident", Description = "Moves the incident to another assignment group and clears its assignee.")]
[ServiceTaskInput("group", ServiceTaskPropertyType.String, Label = "Group", Description = "Key of the directory group that takes it over.", Required = true)]
public sealed class ReassignIncidentHandler(IncidentService incidents) : IServiceTaskHandler
{
    public const string UnknownGroupError = "unknown-group";

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(IncidentHandlerInputs.Number(context), cancellationToken);
        var group = context.Inputs.GetValueOrDefault("group") as string;
        try
        {
            await incidents.ApplyChangesAsync(incident, new IncidentChanges { AssignmentGroup = group ?? "", AssignedTo = "" }, "workflow", cancellationToken);
        }
        catch (RecordValidationException invalid)
        {
            throw new BpmnErrorException(UnknownGroupError, invalid.Message);
        }

        return ServiceTaskResult.With(("assignmentGroup", incident.AssignmentGroup));
    }
}

/// <summary>Raises the incident's priority by one step: urgency first, then impact (the matrix gives the priority; SLA clocks follow, keeping the time spent).</summary>
[ServiceTask("incident.raise-priority", DisplayName = "Raise incident priority", Description = "Makes the incident one step more urgent (or, at top urgency, of higher impact).")]
public sealed class RaiseIncidentPriorityHandler(IncidentService incidents) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(IncidentHandlerInputs.Number(context), cancellationToken);
        var changes = incident.Urgency > 1 ? new IncidentChanges { Urgency = incident.Urgency - 1 }
            : incident.Impact > 1 ? new IncidentChanges { Impact = incident.Impact - 1 }
            : null;
        if (changes is not null && incident.IsOpen)
        {
            await incidents.ApplyChangesAsync(incident, changes, "workflow", cancellationToken);
        }

        return ServiceTaskResult.With(("priority", (long)incident.Priority));
    }
}
