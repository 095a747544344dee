using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>
/// A renewal reminder sent: one per entitlement, end date and threshold (days before the end). The unique index is
/// what keeps a reminder from going out twice, whichever host runs the job and however often.
/// </summary>
public sealed class LicenceRenewalReminder
{
    public long Id { get; set; }
    public long EntitlementId { get; set; }
    public DateOnly EndsOn { get; set; }
    public int DaysBefore { get; set; }
    public DateTime SentAt { get; set; }
}

internal sealed class LicenceRenewalReminderConfiguration : IEntityTypeConfiguration<LicenceRenewalReminder>
{
    public void Configure(EntityTypeBuilder<LicenceRenewalReminder> builder)
    {
        builder.ToTable("LicenceRenewalReminders");
        builder.HasKey(r => r.Id);
        builder.HasOne<LicenceEntitlement>().WithMany().HasForeignKey(r => r.EntitlementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.EntitlementId, r.EndsOn, r.DaysBefore }).IsUnique();
    }
}
