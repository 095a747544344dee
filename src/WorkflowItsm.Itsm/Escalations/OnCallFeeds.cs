using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

/// <summary>
/// A person's secret address of an iCalendar feed, for a calendar app that cannot sign in: her own on-call spans
/// (<see cref="ScheduleId"/> null) or one schedule's. Each person has her own per feed, so resetting hers stops no one
/// else's; only the SHA-256 of the token is kept (<see cref="LinkTokens"/>).
/// </summary>
public sealed class OnCallFeedToken
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    public int? ScheduleId { get; set; }

    /// <summary>"person" or "schedule-{id}": one token per person and feed.</summary>
    public required string Feed { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }

    public static string FeedOf(int? scheduleId) => scheduleId is { } id ? $"schedule-{id}" : "person";
}

/// <summary>What a feed token opens: whose feed, of which schedule (null: her own on-call spans).</summary>
public sealed record OnCallFeedAccess(string UserName, int? ScheduleId);

/// <summary>The feed addresses: made (shown once) and reset by their owner, looked up by the calendar app's call.</summary>
public sealed class OnCallFeeds(ItsmDbContext db, TimeProvider time)
{
    public const string PathPrefix = "/api/escalations/feeds/";

    /// <summary>Longer than any token made: refused before hashing.</summary>
    private const int MaxTokenLength = 100;

    /// <summary>A new address for the feed; the old one (if any) stops working at once.</summary>
    /// <returns>The token, to show once.</returns>
    /// <exception cref="RecordNotFoundException">No such schedule.</exception>
    public async Task<string> ResetAsync(string userName, int? scheduleId, CancellationToken cancellationToken)
    {
        if (scheduleId is { } id && !await db.Set<OnCallSchedule>().AnyAsync(s => s.Id == id, cancellationToken))
        {
            throw new RecordNotFoundException($"There is no on-call schedule {id}.");
        }

        var feed = OnCallFeedToken.FeedOf(scheduleId);
        var token = LinkTokens.New();
        var row = await db.Set<OnCallFeedToken>().FirstOrDefaultAsync(t => t.UserName == userName && t.Feed == feed, cancellationToken);
        if (row is null)
        {
            db.Set<OnCallFeedToken>().Add(new OnCallFeedToken
            {
                UserName = userName, ScheduleId = scheduleId, Feed = feed, TokenHash = LinkTokens.Hash(token), CreatedAt = time.GetUtcNow().UtcDateTime,
            });
        }
        else
        {
            (row.TokenHash, row.CreatedAt) = (LinkTokens.Hash(token), time.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>Stops the feed's address (nothing happens when there is none).</summary>
    public Task RevokeAsync(string userName, int? scheduleId, CancellationToken cancellationToken)
    {
        var feed = OnCallFeedToken.FeedOf(scheduleId);
        return db.Set<OnCallFeedToken>().Where(t => t.UserName == userName && t.Feed == feed).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>When the person's current address of the feed was made; null when she has none.</summary>
    public Task<DateTime?> IssuedAtAsync(string userName, int? scheduleId, CancellationToken cancellationToken)
    {
        var feed = OnCallFeedToken.FeedOf(scheduleId);
        return db.Set<OnCallFeedToken>().AsNoTracking().Where(t => t.UserName == userName && t.Feed == feed).Select(t => (DateTime?)t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>What the token opens; null for an unknown, reset or malformed token, or one whose owner is gone.</summary>
    public async Task<OnCallFeedAccess?> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var hash = LinkTokens.Hash(token);
        var row = await db.Set<OnCallFeedToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        return row is not null && await db.Users.AnyAsync(u => u.UserName == row.UserName, cancellationToken) ? new OnCallFeedAccess(row.UserName, row.ScheduleId) : null;
    }
}

internal sealed class OnCallFeedTokenConfiguration : IEntityTypeConfiguration<OnCallFeedToken>
{
    public void Configure(EntityTypeBuilder<OnCallFeedToken> builder)
    {
        builder.ToTable("OnCallFeedTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.UserName).HasMaxLength(Record.NameLength);
        builder.Property(t => t.Feed).HasMaxLength(40);
        builder.Property(t => t.TokenHash).HasMaxLength(EscalationPage.HashLength);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => new { t.UserName, t.Feed }).IsUnique();
        // A schedule removed takes its feeds' addresses with it.
        builder.HasOne<OnCallSchedule>().WithMany().HasForeignKey(t => t.ScheduleId).OnDelete(DeleteBehavior.Cascade);
    }
}
