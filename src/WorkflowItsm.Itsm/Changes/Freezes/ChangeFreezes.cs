using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Freezes;

public sealed record NewChangeFreeze(string? Name, string? Reason, DateTime? Start, DateTime? End, IReadOnlyList<string>? Scope);

/// <summary>A freeze move its state does not allow; the API answers 409 naming the allowed ones.</summary>
public sealed class ChangeFreezeTransitionException(ChangeFreeze freeze, ChangeFreezeState to, IReadOnlyList<ChangeFreezeState> allowed)
    : RecordConflictException($"The freeze \"{freeze.Name}\" is {freeze.State}; it cannot become {to}. Allowed: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}.")
{
    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?>
    {
        ["state"] = freeze.State.ToString(),
        ["allowedStates"] = allowed.Select(a => a.ToString()).ToArray(),
    };
}

/// <summary>A change may not be scheduled or implemented now: an enforced freeze covers it.</summary>
public sealed class ChangeFrozenException(string number, ChangeFreeze freeze)
    : RecordConflictException($"{number} cannot be scheduled from {freeze.Start:u} to {freeze.End:u}: the change freeze \"{freeze.Name}\" is enforced.")
{
    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["freeze"] = freeze.Name, ["freezeId"] = freeze.Id };
}

/// <summary>
/// Change freezes (lockdowns): drafted, submitted, enforced by a change manager (the approval engine will decide
/// later), cancelled. Enforcing holds the in-flight changes (Scheduled, Implement) planned inside the freeze on its
/// scope (a service's CIs through the CMDB) and refuses scheduling inside it; cancelling releases only what it held.
/// Holds and releases are audited on each change.
/// </summary>
public sealed class ChangeFreezes(ItsmDbContext db, ImpactAnalysis impact, RecordHistory history) : IChangeSchedulingGuard
{
    public const string Kind = "change freeze";

    private static readonly Dictionary<ChangeFreezeState, ChangeFreezeState[]> Moves = new()
    {
        [ChangeFreezeState.Draft] = [ChangeFreezeState.AwaitingApproval, ChangeFreezeState.Cancelled],
        [ChangeFreezeState.AwaitingApproval] = [ChangeFreezeState.Enforced, ChangeFreezeState.Draft, ChangeFreezeState.Cancelled],
        [ChangeFreezeState.Enforced] = [ChangeFreezeState.Cancelled],
        [ChangeFreezeState.Cancelled] = [],
    };

    private static readonly ChangeState[] InFlight = [ChangeState.Scheduled, ChangeState.Implement];

    public async Task<IReadOnlyList<ChangeFreeze>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<ChangeFreeze>().AsNoTracking().Include(f => f.Scope).OrderByDescending(f => f.Start).ToListAsync(cancellationToken);

    /// <summary>The freezes meeting [from, to) that are not cancelled, for the calendar.</summary>
    public async Task<IReadOnlyList<ChangeFreeze>> InRangeAsync(DateTime from, DateTime to, CancellationToken cancellationToken) =>
        await db.Set<ChangeFreeze>().AsNoTracking().Include(f => f.Scope)
            .Where(f => f.State != ChangeFreezeState.Cancelled && f.Start < to && f.End > from).ToListAsync(cancellationToken);

    /// <exception cref="RecordValidationException">Name missing, end not after start, scope empty or naming an unknown CI.</exception>
    public async Task<ChangeFreeze> CreateAsync(NewChangeFreeze input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name?.Trim(), 200, required: true);
        errors.Length("reason", input.Reason, Record.TextLength);
        if (input.Start is null)
        {
            errors.Add("start", "Give the start.");
        }

        if (input.End is null)
        {
            errors.Add("end", "Give the end.");
        }
        else if (input.Start is { } start && input.End <= start)
        {
            errors.Add("end", "The end must be after the start.");
        }

        var scope = (input.Scope ?? []).Select(s => s.Trim().ToUpperInvariant()).Where(s => s.Length > 0).Distinct().ToList();
        if (scope.Count == 0)
        {
            errors.Add("scope", "Name the services or CIs it freezes.");
        }
        else
        {
            var known = await db.ConfigurationItems.AsNoTracking().Where(c => scope.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken);
            foreach (var unknown in scope.Except(known))
            {
                errors.Add("scope", $"There is no CI or service '{unknown}'.");
            }
        }

