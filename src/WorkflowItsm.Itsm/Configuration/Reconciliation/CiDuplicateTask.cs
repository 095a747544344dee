using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

public enum CiDuplicateTaskState
{
    Open,

    /// <summary>The row was written into the candidate a person chose.</summary>
    Merged,

    /// <summary>A person said the row is a CI of its own.</summary>
    CreatedNew,
}

/// <summary>
/// An imported row that matched more than one CI: nothing was written; a person decides which candidate it is
/// (merge) or that it is new. Keeps the row as it came (class, name, attributes, source).
/// </summary>
public sealed class CiDuplicateTask
{
    public const int CandidatesLength = 400;
    public const int AttributesLength = 8000;

    public long Id { get; set; }
    public required string ClassKey { get; set; }
    public required string Name { get; set; }

    /// <summary>The row's attribute values as JSON (key → text).</summary>
    public required string AttributesJson { get; set; }
    public required string Source { get; set; }

    /// <summary>The numbers of the CIs the row matched, comma-separated.</summary>
    public required string Candidates { get; set; }

    /// <summary>The identification rule that matched them ("serialNumber").</summary>
    public required string MatchedBy { get; set; }
    public CiDuplicateTaskState State { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>The CI the row went into, once resolved.</summary>
    public string? ResultNumber { get; set; }

    public IReadOnlyList<string> CandidateList => Candidates.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class CiDuplicateTaskConfiguration : IEntityTypeConfiguration<CiDuplicateTask>
{
    public void Configure(EntityTypeBuilder<CiDuplicateTask> builder)
    {
        builder.ToTable("CiDuplicateTasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.ClassKey).HasMaxLength(CiClass.KeyLength);
        builder.Property(t => t.Name).HasMaxLength(Record.ShortDescriptionLength);
        builder.Property(t => t.AttributesJson).HasMaxLength(CiDuplicateTask.AttributesLength);
        builder.Property(t => t.Source).HasMaxLength(RecordAuditEntry.SourceLength);
        builder.Property(t => t.Candidates).HasMaxLength(CiDuplicateTask.CandidatesLength);
        builder.Property(t => t.MatchedBy).HasMaxLength(CiIdentificationRule.KeysLength);
        builder.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.CreatedBy).HasMaxLength(Record.NameLength);
        builder.Property(t => t.ResolvedBy).HasMaxLength(Record.NameLength);
        builder.Property(t => t.ResultNumber).HasMaxLength(Record.NumberLength);
        builder.Ignore(t => t.CandidateList);
        builder.HasIndex(t => new { t.State, t.CreatedAt });
    }
}
