using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Incidents;
using WorkflowItsm.Web.ServiceLevels;

namespace WorkflowItsm.Web.Portal;

/// <summary>One line of the conversation on a request: the requester's or the desk's comment, or a change of status.</summary>
public sealed record RequestMessage(DateTime At, string Who, string Text, bool FromYou, bool IsStatus);

/// <summary>A file on the request (a link to download it through the incident's attachments API).</summary>
public sealed record RequestFile(long Id, string FileName, string ContentType, long Size, string UploadedBy, DateTime UploadedAt, string Href);

/// <summary>
/// The incident a request opened (the portal's "report an issue"), as its requester sees it: what they told us, one
/// status in their words, what the service desk promises (when it responds and resolves, from the SLA clocks), the
/// conversation (their comments, the desk's public comments, changes of status — never work notes), the files, and
/// what they may do now (<see cref="IncidentCaller.ActionsIn"/>).
/// </summary>
public sealed record RequestIncident(
    string Number, IncidentState State, string StateText, string ShortDescription, string? Description, string? ResolutionNotes,
    IReadOnlyList<string> Promises, IReadOnlyList<RequestMessage> Conversation, IReadOnlyList<RequestFile> Files, IReadOnlyList<CallerAction> Actions)
{
    /// <summary>The number of the incident a request opened, if it opened one.</summary>
    public static string? NumberOf(InstanceDetails request) => request.Variables.GetValueOrDefault("incidentNumber") as string;

    /// <returns>Null when the request opened no incident, or the incident is not the person's (staff see any).</returns>
    public static async Task<RequestIncident?> LoadAsync(IServiceProvider services, InstanceDetails request, string? user, bool isStaff, CancellationToken cancellationToken)
    {
        if (NumberOf(request) is not { } number)
        {
            return null;
        }

        var queries = services.GetRequiredService<IncidentQueries>();
        if (await queries.IdentifyAsync(number, cancellationToken) is not { } found || (found.Caller != user && !isStaff)
            || await queries.GetAsync(number, withWorkNotes: false, cancellationToken) is not { } details)
        {
            return null;
        }

        var incident = details.Incident;
        var clocks = await services.GetRequiredService<SlaAdministration>().ClocksOfAsync(found.Id, cancellationToken);
        var files = await services.GetRequiredService<RecordAttachments>().ListAsync(number, cancellationToken);
        return new RequestIncident(incident.Number, incident.State, IncidentWords.StateForCaller(incident.State, incident.OnHoldReason),
            incident.ShortDescription, incident.Description,
            incident.State is IncidentState.Resolved or IncidentState.Closed ? incident.ResolutionNotes : null,
            PromisesOf(incident.State, clocks, await services.GetRequiredService<BusinessCalendars>().ByKeyAsync(cancellationToken), services.GetRequiredService<BrowserTime>()),
            ConversationOf(details, incident.Caller),
            [.. files.Select(f => new RequestFile(f.Id, f.FileName, f.ContentType, f.Size, f.UploadedBy, f.UploadedAt, $"api/incidents/{Uri.EscapeDataString(number)}/attachments/{f.Id}"))],
            found.Caller == user ? IncidentCaller.ActionsIn(incident.State) : []);
    }

    /// <summary>Comments (the record's details carry no work notes for a caller) and changes of status, oldest first.</summary>
    private static List<RequestMessage> ConversationOf(IncidentDetails details, string caller) =>
        [.. details.Notes.Where(n => n.Kind == RecordNoteKind.Comment)
            .Select(n => new RequestMessage(n.At, n.Author == caller ? "You" : $"{n.Author} (service desk)", n.Text, n.Author == caller, IsStatus: false))
            .Concat(details.History.Where(h => h.Field == "state" && Enum.TryParse<IncidentState>(h.NewValue, out _))
                .Select(h => new RequestMessage(h.ChangedAt, "", "Status: " + IncidentWords.StateChange(Enum.Parse<IncidentState>(h.NewValue!)), false, IsStatus: true)))
            .OrderBy(m => m.At)];

    public static IReadOnlyList<string> PromisesOf(
        IncidentState state, IReadOnlyList<SlaClockView> clocks, IReadOnlyDictionary<string, CalendarView> calendars, BrowserTime time) => state switch
    {
        IncidentState.Resolved => ["It is resolved: tell us below whether it works again. Without an answer it closes by itself."],
        IncidentState.Closed => ["It is closed. If the problem comes back, report it again."],
        IncidentState.Cancelled => ["You withdrew it."],
        _ => [.. clocks.Where(c => c.State is SlaClockState.Running or SlaClockState.Paused).OrderBy(c => c.Kind).Select(clock => Promise(clock, calendars.GetValueOrDefault(clock.CalendarKey), time))],
    };

    private static string Promise(SlaClockView clock, CalendarView? calendar, BrowserTime time)
    {
        var what = clock.Kind == SlaKind.Response ? "respond" : "resolve it";
        return clock switch
        {
            { BreachedAt: not null } => $"We promised to {what} by {time.Moment(clock.DueAt ?? clock.BreachedAt.Value)}; we are late, and it has been escalated.",
            { State: SlaClockState.Paused } => $"The time to {what} waits for your answer to our last comment.",
            { DueAt: { } due } => $"We {(clock.Kind == SlaKind.Response ? "respond" : "aim to resolve it")} by {time.Moment(due)} (within {SlaTargets.Text((long)clock.Target.TotalSeconds, calendar)}).",
            _ => "We are on it.",
        };
    }

}
