using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>What a notification is about; each kind has one editable template.</summary>
public static class NotificationKinds
{
    public const string TaskAssigned = "task-assigned";
    public const string TaskDueSoon = "task-due-soon";
    public const string TaskOverdue = "task-overdue";
    public const string RequestCompleted = "request-completed";
    public const string SlaWarning = "sla-warning";
    public const string SlaBreached = "sla-breached";
    public const string Escalation = "escalation";
    public const string LicenceRenewal = "licence-renewal";
    public const string CabAgenda = "cab-agenda";
    public const string ApprovalRequested = "approval-requested";
    public const string OnCallSwapRequested = "oncall-swap-requested";
    public const string OnCallSwapAnswered = "oncall-swap-answered";
    public const string WebhookDisabled = "webhook-disabled";

    public static IReadOnlyList<string> All { get; } = [TaskAssigned, TaskDueSoon, TaskOverdue, RequestCompleted, SlaWarning, SlaBreached, Escalation, LicenceRenewal, CabAgenda, ApprovalRequested, OnCallSwapRequested, OnCallSwapAnswered, WebhookDisabled];

    /// <summary>The kinds a requester can be sent: a task of hers (confirm a resolution) and her request done.</summary>
    public static IReadOnlyList<string> ForRequesters { get; } = [TaskAssigned, RequestCompleted];

    /// <summary>What people read for a kind.</summary>
    public static string Label(string kind) => kind switch
    {
        TaskAssigned => "A task is assigned to me",
        TaskDueSoon => "A task is due soon",
        TaskOverdue => "A task is overdue",
        RequestCompleted => "My request is completed",
        SlaWarning => "A service level is about to breach",
        SlaBreached => "A service level is breached",
        Escalation => "Escalations and workflow messages",
        LicenceRenewal => "A software licence ends soon",
        CabAgenda => "The agenda of a CAB meeting I sit on",
        ApprovalRequested => "My approval is asked for",
        OnCallSwapRequested => "Someone asks me to cover an on-call shift",
        OnCallSwapAnswered => "My on-call swap request is answered",
        WebhookDisabled => "A webhook stopped after failing",
        _ => kind,
    };
}

/// <summary>One message to one person: shown under the bell, and emailed when the person has an address and SMTP is set.</summary>
public sealed class NotificationRecord
{
    public long Id { get; set; }
    public required string Recipient { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }

    /// <summary>Where the notification leads in the product (a local path).</summary>
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    public DateTime? EmailedAt { get; set; }

    /// <summary>Why no email was sent (no address, no SMTP server set), or the last send error.</summary>
    public string? EmailNote { get; set; }
}

/// <summary>An admin's wording of one kind of notification; without a row the built-in wording is used.</summary>
public sealed class NotificationTemplateRecord
{
    public required string Kind { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class NotificationRecordConfiguration : IEntityTypeConfiguration<NotificationRecord>
{
    public void Configure(EntityTypeBuilder<NotificationRecord> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Recipient).HasMaxLength(256);
        builder.Property(n => n.Kind).HasMaxLength(40);
        builder.Property(n => n.Title).HasMaxLength(400);
        builder.Property(n => n.Body).HasMaxLength(4000);
        builder.Property(n => n.Link).HasMaxLength(400);
        builder.Property(n => n.EmailNote).HasMaxLength(1000);
        // The bell asks "how many unread for me" on every page.
        builder.HasIndex(n => new { n.Recipient, n.ReadAt });
    }
}

internal sealed class NotificationTemplateRecordConfiguration : IEntityTypeConfiguration<NotificationTemplateRecord>
{
    public void Configure(EntityTypeBuilder<NotificationTemplateRecord> builder)
    {
        builder.ToTable("NotificationTemplates");
        builder.HasKey(t => t.Kind);
        builder.Property(t => t.Kind).HasMaxLength(40);
        builder.Property(t => t.Subject).HasMaxLength(400);
        builder.Property(t => t.Body).HasMaxLength(4000);
        builder.Property(t => t.UpdatedBy).HasMaxLength(256);
    }
}
