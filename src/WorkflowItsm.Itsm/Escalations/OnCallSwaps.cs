using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

public enum OnCallSwapState
{
    Pending,
    Accepted,
    Declined,
}

/// <summary>
/// A person on call asking another to take a span of her shift: nothing changes until the other accepts, and then the
/// span becomes an override in the other's name (<see cref="OverrideId"/>).
/// </summary>
public sealed class OnCallSwapRequest
{
    public int Id { get; set; }
    public int ScheduleId { get; set; }
    public OnCallLayerKind Layer { get; set; }
    public required string RequestedBy { get; set; }
    public required string AskedUser { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public string? Reason { get; set; }
    public OnCallSwapState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public int? OverrideId { get; set; }

    /// <summary>Two answers at once (accept on the phone, decline on the desk): the second one is refused.</summary>
    public int Revision { get; set; }
}

public sealed record NewOnCallSwap
{
    public OnCallLayerKind? Layer { get; init; }

    /// <summary>Whom she asks to take the span.</summary>
    public string? UserName { get; init; }
    public DateTime? StartsAt { get; init; }
    public DateTime? EndsAt { get; init; }
    public string? Reason { get; init; }
}

public sealed record OnCallSwapView(int Id, int ScheduleId, OnCallLayerKind Layer, string LayerLabel, string RequestedBy, string AskedUser, DateTime StartsAt, DateTime EndsAt,
    string? Reason, OnCallSwapState State, string StateLabel, DateTime CreatedAt, DateTime? AnsweredAt);

/// <summary>Swap requests: asked by the person on call for the whole span, answered once by the person asked; accepting adds the override in one transaction.</summary>
public sealed class OnCallSwaps(ItsmDbContext db, OnCallSchedules schedules, Notifier notifier, TimeProvider time)
{
    public const string Kind = "swap request";

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">Not hers to give away, an unknown person, a span ending before it starts; nothing was saved.</exception>
    public async Task<OnCallSwapRequest> RequestAsync(int scheduleId, NewOnCallSwap input, string by, CancellationToken cancellationToken)
    {
        var schedule = await schedules.FindAsync(scheduleId, cancellationToken);
        var errors = new FieldErrors();
        if (input.Layer is not { } layer || !schedule.Layers.Any(l => l.Kind == layer))
        {
            errors.Add("layer", $"Name a layer of this schedule: {string.Join(", ", schedule.Layers.Select(l => EscalationLabels.Layer(l.Kind).ToLowerInvariant()))}.");
        }

        errors.Length("userName", input.UserName, Record.NameLength, required: true);
        var asked = RecordText.TrimmedOrNull(input.UserName);
        if (asked is not null && !await db.Users.AnyAsync(u => u.UserName == asked, cancellationToken))
        {
            errors.Add("userName", $"There is nobody called '{asked}'.");
        }
        else if (asked == by)
        {
            errors.Add("userName", "Ask someone else to take your shift.");
        }

        errors.Texts(("reason", input.Reason));
        if (input.StartsAt is null)
        {
            errors.Add("startsAt", "Give when the span starts.");
        }

        if (input.EndsAt is null)
        {
            errors.Add("endsAt", "Give when the span ends.");
        }
        else if (input.StartsAt is { } starts && input.EndsAt <= starts)
        {
            errors.Add("endsAt", "The span ends before it starts: give an end after the start.");
        }
        else if (input.StartsAt is { } from && input.Layer is { } kind && schedule.Layers.Any(l => l.Kind == kind))
        {
            // Only what is hers to give: she answers the layer for the whole span (gaps outside restricted hours aside).
            var spans = OnCallRotation.Coverage(schedule, kind, OnCallSchedules.Utc(from), OnCallSchedules.Utc(input.EndsAt.Value));
            if (spans.Count == 0 || spans.Any(s => s.UserName != by))
            {
                errors.Add("startsAt", $"You are not on call ({EscalationLabels.Layer(kind).ToLowerInvariant()}) for all of this span; ask only for your own shift.");
            }
        }

        errors.ThrowIfAny(Kind);
        var swap = new OnCallSwapRequest
        {
            ScheduleId = scheduleId, Layer = input.Layer!.Value, RequestedBy = by, AskedUser = asked!, StartsAt = OnCallSchedules.Utc(input.StartsAt!.Value),
            EndsAt = OnCallSchedules.Utc(input.EndsAt!.Value), Reason = RecordText.TrimmedOrNull(input.Reason), State = OnCallSwapState.Pending, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<OnCallSwapRequest>().Add(swap);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.NotifyAsync(NotificationKinds.OnCallSwapRequested, [swap.AskedUser], new Dictionary<string, string?>
        {
            ["record"] = schedule.Name,
            ["by"] = by,
            ["task"] = EscalationLabels.Layer(swap.Layer).ToLowerInvariant(),
            ["due"] = Span(swap),
            ["process"] = swap.Reason is null ? "" : $" Why: {swap.Reason}",
        }, $"/escalations/schedules/{scheduleId}", cancellationToken);
        return swap;
    }

    /// <summary>The person asked takes the span: it becomes an override in her name.</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="OnCallForbiddenException">Not the person asked.</exception>
    /// <exception cref="EscalationConflictException">Answered already.</exception>
    public Task<OnCallSwapRequest> AcceptAsync(int scheduleId, int id, string by, CancellationToken cancellationToken) => AnswerAsync(scheduleId, id, by, accept: true, cancellationToken);

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="OnCallForbiddenException">Not the person asked.</exception>
    /// <exception cref="EscalationConflictException">Answered already.</exception>
    public Task<OnCallSwapRequest> DeclineAsync(int scheduleId, int id, string by, CancellationToken cancellationToken) => AnswerAsync(scheduleId, id, by, accept: false, cancellationToken);

    public async Task<IReadOnlyList<OnCallSwapView>> OfScheduleAsync(int scheduleId, CancellationToken cancellationToken) =>
        [.. (await db.Set<OnCallSwapRequest>().AsNoTracking().Where(s => s.ScheduleId == scheduleId).OrderByDescending(s => s.Id).ToListAsync(cancellationToken)).Select(ToView)];

    public static OnCallSwapView ToView(OnCallSwapRequest s) => new(s.Id, s.ScheduleId, s.Layer, EscalationLabels.Layer(s.Layer), s.RequestedBy, s.AskedUser, s.StartsAt, s.EndsAt, s.Reason,
        s.State, EscalationLabels.Swap(s.State), s.CreatedAt, s.AnsweredAt);

    private async Task<OnCallSwapRequest> AnswerAsync(int scheduleId, int id, string by, bool accept, CancellationToken cancellationToken)
    {
        var swap = await db.Set<OnCallSwapRequest>().FirstOrDefaultAsync(s => s.Id == id && s.ScheduleId == scheduleId, cancellationToken)
            ?? throw new RecordNotFoundException($"No swap request {id} on on-call schedule {scheduleId}.");
        if (swap.AskedUser != by)
        {
            throw new OnCallForbiddenException($"Only {swap.AskedUser}, whom {swap.RequestedBy} asked, may answer this swap request.");
        }

        if (swap.State != OnCallSwapState.Pending)
        {
            throw new EscalationConflictException($"This swap request was {EscalationLabels.Swap(swap.State).ToLowerInvariant()} already, at {swap.AnsweredAt:yyyy-MM-dd HH:mm} UTC.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        swap.State = accept ? OnCallSwapState.Accepted : OnCallSwapState.Declined;
        swap.AnsweredAt = time.GetUtcNow().UtcDateTime;
        swap.Revision++;
        if (accept)
        {
            var added = new OnCallOverride
            {
                ScheduleId = scheduleId, Layer = swap.Layer, UserName = swap.AskedUser, StartsAt = swap.StartsAt, EndsAt = swap.EndsAt,
                Reason = $"Swap with {swap.RequestedBy}" + (swap.Reason is null ? "" : $": {swap.Reason}"), CreatedBy = by,
            };
            db.Set<OnCallOverride>().Add(added);
            await SaveAsync(cancellationToken);
            swap.OverrideId = added.Id;
        }

        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var scheduleName = await db.Set<OnCallSchedule>().Where(s => s.Id == scheduleId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);
        await notifier.NotifyAsync(NotificationKinds.OnCallSwapAnswered, [swap.RequestedBy], new Dictionary<string, string?>
        {
            ["record"] = scheduleName ?? "on-call schedule",
            ["by"] = by,
            ["task"] = accept ? "accepted" : "declined",
            ["process"] = EscalationLabels.Layer(swap.Layer).ToLowerInvariant(),
            ["due"] = Span(swap) + (accept ? $"; {by} is on call then" : "; you stay on call"),
        }, $"/escalations/schedules/{scheduleId}", cancellationToken);
        return swap;
    }

    private static string Span(OnCallSwapRequest swap) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{swap.StartsAt:yyyy-MM-dd HH:mm} to {swap.EndsAt:yyyy-MM-dd HH:mm} UTC");

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new EscalationConflictException("This swap request was answered meanwhile; look at it again.");
        }
    }
}

internal sealed class OnCallSwapRequestConfiguration : IEntityTypeConfiguration<OnCallSwapRequest>
{
    public void Configure(EntityTypeBuilder<OnCallSwapRequest> builder)
    {
        builder.ToTable("OnCallSwapRequests");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Layer).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.RequestedBy).HasMaxLength(Record.NameLength);
        builder.Property(s => s.AskedUser).HasMaxLength(Record.NameLength);
        builder.Property(s => s.Reason).HasMaxLength(Record.TextLength);
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.HasOne<OnCallSchedule>().WithMany().HasForeignKey(s => s.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ScheduleId);
        builder.HasIndex(s => new { s.AskedUser, s.State });
    }
}
