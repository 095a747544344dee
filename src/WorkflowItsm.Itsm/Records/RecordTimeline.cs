using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

public enum RecordActivityKind
{
    Comment,
    WorkNote,
    FieldChange,
    Workflow,
}

/// <summary>
/// One line of a record's activity stream. A comment or work note has <see cref="Text"/>; a field change has
/// <see cref="Field"/>, <see cref="OldValue"/> and <see cref="NewValue"/>; a workflow event has its kind in
/// <see cref="Field"/>, the element in <see cref="NewValue"/> and any detail in <see cref="Text"/>.
/// </summary>
/// <summary>A comment or work note as a record page and the API show it.</summary>
public sealed record RecordNoteView(long Id, RecordNoteKind Kind, string Text, string Author, DateTime At);

/// <summary>One audited change as a record page and the API show it.</summary>
public sealed record RecordAuditView(string Field, string? OldValue, string? NewValue, string ChangedBy, DateTime ChangedAt);

public sealed record RecordActivity(
    DateTime At, RecordActivityKind Kind, string Who, string? Text = null, string? Field = null, string? OldValue = null, string? NewValue = null);

/// <summary>
/// A record's activity stream: comments, work notes, field changes and what its workflows did (started, tasks
/// created and completed, messages, timers, errors, ended), merged into one time line, newest first.
/// </summary>
public sealed class RecordTimeline(ItsmDbContext db)
{
    /// <summary>The workflow events a person reads in a record's stream; the engine's step-by-step entries stay in the instance's journal.</summary>
    public static readonly IReadOnlyList<string> WorkflowEvents =
    [
        "InstanceStarted", "TaskCreated", "TaskCompleted", "TaskClaimed", "TaskAssigned", "TimerFired", "MessageReceived", "ErrorThrown",
        "EscalationThrown", "CallActivityStarted", "InstanceCompleted", "InstanceTerminated", "InstanceFaulted", "InstanceCancelled",
    ];

    /// <summary>At most this many lines of each source (a record worked for years stays readable; older lines are in the audit API).</summary>
    public const int Limit = 500;

    /// <summary>A record's comments (and work notes, for staff), oldest first.</summary>
    public async Task<IReadOnlyList<RecordNoteView>> NotesAsync(string number, bool withWorkNotes, CancellationToken cancellationToken) =>
        await db.Set<RecordNote>().AsNoTracking().Where(n => n.RecordNumber == number && (withWorkNotes || n.Kind == RecordNoteKind.Comment))
            .OrderBy(n => n.At).ThenBy(n => n.Id)
            .Select(n => new RecordNoteView(n.Id, n.Kind, n.Text, n.Author, n.At))
            .ToListAsync(cancellationToken);

    /// <summary>A record's field audit, oldest first.</summary>
    public async Task<IReadOnlyList<RecordAuditView>> AuditAsync(string number, CancellationToken cancellationToken) =>
        await db.Set<RecordAuditEntry>().AsNoTracking().Where(a => a.RecordNumber == number).OrderBy(a => a.ChangedAt).ThenBy(a => a.Id)
            .Select(a => new RecordAuditView(a.Field, a.OldValue, a.NewValue, a.ChangedBy, a.ChangedAt))
            .ToListAsync(cancellationToken);

    /// <param name="withWorkNotes">False for the requester's view: work notes, field changes and workflow events are staff-only.</param>
    public async Task<IReadOnlyList<RecordActivity>> ReadAsync(string number, bool withWorkNotes, CancellationToken cancellationToken)
    {
        var notes = await db.Set<RecordNote>().AsNoTracking()
            .Where(n => n.RecordNumber == number && (withWorkNotes || n.Kind == RecordNoteKind.Comment))
            .OrderByDescending(n => n.At).ThenByDescending(n => n.Id).Take(Limit)
            .Select(n => new RecordNoteView(n.Id, n.Kind, n.Text, n.Author, n.At))
            .ToListAsync(cancellationToken);
        if (!withWorkNotes)
        {
            return Merge(notes, [], []);
        }

        var changes = await db.Set<RecordAuditEntry>().AsNoTracking().Where(a => a.RecordNumber == number)
            .OrderByDescending(a => a.ChangedAt).ThenByDescending(a => a.Id).Take(Limit)
            .Select(a => new RecordAuditView(a.Field, a.OldValue, a.NewValue, a.ChangedBy, a.ChangedAt))
            .ToListAsync(cancellationToken);
        return Merge(notes, changes, await WorkflowEventsAsync(number, cancellationToken));
    }

    /// <summary>What the record's workflows did that a person reads (<see cref="WorkflowEvents"/>), newest first, at most <see cref="Limit"/>.</summary>
    public async Task<IReadOnlyList<RecordActivity>> WorkflowEventsAsync(string number, CancellationToken cancellationToken)
    {
        var instances = db.ProcessInstances.AsNoTracking().Where(i => i.BusinessKey == number).Select(i => i.Id);
        return await db.Journal.AsNoTracking()
            .Where(j => instances.Contains(j.InstanceId) && WorkflowEvents.Contains(j.Kind))
            .OrderByDescending(j => j.Id).Take(Limit)
            .Select(j => new RecordActivity(j.At, RecordActivityKind.Workflow, j.UserId ?? "workflow", j.Detail, j.Kind, null, j.ElementId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One time line, newest first, from notes and field changes already read (a record page has them from its
    /// details) and the workflow's events.
    /// </summary>
    public static IReadOnlyList<RecordActivity> Merge(IEnumerable<RecordNoteView> notes, IEnumerable<RecordAuditView> changes, IEnumerable<RecordActivity> workflow) =>
    [
        .. notes.Select(n => new RecordActivity(n.At, n.Kind == RecordNoteKind.Comment ? RecordActivityKind.Comment : RecordActivityKind.WorkNote, n.Author, n.Text))
            .Concat(changes.Select(a => new RecordActivity(a.ChangedAt, RecordActivityKind.FieldChange, a.ChangedBy, null, a.Field, a.OldValue, a.NewValue)))
            .Concat(workflow)
            .OrderByDescending(a => a.At),
    ];
}
