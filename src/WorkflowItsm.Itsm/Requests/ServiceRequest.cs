using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>A request's state: open while any of its items is, then closed from its items (see <see cref="RequestRollUp"/>).</summary>
public enum ServiceRequestState
{
    Open,
    ClosedComplete,
    ClosedIncomplete,
}

/// <summary>A requested item's stage; see <see cref="RequestedItemLifecycle"/> for the moves.</summary>
public enum RequestedItemState
{
    Requested,
    AwaitingApproval,
    Fulfilment,

    /// <summary>Waiting for stock (or a purchase); fulfilment resumes when it comes.</summary>
    Backordered,
    ClosedComplete,
    ClosedIncomplete,
}

/// <summary>
/// A request REQ0001001…: one checkout of a cart, by <see cref="Record.OpenedBy"/> for <see cref="RequestedFor"/>.
/// Its items are requested items (RITM…); it closes when the last of them closes (all complete → complete).
/// </summary>
public sealed class ServiceRequest : Record<ServiceRequestState>
{
    public required string RequestedFor { get; set; }

    public List<RequestedItem> Items { get; set; } = [];

    public override RecordLifecycle<ServiceRequestState> Lifecycle => RequestLifecycles.Request;

    protected override void AddAuditedFields(IDictionary<string, string?> fields) => fields["requestedFor"] = RequestedFor;
}

/// <summary>
/// One line of a request, RITM0001001…: the item and the version it was ordered with (forever: an edit of the item
/// makes a new version and changes nothing here), the quantity, the unit price, and the variables as stored (visible
/// ones only). Its approval (when the version names a rule) and its fulfilment process (when the version names one
/// and it is deployed) drive its stage.
/// </summary>
public sealed class RequestedItem : Record<RequestedItemState>
{
    public long RequestId { get; set; }
    public required string RequestNumber { get; set; }
    public required string ItemKey { get; set; }
    public long ItemVersionId { get; set; }
    public int ItemVersion { get; set; }
    public int Quantity { get; set; } = 1;
    public decimal UnitPrice { get; set; }
    public required string RequestedFor { get; set; }

    /// <summary>The approval asked for it under its version's rule, while or after it is awaited.</summary>
    public string? ApprovalId { get; set; }

    /// <summary>The fulfilment process its version names; <see cref="ProcessVersion"/> is the deployed version its instance runs (null: none ran).</summary>
    public string? ProcessKey { get; set; }
    public int? ProcessVersion { get; set; }

    public List<RequestedItemValue> Values { get; set; } = [];

    public override RecordLifecycle<RequestedItemState> Lifecycle => RequestLifecycles.Item;

    protected override void AddAuditedFields(IDictionary<string, string?> fields)
    {
        fields["item"] = $"{ItemKey} v{ItemVersion.ToString(CultureInfo.InvariantCulture)}";
        fields["quantity"] = Quantity.ToString(CultureInfo.InvariantCulture);
        fields["requestedFor"] = RequestedFor;
    }
}

/// <summary>One stored variable of a requested item, normalized as the rule evaluator gives it.</summary>
public sealed class RequestedItemValue
{
    public long Id { get; set; }
    public long RequestedItemId { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
}

/// <summary>The states and moves of requests and requested items.</summary>
public static class RequestLifecycles
{
    /// <summary>A request is only ever closed by its items (roll-up).</summary>
    public static RecordLifecycle<ServiceRequestState> Request { get; } = new RecordLifecycle<ServiceRequestState>()
        .Open(ServiceRequestState.Open)
        .Allow(ServiceRequestState.Open, ServiceRequestState.ClosedComplete, ServiceRequestState.ClosedIncomplete)
        .Allow(ServiceRequestState.ClosedComplete)
        .Allow(ServiceRequestState.ClosedIncomplete);

