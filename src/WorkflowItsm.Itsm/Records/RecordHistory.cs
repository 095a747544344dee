using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// Writes what happens to a record into the unit of work (the caller saves): one audit entry per changed field
/// (who, when, old → new), and comments and work notes. Every kind of record is audited the same way.
/// </summary>
public sealed class RecordHistory(ItsmDbContext db, TimeProvider time)
{
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>A new record: an entry for each field it starts with.</summary>
    public void Created(Record record, string by)
    {
        var at = Now;
        foreach (var (field, value) in record.AuditedFields().Where(f => f.Value is not null))
        {
            Audit(record, field, null, value, by, at);
        }
    }

    /// <summary>An entry for each field that differs from <paramref name="before"/> (taken with <see cref="Record.AuditedFields"/>); a change moves <see cref="Record.UpdatedAt"/>.</summary>
    /// <param name="source">What made the change when it is not a person's form (e.g. the asset a CI follows).</param>
    /// <returns>Whether anything changed.</returns>
    public bool Changed(Record record, IReadOnlyDictionary<string, string?> before, string by, string? source = null)
    {
        var after = record.AuditedFields();
        var at = Now;
        var changed = false;
        foreach (var (field, old) in before)
        {
            if (!string.Equals(old, after[field], StringComparison.Ordinal))
            {
                Audit(record, field, old, after[field], by, at, source);
                changed = true;
            }
        }

        if (changed)
        {
            record.UpdatedAt = at;
        }

        return changed;
    }

    /// <param name="at">When; the entries of one change share one moment (the activity stream shows them as one line).</param>
    /// <param name="source">The data source that wrote the value (a discovery tool, an import), when not a person's form.</param>
    public void Audit(Record record, string field, string? oldValue, string? newValue, string by, DateTime? at = null, string? source = null) =>
        db.Set<RecordAuditEntry>().Add(new RecordAuditEntry
        {
            RecordNumber = record.Number, Field = field, OldValue = oldValue, NewValue = newValue, ChangedBy = by, ChangedAt = at ?? Now, Source = source,
        });

    /// <summary>Adds a comment or work note, keeping at most <see cref="RecordNote.TextLength"/> characters of a longer text (a workflow's review, say).</summary>
    public RecordNote AddNote(Record record, RecordNoteKind kind, string text, string by)
    {
        var trimmed = text.Trim();
        var note = new RecordNote { RecordNumber = record.Number, Kind = kind, Text = trimmed[..Math.Min(trimmed.Length, RecordNote.TextLength)], Author = by, At = Now };
        db.Set<RecordNote>().Add(note);
        record.UpdatedAt = Now;
        return note;
    }
}
