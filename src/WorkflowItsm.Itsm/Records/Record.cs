using System.Globalization;
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
    public IReadOnlyDictionary<string, string?> AuditedFields()
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["shortDescription"] = ShortDescription,
            ["description"] = Description,
            ["assignmentGroup"] = AssignmentGroup,
            ["assignedTo"] = AssignedTo,
            ["state"] = StateName,
        };
        AddAuditedFields(fields);
        return fields;
    }

    /// <summary>A kind of record adds the fields of its own that the audit follows.</summary>
    protected virtual void AddAuditedFields(IDictionary<string, string?> fields)
    {
    }
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

/// <summary>
/// A record about a service: what is affected (category, service, configuration item) and how much it matters
/// (impact × urgency gives the priority, from the priority matrix). Incidents and problems are; changes will be.
/// </summary>
public abstract class PrioritizedRecord<TState> : Record<TState>
    where TState : struct, Enum
{
    public string? Category { get; set; }

    /// <summary>Affected business service: the number of a CI of the business-service class (or a subclass).</summary>
    public string? Service { get; set; }

    /// <summary>Affected configuration item: a CI's number.</summary>
    public string? ConfigurationItem { get; set; }

    /// <summary>1 (high) to 3 (low); a new record starts at the lowest.</summary>
    public int Impact { get; set; } = PriorityMatrix.Levels;

    /// <summary>1 (high) to 3 (low); a new record starts at the lowest.</summary>
    public int Urgency { get; set; } = PriorityMatrix.Levels;

    /// <summary>1 (critical) to 5 (planning), from the priority matrix.</summary>
    public int Priority { get; set; }

    protected override void AddAuditedFields(IDictionary<string, string?> fields)
    {
        fields["category"] = Category;
        fields["service"] = Service;
        fields["configurationItem"] = ConfigurationItem;
        fields["impact"] = Impact.ToString(CultureInfo.InvariantCulture);
        fields["urgency"] = Urgency.ToString(CultureInfo.InvariantCulture);
        fields["priority"] = Priority.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>How a record list is sorted.</summary>
public enum RecordSort
{
    Newest,
    Oldest,
    Priority,
    Updated,
}

/// <summary>The columns every record has, mapped once: lengths, the unique number, the state as text, the concurrency token.</summary>
public static class RecordMapping
{
    internal static void MapRecord<TRecord, TState>(this EntityTypeBuilder<TRecord> builder, string table)
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

    /// <summary>A record about a service: the record's columns and what is affected.</summary>
    internal static void MapPrioritizedRecord<TRecord, TState>(this EntityTypeBuilder<TRecord> builder, string table)
        where TRecord : PrioritizedRecord<TState>
        where TState : struct, Enum
    {
        builder.MapRecord<TRecord, TState>(table);
        builder.Property(r => r.Category).HasMaxLength(Record.CodeLength);
        builder.Property(r => r.Service).HasMaxLength(Record.CodeLength);
        builder.Property(r => r.ConfigurationItem).HasMaxLength(Record.CodeLength);
    }

    /// <summary>A list in the order asked for, the id last so that pages never overlap.</summary>
    public static IOrderedQueryable<TRecord> Sorted<TRecord, TState>(this IQueryable<TRecord> query, RecordSort sort)
        where TRecord : PrioritizedRecord<TState>
        where TState : struct, Enum => sort switch
    {
        RecordSort.Oldest => query.OrderBy(r => r.OpenedAt).ThenBy(r => r.Id),
        RecordSort.Priority => query.OrderBy(r => r.Priority).ThenBy(r => r.OpenedAt).ThenBy(r => r.Id),
        RecordSort.Updated => query.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
        _ => query.OrderByDescending(r => r.OpenedAt).ThenByDescending(r => r.Id),
    };
}
