using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

/// <summary>Who had an asset where, from when to when (<see cref="To"/> null: still has it).</summary>
public sealed class AssetAssignment
{
    public long Id { get; set; }
    public required string AssetNumber { get; set; }
    public string? Person { get; set; }
    public string? Location { get; set; }
    public DateTime From { get; set; }
    public DateTime? To { get; set; }
    public required string AssignedBy { get; set; }
}

internal sealed class AssetAssignmentConfiguration : IEntityTypeConfiguration<AssetAssignment>
{
    public void Configure(EntityTypeBuilder<AssetAssignment> builder)
    {
        builder.ToTable("AssetAssignments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.AssetNumber).HasMaxLength(Record.NumberLength);
        builder.Property(a => a.Person).HasMaxLength(Record.NameLength);
        builder.Property(a => a.Location).HasMaxLength(Record.CodeLength);
        builder.Property(a => a.AssignedBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(a => new { a.AssetNumber, a.From });
    }
}
