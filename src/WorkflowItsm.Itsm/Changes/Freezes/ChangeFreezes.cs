using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Freezes;

public sealed record NewChangeFreeze(string? Name, string? Reason, DateTime? Start, DateTime? End, IReadOnlyList<string>? Scope);

/// <summary>A change may not be scheduled or implemented now: an enforced freeze covers it.</summary>
public sealed class ChangeFrozenException(string number, ChangeFreeze freeze)
    : RecordConflictException($"{number} cannot be scheduled from {freeze.Start:u} to {freeze.End:u}: the change freeze {freeze.Number} \"{freeze.Name}\" is enforced.")
{
    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["freeze"] = freeze.Name, ["freezeNumber"] = freeze.Number };
}

/// <summary>
/// Change freezes (lockdowns), FRZ…: drafted, submitted for approval (the approval engine's rule
/// <see cref="ApprovalRule"/>: on its decision <see cref="FreezeApprovalDecisions"/> enforces the freeze or returns it
/// to draft), cancelled. An enforced freeze refuses scheduling inside it on its scope (a service's CIs through the
/// CMDB); what enforcing and cancelling do to changes is <see cref="FreezeHolds"/>.
/// </summary>
public sealed class ChangeFreezes(ItsmDbContext db, RecordNumbers numbers, RecordStore store, FreezeHolds holds, ApprovalService approvals, RecordHistory history)
    : IChangeSchedulingGuard
{
    public const string Kind = "change freeze";
    public const string Prefix = RecordNumbers.ChangeFreeze;

    /// <summary>The approval rule a submitted freeze is decided under (a product default: any change manager).</summary>
    public const string ApprovalRule = "change-freeze";

    public async Task<IReadOnlyList<ChangeFreeze>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<ChangeFreeze>().AsNoTracking().Include(f => f.Scope).OrderByDescending(f => f.Start).ToListAsync(cancellationToken);

    /// <exception cref="RecordNotFoundException"/>
    public async Task<ChangeFreeze> GetAsync(string number, CancellationToken cancellationToken) =>
        await db.Set<ChangeFreeze>().AsNoTracking().Include(f => f.Scope).FirstOrDefaultAsync(f => f.Number == number, cancellationToken)
        ?? throw RecordNotFoundException.For(Kind, number);

    /// <summary>The freezes meeting [from, to) that are not cancelled, for the calendar.</summary>
    public async Task<IReadOnlyList<ChangeFreeze>> InRangeAsync(DateTime from, DateTime to, CancellationToken cancellationToken) =>
        await db.Set<ChangeFreeze>().AsNoTracking().Include(f => f.Scope)
            .Where(f => f.State != ChangeFreezeState.Cancelled && f.Start < to && f.End > from).ToListAsync(cancellationToken);

    /// <exception cref="RecordValidationException">Name missing, end not after start, scope empty or naming an unknown CI.</exception>
    public async Task<ChangeFreeze> CreateAsync(NewChangeFreeze input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name?.Trim(), Record.ShortDescriptionLength, required: true);
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
        var now = history.Now;
        var freeze = new ChangeFreeze
        {
            Number = await numbers.NextAsync(Prefix, cancellationToken),
            ShortDescription = input.Name!.Trim(),
            Description = RecordText.TrimmedOrNull(input.Reason),
            State = ChangeFreezeState.Draft,
            Start = Calendars.ChangeWindows.Utc(input.Start)!.Value,
            End = Calendars.ChangeWindows.Utc(input.End)!.Value,
            Scope = [.. scope.Select(s => new ChangeFreezeScope { CiNumber = s })],
            OpenedBy = by,
            OpenedAt = now,
            UpdatedAt = now,
        };
        db.Add(freeze);
        history.Created(freeze, by);
        await store.SaveAsync(freeze, cancellationToken);
        return freeze;
    }

    /// <summary>Draft → awaiting approval: asks the approval engine (rule <see cref="ApprovalRule"/>); its decision enforces the freeze or returns it to draft.</summary>
    /// <exception cref="RecordTransitionException">Not a draft; names the allowed moves.</exception>
    public async Task<ChangeFreeze> SubmitAsync(string number, string by, CancellationToken cancellationToken)
    {
        var freeze = await FindAsync(number, cancellationToken);
        Move(freeze, ChangeFreezeState.AwaitingApproval, by);
        await approvals.RequestAsync(freeze.Number, ApprovalRule, new Dictionary<string, object?>(), null, by, cancellationToken);
        await store.SaveAsync(freeze, cancellationToken);
        return freeze;
    }

    /// <summary>Cancels the freeze: an open approval ends unanswered; an enforced freeze releases the changes it held (and only those).</summary>
    /// <exception cref="RecordTransitionException">Cancelled already.</exception>
    public async Task<ChangeFreeze> CancelAsync(string number, string by, CancellationToken cancellationToken)
    {
        var freeze = await FindAsync(number, cancellationToken);
        var was = freeze.State;
        Move(freeze, ChangeFreezeState.Cancelled, by);
        (freeze.CancelledBy, freeze.ClosedAt) = (by, history.Now);
        if (was == ChangeFreezeState.AwaitingApproval)
        {
            await approvals.CancelOpenAsync(freeze.Number, "The freeze was cancelled.", by, cancellationToken);
        }
        else if (was == ChangeFreezeState.Enforced)
        {
            await holds.ReleaseAsync(freeze, by, cancellationToken);
        }

        await store.SaveAsync(freeze, cancellationToken);
        return freeze;
    }

    private void Move(ChangeFreeze freeze, ChangeFreezeState to, string by) => Move(history, freeze, to, by);

    /// <summary>Moves the freeze along its lifecycle (409 naming the allowed moves otherwise) and audits the move; the caller saves.</summary>
    internal static void Move(RecordHistory history, ChangeFreeze freeze, ChangeFreezeState to, string by)
    {
        freeze.Lifecycle.EnsureAllowed(freeze, to);
        var before = freeze.AuditedFields();
        (freeze.State, freeze.UpdatedAt) = (to, history.Now);
        history.Changed(freeze, before, by);
    }

    private async Task<ChangeFreeze> FindAsync(string number, CancellationToken cancellationToken) =>
        await db.Set<ChangeFreeze>().Include(f => f.Scope).FirstOrDefaultAsync(f => f.Number == number, cancellationToken)
        ?? throw RecordNotFoundException.For(Kind, number);

    /// <summary>
    /// The enforced freezes meeting [<paramref name="from"/>, <paramref name="until"/>) that cover <paramref name="ciNumber"/>
    /// (named in their scope, or a dependency of what is named): a release's deployments treat them as blackouts.
    /// </summary>
    public async Task<IReadOnlyList<ChangeFreeze>> EnforcedOnAsync(string ciNumber, DateTime from, DateTime until, CancellationToken cancellationToken)
    {
        var freezes = await db.Set<ChangeFreeze>().AsNoTracking().Include(f => f.Scope)
            .Where(f => f.State == ChangeFreezeState.Enforced && f.Start < until && f.End > from).ToListAsync(cancellationToken);
        var covering = new List<ChangeFreeze>();
        foreach (var freeze in freezes)
        {
            if ((await holds.CisOfAsync(freeze, cancellationToken)).Contains(ciNumber, StringComparer.Ordinal))
            {
                covering.Add(freeze);
            }
        }

        return covering;
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
            if ((await holds.CisOfAsync(freeze, cancellationToken)).Any(mine.Contains))
            {
                throw new ChangeFrozenException(change.Number, freeze);
            }
        }
    }
}
