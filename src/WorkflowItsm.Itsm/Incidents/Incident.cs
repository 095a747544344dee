using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Incidents;

public enum IncidentState
{
    New,
    InProgress,
    OnHold,
    Resolved,
    Closed,
    Cancelled,
}

/// <summary>Why an incident waits; awaiting the caller pauses SLA clocks by default.</summary>
public enum OnHoldReason
{
    AwaitingCaller,
    AwaitingVendor,
    AwaitingChange,
}

/// <summary>An unplanned interruption or degradation of a service, numbered INC0001001….</summary>
public sealed class Incident : PrioritizedRecord<IncidentState>
{
    /// <summary>User name of the person who reported it (whom the service desk calls back).</summary>
    public required string Caller { get; set; }
    public string? Subcategory { get; set; }
    public OnHoldReason? OnHoldReason { get; set; }
    public string? ResolutionCode { get; set; }
    public string? ResolutionNotes { get; set; }
    public bool IsMajor { get; set; }
    public long? ParentId { get; set; }

    public override RecordLifecycle<IncidentState> Lifecycle => IncidentLifecycle.Table;

    protected override void AddAuditedFields(IDictionary<string, string?> fields)
    {
        base.AddAuditedFields(fields);
        fields["caller"] = Caller;
        fields["subcategory"] = Subcategory;
        fields["onHoldReason"] = OnHoldReason?.ToString();
        fields["resolutionCode"] = ResolutionCode;
        fields["resolutionNotes"] = ResolutionNotes;
        fields["isMajor"] = IsMajor ? "true" : "false";
        fields["parentId"] = ParentId?.ToString(CultureInfo.InvariantCulture);
    }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.MapPrioritizedRecord<Incident, IncidentState>("Incidents");
        builder.Property(i => i.Caller).HasMaxLength(Record.NameLength);
        builder.Property(i => i.Subcategory).HasMaxLength(Record.CodeLength);
        builder.Property(i => i.ResolutionCode).HasMaxLength(Record.CodeLength);
        builder.Property(i => i.ResolutionNotes).HasMaxLength(Record.TextLength);
        builder.Property(i => i.OnHoldReason).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Incident>().WithMany().HasForeignKey(i => i.ParentId).OnDelete(DeleteBehavior.Restrict);
        // The list views: a group's queue by priority, someone's own by priority, all open by age, a caller's, a CI's,
        // a category's, a category in a state by last update. Each ends with the sort and the id, so that a page is
        // found in the index alone (IncidentQueries reads the page's ids first) and only its rows are read.
        builder.HasIndex(i => new { i.State, i.AssignmentGroup, i.Priority, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.AssignedTo, i.State, i.Priority, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.Caller, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.State, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.ConfigurationItem, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.Category, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.Category, i.State, i.UpdatedAt, i.Id });
        // The service-level report: incidents opened in a period (with what time to resolve needs, read from the index
        // alone) and resolved in a period.
        builder.HasIndex(i => new { i.OpenedAt, i.Priority, i.ResolvedAt });
        builder.HasIndex(i => i.ResolvedAt);
    }
}