        errors.ThrowIfAny(Kind);
        var freeze = new ChangeFreeze
        {
            Name = input.Name!.Trim(),
            Reason = input.Reason,
            State = ChangeFreezeState.Draft,
            Start = Calendars.ChangeWindows.Utc(input.Start)!.Value,
            End = Calendars.ChangeWindows.Utc(input.End)!.Value,
            Scope = [.. scope.Select(s => new ChangeFreezeScope { CiNumber = s })],
            CreatedBy = by,
            CreatedAt = history.Now,
        };
        db.Add(freeze);
        await db.SaveChangesAsync(cancellationToken);
        return freeze;
    }

    public Task<ChangeFreeze> SubmitAsync(long id, string by, CancellationToken cancellationToken) => MoveAsync(id, ChangeFreezeState.AwaitingApproval, by, cancellationToken);

    /// <summary>Enforces the freeze and holds the in-flight changes it covers.</summary>
    public Task<ChangeFreeze> EnforceAsync(long id, string by, CancellationToken cancellationToken) => MoveAsync(id, ChangeFreezeState.Enforced, by, cancellationToken);

    /// <summary>Cancels the freeze; if it was enforced, releases the changes it held (and only those).</summary>
    public Task<ChangeFreeze> CancelAsync(long id, string by, CancellationToken cancellationToken) => MoveAsync(id, ChangeFreezeState.Cancelled, by, cancellationToken);

    private async Task<ChangeFreeze> MoveAsync(long id, ChangeFreezeState to, string by, CancellationToken cancellationToken)
    {
        var freeze = await db.Set<ChangeFreeze>().Include(f => f.Scope).FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
            ?? throw new RecordNotFoundException($"No change freeze {id}.");
        if (!Moves[freeze.State].Contains(to))
        {
            throw new ChangeFreezeTransitionException(freeze, to, Moves[freeze.State]);
        }

        var was = freeze.State;
        freeze.State = to;
        if (to == ChangeFreezeState.Enforced)
        {
            freeze.EnforcedBy = by;
            freeze.EnforcedAt = history.Now;
            await HoldAsync(freeze, by, cancellationToken);
        }
        else if (to == ChangeFreezeState.Cancelled)
        {
            freeze.CancelledBy = by;
            freeze.CancelledAt = history.Now;
            if (was == ChangeFreezeState.Enforced)
            {
                await ReleaseAsync(freeze, by, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return freeze;
    }

    private async Task HoldAsync(ChangeFreeze freeze, string by, CancellationToken cancellationToken)
    {
        var cis = await CisOfAsync(freeze, cancellationToken);
        var states = InFlight.ToList();
        var held = await db.Changes
            .Where(c => states.Contains(c.State) && !c.OnHold && c.PlannedStart < freeze.End && c.PlannedEnd > freeze.Start)
            .Where(c => cis.Contains(c.ConfigurationItem!) || cis.Contains(c.Service!) || c.AffectedCis.Any(a => cis.Contains(a.CiNumber)))
            .Include(c => c.AffectedCis)
            .ToListAsync(cancellationToken);
        foreach (var change in held)
        {
            var before = change.AuditedFields();
            change.OnHold = true;
            change.HoldReason = $"Held by the change freeze \"{freeze.Name}\".";
            change.HeldByFreezeId = freeze.Id;
            history.Changed(change, before, by);
            history.Audit(change, "holdReason", null, change.HoldReason, by);
        }
    }

    private async Task ReleaseAsync(ChangeFreeze freeze, string by, CancellationToken cancellationToken)
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
            history.Audit(change, "holdReason", reason, $"Released: the change freeze \"{freeze.Name}\" was cancelled.", by);
        }
    }

    /// <summary>The freeze's CIs: those it names and, for each, what it depends on (a service's applications, servers...).</summary>
    private async Task<List<string>> CisOfAsync(ChangeFreeze freeze, CancellationToken cancellationToken)
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

    /// <summary>Refuses scheduling (and implementing) a change planned inside an enforced freeze on its CIs.</summary>
    public async Task EnsureMayScheduleAsync(Change change, CancellationToken cancellationToken)
    {
        if (change.PlannedStart is not { } start || change.PlannedEnd is not { } end)
        {
            return;
        }

        var freezes = await db.Set<ChangeFreeze>().AsNoTracking().Include(f => f.Scope)
            .Where(f => f.State == ChangeFreezeState.Enforced && f.Start < end && f.End > start).ToListAsync(cancellationToken);
        if (freezes.Count == 0)
        {
            return;
        }

        var mine = Conflicts.ChangeConflictCheck.CisOf(change).Append(change.Service?.Trim().ToUpperInvariant()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var freeze in freezes)
        {
            if ((await CisOfAsync(freeze, cancellationToken)).Any(mine.Contains))
            {
                throw new ChangeFrozenException(change.Number, freeze);
            }
        }
    }
}
