using Cronos;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Timers;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>A drill schedule as asked: its type and either a cron expression (five fields, UTC) or an ISO repeating interval (R/2027-01-04T09:00:00Z/P3M).</summary>
public sealed record DrillScheduleInput(DrillType? Type, string? Cron, string? Interval);

/// <summary>How a drill step ended: its evidence (what the plan asks for), or failed with what went wrong.</summary>
public sealed record StepCompletion(string? Evidence, bool Failed = false, string? Notes = null);

/// <summary>
/// Continuity drills: schedules per plan declared through the jobs port (a cron schedule is a recurring job; an ISO
/// repeating interval plans its next run each time it fires), and the drills they start — one task per recovery
/// step, ready once the steps it depends on are done (so independent steps run in parallel), a step refused without
/// its evidence, an RTO timer that tells the owner before the target is missed, the recovery time measured from the
/// steps' stored timestamps (first start → last end), and a failed step raising a problem.
/// </summary>
public sealed class ContinuityDrills(ItsmDbContext db, TimeProvider time, IJobs jobs, Notifier notifier, ProblemService problems)
{
    public const string Kind = "drill";

    /// <summary>The share of the RTO after which the drill's owner is told the target is at risk.</summary>
    public const double RtoWarningShare = 0.8;

    /// <exception cref="RecordValidationException">No type, none or both of cron and interval, or one that does not parse (named); nothing was stored.</exception>
    public async Task<DrillSchedule> AddScheduleAsync(long planId, DrillScheduleInput input, string by, CancellationToken cancellationToken)
    {
        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken)
            ?? throw new RecordNotFoundException($"No continuity plan {planId}.");
        var errors = new FieldErrors();
        if (input.Type is null)
        {
            errors.Add("type", "Name the drill type: walk-through, tabletop, functional or full-scale.");
        }

        var cron = RecordText.TrimmedOrNull(input.Cron);
        var interval = RecordText.TrimmedOrNull(input.Interval);
        TimerSchedule? cycle = null;
        if ((cron is null) == (interval is null))
        {
            errors.Add("cron", "Give either a cron expression or an ISO repeating interval.");
        }
        else if (cron is not null && !CronExpression.TryParse(cron, CronFormat.Standard, out _))
        {
            errors.Add("cron", $"'{cron}' is no cron expression (five fields: minute hour day-of-month month day-of-week, e.g. 0 9 1 */3 *).");
        }
        else if (interval is not null && (!interval.StartsWith('R') || !TimerSchedule.TryParse(TimerKind.Cycle, interval, out cycle, out _)))
        {
            errors.Add("interval", $"'{interval}' is no ISO repeating interval (e.g. R/2027-01-04T09:00:00Z/P3M).");
        }

        errors.Length("cron", cron, DrillSchedule.ExpressionLength);
        errors.Length("interval", interval, DrillSchedule.ExpressionLength);
        errors.ThrowIfAny("drill schedule");

