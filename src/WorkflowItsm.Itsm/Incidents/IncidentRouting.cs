using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>
/// One routing rule: incidents matching its category (any when empty) and at most its priority number (any when
/// empty; 2 means priorities 1 and 2) go to its group. Rules are tried in <see cref="Order"/>; the first match wins.
/// </summary>
public sealed class IncidentRoutingRule
{
    public int Id { get; set; }
    public int Order { get; set; }
    public string? Category { get; set; }
    public int? UpToPriority { get; set; }
    public required string AssignmentGroup { get; set; }
}

/// <summary>Which group an incident goes to, by the routing rules (data, so admins change routing without a deployment).</summary>
public sealed class IncidentRouting(ItsmDbContext db)
{
    public const string FallbackGroup = "service-desk";

    public async Task<string> GroupForAsync(string? category, int priority, CancellationToken cancellationToken)
    {
        var rules = await db.IncidentRoutingRules.AsNoTracking().OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return rules.FirstOrDefault(r => (r.Category is null || string.Equals(r.Category, category, StringComparison.OrdinalIgnoreCase))
                && (r.UpToPriority is null || priority <= r.UpToPriority))?.AssignmentGroup
            ?? FallbackGroup;
    }
}

internal sealed class IncidentRoutingRuleConfiguration : IEntityTypeConfiguration<IncidentRoutingRule>
{
    public void Configure(EntityTypeBuilder<IncidentRoutingRule> builder)
    {
        builder.ToTable("IncidentRoutingRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Category).HasMaxLength(Incident.CodeLength);
        builder.Property(r => r.AssignmentGroup).HasMaxLength(Incident.CodeLength);
        // Critical and high incidents go to second line; the rest stay with the service desk.
        builder.HasData(new IncidentRoutingRule { Id = 1, Order = 10, UpToPriority = 2, AssignmentGroup = "service-desk-l2" });
    }
}
