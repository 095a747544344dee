using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Integrations;

/// <summary>What a webhook can be told of.</summary>
public static class WebhookEventTypes
{
    public const string RecordCreated = "record.created";
    public const string RecordStateChanged = "record.state-changed";
    public const string TaskCreated = "task.created";
    public const string TaskCompleted = "task.completed";
    public const string SlaWarning = "sla.warning";
    public const string SlaBreached = "sla.breached";
    public const string InstanceFaulted = "instance.faulted";

    /// <summary>An escalation paged a person (one event per person paged; a personal pager hook hears only its owner's).</summary>
    public const string EscalationPaged = "escalation.paged";

    public static IReadOnlyList<string> All { get; } = [RecordCreated, RecordStateChanged, TaskCreated, TaskCompleted, SlaWarning, SlaBreached, InstanceFaulted, EscalationPaged];

    public static string Label(string type) => type switch
    {
        RecordCreated => "Record created",
        RecordStateChanged => "Record changed state",
        TaskCreated => "Task created",
        TaskCompleted => "Task completed",
        SlaWarning => "SLA warning",
        SlaBreached => "SLA breached",
        InstanceFaulted => "Process instance faulted",
        EscalationPaged => "Someone paged by an escalation",
        _ => type,
    };
}

/// <summary>
/// A URL told of events: signed with its own secret, retried with back-off, disabled after
/// <see cref="WebhookOptions.MaxConsecutiveFailures"/> failures in a row.
/// </summary>
public sealed class WebhookSubscription
{
    public const int NameLength = 100;
    public const int UrlLength = 2000;
    public const int FilterLength = 400;

    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }

    /// <summary>The HMAC key receivers verify signatures with (kept: it must sign every delivery).</summary>
    public required string Secret { get; set; }

    /// <summary>Space-separated <see cref="WebhookEventTypes"/>.</summary>
    public required string Events { get; set; }

    /// <summary>
    /// Space-separated prefixes of the subject (a record number such as INC or CHG0001, or a process key); empty: all.
    /// </summary>
    public string? Filter { get; set; }

    /// <summary>Loopback and private addresses are refused (SSRF) unless an admin allowed them here.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>
    /// The person whose own pager hook (SMS, voice, chat gateway) this is: it hears only events addressed to her, and
    /// she is told when it is disabled. Null: a shared subscription an admin keeps.
    /// </summary>
    public string? Recipient { get; set; }
    public bool IsActive { get; set; } = true;
    public int ConsecutiveFailures { get; set; }
    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> FilterList => (Filter ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Wants(string type, string subject) =>
        EventList.Contains(type, StringComparer.Ordinal)
        && (FilterList.Count == 0 || FilterList.Any(prefix => subject.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>Something that happened, written in the same transaction as the change (an outbox): it exists only if that committed.</summary>
public sealed class WebhookEvent
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public required string Type { get; set; }

    /// <summary>What it is about: a record number, a task's or instance's process key.</summary>
    public required string Subject { get; set; }
    public required string Payload { get; set; }
    public DateTime At { get; set; }

    /// <summary>The person it is addressed to (a page): only her own hook and shared subscriptions hear it.</summary>
    public string? Recipient { get; set; }

    /// <summary>When its deliveries were made (one per subscription that wants it); null: not yet.</summary>
    public DateTime? DispatchedAt { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Retrying,
    Failed,
}

/// <summary>One event to one subscription: its attempts, the last answer's status and time.</summary>
public sealed class WebhookDelivery
{
    public const int ErrorLength = 1000;

    public long Id { get; set; }
    public int SubscriptionId { get; set; }
    public long EventId { get; set; }
    public required string EventType { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public int? ResponseStatus { get; set; }
    public int? ResponseTimeMs { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? NextAttemptAt { get; set; }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("WebhookSubscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(WebhookSubscription.NameLength);
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.UrlLength);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.Events).HasMaxLength(400);
        builder.Property(s => s.Filter).HasMaxLength(WebhookSubscription.FilterLength);
        builder.Property(s => s.DisabledReason).HasMaxLength(WebhookDelivery.ErrorLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(Record.NameLength);
        builder.Property(s => s.Recipient).HasMaxLength(Record.NameLength);
        builder.HasIndex(s => s.Recipient);
        builder.Ignore(s => s.EventList);
        builder.Ignore(s => s.FilterList);
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("WebhookEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(50);
        builder.Property(e => e.Subject).HasMaxLength(Record.CodeLength);
        builder.Property(e => e.Recipient).HasMaxLength(Record.NameLength);
        builder.HasIndex(e => e.EventId).IsUnique();
        builder.HasIndex(e => e.DispatchedAt);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EventType).HasMaxLength(50);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Error).HasMaxLength(WebhookDelivery.ErrorLength);
        builder.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
    }
}
