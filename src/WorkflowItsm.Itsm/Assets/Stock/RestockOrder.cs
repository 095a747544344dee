using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets.Stock;

public enum RestockOrderState
{
    Open,
    Ordered,
    Received,
}

/// <summary>A request to restock a model in a stockroom, raised by its <see cref="StockRule"/> when stock fell below the threshold.</summary>
public sealed class RestockOrder
{
    public int Id { get; set; }
    public int RuleId { get; set; }
    public int ModelId { get; set; }
    public int StockroomId { get; set; }
    public int Quantity { get; set; }
    public RestockOrderState State { get; set; }

    /// <summary>
    /// The rule's id while the order is not yet received, null after: unique, so a rule has one such order however
    /// many issues race to raise it (the database refuses the second).
    /// </summary>
    public int? PendingRuleId { get; set; }

    /// <summary>How many were available when it was raised.</summary>
    public int AvailableWhenRaised { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class RestockOrderConfiguration : IEntityTypeConfiguration<RestockOrder>
{
    public void Configure(EntityTypeBuilder<RestockOrder> builder)
    {
        builder.ToTable("RestockOrders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.UpdatedBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(o => o.PendingRuleId).IsUnique();
        builder.HasIndex(o => new { o.State, o.RaisedAt });
        builder.HasOne<StockRule>().WithMany().HasForeignKey(o => o.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
