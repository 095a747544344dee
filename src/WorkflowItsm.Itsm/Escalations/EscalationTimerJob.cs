using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Escalations;

/// <summary>
/// A level's timeout (a scheduled job planned for one level and round) and the sweep (a recurring job) that fires
/// the levels whose job was lost; both go through <see cref="EscalationService.TimeoutAsync"/>, which moves an
/// escalation only from the level and round it was planned for, so the next level fires once.
/// </summary>
public sealed class EscalationTimerJob(ItsmDbContext db, EscalationService escalations, TimeProvider time)
{
    public const string SweepJobId = "escalation-timer-sweep";

    /// <summary>How late a level's own job may be before the sweep fires it instead.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    [JobRetries(5)]
    public Task RunAsync(long escalationId, int level, int round, CancellationToken cancellationToken) =>
        escalations.TimeoutAsync(escalationId, level, round, cancellationToken);

    /// <returns>How many levels it fired.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var late = time.GetUtcNow().UtcDateTime - Grace;
        var due = await db.Set<Escalation>().AsNoTracking().Where(e => e.State == EscalationState.Active && e.NextAt <= late)
            .OrderBy(e => e.NextAt).Select(e => new { e.Id, e.Level, e.Round }).Take(100).ToListAsync(cancellationToken);
        var fired = 0;
        foreach (var escalation in due)
        {
            db.ChangeTracker.Clear();
            fired += await escalations.TimeoutAsync(escalation.Id, escalation.Level, escalation.Round, cancellationToken) ? 1 : 0;
        }

        return fired;
    }
}

/// <summary>Starts the escalation a trigger asks for, after the trigger's transaction committed (so the incident or SLA mark is stored).</summary>
public sealed class EscalationTriggerJob(EscalationService escalations)
{
    [JobRetries(3)]
    public Task RunAsync(string recordNumber, EscalationTrigger trigger, int? slaDefinitionId, string? detail, CancellationToken cancellationToken) =>
        escalations.StartAsync(recordNumber, trigger, slaDefinitionId, detail, cancellationToken);
}

/// <summary>
/// The hooks of incidents, SLA clocks and changes: a new P1 or major incident, an SLA warning or breach, a change closed
/// as unsuccessful plans the trigger job (handed over when the trigger's transaction commits).
/// </summary>
public sealed class EscalationTriggers(IJobs jobs) : Incidents.IIncidentRaisedObserver, ServiceLevels.ISlaEventObserver, Changes.IChangeClosedObserver
{
    public Task ClosedAsync(Changes.Change change, CancellationToken cancellationToken)
    {
        if (change.CloseCode == Changes.ChangeCloseCode.Unsuccessful)
        {
            var detail = change.CloseNotes is { } notes ? $"closed as unsuccessful: {notes}" : "closed as unsuccessful";
            detail = detail.Length <= Records.Record.ShortDescriptionLength ? detail : detail[..(Records.Record.ShortDescriptionLength - 1)] + "…";
            jobs.Enqueue<EscalationTriggerJob>(job => job.RunAsync(change.Number, EscalationTrigger.ChangeFailure, null, detail, CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public Task RaisedAsync(Incidents.Incident incident, CancellationToken cancellationToken)
    {
        if (incident.Priority == 1 || incident.IsMajor)
        {
            jobs.Enqueue<EscalationTriggerJob>(job => job.RunAsync(incident.Number, EscalationTrigger.NewIncident, null, null, CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public Task WarnedAsync(Incidents.Incident incident, ServiceLevels.SlaClock clock, CancellationToken cancellationToken)
    {
        jobs.Enqueue<EscalationTriggerJob>(job => job.RunAsync(incident.Number, EscalationTrigger.SlaWarning, clock.DefinitionId, clock.Name, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task BreachedAsync(Incidents.Incident incident, ServiceLevels.SlaClock clock, CancellationToken cancellationToken)
    {
        jobs.Enqueue<EscalationTriggerJob>(job => job.RunAsync(incident.Number, EscalationTrigger.SlaBreach, clock.DefinitionId, clock.Name, CancellationToken.None));
        return Task.CompletedTask;
    }
}
