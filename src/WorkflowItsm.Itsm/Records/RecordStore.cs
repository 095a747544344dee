using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// Finds records by number and saves them: every save counts a revision, and a save that meets another writer's
/// change is a <see cref="RecordConcurrencyException"/> instead of overwriting it. What a record's use cases check
/// alike (the assignment group and person exist) is checked here once.
/// </summary>
public sealed class RecordStore(ItsmDbContext db, RecordKinds kinds, DirectoryGroups groups)
{
    /// <summary>The tracked record of that kind.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<TRecord> FindAsync<TRecord>(string number, CancellationToken cancellationToken)
        where TRecord : Record
    {
        var kind = kinds.Of<TRecord>();
        return await kind.Find(db, number, cancellationToken) as TRecord ?? throw RecordNotFoundException.For(kind.Name, number);
    }

    /// <summary>The tracked record of any kind, found by its number's prefix.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<Record> FindAsync(string number, CancellationToken cancellationToken)
    {
        var kind = kinds.OfNumber(number) ?? throw new RecordNotFoundException($"No record '{number}'.");
        return await kind.Find(db, number, cancellationToken) ?? throw RecordNotFoundException.For(kind.Name, number);
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task EnsureExistsAsync(string number, CancellationToken cancellationToken)
    {
        var kind = kinds.OfNumber(number) ?? throw new RecordNotFoundException($"No record '{number}'.");
        if (!await kind.Exists(db, number, cancellationToken))
        {
            throw RecordNotFoundException.For(kind.Name, number);
        }
    }

    /// <summary>Counts a revision and saves the unit of work.</summary>
    /// <exception cref="RecordConcurrencyException">Another writer saved the record first.</exception>
    public Task SaveAsync(Record record, CancellationToken cancellationToken) => SaveThroughAsync(record, () => db.SaveChangesAsync(cancellationToken));

    /// <summary>
    /// Counts a revision and saves the unit of work through <paramref name="save"/> (a plain save, or a workflow
    /// start that saves it together with the new instance).
    /// </summary>
    /// <exception cref="RecordConcurrencyException">Another writer saved the record first.</exception>
    public static async Task SaveThroughAsync(Record record, Func<Task> save)
    {
        record.Revision++;
        try
        {
            await save();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new RecordConcurrencyException(record.Number);
        }
    }

    /// <exception cref="RecordConcurrencyException"><paramref name="expectedRevision"/> is not the record's: someone changed it since the caller read it.</exception>
    public static void EnsureRevision(Record record, int? expectedRevision)
    {
        if (expectedRevision is { } revision && revision != record.Revision)
        {
            throw new RecordConcurrencyException(record.Number);
        }
    }

    /// <summary>The group and the person a record is assigned to exist (when given).</summary>
    internal async Task ValidateAssignmentAsync(FieldErrors errors, string? group, string? assignee, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(group) && !await groups.ExistsAsync(group.Trim(), cancellationToken))
        {
            errors.Add("assignmentGroup", $"There is no group '{group}'.");
        }

        if (!string.IsNullOrWhiteSpace(assignee) && !await db.Users.AnyAsync(u => u.UserName == assignee.Trim(), cancellationToken))
        {
            errors.Add("assignedTo", $"There is nobody called '{assignee}'.");
        }
    }
}
