using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Incidents;

namespace WorkflowItsm.Web.Portal;

/// <summary>
/// The incident a request opened (the portal's "report an issue"), as its requester sees it: the number, where it
/// stands, and what the service desk promises — when it responds and resolves it, from the SLA clocks.
/// </summary>
public sealed record RequestIncident(string Number, IncidentState State, string StateText, string ShortDescription, string? ResolutionNotes, IReadOnlyList<string> Promises)
{
    /// <returns>Null when the request opened no incident, or the incident is not the person's (staff see any).</returns>
    public static async Task<RequestIncident?> LoadAsync(IServiceProvider services, InstanceDetails request, string? user, bool isStaff, CancellationToken cancellationToken)
    {
        if (request.Variables.GetValueOrDefault("incidentNumber") is not string number)
        {
            return null;
        }

        var queries = services.GetRequiredService<IncidentQueries>();
        if (await queries.IdentifyAsync(number, cancellationToken) is not { } found || (found.Caller != user && !isStaff)
            || (await queries.GetAsync(number, withWorkNotes: false, cancellationToken))?.Incident is not { } incident)
        {
            return null;
        }

        var clocks = await services.GetRequiredService<SlaAdministration>().ClocksOfAsync(found.Id, cancellationToken);
        return new RequestIncident(incident.Number, incident.State, IncidentDisplay.StateText(incident.State), incident.ShortDescription,
            incident.State is IncidentState.Resolved or IncidentState.Closed ? incident.ResolutionNotes : null, PromisesOf(incident.State, clocks));
    }

    public static IReadOnlyList<string> PromisesOf(IncidentState state, IReadOnlyList<SlaClockView> clocks) => state switch
    {
        IncidentState.Resolved => ["It is resolved: please confirm that it works again (it is in your tasks); without an answer it closes by itself."],
        IncidentState.Closed => ["It is closed. If the problem comes back, report it again."],
        IncidentState.Cancelled => ["It was cancelled."],
        _ => [.. clocks.Where(c => c.State is SlaClockState.Running or SlaClockState.Paused).OrderBy(c => c.Kind).Select(Promise)],
    };

    private static string Promise(SlaClockView clock)
    {
        var what = clock.Kind == SlaKind.Response ? "respond" : "resolve it";
        return clock switch
        {
            { BreachedAt: not null } => $"We promised to {what} by {Moment(clock.DueAt ?? clock.BreachedAt.Value)}; we are late, and it has been escalated.",
            { State: SlaClockState.Paused } => $"The time to {what} waits for your answer to our last comment.",
            { DueAt: { } due } => $"We {(clock.Kind == SlaKind.Response ? "respond" : "aim to resolve it")} by {Moment(due)} ({IncidentDisplay.Duration(clock.Target)} of business hours).",
            _ => "We are on it.",
        };
    }

    private static string Moment(DateTime utc) => utc.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);
}
