using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>
/// Where CI data comes from (a discovery tool, a spreadsheet, people's edits). Its <see cref="Key"/> is what
/// <see cref="CiAttributeValue.Source"/> and the audit record. A higher priority wins: a source writes an attribute
/// over another source's value only when its own priority for the attribute is at least as high, or the other
/// value is older than the class's refresh period. An empty incoming value never clears a stored one unless the
/// source <see cref="ClearsValues"/>.
/// </summary>
public sealed class CiDataSource
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public int DefaultPriority { get; set; }
    public bool ClearsValues { get; set; }
}

/// <summary>A source's priority for one attribute key, overriding its default.</summary>
public sealed class CiSourcePriority
{
    public int Id { get; set; }
    public int SourceId { get; set; }
    public required string AttributeKey { get; set; }
    public int Priority { get; set; }
}

internal sealed class CiDataSourceConfiguration : IEntityTypeConfiguration<CiDataSource>
{
    public void Configure(EntityTypeBuilder<CiDataSource> builder)
    {
        builder.ToTable("CiDataSources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Key).HasMaxLength(RecordAuditEntry.SourceLength);
        builder.HasIndex(s => s.Key).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(Record.NameLength);
        builder.HasData(CmdbSeed.DataSources);
    }
}

internal sealed class CiSourcePriorityConfiguration : IEntityTypeConfiguration<CiSourcePriority>
{
    public void Configure(EntityTypeBuilder<CiSourcePriority> builder)
    {
        builder.ToTable("CiSourcePriorities");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.AttributeKey).HasMaxLength(CiAttribute.KeyLength);
        builder.HasIndex(p => new { p.SourceId, p.AttributeKey }).IsUnique();
        builder.HasOne<CiDataSource>().WithMany().HasForeignKey(p => p.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
