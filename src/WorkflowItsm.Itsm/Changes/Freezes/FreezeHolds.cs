using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Freezes;

/// <summary>
/// What a freeze does to changes: enforcing holds the in-flight changes (Scheduled, Implement) planned inside it on
/// its scope (a service's CIs through the CMDB); cancelling releases only those it held. Each hold and release is
/// audited on the change.
/// </summary>
public sealed class FreezeHolds(ItsmDbContext db, ImpactAnalysis impact, RecordHistory history)
{
    private static readonly ChangeState[] InFlight = [ChangeState.Scheduled, ChangeState.Implement];

    /// <summary>Enforces the freeze (in the caller's unit of work) and holds the changes it covers.</summary>
    public async Task EnforceAsync(ChangeFreeze freeze, string by, CancellationToken cancellationToken)
    {
        ChangeFreezes.Move(history, freeze, ChangeFreezeState.Enforced, by);
        (freeze.EnforcedBy, freeze.EnforcedAt) = (by, history.Now);
        // The approval engine hands over the freeze as the record kernel found it, without its scope.
        await db.Entry(freeze).Collection(f => f.Scope).LoadAsync(cancellationToken);
        var cis = await CisOfAsync(freeze, cancellationToken);
        var states = InFlight.ToList();
        var held = await db.Changes
            .Where(c => states.Contains(c.State) && !c.OnHold && c.PlannedStart < freeze.End && c.PlannedEnd > freeze.Start)
            .Where(c => cis.Contains(c.ConfigurationItem!) || cis.Contains(c.Service!) || c.AffectedCis.Any(a => cis.Contains(a.CiNumber)))
            .Include(c => c.AffectedCis)
            .ToListAsync(cancellationToken);
        foreach (var change in held)
        {
            var was = change.AuditedFields();
            change.OnHold = true;
            change.HoldReason = $"Held by the change freeze {freeze.Number} \"{freeze.Name}\".";
            change.HeldByFreezeId = freeze.Id;
            history.Changed(change, was, by);
            history.Audit(change, "holdReason", null, change.HoldReason, by);
        }

        if (held.Count > 0)
        {
            history.AddNote(freeze, RecordNoteKind.WorkNote, $"Put on hold: {string.Join(", ", held.Select(c => c.Number).Order(StringComparer.Ordinal))}.", by);
        }
    }

    /// <summary>Releases the changes this freeze held (and only those), in the caller's unit of work.</summary>
    public async Task ReleaseAsync(ChangeFreeze freeze, string by, CancellationToken cancellationToken)
    {
        var held = await db.Changes.Include(c => c.AffectedCis).Where(c => c.HeldByFreezeId == freeze.Id).ToListAsync(cancellationToken);
        foreach (var change in held)
        {
            var before = change.AuditedFields();
            var reason = change.HoldReason;
            change.OnHold = false;
            change.HoldReason = null;
            change.HeldByFreezeId = null;
            history.Changed(change, before, by);
            history.Audit(change, "holdReason", reason, $"Released: the change freeze {freeze.Number} \"{freeze.Name}\" was cancelled.", by);
        }
    }

    /// <summary>The freeze's CIs: those it names and, for each, what it depends on (a service's applications, servers...).</summary>
    public async Task<List<string>> CisOfAsync(ChangeFreeze freeze, CancellationToken cancellationToken)
    {
        var cis = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in freeze.Scope)
        {
            cis.Add(scope.CiNumber);
            var upstream = await impact.UpstreamAsync(scope.CiNumber, ImpactAnalysis.DefaultDepth, cancellationToken);
            cis.UnionWith(upstream.Items.Select(i => i.Number));
        }

        return [.. cis];
    }
}
