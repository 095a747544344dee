using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets.Stock;

/// <summary>A place where assets are kept in stock (admin-defined).</summary>
public sealed class Stockroom
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Location { get; set; }
}

internal sealed class StockroomConfiguration : IEntityTypeConfiguration<Stockroom>
{
    public void Configure(EntityTypeBuilder<Stockroom> builder)
    {
        builder.ToTable("Stockrooms");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(Record.CodeLength);
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.Location).HasMaxLength(Record.CodeLength);
    }
}
