using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>
/// A signed link in an approval email (/approvals/vote/{token}): one-time, expiring, bound to one approver. Only
/// the SHA-256 of the random token is stored, so the table cannot be turned back into working links.
/// </summary>
public sealed class ApprovalLink
{
    public const int HashLength = 64;

    public long Id { get; set; }
    public required string TokenHash { get; set; }
    public required string ApprovalId { get; set; }
    public required string UserName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}

internal sealed class ApprovalLinkConfiguration : IEntityTypeConfiguration<ApprovalLink>
{
    public void Configure(EntityTypeBuilder<ApprovalLink> builder)
    {
        builder.ToTable("ApprovalLinks");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.TokenHash).HasMaxLength(ApprovalLink.HashLength);
        builder.Property(l => l.ApprovalId).HasMaxLength(Approval.IdLength);
        builder.Property(l => l.UserName).HasMaxLength(Record.NameLength);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasOne<Approval>().WithMany().HasForeignKey(l => l.ApprovalId).OnDelete(DeleteBehavior.Cascade);
    }
}