    /// <summary>
    /// Requested → Awaiting approval (its version names a rule) → Fulfilment ⇄ Backordered → Closed complete
    /// (delivered); closed incomplete from any open stage (rejected, or could not be fulfilled).
    /// </summary>
    public static RecordLifecycle<RequestedItemState> Item { get; } = new RecordLifecycle<RequestedItemState>()
        .Open(RequestedItemState.Requested, RequestedItemState.AwaitingApproval, RequestedItemState.Fulfilment, RequestedItemState.Backordered)
        .Allow(RequestedItemState.Requested, RequestedItemState.AwaitingApproval, RequestedItemState.Fulfilment, RequestedItemState.ClosedIncomplete)
        .Allow(RequestedItemState.AwaitingApproval, RequestedItemState.Fulfilment, RequestedItemState.ClosedIncomplete)
        .Allow(RequestedItemState.Fulfilment, RequestedItemState.Backordered, RequestedItemState.ClosedComplete, RequestedItemState.ClosedIncomplete)
        .Allow(RequestedItemState.Backordered, RequestedItemState.Fulfilment, RequestedItemState.ClosedComplete, RequestedItemState.ClosedIncomplete)
        .Allow(RequestedItemState.ClosedComplete)
        .Allow(RequestedItemState.ClosedIncomplete);
}

/// <summary>The words people read for a request's state and an item's stage — never the enum names.</summary>
public static class RequestLabels
{
    public static string Request(ServiceRequestState state) => state switch
    {
        ServiceRequestState.ClosedComplete => "Closed complete",
        ServiceRequestState.ClosedIncomplete => "Closed incomplete",
        _ => "In progress",
    };

    public static string Stage(RequestedItemState state) => state switch
    {
        RequestedItemState.AwaitingApproval => "Awaiting approval",
        RequestedItemState.Fulfilment => "In fulfilment",
        RequestedItemState.Backordered => "Backordered",
        RequestedItemState.ClosedComplete => "Delivered",
        RequestedItemState.ClosedIncomplete => "Closed incomplete",
        _ => "Requested",
    };

    public static string VariableType(VariableType type) => type switch
    {
        Requests.VariableType.SingleLineText => "Single-line text",
        Requests.VariableType.MultiLineText => "Multi-line text",
        Requests.VariableType.YesNo => "Yes/no",
        Requests.VariableType.DateTime => "Date and time",
        Requests.VariableType.MultipleChoice => "Multiple choice",
        Requests.VariableType.ConfigurationItem => "Configuration item",
        Requests.VariableType.AssetModel => "Asset model",
        Requests.VariableType.Url => "Web address",
        _ => type.ToString(),
    };
}

internal sealed class ServiceRequestConfiguration : IEntityTypeConfiguration<ServiceRequest>
{
    public void Configure(EntityTypeBuilder<ServiceRequest> builder)
    {
        builder.MapRecord<ServiceRequest, ServiceRequestState>("ServiceRequests");
        builder.Property(r => r.RequestedFor).HasMaxLength(Record.NameLength);
        builder.HasIndex(r => r.RequestedFor);
        builder.HasIndex(r => r.OpenedBy);
        builder.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestedItemConfiguration : IEntityTypeConfiguration<RequestedItem>
{
    public void Configure(EntityTypeBuilder<RequestedItem> builder)
    {
        builder.MapRecord<RequestedItem, RequestedItemState>("RequestedItems");
        builder.Property(i => i.RequestNumber).HasMaxLength(Record.NumberLength);
        builder.Property(i => i.ItemKey).HasMaxLength(Record.CodeLength);
        builder.HasOne<CatalogItemVersion>().WithMany().HasForeignKey(i => i.ItemVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(i => i.UnitPrice).HasPrecision(18, 2);
        builder.Property(i => i.RequestedFor).HasMaxLength(Record.NameLength);
        builder.Property(i => i.ApprovalId).HasMaxLength(Approvals.Approval.IdLength);
        builder.Property(i => i.ProcessKey).HasMaxLength(Record.CodeLength);
        builder.HasMany(i => i.Values).WithOne().HasForeignKey(v => v.RequestedItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestedItemValueConfiguration : IEntityTypeConfiguration<RequestedItemValue>
{
    public void Configure(EntityTypeBuilder<RequestedItemValue> builder)
    {
        builder.ToTable("RequestedItemValues");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Key).HasMaxLength(Record.CodeLength);
        builder.Property(v => v.Value).HasMaxLength(Record.TextLength);
        builder.HasIndex(v => new { v.RequestedItemId, v.Key }).IsUnique();
    }
}
