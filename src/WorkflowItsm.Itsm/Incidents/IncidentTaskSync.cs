using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>
/// Keeps the record and the inbox in step. When an agent takes (or is given) an incident-triage task, the incident
/// gets that assignee and, if still New, moves to In progress — the response the response SLA waits for. And the
/// staff's tasks of an incident's workflow are due when its resolution SLA is, so that the inbox sorted by due date is
/// sorted by SLA urgency: set when such a task appears, moved when a change moves the SLA (priority, group, on hold
/// and back, a workflow step raising the priority, a calendar change), cleared while the clock is paused. Runs after the commit, in a
/// scope of its own (the incident service itself drives the runtime that calls this).
/// </summary>
/// <remarks>
/// A change to an incident marks it (<see cref="FollowAfterCommit"/>); whoever commits it then moves the due dates
/// (<see cref="FollowPendingDueDatesAsync"/>): the incident service after its own save, the runtime's event sink after
/// a trigger whose service tasks changed the incident — those run inside the runtime's transaction, where writing a
/// task row would fight the runtime's own concurrency token. Scoped: one request's or one job's marks.
/// </remarks>
public sealed partial class IncidentTaskSync(IServiceScopeFactory scopes, RecordKinds kinds, ILogger<IncidentTaskSync> logger) : IWorkflowEventSink
{
    /// <summary>Who the task journal names for a due date that follows the SLA.</summary>
    public const string SlaActor = "sla";

    private readonly HashSet<string> changedIncidents = new(StringComparer.Ordinal);

    /// <summary>The incident changed in the transaction under way: its tasks' due dates follow once it commits.</summary>
    internal void FollowAfterCommit(string number) => changedIncidents.Add(number);

    /// <summary>A trigger's service tasks may have changed incidents inside its transaction: their due dates follow now.</summary>
    Task IWorkflowEventSink.TriggerCommittedAsync(CancellationToken cancellationToken) => FollowPendingDueDatesAsync(cancellationToken);

    /// <summary>Moves the due dates of the incidents marked since the last call (their changes are committed by now).</summary>
    public async Task FollowPendingDueDatesAsync(CancellationToken cancellationToken)
    {
        if (changedIncidents.Count == 0)
        {
            return;
        }

        var numbers = changedIncidents.ToList();
        changedIncidents.Clear();
        await FollowResolutionDueAsync(numbers, cancellationToken);
    }

    public async Task TaskAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken)
    {
        if (!OfIncident(task) || task.BusinessKey is not { } number || task.Assignee is not { } assignee)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IncidentService>().TakeOnAsync(number, assignee, by, cancellationToken);
        }
        catch (Exception failure) when (failure is RecordNotFoundException or RecordValidationException or RecordTransitionException or RecordConcurrencyException)
        {
            LogNotTakenOn(logger, number, assignee, failure.Message);
        }
    }

    public async Task TasksCreatedAsync(IReadOnlyList<HumanTaskRecord> tasks, CancellationToken cancellationToken)
    {
        var numbers = tasks.Where(t => OfIncident(t) && t.DueDate is null).Select(t => t.BusinessKey!).Distinct().ToList();
        if (numbers.Count > 0)
        {
            await FollowResolutionDueAsync(numbers, cancellationToken);
        }
    }

    /// <summary>
    /// A task of the incident workflow whose business key is an incident's number. A triage started for another key
    /// (an integration's own reference) has no incident to follow, so no scope is opened to look for one.
    /// </summary>
    private bool OfIncident(HumanTaskRecord task) =>
        task.DefinitionKey == IncidentService.TriageProcess && task.BusinessKey is { } key && kinds.OfNumber(key)?.Type == typeof(Incident);

    /// <summary>Gives the open staff tasks of these incidents' workflows the due moment of their resolution SLAs (a handful of numbers: one batch).</summary>
    private async Task FollowResolutionDueAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var ids = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Incidents.AsNoTracking()
            .Where(i => numbers.Contains(i.Number)).Select(i => i.Id).ToListAsync(cancellationToken);
        await FollowResolutionDueAsync(scope.ServiceProvider, ids, cancellationToken);
    }

    /// <summary>
    /// Gives the open staff tasks of these incidents' workflows the due moment of their resolution SLAs, a batch of
    /// <see cref="Batch"/> per transaction (after a calendar change moved thousands of clocks).
    /// </summary>
    /// <returns>How many tasks got a new due date.</returns>
    public async Task<int> FollowResolutionDueAsync(IReadOnlyCollection<long> incidentIds, CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var chunk in incidentIds.Chunk(Batch))
        {
            await using var scope = scopes.CreateAsyncScope();
            moved += await FollowResolutionDueAsync(scope.ServiceProvider, chunk, cancellationToken);
        }

        return moved;
    }

    private const int Batch = 500;

    private static async Task<int> FollowResolutionDueAsync(IServiceProvider services, IReadOnlyCollection<long> incidentIds, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (incidentIds.Count == 0)
        {
            return 0;
        }

        var incidents = await db.Incidents.AsNoTracking().Where(i => incidentIds.Contains(i.Id) && i.ProcessInstanceId != null)
            .Select(i => new { i.Id, i.Caller, InstanceId = i.ProcessInstanceId! }).ToListAsync(cancellationToken);
        if (incidents.Count == 0)
        {
            return 0;
        }

        var ids = incidents.Select(i => i.Id).ToList();
        var clocks = (await db.SlaClocks.AsNoTracking().Where(c => ids.Contains(c.IncidentId) && c.Kind == SlaKind.Resolution).ToListAsync(cancellationToken))
            .ToLookup(c => c.IncidentId);
        var instanceIds = incidents.Select(i => i.InstanceId).ToList();
        var tasks = (await db.HumanTasks.AsNoTracking().Where(t => instanceIds.Contains(t.InstanceId) && t.Status == HumanTaskStatus.Open)
            .Select(t => new { t.Id, t.InstanceId, t.Assignee, t.DueDate }).ToListAsync(cancellationToken)).ToLookup(t => t.InstanceId);

        var dueDates = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        foreach (var incident in incidents)
        {
            var due = SlaClocks.ResolutionDue(clocks[incident.Id]);
            // The caller's own step (confirming the resolution) is not the service desk's promise.
            foreach (var task in tasks[incident.InstanceId].Where(t => (t.Assignee is null || t.Assignee != incident.Caller) && t.DueDate != due))
            {
                dueDates[task.Id] = due;
            }
        }

        return dueDates.Count == 0 ? 0 : await services.GetRequiredService<HumanTaskCommands>().SetDueDatesAsync(dueDates, SlaActor, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Number} was not given to {Assignee} with its task: {Reason}")]
    private static partial void LogNotTakenOn(ILogger logger, string number, string assignee, string reason);
}
