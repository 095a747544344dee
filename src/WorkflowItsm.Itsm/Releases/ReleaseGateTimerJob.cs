using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// The gate timer: every few minutes the releases in progress have their active phase's gates evaluated again (a
/// contained change got authorized, a P1 incident closed, a go/no-go was decided) and progress when they pass. A held
/// release is not in progress, so it is never picked: no gate timer fires while on hold, across restarts too.
/// </summary>
public sealed class ReleaseGateTimerJob(ItsmDbContext db, ReleaseService releases, ReleaseGates gates, RecordStore store)
{
    public const string RecurringJobId = "release-gate-timer";
    public const string Actor = "gate timer";

    /// <summary>Releases in progress are few (tens); each is evaluated and saved on its own, so one's conflict does not stop the others.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var numbers = await db.Releases.AsNoTracking().Where(r => r.State == ReleaseState.InProgress).OrderBy(r => r.Id).Select(r => r.Number).ToListAsync(cancellationToken);
        var moved = 0;
        foreach (var number in numbers)
        {
            db.ChangeTracker.Clear();
            var release = await releases.FindAsync(number, cancellationToken);
            // Checked again on the row just read: a hold since the list was read wins.
            if (release.State != ReleaseState.InProgress)
            {
                continue;
            }

            var before = Snapshot(release);
            moved += await gates.EvaluateAsync(release, Actor, cancellationToken) ? 1 : 0;
            if (before == Snapshot(release))
            {
                continue;
            }

            try
            {
                await store.SaveAsync(release, cancellationToken);
            }
            catch (RecordConcurrencyException)
            {
                // Someone moved it meanwhile (a hold, evidence): the next run sees their change.
                continue;
            }

            // A phase completed or a go/no-go was read: the workflow waiting for it moves on.
            await releases.TellWorkflowAsync(release, cancellationToken);
        }

        return moved;
    }

    /// <summary>What an evaluation may change, to save only releases where something did.</summary>
    private static string Snapshot(Release release) => string.Join('|', release.State,
        string.Join(',', release.Phases.OrderBy(p => p.Position).Select(p => $"{p.State}:{string.Join('/', p.Gates.Select(g => $"{g.Status}{g.ApprovalId}{g.StatusReason}"))}")),
        string.Join(',', release.Deployments.Select(d => d.State)));
}
