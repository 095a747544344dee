using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// A wait state of an instance as an indexed row, so that what is looked up (a message by name and correlation
/// key, a signal by name, timers by due time, external tasks by topic) is found without reading instance state.
/// </summary>
public sealed class BookmarkRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string Kind { get; set; }
    public required string ElementId { get; set; }
    public DateTime? DueAt { get; set; }
    public string? MessageName { get; set; }
    public string? CorrelationKey { get; set; }
    public string? SignalName { get; set; }
    public string? Topic { get; set; }

    /// <summary>
    /// The job that fires this timer (or continues this async continuation). Null for a timer not handed to the job
    /// engine yet: one due beyond <see cref="RuntimeOptions.TimerHorizon"/> waits as this row alone until the timer
    /// pump hands it over. A value starting with <c>~</c> is a marker, not a job (<see cref="Timers.TimerJobIds"/>).
    /// </summary>
    public string? JobId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The external worker holding the task. Also a concurrency token: completing, failing or unlocking checks
    /// that the lock did not pass to another worker in the meantime.
    /// </summary>
    public string? LockOwner { get; set; }

    /// <summary>Until when the lock holds; after a failure with retries left, when the task may be fetched again.</summary>
    public DateTime? LockedUntil { get; set; }

    /// <summary>Retries left as the worker last reported them; null until the first failure.</summary>
    public int? Retries { get; set; }

    /// <summary>The worker's last failure message.</summary>
    public string? ErrorMessage { get; set; }
}

internal sealed class BookmarkRecordConfiguration : IEntityTypeConfiguration<BookmarkRecord>
{
    public void Configure(EntityTypeBuilder<BookmarkRecord> builder)
    {
        builder.ToTable("Bookmarks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasMaxLength(64);
        builder.Property(b => b.InstanceId).HasMaxLength(64);
        builder.Property(b => b.Kind).HasMaxLength(30);
        builder.Property(b => b.ElementId).HasMaxLength(200);
        builder.Property(b => b.MessageName).HasMaxLength(200);
        builder.Property(b => b.CorrelationKey).HasMaxLength(200);
        builder.Property(b => b.SignalName).HasMaxLength(200);
        builder.Property(b => b.Topic).HasMaxLength(200);
        builder.Property(b => b.JobId).HasMaxLength(100);
        builder.Property(b => b.LockOwner).HasMaxLength(200).IsConcurrencyToken();
        builder.Property(b => b.ErrorMessage).HasMaxLength(4000);
        builder.HasIndex(b => b.InstanceId);
        builder.HasIndex(b => new { b.MessageName, b.CorrelationKey });
        builder.HasIndex(b => b.SignalName);
        builder.HasIndex(b => new { b.Kind, b.DueAt });
        builder.HasIndex(b => b.Topic);
        builder.HasOne<ProcessInstanceRecord>().WithMany().HasForeignKey(b => b.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
