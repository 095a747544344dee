using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Cab;

public sealed record CabMeetingSummary(long Id, long CabId, string Cab, DateTime StartsAt, DateTime EndsAt, CabMeetingState State, int Changes, int Decided);

public sealed record CabAgendaItemView(long Id, int Position, DateTime StartsAt, int Minutes, string ChangeNumber, string? ShortDescription,
    ChangeRisk? Risk, DateTime? PlannedStart, DateTime? PlannedEnd, string? AssignmentGroup, CabDecision Decision, string? DecisionNote, string? DecidedBy, DateTime? DecidedAt);

public sealed record CabMeetingView(long Id, long CabId, string Cab, string Manager, DateTime StartsAt, DateTime EndsAt, CabMeetingState State,
    string? Minutes, IReadOnlyList<CabAgendaItemView> Items);

/// <summary>A meeting is past its step (decided already, not running); the API answers 409.</summary>
public sealed class CabMeetingConflictException(string message) : RecordConflictException(message);

/// <summary>
/// Running a board's meeting: upcoming meetings, one meeting's agenda with its changes, start, a decision per change
/// (from the board's votes through the approval engine, or the chair's), close with minutes.
/// </summary>
public sealed class CabMeetings(ItsmDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<CabMeetingSummary>> UpcomingAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        await db.CabMeetings.AsNoTracking()
            .Where(m => m.StartsAt < toUtc && m.EndsAt > fromUtc)
            .OrderBy(m => m.StartsAt).ThenBy(m => m.Id)
            .Join(db.CabDefinitions, m => m.CabDefinitionId, d => d.Id, (m, d) => new CabMeetingSummary(m.Id, d.Id, d.Name, m.StartsAt, m.EndsAt, m.State,
                m.Items.Count, m.Items.Count(i => i.Decision != CabDecision.Pending)))
            .ToListAsync(cancellationToken);

    /// <summary>The meeting with its agenda and the decisions taken so far.</summary>
    public async Task<CabMeetingView> GetAsync(long id, CancellationToken cancellationToken)
    {
        var meeting = await db.CabMeetings.AsNoTracking().Include(m => m.Items).FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new RecordNotFoundException($"No CAB meeting {id}.");

        var definition = await db.CabDefinitions.AsNoTracking().FirstAsync(d => d.Id == meeting.CabDefinitionId, cancellationToken);
        var numbers = meeting.Items.Select(i => i.ChangeNumber).ToList();
        var changes = await db.Changes.AsNoTracking().Where(c => numbers.Contains(c.Number))
            .Select(c => new { c.Number, c.ShortDescription, c.Risk, c.PlannedStart, c.PlannedEnd, c.AssignmentGroup })
            .ToDictionaryAsync(c => c.Number, StringComparer.Ordinal, cancellationToken);
        var items = meeting.Items.OrderBy(i => i.Position).Select(i =>
        {
            var change = changes.GetValueOrDefault(i.ChangeNumber);
            return new CabAgendaItemView(i.Id, i.Position, i.StartsAt, i.Minutes, i.ChangeNumber, change?.ShortDescription, change?.Risk,
                change?.PlannedStart, change?.PlannedEnd, change?.AssignmentGroup, i.Decision, i.DecisionNote, i.DecidedBy, i.DecidedAt);
        }).ToList();
        return new CabMeetingView(meeting.Id, definition.Id, definition.Name, definition.Manager, meeting.StartsAt, meeting.EndsAt, meeting.State, meeting.Minutes, items);
    }

    /// <summary>The chair opens the meeting: the agenda is fixed from now on; changes the board decided by vote before it are decided on it.</summary>
    public async Task StartAsync(long id, CancellationToken cancellationToken)
    {
        var meeting = await FindAsync(id, cancellationToken);
        if (meeting.State != CabMeetingState.Planned)
        {
            throw new CabMeetingConflictException($"The meeting is {Words(meeting.State)}; only a planned meeting can start.");
        }

        meeting.State = CabMeetingState.InProgress;
        await RecordVotedDecisionsAsync(meeting, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records the chair's decision on one change of a running meeting (once; a second decision is a 409): deferring it
    /// to the next meeting. Approving and rejecting are the board's votes through the approval engine, which decide
    /// items by themselves (<see cref="CabVoteDecisions"/>), so a decision here never disagrees with the change's approval.
    /// </summary>
    public async Task DecideAsync(long id, string changeNumber, CabDecision decision, string? note, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (decision != CabDecision.Deferred)
        {
            errors.Add("decision", "The chair defers a change; the board approves or rejects it by voting on its approval.");
        }

        errors.Length("note", note, Record.TextLength);
        errors.ThrowIfAny("CAB decision");
        var meeting = await FindAsync(id, cancellationToken);
        if (meeting.State != CabMeetingState.InProgress)
        {
            throw new CabMeetingConflictException($"The meeting is {Words(meeting.State)}; decisions are taken while it runs.");
        }

        var item = meeting.Items.FirstOrDefault(i => i.ChangeNumber == changeNumber)
            ?? throw new RecordNotFoundException($"{changeNumber} is not on the agenda of this meeting.");
        if (item.Decision != CabDecision.Pending)
        {
            throw new CabMeetingConflictException($"{changeNumber} was decided already ({Words(item.Decision)} by {item.DecidedBy ?? "the board's vote"}).");
        }

        item.Decision = decision;
        item.DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        item.DecidedBy = by;
        item.DecidedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Closes the meeting with its minutes; changes not decided are deferred (the next meeting's agenda takes them up).</summary>
    public async Task CompleteAsync(long id, string? minutes, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("minutes", minutes, Record.TextLength);
        errors.ThrowIfAny("CAB meeting");
        var meeting = await FindAsync(id, cancellationToken);
        if (meeting.State != CabMeetingState.InProgress)
        {
            throw new CabMeetingConflictException($"The meeting is {Words(meeting.State)}; only a running meeting can be closed.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var item in meeting.Items.Where(i => i.Decision == CabDecision.Pending))
        {
            (item.Decision, item.DecidedBy, item.DecidedAt, item.DecisionNote) = (CabDecision.Deferred, by, now, "Not reached in the meeting.");
        }

        meeting.State = CabMeetingState.Completed;
        meeting.Minutes = string.IsNullOrWhiteSpace(minutes) ? null : minutes.Trim();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// At the start: an item still to decide takes the outcome of its change's latest approval if that was approved or
    /// rejected before the meeting (votes during the meeting are recorded as they are cast, by <see cref="CabVoteDecisions"/>).
    /// </summary>
    private async Task<bool> RecordVotedDecisionsAsync(CabMeeting meeting, CancellationToken cancellationToken)
    {
        var pending = meeting.Items.Where(i => i.Decision == CabDecision.Pending).ToList();
        if (pending.Count == 0)
        {
            return false;
        }

        var numbers = pending.Select(i => i.ChangeNumber).ToList();
        var decided = await db.Approvals.AsNoTracking()
            .Where(a => numbers.Contains(a.RecordNumber) && (a.State == ApprovalState.Approved || a.State == ApprovalState.Rejected))
            .Select(a => new { a.RecordNumber, a.State, a.DecidedAt, a.RequestedAt, a.Outcome, a.RuleName })
            .ToListAsync(cancellationToken);
        var any = false;
        foreach (var item in pending)
        {
            var latest = decided.Where(a => a.RecordNumber == item.ChangeNumber).MaxBy(a => a.RequestedAt);
            if (latest is null)
            {
                continue;
            }

            item.TakeVotedOutcome(latest.State == ApprovalState.Approved, latest.DecidedAt ?? time.GetUtcNow().UtcDateTime, latest.RuleName, latest.Outcome);
            any = true;
        }

        return any;
    }

    public static string Words(CabMeetingState state) => state switch
    {
        CabMeetingState.InProgress => "in progress",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string Words(CabDecision decision) => decision.ToString().ToLowerInvariant();

    private async Task<CabMeeting> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.CabMeetings.Include(m => m.Items).FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
        ?? throw new RecordNotFoundException($"No CAB meeting {id}.");
}
