using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Integrations;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Escalations;

public sealed record EscalationPageView(int Level, int Round, string UserName, string Reason, DateTime NotifiedAt, bool LinkUsed);

public sealed record EscalationView(long Id, string RecordNumber, string PolicyName, string Trigger, string? TriggerDetail, string? GroupKey, int Level, int Round,
    EscalationState State, string StateLabel, DateTime StartedAt, DateTime? NextAt, string? AcknowledgedBy, DateTime? AcknowledgedAt, IReadOnlyList<EscalationPageView> Pages);

/// <summary>
/// Runs escalation policies on records. A start pages level 1 (in-app and email, each person with her own one-time
/// acknowledge link) and plans a durable timer through the jobs port; the timer pages the next level (then repeats,
/// then gives up) unless someone acknowledged. Each start, page, move and acknowledgement is one transaction and a
/// line in the record's activity stream (audit field <see cref="ActivityField"/>).
/// </summary>
/// <remarks>
/// The timer is a scheduled job rather than a BPMN timer: a policy's levels, targets and repeats are data that vary
/// per policy, and acknowledgement comes from the record, the API and the email link; the escalation's row holds the
/// state, Hangfire's storage keeps the job across restarts, and the job is planned for one level and round, so a job
/// that comes twice, late, or after an acknowledgement does nothing. A recurring sweep fires any level whose job was
/// lost (<see cref="EscalationTimerJob.SweepAsync"/>).
/// </remarks>
public sealed class EscalationService(
    ItsmDbContext db, EscalationPolicies policies, OnCallSchedules schedules, DirectoryGroups groups, Notifier notifier, RecordStore store, RecordHistory history,
    IJobs jobs, TimeProvider time)
{
    public const string ActivityField = "escalation";
    public const string LinkPrefix = "/escalations/acknowledge/";

    /// <summary>
    /// Starts the matching policy on the record (an incident, or a change that failed), unless the incident is no
    /// longer open, one runs already, the change's failure was paged before, or no policy matches.
    /// </summary>
    /// <returns>The escalation started, or null.</returns>
    public async Task<Escalation?> StartAsync(string number, EscalationTrigger trigger, int? slaDefinitionId, string? detail, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subject = await SubjectAsync(number, trigger, cancellationToken);
        if (subject is not { Live: true } || await db.Set<Escalation>().AnyAsync(e => e.RecordNumber == number && e.State == EscalationState.Active, cancellationToken)
            || (trigger == EscalationTrigger.ChangeFailure && await db.Set<Escalation>().AnyAsync(e => e.RecordNumber == number && e.Trigger == trigger, cancellationToken)))
        {
            return null;
        }

        var policy = await policies.ForAsync(subject.Service, subject.Priority, trigger, slaDefinitionId, cancellationToken);
        if (policy is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var escalation = new Escalation
        {
            RecordNumber = number, PolicyId = policy.Id, PolicyName = policy.Name, Trigger = trigger, TriggerDetail = Clip(detail, Record.ShortDescriptionLength),
            GroupKey = subject.Group, Level = 1, Round = 1, State = EscalationState.Active, StartedAt = now,
        };
        db.Set<Escalation>().Add(escalation);
        await AuditAsync(number, null, $"Started: {policy.Name} ({EscalationLabels.Trigger(trigger)}{(detail is null ? "" : $": {detail}")})", "escalation policy", cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another trigger started one at the same instant (the one-active-per-record index refused this one): it stands.
            db.ChangeTracker.Clear();
            await transaction.RollbackAsync(cancellationToken);
            if (await db.Set<Escalation>().AsNoTracking().AnyAsync(e => e.RecordNumber == number && e.State == EscalationState.Active, cancellationToken))
            {
                return null;
            }

            throw;
        }

        await PageAsync(escalation, policy, subject, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return escalation;
    }

    /// <summary>
    /// The timeout of <paramref name="level"/> in <paramref name="round"/> passed: pages the next level (or level 1 of
    /// the next round, or ends it). Nothing happens when the escalation is no longer there (acknowledged, moved on).
    /// </summary>
    /// <returns>Whether it moved.</returns>
    public async Task<bool> TimeoutAsync(long id, int level, int round, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var escalation = await db.Set<Escalation>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (escalation is not { State: EscalationState.Active } || escalation.Level != level || escalation.Round != round || escalation.NextAt > now)
        {
            return false;
        }

        var subject = await SubjectAsync(escalation.RecordNumber, escalation.Trigger, cancellationToken);
        var policy = await db.Set<EscalationPolicy>().AsNoTracking().Include(p => p.Levels).ThenInclude(l => l.Targets).FirstOrDefaultAsync(p => p.Id == escalation.PolicyId, cancellationToken);
        var old = Describe(escalation);
        try
        {
            await MoveAsync(escalation, old, subject, policy, level, round, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // acknowledged or moved by another host meanwhile: theirs stands
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task MoveAsync(Escalation escalation, string old, Subject? subject, EscalationPolicy? policy, int level, int round, DateTime now, CancellationToken cancellationToken)
    {
        escalation.Revision++;
        if (subject is not { Live: true } || policy is null || policy.Levels.Count == 0)
        {
            End(escalation, EscalationState.Cancelled, now);
            await AuditAsync(escalation.RecordNumber, old, subject is { Live: true } ? "Cancelled: its policy is gone." : "Cancelled: the record is no longer open.", "escalation timer", cancellationToken);
        }
        else if (level < policy.Levels.Count || round <= policy.RepeatCount)
        {
            var timeout = policy.LevelsInOrder.First(l => l.Position == level).TimeoutMinutes;
            var pagedNobody = !await db.Set<EscalationPage>().AnyAsync(p => p.EscalationId == escalation.Id && p.Level == level && p.Round == round, cancellationToken);
            (escalation.Level, escalation.Round) = level < policy.Levels.Count ? (level + 1, round) : (1, round + 1);
            var why = pagedNobody ? $"Nobody to page at level {level}" : $"No acknowledgement within {timeout} minutes";
            await AuditAsync(escalation.RecordNumber, old, $"{why}: level {escalation.Level}{RoundText(escalation.Round)}", "escalation timer", cancellationToken);
            await PageAsync(escalation, policy, subject, cancellationToken);
        }
        else
        {
            End(escalation, EscalationState.Exhausted, now);
            await AuditAsync(escalation.RecordNumber, old, "Nobody acknowledged: every level was paged.", "escalation timer", cancellationToken);
        }
    }

    /// <summary>Acknowledges the escalation running on the record.</summary>
    /// <exception cref="RecordNotFoundException">The record has never been escalated.</exception>
    /// <exception cref="EscalationConflictException">Acknowledged already, or over.</exception>
    public async Task<Escalation> AcknowledgeRecordAsync(string number, string by, CancellationToken cancellationToken)
    {
        var latest = await db.Set<Escalation>().AsNoTracking().Where(e => e.RecordNumber == number)
            .OrderBy(e => e.State == EscalationState.Active ? 0 : 1).ThenByDescending(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RecordNotFoundException($"{number} has no escalation.");
        return await AcknowledgeAsync(latest, by, "the record", cancellationToken);
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="EscalationConflictException">Acknowledged already, or over.</exception>
    public async Task<Escalation> AcknowledgeAsync(long id, string by, string via, CancellationToken cancellationToken, EscalationPage? link = null)
    {
        var escalation = await db.Set<Escalation>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new RecordNotFoundException($"No escalation {id}.");
        if (escalation.State == EscalationState.Acknowledged)
        {
            throw new EscalationConflictException(
                $"The escalation on {escalation.RecordNumber} was acknowledged already by {escalation.AcknowledgedBy} at {escalation.AcknowledgedAt:yyyy-MM-dd HH:mm} UTC.");
        }

        if (escalation.State != EscalationState.Active)
        {
            throw new EscalationConflictException($"The escalation on {escalation.RecordNumber} is over ({EscalationLabels.State(escalation.State).ToLowerInvariant()}).");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var old = Describe(escalation);
        escalation.Revision++;
        End(escalation, EscalationState.Acknowledged, now);
        (escalation.AcknowledgedBy, escalation.AcknowledgedAt) = (by, now);
        if (link is not null)
        {
            link.LinkUsedAt = now;
        }

        await AuditAsync(escalation.RecordNumber, old, $"Acknowledged by {by} (from {via}) at level {escalation.Level}{RoundText(escalation.Round)}", by, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new EscalationConflictException($"The escalation on {escalation.RecordNumber} moved meanwhile; look at it again.");
        }

        if (escalation.TimerJobId is { } job)
        {
            jobs.Delete(job); // a left-over would do nothing; deleting it keeps the queue clean
        }

        return escalation;
    }

    /// <summary>
    /// What the link emailed to <paramref name="user"/> is about, without using it (the page shows it before she
    /// acknowledges; a mail scanner opening the link acknowledges nothing).
    /// </summary>
    /// <exception cref="EscalationLinkRefusedException">Unknown, or another person's.</exception>
    public async Task<(EscalationView Escalation, bool LinkUsed)> CheckLinkAsync(string token, string user, CancellationToken cancellationToken)
    {
        var page = await LinkPageAsync(token, user, cancellationToken);
        var escalation = await db.Set<Escalation>().AsNoTracking().Include(e => e.Pages).FirstAsync(e => e.Id == page.EscalationId, cancellationToken);
        return (ToView(escalation), page.LinkUsedAt is not null);
    }

    private async Task<EscalationPage> LinkPageAsync(string token, string user, CancellationToken cancellationToken)
    {
        var hash = LinkTokens.Hash(token ?? "");
        var page = await db.Set<EscalationPage>().FirstOrDefaultAsync(p => p.TokenHash == hash, cancellationToken)
            ?? throw new EscalationLinkRefusedException(EscalationLinkRefusal.Unknown);
        return string.Equals(page.UserName, user, StringComparison.Ordinal) ? page : throw new EscalationLinkRefusedException(EscalationLinkRefusal.OtherPerson);
    }

    /// <summary>Acknowledges through the link emailed to <paramref name="user"/>; it works once, for her only.</summary>
    /// <exception cref="EscalationLinkRefusedException">Unknown, or another person's.</exception>
    /// <exception cref="EscalationConflictException">Used already, or the escalation is acknowledged or over.</exception>
    public async Task<Escalation> AcknowledgeByLinkAsync(string token, string user, CancellationToken cancellationToken)
    {
        var page = await LinkPageAsync(token, user, cancellationToken);
        if (page.LinkUsedAt is not null)
        {
            throw new EscalationConflictException($"This link was used already, at {page.LinkUsedAt:yyyy-MM-dd HH:mm} UTC.");
        }

        return await AcknowledgeAsync(page.EscalationId, user, "the email link", cancellationToken, page);
    }

    public async Task<IReadOnlyList<EscalationView>> OfRecordAsync(string number, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Escalation>().AsNoTracking().Include(e => e.Pages).Where(e => e.RecordNumber == number).OrderByDescending(e => e.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(ToView)];
    }

    public static EscalationView ToView(Escalation e) => new(e.Id, e.RecordNumber, e.PolicyName, EscalationLabels.Trigger(e.Trigger), e.TriggerDetail, e.GroupKey, e.Level, e.Round,
        e.State, EscalationLabels.State(e.State), e.StartedAt, e.NextAt, e.AcknowledgedBy, e.AcknowledgedAt,
        [.. e.Pages.OrderBy(p => p.Id).Select(p => new EscalationPageView(p.Level, p.Round, p.UserName, p.Reason, p.NotifiedAt, p.LinkUsedAt is not null))]);

    /// <summary>Pages the escalation's current level: each person once, with her own link; plans the level's timer.</summary>
    private async Task PageAsync(Escalation escalation, EscalationPolicy policy, Subject subject, CancellationToken cancellationToken)
    {
        var level = policy.LevelsInOrder.First(l => l.Position == escalation.Level);
        var now = time.GetUtcNow().UtcDateTime;
        var people = new List<(string User, string Reason)>();
        var missing = new List<string>();
        foreach (var target in level.Targets.OrderBy(t => t.Id))
        {
            var found = await ResolveAsync(target, escalation.GroupKey, now, cancellationToken);
            if (found.Count == 0)
            {
                missing.Add(Nobody(target, escalation.GroupKey));
            }

            people.AddRange(found.Where(f => !people.Any(p => p.User == f.User)));
        }

        foreach (var (user, reason) in people)
        {
            var token = LinkTokens.New();
            escalation.Pages.Add(new EscalationPage
            {
                Level = escalation.Level, Round = escalation.Round, UserName = user, Reason = Clip(reason, Record.ShortDescriptionLength)!, NotifiedAt = now, TokenHash = LinkTokens.Hash(token),
            });
            await notifier.NotifyAsync(NotificationKinds.Escalation, [user], new Dictionary<string, string?>
            {
                ["record"] = subject.Number,
                ["task"] = subject.ShortDescription,
                ["process"] = policy.Name,
                ["due"] = (now + TimeSpan.FromMinutes(level.TimeoutMinutes)).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                ["by"] = $"{subject.Number} ({subject.Title}) needs you — level {escalation.Level} of \"{policy.Name}\"; you are paged as {reason}. "
                    + $"Acknowledge within {level.TimeoutMinutes} minutes or the next level is paged; the link works once, for you only.",
            }, LinkPrefix + token, cancellationToken);
            // The channel seam: her pager hook (SMS, voice, chat gateway) and shared channels hear it through the signed webhooks, after the commit.
            WebhookCapture.Add(db, WebhookEventTypes.EscalationPaged, subject.Number, new
            {
                number = subject.Number, title = subject.Title, policy = policy.Name, level = escalation.Level, round = escalation.Round, person = user, reason,
                acknowledgeWithinMinutes = level.TimeoutMinutes, trigger = EscalationLabels.Trigger(escalation.Trigger),
            }, recipient: user);
        }

        var paged = people.Count == 0 ? "nobody could be paged" : "paged " + string.Join(", ", people.Select(p => $"{p.User} ({p.Reason})"));
        await AuditAsync(escalation.RecordNumber, null, Clip($"Level {escalation.Level}{RoundText(escalation.Round)}: {paged}{(missing.Count == 0 ? "" : "; " + string.Join("; ", missing))}", Record.TextLength)!,
            "escalation policy", cancellationToken);

        // A level with nobody to page (nobody on call outside a layer's hours) does not hold the escalation up: the next one is due at once.
        escalation.NextAt = people.Count == 0 ? now : now + TimeSpan.FromMinutes(level.TimeoutMinutes);
        await db.SaveChangesAsync(cancellationToken); // the id the timer carries
        escalation.TimerJobId = jobs.Schedule<EscalationTimerJob>(job => job.RunAsync(escalation.Id, escalation.Level, escalation.Round, CancellationToken.None), escalation.NextAt.Value);
    }

    private async Task<IReadOnlyList<(string User, string Reason)>> ResolveAsync(EscalationTarget target, string? recordGroup, DateTime now, CancellationToken cancellationToken)
    {
        var group = target.GroupKey ?? recordGroup;
        switch (target.Kind)
        {
            case EscalationTargetKind.Person:
                return target.UserName is { } person ? [(person, "named in the policy")] : [];
            case EscalationTargetKind.Group:
                return group is null ? [] : [.. (await groups.MembersOfAsync([group], cancellationToken)).Order(StringComparer.Ordinal).Select(m => (m, $"member of {group}"))];
            case EscalationTargetKind.GroupManager:
                return await policies.ManagerOfAsync(group, cancellationToken) is { } manager ? [(manager, $"manager of {group}")] : [];
            default:
                var layer = target.Layer ?? OnCallLayerKind.Primary;
                OnCallAnswer answer;
                try
                {
                    answer = target.ScheduleId is { } schedule
                        ? await schedules.WhoAsync(schedule, layer, now, cancellationToken)
                        : group is null ? throw new RecordNotFoundException("no group") : await schedules.WhoForGroupAsync(group, layer, now, cancellationToken);
                }
                catch (RecordNotFoundException)
                {
                    return [];
                }

                return answer.UserName is { } onCall ? [(onCall, $"on call ({EscalationLabels.Layer(layer).ToLowerInvariant()}, {answer.ScheduleName})")] : [];
        }
    }

    private static string Nobody(EscalationTarget target, string? recordGroup) => target.Kind switch
    {
        EscalationTargetKind.OnCall => $"nobody on call ({EscalationLabels.Layer(target.Layer ?? OnCallLayerKind.Primary).ToLowerInvariant()}){(recordGroup is null ? "" : $" for {recordGroup}")}",
        EscalationTargetKind.GroupManager => $"no manager named for {target.GroupKey ?? recordGroup ?? "the record's group"}",
        EscalationTargetKind.Group => $"nobody in {target.GroupKey ?? recordGroup ?? "the record's group"}",
        _ => "nobody named",
    };

    /// <summary>What an escalation pages about, and whether it is still worth paging for (an open incident; a change that stays failed).</summary>
    private sealed record Subject(string Number, string ShortDescription, string Title, int Priority, string? Service, string? Group, bool Live);

    private async Task<Subject?> SubjectAsync(string number, EscalationTrigger trigger, CancellationToken cancellationToken)
    {
        if (await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Number == number, cancellationToken) is { } incident)
        {
            return new Subject(number, incident.ShortDescription, $"P{incident.Priority}: {incident.ShortDescription}", incident.Priority, incident.Service, incident.AssignmentGroup,
                incident.IsOpen);
        }

        return await db.Changes.AsNoTracking().FirstOrDefaultAsync(c => c.Number == number, cancellationToken) is { } change
            ? new Subject(number, change.ShortDescription, $"failed change: {change.ShortDescription}", change.Priority, change.Service, change.AssignmentGroup,
                trigger == EscalationTrigger.ChangeFailure ? change is { State: ChangeState.Closed, CloseCode: ChangeCloseCode.Unsuccessful } : change.IsOpen)
            : null;
    }

    private async Task AuditAsync(string number, string? old, string text, string by, CancellationToken cancellationToken)
    {
        var record = await store.FindAsync(number, cancellationToken);
        history.Audit(record, ActivityField, old, text, by);
    }

    private static void End(Escalation escalation, EscalationState state, DateTime now)
    {
        escalation.State = state;
        escalation.EndedAt = now;
        escalation.NextAt = null;
    }

    private static string Describe(Escalation e) => $"{EscalationLabels.State(e.State)}: level {e.Level}{RoundText(e.Round)}";

    private static string RoundText(int round) => round > 1 ? $" (repeat {round - 1})" : "";

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

}
