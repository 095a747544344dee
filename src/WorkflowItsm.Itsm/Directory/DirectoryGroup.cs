using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Directory;

/// <summary>
/// A team of people (service desk, network, CAB...). Its <see cref="Key"/> is the name BPMN candidate groups use
/// (<c>camunda:candidateGroups="service-desk"</c>); a person may belong to many groups.
/// </summary>
public sealed class DirectoryGroup
{
    public const int KeyLength = 100;

    public required string Key { get; set; }
    public required string DisplayName { get; set; }
    public string? Description { get; set; }
    public List<DirectoryGroupMember> Members { get; set; } = [];
}

/// <summary>One person in one group.</summary>
public sealed class DirectoryGroupMember
{
    public required string GroupKey { get; set; }
    public required string UserId { get; set; }
}

internal sealed class DirectoryGroupConfiguration : IEntityTypeConfiguration<DirectoryGroup>
{
    public void Configure(EntityTypeBuilder<DirectoryGroup> builder)
    {
        builder.ToTable("DirectoryGroups");
        builder.HasKey(g => g.Key);
        builder.Property(g => g.Key).HasMaxLength(DirectoryGroup.KeyLength);
        builder.Property(g => g.DisplayName).HasMaxLength(200);
        builder.Property(g => g.Description).HasMaxLength(1000);
        builder.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupKey).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DirectoryGroupMemberConfiguration : IEntityTypeConfiguration<DirectoryGroupMember>
{
    public void Configure(EntityTypeBuilder<DirectoryGroupMember> builder)
    {
        builder.ToTable("DirectoryGroupMembers");
        builder.HasKey(m => new { m.GroupKey, m.UserId });
        builder.Property(m => m.GroupKey).HasMaxLength(DirectoryGroup.KeyLength);
        // "Which groups is this person in" is asked on every inbox load.
        builder.HasIndex(m => m.UserId);
        builder.HasOne<DirectoryUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
