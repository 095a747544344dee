using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Assets.Stock;

/// <summary>When fewer than <see cref="Threshold"/> assets of the model are available in the stockroom, <see cref="RestockQuantity"/> more are ordered (one open restock order at a time).</summary>
public sealed class StockRule
{
    public int Id { get; set; }
    public int ModelId { get; set; }
    public int StockroomId { get; set; }
    public int Threshold { get; set; }
    public int RestockQuantity { get; set; }
}

internal sealed class StockRuleConfiguration : IEntityTypeConfiguration<StockRule>
{
    public void Configure(EntityTypeBuilder<StockRule> builder)
    {
        builder.ToTable("StockRules");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ModelId, r.StockroomId }).IsUnique();
        builder.HasOne<AssetModel>().WithMany().HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Stockroom>().WithMany().HasForeignKey(r => r.StockroomId).OnDelete(DeleteBehavior.Cascade);
    }
}
