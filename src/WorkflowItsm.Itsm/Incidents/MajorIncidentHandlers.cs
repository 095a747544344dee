using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>
/// First step of major-incident: records the declaration on the incident (a work note) and tells the service desk
/// managers and the assignment group, as notify.people does (a job after the step, so the transaction never waits).
/// </summary>
[ServiceTask("incident.declare-major", DisplayName = "Declare major incident",
    Description = "Writes a work note that the incident is major and notifies the service desk managers and the assignment group.")]
[ServiceTaskOutput("assignmentGroup", ServiceTaskPropertyType.String, Description = "The group that restores the service.")]
public sealed class DeclareMajorIncidentHandler(IncidentService incidents, RecordHistory history, IServiceProvider services) : IServiceTaskHandler
{
    public const string ManagersGroup = "service-desk-managers";

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(IncidentHandlerInputs.Number(context), cancellationToken);
        var group = incident.AssignmentGroup ?? IncidentRouting.FallbackGroup;
        history.AddNote(incident, RecordNoteKind.WorkNote,
            $"Declared a major incident. The service desk managers and {group} are notified; stakeholders get an update every 30 minutes until service is restored.",
            "workflow");
        var message = $"{incident.Number} is a major incident: {incident.ShortDescription}";
        services.GetRequiredService<IJobs>().Enqueue<PeopleNotificationJob>(job =>
            job.SendAsync($"{ManagersGroup},{group}", null, incident.Number, message, CancellationToken.None));
        return ServiceTaskResult.With(("assignmentGroup", group));
    }
}

/// <summary>Keeps the post-incident review (the form's summary, rootCause and followUps) on the incident as a work note.</summary>
[ServiceTask("incident.record-review", DisplayName = "Record post-incident review",
    Description = "Stores the variables summary, rootCause and followUps on the incident as a work note.")]
public sealed class RecordIncidentReviewHandler(IncidentService incidents, RecordHistory history) : IServiceTaskHandler
{
    public const string Heading = "Post-incident review";

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(IncidentHandlerInputs.Number(context), cancellationToken);
        var review = new StringBuilder(Heading);
        foreach (var (name, label) in new[] { ("summary", "Summary"), ("rootCause", "Root cause"), ("followUps", "Follow-ups") })
        {
            if (context.Variables.GetValueOrDefault(name) is string { Length: > 0 } text)
            {
                review.Append('\n').Append(label).Append(": ").Append(text.Trim());
            }
        }

        // A note has at most NoteLength characters: AddNote keeps the start of a longer review.
        history.AddNote(incident, RecordNoteKind.WorkNote, review.ToString(), "workflow");
        return ServiceTaskResult.Empty;
    }
}