        var now = time.GetUtcNow();
        var schedule = new DrillSchedule
        {
            PlanId = plan.Id, Type = input.Type!.Value, Cron = cron, Interval = interval, CreatedBy = by, CreatedAt = now.UtcDateTime,
            NextDueAt = cycle?.NextDue(now, 0)?.UtcDateTime,
        };
        db.Add(schedule);
        await db.SaveChangesAsync(cancellationToken);
        Declare(schedule);
        return schedule;
    }

    public async Task RemoveScheduleAsync(long scheduleId, CancellationToken cancellationToken)
    {
        var schedule = await db.Set<DrillSchedule>().FirstOrDefaultAsync(s => s.Id == scheduleId, cancellationToken)
            ?? throw new RecordNotFoundException($"No drill schedule {scheduleId}.");
        db.Remove(schedule);
        await db.SaveChangesAsync(cancellationToken);
        if (schedule.Cron is not null)
        {
            jobs.RemoveRecurring(schedule.RecurringJobId);
        }
    }

    /// <summary>Declares every cron schedule again at start (one definition per id, so every host may).</summary>
    public async Task DeclareAllAsync(CancellationToken cancellationToken)
    {
        foreach (var schedule in await db.Set<DrillSchedule>().AsNoTracking().Where(s => s.Cron != null).ToListAsync(cancellationToken))
        {
            Declare(schedule);
        }
    }

    private void Declare(DrillSchedule schedule)
    {
        var id = schedule.Id;
        if (schedule.Cron is { } cron)
        {
            jobs.AddOrUpdateRecurring<ContinuityDrillJob>(schedule.RecurringJobId, job => job.RunAsync(id, CancellationToken.None), cron);
        }
        else if (schedule.NextDueAt is { } due)
        {
            jobs.Schedule<ContinuityDrillJob>(job => job.RunAsync(id, CancellationToken.None), new DateTimeOffset(due, TimeSpan.Zero));
        }
    }

    /// <summary>A schedule fired: an interval schedule plans its next run, and the drill starts.</summary>
    internal async Task<ContinuityDrill?> FireAsync(long scheduleId, CancellationToken cancellationToken)
    {
        var schedule = await db.Set<DrillSchedule>().FirstOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null)
        {
            return null; // removed since it was planned
        }

        if (schedule.Interval is { } interval && TimerSchedule.TryParse(TimerKind.Cycle, interval, out var cycle, out _))
        {
            schedule.NextDueAt = cycle!.NextDue(time.GetUtcNow(), 1)?.UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            Declare(schedule);
        }

        return await StartAsync(schedule.PlanId, schedule.Type, ContinuityDrillJob.Actor, cancellationToken, schedule.Id);
    }

    /// <summary>Starts a drill of the plan: its steps become tasks, those depending on nothing ready at once; the RTO timer is planned.</summary>
    /// <exception cref="ContinuityConflictException">The plan has no steps, or a drill of it is running.</exception>
    public async Task<ContinuityDrill> StartAsync(long planId, DrillType type, string by, CancellationToken cancellationToken, long? scheduleId = null)
    {
        var plan = await db.Set<ContinuityPlan>().Include(p => p.Steps).AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken)
            ?? throw new RecordNotFoundException($"No continuity plan {planId}.");
        if (plan.Steps.Count == 0)
        {
            throw new ContinuityConflictException($"The plan \"{plan.Title}\" has no recovery steps to drill.");
        }

        if (await db.Set<ContinuityDrill>().AnyAsync(d => d.PlanId == planId && d.State == DrillState.Running, cancellationToken))
        {
            throw new ContinuityConflictException($"A drill of \"{plan.Title}\" is already running; finish it first.");
        }

        var rto = await db.Set<BusinessImpactAnalysis>().Where(a => a.Service == plan.Service).Select(a => a.RtoMinutes).FirstOrDefaultAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var drill = new ContinuityDrill
        {
            PlanId = plan.Id, ScheduleId = scheduleId, Type = type, State = DrillState.Running, RtoMinutes = rto, StartedAt = now, StartedBy = by,
            Steps = [.. plan.StepsInOrder.Select(s => new DrillStep
            {
                Order = s.Order, Name = s.Name, Owner = s.Owner, Group = s.Group, DependsOn = [.. s.DependsOn], RequiredEvidence = s.RequiredEvidence,
                State = s.DependsOn.Count == 0 ? DrillStepState.Ready : DrillStepState.Waiting,
            })],
        };
        db.Add(drill);
        await db.SaveChangesAsync(cancellationToken);
        if (rto is { } minutes)
        {
            var id = drill.Id;
            jobs.Schedule<ContinuityDrillJob>(job => job.RtoTimerAsync(id, CancellationToken.None), new DateTimeOffset(now.AddMinutes(minutes * RtoWarningShare), TimeSpan.Zero));
        }

        return drill;
    }

    public async Task<ContinuityDrill> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ContinuityDrill>().Include(d => d.Steps).FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
        ?? throw new RecordNotFoundException($"No drill {id}.");

    /// <summary>Starts working a ready step; its start time is stored (the measured recovery begins with the first one).</summary>
    /// <exception cref="ContinuityConflictException">The step waits for others, or is under way or over.</exception>
    public async Task<DrillStep> StartStepAsync(long drillId, int order, string by, CancellationToken cancellationToken)
    {
        var drill = await FindAsync(drillId, cancellationToken);
        var step = StepOf(drill, order);
        if (step.State != DrillStepState.Ready)
        {
            throw new ContinuityConflictException($"Step {order} is {ContinuityLabels.Step(step.State).ToLowerInvariant()}; only a ready step can start.");
        }

        step.State = DrillStepState.InProgress;
        step.StartedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return step;
    }

    /// <summary>
    /// Completes a step with its evidence, or records it failed (a problem is raised for it). The steps waiting only on
    /// it become ready; the last one ends the drill with its measured recovery time.
    /// </summary>
    /// <exception cref="RecordValidationException">The step asks for evidence and none was given; nothing was stored.</exception>
    /// <exception cref="ContinuityConflictException">The step is not under way.</exception>
    public async Task<ContinuityDrill> CompleteStepAsync(long drillId, int order, StepCompletion completion, string by, CancellationToken cancellationToken)
    {
        var drill = await FindAsync(drillId, cancellationToken);
        var step = StepOf(drill, order);
        if (step.State is not (DrillStepState.Ready or DrillStepState.InProgress) || drill.State != DrillState.Running)
        {
            throw new ContinuityConflictException($"Step {order} is {ContinuityLabels.Step(step.State).ToLowerInvariant()}; it cannot be completed.");
        }

        var evidence = RecordText.TrimmedOrNull(completion.Evidence);
        var errors = new FieldErrors();
        if (!completion.Failed && step.RequiredEvidence is not null && evidence is null)
        {
            errors.Add("evidence", $"Step {order} \"{step.Name}\" cannot complete without its evidence: {step.RequiredEvidence}");
        }

        errors.Texts(("evidence", evidence), ("notes", completion.Notes));
        errors.ThrowIfAny("drill step");

        var now = time.GetUtcNow().UtcDateTime;
        step.StartedAt ??= now;
        step.EndedAt = now;
        step.Evidence = evidence;
        step.CompletedBy = by;
        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstAsync(p => p.Id == drill.PlanId, cancellationToken);
        if (completion.Failed)
        {
            step.State = DrillStepState.Failed;
            var problem = await problems.CreateAsync(new NewProblem
            {
                ShortDescription = Clip($"Continuity drill: step {order} \"{step.Name}\" failed ({plan.Title})", Record.ShortDescriptionLength),
                Description = $"{ContinuityLabels.DrillType(drill.Type)} drill of \"{plan.Title}\" started {drill.StartedAt:yyyy-MM-dd HH:mm} UTC. {completion.Notes}".Trim(),
                Service = plan.Service,
            }, by, cancellationToken);
            step.ProblemNumber = problem.Number;
            End(drill, now);
        }
        else
        {
            step.State = DrillStepState.Done;
            var done = drill.Steps.Where(s => s.State == DrillStepState.Done).Select(s => s.Order).ToHashSet();
            foreach (var next in drill.Steps.Where(s => s.State == DrillStepState.Waiting && s.DependsOn.All(done.Contains)))
            {
                next.State = DrillStepState.Ready;
            }

            if (drill.Steps.All(s => s.State == DrillStepState.Done))
            {
                End(drill, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return drill;
    }

    /// <summary>The RTO timer: a drill still running when most of the RTO is used tells the plan's owner, once.</summary>
    internal async Task<bool> RtoTimerAsync(long drillId, CancellationToken cancellationToken)
    {
        var drill = await db.Set<ContinuityDrill>().FirstOrDefaultAsync(d => d.Id == drillId, cancellationToken);
        if (drill is not { State: DrillState.Running, EscalatedAt: null, RtoMinutes: { } rto })
        {
            return false;
        }

        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstAsync(p => p.Id == drill.PlanId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        drill.EscalatedAt = now;
        var used = (int)(now - drill.StartedAt).TotalMinutes;
        await notifier.NotifyAsync(NotificationKinds.Escalation, [plan.Owner], new Dictionary<string, string?>
        {
            ["record"] = $"drill of {plan.Title}",
            ["by"] = $"The {ContinuityLabels.DrillType(drill.Type).ToLowerInvariant()} drill of \"{plan.Title}\" has run {ContinuityLabels.Duration(used)} of its RTO of {ContinuityLabels.Duration(rto)} and is not finished: the target is about to be missed.",
        }, $"/continuity/plans/{plan.Id}", cancellationToken); // the plan page shows its running drill
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Ends the drill: recovery measured from the first step's start to the last step's end, as stored; passed when within the RTO and no step failed.</summary>
    private static void End(ContinuityDrill drill, DateTime now)
    {
        drill.EndedAt = now;
        var started = drill.Steps.Where(s => s.StartedAt is not null).Min(s => s.StartedAt);
        var ended = drill.Steps.Where(s => s.EndedAt is not null).Max(s => s.EndedAt);
        drill.MeasuredMinutes = started is { } first && ended is { } last ? (int)Math.Round((last - first).TotalMinutes) : null;
        var failed = drill.Steps.Any(s => s.State == DrillStepState.Failed);
        drill.State = !failed && (drill.RtoMinutes is not { } rto || drill.MeasuredMinutes <= rto) ? DrillState.Passed : DrillState.Failed;
    }

    private static DrillStep StepOf(ContinuityDrill drill, int order) =>
        drill.Steps.FirstOrDefault(s => s.Order == order) ?? throw new RecordNotFoundException($"Drill {drill.Id} has no step {order}.");

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>The drills' jobs: a schedule firing (a recurring job per cron schedule, a planned one per interval run) and the RTO timer.</summary>
public sealed class ContinuityDrillJob(ContinuityDrills drills)
{
    public const string Actor = "drill schedule";

    public Task RunAsync(long scheduleId, CancellationToken cancellationToken) => drills.FireAsync(scheduleId, cancellationToken);

    public Task RtoTimerAsync(long drillId, CancellationToken cancellationToken) => drills.RtoTimerAsync(drillId, cancellationToken);
}
