using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>Where a CI is in its life: planned, being built, in operation, in maintenance, retired.</summary>
public enum CiState
{
    Planned,
    Building,
    Operational,
    Maintenance,
    Retired,
}

/// <summary>How much the business suffers when the CI fails.</summary>
public enum BusinessCriticality
{
    Critical,
    High,
    Medium,
    Low,
}

/// <summary>Whether the CI works right now (independent of its lifecycle: an operational server may be down).</summary>
public enum OperationalStatus
{
    Up,
    Degraded,
    Down,
}

/// <summary>
/// A configuration item, numbered CI0001001…: a record whose short description is its name, of one class, with
/// its attribute values in <see cref="CiAttributeValue"/> rows (one per attribute, with the source that wrote it).
/// </summary>
public sealed class ConfigurationItem : Record<CiState>
{
    public int ClassId { get; set; }
    public BusinessCriticality BusinessCriticality { get; set; } = BusinessCriticality.Medium;
    public OperationalStatus OperationalStatus { get; set; } = OperationalStatus.Up;

    /// <summary>
    /// The name as identification compares it (<see cref="Reconciliation.MatchText"/>: trimmed, upper case), stored
    /// and indexed so an import finds CIs by name in any case without scanning; it follows the name by itself.
    /// </summary>
    public string MatchName
    {
        get => Reconciliation.MatchText.Of(ShortDescription) ?? "";
        private set { }
    }

    public override RecordLifecycle<CiState> Lifecycle => CiLifecycle.Table;

    protected override void AddAuditedFields(IDictionary<string, string?> fields)
    {
        fields["businessCriticality"] = BusinessCriticality.ToString();
        fields["operationalStatus"] = OperationalStatus.ToString();
    }
}

public static class CiLifecycle
{
    /// <summary>A retired CI stays for history; it is the one state no work happens in.</summary>
    public static RecordLifecycle<CiState> Table { get; } = new RecordLifecycle<CiState>()
        .Open(CiState.Planned, CiState.Building, CiState.Operational, CiState.Maintenance)
        .Allow(CiState.Planned, CiState.Building, CiState.Retired)
        .Allow(CiState.Building, CiState.Operational, CiState.Planned, CiState.Retired)
        .Allow(CiState.Operational, CiState.Maintenance, CiState.Retired)
        .Allow(CiState.Maintenance, CiState.Operational, CiState.Retired)
        .Allow(CiState.Retired);
}

/// <summary>
/// The value of one attribute of one CI, with the data source that wrote it and when. Reconciliation decides on
/// these rows (a lower-priority source writes only over a value older than the class's refresh period); health
/// finds stale CIs by <see cref="WrittenAt"/>. Values are stored as invariant text: numbers with a dot, dates
/// yyyy-MM-dd, booleans true/false, a choice's option key, a CI's number, a user name, a group key.
/// </summary>
public sealed class CiAttributeValue
{
    public const int ValueLength = 400;

    /// <summary>What a person writes through the API or a page.</summary>
    public const string ManualSource = "manual";

    public long Id { get; set; }
    public long CiId { get; set; }

    /// <summary>Set when the CI is new in the same unit of work (its id comes with the save).</summary>
    public ConfigurationItem? Ci { get; set; }
    public int AttributeId { get; set; }
    public string? Value { get; set; }

    /// <summary>The value as identification compares it (trimmed, upper case), indexed; it follows <see cref="Value"/> by itself.</summary>
    public string? MatchValue
    {
        get => Reconciliation.MatchText.Of(Value);
        private set { }
    }

    public required string Source { get; set; }
    public DateTime WrittenAt { get; set; }
}

internal sealed class ConfigurationItemConfiguration : IEntityTypeConfiguration<ConfigurationItem>
{
    public void Configure(EntityTypeBuilder<ConfigurationItem> builder)
    {
        builder.MapRecord<ConfigurationItem, CiState>("ConfigurationItems");
        builder.Property(c => c.BusinessCriticality).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.OperationalStatus).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<CiClass>().WithMany().HasForeignKey(c => c.ClassId).OnDelete(DeleteBehavior.Restrict);
        // The list: by class and state, sorted by name; lookups by name.
        builder.HasIndex(c => new { c.ClassId, c.State, c.ShortDescription });
        builder.HasIndex(c => new { c.State, c.ShortDescription });
        builder.HasIndex(c => c.ShortDescription);
        builder.Property(c => c.MatchName).HasMaxLength(Record.ShortDescriptionLength).UsePropertyAccessMode(PropertyAccessMode.Property);
        builder.HasIndex(c => new { c.ClassId, c.MatchName });
    }
}

internal sealed class CiAttributeValueConfiguration : IEntityTypeConfiguration<CiAttributeValue>
{
    public void Configure(EntityTypeBuilder<CiAttributeValue> builder)
    {
        builder.ToTable("CiAttributeValues");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Value).HasMaxLength(CiAttributeValue.ValueLength);
        builder.Property(v => v.Source).HasMaxLength(RecordAuditEntry.SourceLength);
        builder.HasIndex(v => new { v.CiId, v.AttributeId }).IsUnique();
        // Identification matches CIs by attribute values (serial number, host name) in any case.
        builder.Property(v => v.MatchValue).HasMaxLength(CiAttributeValue.ValueLength).UsePropertyAccessMode(PropertyAccessMode.Property);
        builder.HasIndex(v => new { v.AttributeId, v.MatchValue });
        builder.HasOne(v => v.Ci).WithMany().HasForeignKey(v => v.CiId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CiAttribute>().WithMany().HasForeignKey(v => v.AttributeId).OnDelete(DeleteBehavior.Restrict);
    }
}
