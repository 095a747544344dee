using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>
/// One identification rule of a class: the attribute keys (and <see cref="NameKey"/> for the CI's name) whose
/// values together identify a CI of the class. A class's rules are tried in <see cref="Order"/>; a class without
/// rules has its nearest ancestor's, and a class's own rules replace the inherited ones.
/// </summary>
public sealed class CiIdentificationRule
{
    /// <summary>The CI's name in a rule.</summary>
    public const string NameKey = "name";
    public const int KeysLength = 400;

    public int Id { get; set; }
    public int ClassId { get; set; }
    public int Order { get; set; }

    /// <summary>The keys, comma-separated ("name,location").</summary>
    public required string Keys { get; set; }

    public IReadOnlyList<string> KeyList => Keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal sealed class CiIdentificationRuleConfiguration : IEntityTypeConfiguration<CiIdentificationRule>
{
    public void Configure(EntityTypeBuilder<CiIdentificationRule> builder)
    {
        builder.ToTable("CiIdentificationRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Keys).HasMaxLength(CiIdentificationRule.KeysLength);
        builder.Ignore(r => r.KeyList);
        builder.HasIndex(r => new { r.ClassId, r.Order }).IsUnique();
        builder.HasOne<CiClass>().WithMany().HasForeignKey(r => r.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasData(CmdbSeed.IdentificationRules);
    }
}
