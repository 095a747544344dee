using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// What every ITSM record has (incident, problem, and the practices to come): a human number, a short description,
/// who works it, the workflow that drives it, when it opened, moved and ended, and a revision for optimistic
/// concurrency. Notes, audit, links and attachments hang off its <see cref="Number"/>, so they are written with a
/// new record before the save gives it an id.
/// </summary>
public abstract class Record
{
    public const int NumberLength = 20;
    public const int ShortDescriptionLength = 160;
    public const int TextLength = 4000;
    public const int NameLength = 256;
    public const int CodeLength = 100;
    public const int ProcessInstanceIdLength = 64;

    public long Id { get; set; }
    public required string Number { get; set; }
    public required string ShortDescription { get; set; }
    public string? Description { get; set; }
    public string? AssignmentGroup { get; set; }
    public string? AssignedTo { get; set; }

    /// <summary>The workflow instance that drives the record (its own process, started with it).</summary>
    public string? ProcessInstanceId { get; set; }
    public required string OpenedBy { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Optimistic concurrency: every change increments it; a stale write fails instead of overwriting.</summary>
    public int Revision { get; set; }

    /// <summary>Not yet resolved, closed or cancelled: open to work.</summary>
    public abstract bool IsOpen { get; }

    /// <summary>The state's name, for messages and the audit.</summary>
    public abstract string StateName { get; }

    /// <summary>The fields the audit follows, by their API names, as text (an empty value is null).</summary>
    public abstract IReadOnlyDictionary<string, string?> AuditedFields();
}

/// <summary>A record whose states are <typeparamref name="TState"/>, moved along its <see cref="Lifecycle"/>.</summary>
public abstract class Record<TState> : Record
    where TState : struct, Enum
{
    public TState State { get; set; }

    /// <summary>The states and the moves between them (one table per kind of record).</summary>
    public abstract RecordLifecycle<TState> Lifecycle { get; }

    public override bool IsOpen => Lifecycle.IsOpen(State);

    public override string StateName => State.ToString();
}

/// <summary>The columns every record has, mapped once: lengths, the unique number, the state as text, the concurrency token.</summary>
internal static class RecordMapping
{
    public static void MapRecord<TRecord, TState>(this EntityTypeBuilder<TRecord> builder, string table)
        where TRecord : Record<TState>
        where TState : struct, Enum
    {
        builder.ToTable(table);
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Number).HasMaxLength(Record.NumberLength);
        builder.HasIndex(r => r.Number).IsUnique();
        builder.Property(r => r.ShortDescription).HasMaxLength(Record.ShortDescriptionLength);
        builder.Property(r => r.Description).HasMaxLength(Record.TextLength);
        builder.Property(r => r.AssignmentGroup).HasMaxLength(Record.CodeLength);
        builder.Property(r => r.AssignedTo).HasMaxLength(Record.NameLength);
        builder.Property(r => r.OpenedBy).HasMaxLength(Record.NameLength);
        builder.Property(r => r.ProcessInstanceId).HasMaxLength(Record.ProcessInstanceIdLength);
        builder.HasIndex(r => r.ProcessInstanceId);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.Ignore(r => r.Lifecycle);
    }
}
