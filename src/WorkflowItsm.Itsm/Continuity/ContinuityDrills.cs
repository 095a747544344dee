using System.Globalization;
using Cronos;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Timers;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>A drill schedule as asked: its type and either a cron expression (five fields, UTC) or an ISO repeating interval (R/2027-01-04T09:00:00Z/P3M).</summary>
public sealed record DrillScheduleInput(DrillType? Type, string? Cron, string? Interval);

/// <summary>How a drill step ended: its evidence (what the plan asks for), or failed with what went wrong.</summary>
public sealed record StepCompletion(string? Evidence, bool Failed = false, string? Notes = null, int? DataLossMinutes = null);

/// <summary>
/// Continuity drills: schedules per plan declared through the jobs port (a cron schedule is a recurring job; an ISO
/// repeating interval plans its next run each time it fires), and the drills they start — one task per recovery
/// step, ready once the steps it depends on are done (so independent steps run in parallel), a step refused without
/// its evidence, an RTO timer that tells the owner before the target is missed, the recovery time measured from the
/// steps' stored timestamps (first start → last end), and a failed step raising a problem.
/// </summary>
public sealed class ContinuityDrills(ItsmDbContext db, TimeProvider time, IJobs jobs, Notifier notifier, ProblemService problems, ChangeService changes, WorkflowRuntime runtime)
{
    public const string Kind = "drill";

    /// <summary>The workflow a drill runs when it is deployed (workflows/continuity-drill.bpmn): its steps as tasks in people's inboxes.</summary>
    public const string Process = "continuity-drill";

    /// <summary>The business key of a drill's instance: how its tasks find their drill.</summary>
    public static string BusinessKey(long drillId) => $"drill-{drillId.ToString(CultureInfo.InvariantCulture)}";

    public static long? DrillIdOf(string? businessKey) =>
        businessKey is { Length: > 6 } key && key.StartsWith("drill-", StringComparison.Ordinal)
        && long.TryParse(key.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

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

        var objectives = await db.Set<BusinessImpactAnalysis>().Where(a => a.Service == plan.Service)
            .Select(a => new { RtoMinutes = a.ApprovedRtoMinutes, RpoMinutes = a.ApprovedRpoMinutes }).FirstOrDefaultAsync(cancellationToken);
        var rto = objectives?.RtoMinutes;
        var now = time.GetUtcNow().UtcDateTime;
        var drill = new ContinuityDrill
        {
            PlanId = plan.Id, ScheduleId = scheduleId, Type = type, State = DrillState.Running, RtoMinutes = rto, RpoMinutes = objectives?.RpoMinutes,
            StartedAt = now, StartedBy = by,
            Steps = [.. plan.StepsInOrder.Select(s => new DrillStep
            {
                Order = s.Order, Name = s.Name, Owner = s.Owner, Group = s.Group, DependsOn = [.. s.DependsOn], RequiredEvidence = s.RequiredEvidence,
                State = s.DependsOn.Count == 0 ? DrillStepState.Ready : DrillStepState.Waiting,
            })],
        };
        db.Add(drill);
        await db.SaveChangesAsync(cancellationToken);
        var id = drill.Id;
        try
        {
            // The workflow's first step links itself (ProcessInstanceId) and plans the RTO timer as a boundary timer.
            await runtime.StartAsync(new StartProcessCommand(Process, BusinessKey: BusinessKey(id), StartedBy: by,
                Variables: new Dictionary<string, object?> { ["drillId"] = id }), cancellationToken);
            return await FindAsync(id, cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            // Not deployed: the drill runs on the plan page alone, with the RTO timer as a job.
        }

        if (rto is { } minutes)
        {
            jobs.Schedule<ContinuityDrillJob>(job => job.RtoTimerAsync(id, CancellationToken.None), new DateTimeOffset(now.AddMinutes(minutes * RtoWarningShare), TimeSpan.Zero));
        }

        return drill;
    }

    /// <summary>
    /// For the workflow: the ready steps not yet offered become tasks now (their recovery starts: the stored start of
    /// each step); <see cref="ReadySteps.Over"/> once every step is done, one failed, or the drill ended otherwise.
    /// </summary>
    public async Task<ReadySteps> OfferReadyStepsAsync(long drillId, CancellationToken cancellationToken)
    {
        var drill = await FindAsync(drillId, cancellationToken);
        if (drill.State != DrillState.Running || drill.Steps.Any(s => s.State == DrillStepState.Failed) || drill.Steps.All(s => s.State == DrillStepState.Done))
        {
            return new ReadySteps([], true);
        }

        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstAsync(p => p.Id == drill.PlanId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var ready = drill.Steps.Where(s => s.State == DrillStepState.Ready).OrderBy(s => s.Order).ToList();
        foreach (var step in ready)
        {
            step.State = DrillStepState.InProgress;
            step.StartedAt ??= now;
        }

        await db.SaveChangesAsync(cancellationToken);
        // Nothing ready while steps are left would wait for ever: the plan's dependencies cannot all be met.
        return new ReadySteps([.. ready.Select(s => new ReadyStep(s.Order, s.Name, s.Owner ?? (s.Group is null ? plan.Owner : null), s.Group))], ready.Count == 0);
    }

    /// <summary>
    /// For the workflow's end: the drill's result (if no step ended it yet), its findings, and its report archived on
    /// the plan. Done once: a retried step finds the report there.
    /// </summary>
    public async Task<ContinuityDrill> FinishAsync(long drillId, CancellationToken cancellationToken)
    {
        var drill = await FindAsync(drillId, cancellationToken);
        if (drill.State == DrillState.Running)
        {
            End(drill, time.GetUtcNow().UtcDateTime);
        }

        if (!await db.Set<DrillReport>().AnyAsync(r => r.DrillId == drillId, cancellationToken))
        {
            AddFindings(drill);
            await db.SaveChangesAsync(cancellationToken);
            await ArchiveAsync(drill, cancellationToken);
        }

        return drill;
    }

    /// <summary>What the drill found, worded for its report: each failed step, the RTO or RPO missed, the escalation.</summary>
    private void AddFindings(ContinuityDrill drill)
    {
        var now = time.GetUtcNow().UtcDateTime;
        void Add(string text, string? problem = null)
        {
            if (drill.Findings.All(f => f.Text != text))
            {
                drill.Findings.Add(new DrillFinding { Text = Clip(text, DrillFinding.TextLength), ProblemNumber = problem, CreatedAt = now });
            }
        }

        foreach (var step in drill.Steps.Where(s => s.State == DrillStepState.Failed).OrderBy(s => s.Order))
        {
            Add($"Step {step.Order} \"{step.Name}\" failed{(step.Notes is { } notes ? $": {notes}" : ".")}", step.ProblemNumber);
        }

        if (drill is { MeasuredMinutes: { } measured, RtoMinutes: { } rto } && measured > rto)
        {
            Add($"Recovery took {ContinuityLabels.Duration(measured)}, over the RTO of {ContinuityLabels.Duration(rto)}.");
        }

        if (drill is { DataLossMinutes: { } lost, RpoMinutes: { } rpo } && lost > rpo)
        {
            Add($"{ContinuityLabels.Duration(lost)} of data was lost, over the RPO of {ContinuityLabels.Duration(rpo)}.");
        }

        if (drill.EscalatedAt is not null)
        {
            Add("The RTO warning fired: the recovery was about to miss its target.");
        }

        foreach (var step in drill.Steps.Where(s => s.State == DrillStepState.Waiting).OrderBy(s => s.Order))
        {
            Add($"Step {step.Order} \"{step.Name}\" was never reached.");
        }
    }

    /// <summary>Stores (or renews, once a failed step's problem is raised) the drill's report on its plan.</summary>
    internal async Task ArchiveAsync(ContinuityDrill drill, CancellationToken cancellationToken)
    {
        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstAsync(p => p.Id == drill.PlanId, cancellationToken);
        var serviceName = await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == plan.Service).Select(c => c.ShortDescription).FirstOrDefaultAsync(cancellationToken);
        var report = ContinuityQueries.Report(drill, plan, serviceName ?? plan.Service);
        var json = System.Text.Json.JsonSerializer.Serialize(report, ContinuityQueries.ReportJson);
        var stored = await db.Set<DrillReport>().FirstOrDefaultAsync(r => r.DrillId == drill.Id, cancellationToken);
        if (stored is null)
        {
            db.Add(new DrillReport { DrillId = drill.Id, PlanId = plan.Id, Outcome = drill.State, ArchivedAt = time.GetUtcNow().UtcDateTime, Json = json });
        }
        else
        {
            stored.Outcome = drill.State;
            stored.Json = json;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>After the step's completion committed: the problem for a step that failed in the workflow, linked on the step, its finding and the report.</summary>
    internal async Task RaiseStepProblemAsync(long drillId, int order, string by, CancellationToken cancellationToken)
    {
        var drill = await db.Set<ContinuityDrill>().Include(d => d.Steps).Include(d => d.Findings).FirstOrDefaultAsync(d => d.Id == drillId, cancellationToken);
        if (drill?.Steps.FirstOrDefault(s => s.Order == order) is not { State: DrillStepState.Failed, ProblemNumber: null } step)
        {
            return; // raised already (a retried job)
        }

        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstAsync(p => p.Id == drill.PlanId, cancellationToken);
        var problem = await RaiseProblemAsync(drill, step, plan, by, cancellationToken);
        // The problem's workflow start saved its own unit of work: the drill is read again to link it.
        db.ChangeTracker.Clear();
        drill = await FindAsync(drillId, cancellationToken);
        drill.Steps.First(s => s.Order == order).ProblemNumber = problem;
        foreach (var finding in drill.Findings.Where(f => f.ProblemNumber is null && f.Text.StartsWith($"Step {order} ", StringComparison.Ordinal)))
        {
            finding.ProblemNumber = problem;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (await db.Set<DrillReport>().AnyAsync(r => r.DrillId == drillId, cancellationToken))
        {
            await ArchiveAsync(drill, cancellationToken);
        }
    }

    private async Task<string> RaiseProblemAsync(ContinuityDrill drill, DrillStep step, ContinuityPlan plan, string by, CancellationToken cancellationToken)
    {
        var problem = await problems.CreateAsync(new NewProblem
        {
            ShortDescription = Clip($"Continuity drill: step {step.Order} \"{step.Name}\" failed ({plan.Title})", Record.ShortDescriptionLength),
            Description = $"{ContinuityLabels.DrillType(drill.Type)} drill of \"{plan.Title}\" started {drill.StartedAt:yyyy-MM-dd HH:mm} UTC. {step.Notes}".Trim(),
            Service = plan.Service,
        }, by, cancellationToken);
        return problem.Number;
    }

    public async Task<ContinuityDrill> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ContinuityDrill>().Include(d => d.Steps).Include(d => d.Findings).FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
        ?? throw new RecordNotFoundException($"No drill {id}.");

    /// <summary>Starts working a ready step; its start time is stored (the measured recovery begins with the first one).</summary>
    /// <exception cref="ContinuityConflictException">The step waits for others, or is under way or over.</exception>
    public async Task<DrillStep> StartStepAsync(long drillId, int order, string by, CancellationToken cancellationToken)
    {
        var drill = await FindAsync(drillId, cancellationToken);
        var step = StepOf(drill, order);
        if (drill.ProcessInstanceId is not null && step.State == DrillStepState.InProgress)
        {
            return step; // its task was offered: the step is under way since then
        }

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
    /// it become ready; the last one ends the drill with its measured recovery time. A drill driven by its workflow is
    /// completed through the step's task (<see cref="ContinuityStepTaskCheck"/>), which calls this with
    /// <paramref name="fromWorkflow"/>: then the workflow ends the drill, and the problem follows the commit (a job).
    /// </summary>
    /// <exception cref="RecordValidationException">The step asks for evidence and none was given; nothing was stored.</exception>
    /// <exception cref="ContinuityConflictException">The step is not under way.</exception>
    public async Task<ContinuityDrill> CompleteStepAsync(long drillId, int order, StepCompletion completion, string by, CancellationToken cancellationToken, bool fromWorkflow = false)
    {
        var drill = await FindAsync(drillId, cancellationToken);
        if (drill.ProcessInstanceId is not null && !fromWorkflow)
        {
            return await CompleteStepTaskAsync(drill, order, completion, by, cancellationToken);
        }

        var step = StepOf(drill, order);
        if (step.State is not (DrillStepState.Ready or DrillStepState.InProgress) || drill.State != DrillState.Running)
        {
            throw new ContinuityConflictException($"Step {order} is {ContinuityLabels.Step(step.State).ToLowerInvariant()}; it cannot be completed.");
        }

        var evidence = RecordText.TrimmedOrNull(completion.Evidence);
        var notes = RecordText.TrimmedOrNull(completion.Notes);
        var errors = new FieldErrors();
        if (!completion.Failed && step.RequiredEvidence is not null && evidence is null)
        {
            errors.Add("evidence", $"Step {order} \"{step.Name}\" cannot complete without its evidence: {step.RequiredEvidence}");
        }

        if (completion.DataLossMinutes is < 0)
        {
            errors.Add("dataLossMinutes", "Give the data lost in minutes, 0 or more.");
        }

        errors.Texts(("evidence", evidence), ("notes", notes));
        errors.ThrowIfAny("drill step");

        var now = time.GetUtcNow().UtcDateTime;
        step.StartedAt ??= now;
        step.EndedAt = now;
        step.Evidence = evidence;
        step.Notes = notes;
        step.DataLossMinutes = completion.DataLossMinutes;
        step.CompletedBy = by;
        if (completion.DataLossMinutes is { } lost)
        {
            drill.DataLossMinutes = Math.Max(drill.DataLossMinutes ?? 0, lost);
        }

        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstAsync(p => p.Id == drill.PlanId, cancellationToken);
        if (completion.Failed)
        {
            step.State = DrillStepState.Failed;
            if (fromWorkflow)
            {
                // A step of a workflow cannot start the problem's own workflow inside its transaction: it follows the commit.
                jobs.Enqueue<ContinuityDrillJob>(job => job.RaiseStepProblemAsync(drillId, order, by, CancellationToken.None));
            }
            else
            {
                step.ProblemNumber = await RaiseProblemAsync(drill, step, plan, by, cancellationToken);
                End(drill, now);
            }
        }
        else
        {
            step.State = DrillStepState.Done;
            var done = drill.Steps.Where(s => s.State == DrillStepState.Done).Select(s => s.Order).ToHashSet();
            foreach (var next in drill.Steps.Where(s => s.State == DrillStepState.Waiting && s.DependsOn.All(done.Contains)))
            {
                next.State = DrillStepState.Ready;
            }

            if (!fromWorkflow && drill.Steps.All(s => s.State == DrillStepState.Done))
            {
                End(drill, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (!fromWorkflow && drill.State != DrillState.Running)
        {
            await FinishAsync(drill.Id, cancellationToken);
        }

        return drill;
    }

    /// <summary>A drill run by its workflow: the step is completed through its task, so the workflow moves on (and the same check applies).</summary>
    private async Task<ContinuityDrill> CompleteStepTaskAsync(ContinuityDrill drill, int order, StepCompletion completion, string by, CancellationToken cancellationToken)
    {
        var step = StepOf(drill, order);
        var taskId = (await new ContinuityQueries(db, time).StepTasksAsync(drill.Id, cancellationToken)).GetValueOrDefault(order)
            ?? throw new ContinuityConflictException($"Step {order} is {ContinuityLabels.Step(step.State).ToLowerInvariant()}; it has no open task to complete.");
        try
        {
            await runtime.CompleteTaskAsync(taskId, new Dictionary<string, object?>
            {
                ["evidence"] = completion.Evidence, ["stepFailed"] = completion.Failed, ["notes"] = completion.Notes, ["dataLossMinutes"] = (long?)completion.DataLossMinutes,
            }, by, cancellationToken);
        }
        catch (FormRejectedException rejected)
        {
            throw new RecordValidationException("drill step", rejected.Errors.GroupBy(e => e.FieldId).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        db.ChangeTracker.Clear();
        return await FindAsync(drill.Id, cancellationToken);
    }

    /// <inheritdoc cref="RaiseFindingAsync(long, long, bool, string, CancellationToken)"/>
    public async Task<DrillFinding> RaiseFindingAsync(long findingId, bool asChange, string by, CancellationToken cancellationToken)
    {
        var drillId = await db.Set<DrillFinding>().Where(f => f.Id == findingId).Select(f => (long?)f.DrillId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RecordNotFoundException($"No drill finding {findingId}.");
        return await RaiseFindingAsync(drillId, findingId, asChange, by, cancellationToken);
    }

    /// <summary>A finding of a drill becomes a problem (to find the cause) or a change (to fix the plan or the service), linked on the finding.</summary>
    /// <exception cref="ContinuityConflictException">The finding has its problem or change already.</exception>
    public async Task<DrillFinding> RaiseFindingAsync(long drillId, long findingId, bool asChange, string by, CancellationToken cancellationToken)
    {
        var drill = await FindAsync(drillId, cancellationToken);
        var finding = drill.Findings.FirstOrDefault(f => f.Id == findingId) ?? throw new RecordNotFoundException($"Drill {drillId} has no finding {findingId}.");
        if ((asChange ? finding.ChangeNumber : finding.ProblemNumber) is { } already)
        {
            throw new ContinuityConflictException($"This finding is already followed up by {already}.");
        }

        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstAsync(p => p.Id == drill.PlanId, cancellationToken);
        var title = Clip($"Continuity drill finding ({plan.Title}): {finding.Text}", Record.ShortDescriptionLength);
        var description = $"Found by the {ContinuityLabels.DrillType(drill.Type).ToLowerInvariant()} drill of \"{plan.Title}\" started {drill.StartedAt:yyyy-MM-dd HH:mm} UTC: {finding.Text}";
        if (asChange)
        {
            var change = await changes.CreateAsync(new NewChange { ShortDescription = title, Description = description, Service = plan.Service, Reason = finding.Text }, by, cancellationToken);
            finding.ChangeNumber = change.Number;
        }
        else
        {
            finding.ProblemNumber = (await problems.CreateAsync(new NewProblem { ShortDescription = title, Description = description, Service = plan.Service }, by, cancellationToken)).Number;
        }

        db.ChangeTracker.Clear(); // the record's workflow start saved its own unit of work
        var stored = await db.Set<DrillFinding>().FirstAsync(f => f.Id == findingId, cancellationToken);
        stored.ProblemNumber = finding.ProblemNumber ?? stored.ProblemNumber;
        stored.ChangeNumber = finding.ChangeNumber ?? stored.ChangeNumber;
        await db.SaveChangesAsync(cancellationToken);
        return stored;
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
        }, $"/continuity/drills/{drill.Id}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Ends the drill: recovery measured from the first step's start to the last step's end, as stored; passed when every step is done, within the RTO and the data lost within the RPO.</summary>
    private static void End(ContinuityDrill drill, DateTime now)
    {
        drill.EndedAt = now;
        var started = drill.Steps.Where(s => s.StartedAt is not null).Min(s => s.StartedAt);
        var ended = drill.Steps.Where(s => s.EndedAt is not null).Max(s => s.EndedAt);
        drill.MeasuredMinutes = started is { } first && ended is { } last ? (int)Math.Round((last - first).TotalMinutes) : null;
        var failed = drill.Steps.Any(s => s.State != DrillStepState.Done);
        var withinRto = drill.RtoMinutes is not { } rto || drill.MeasuredMinutes <= rto;
        var withinRpo = drill.RpoMinutes is not { } rpo || drill.DataLossMinutes is not { } lost || lost <= rpo;
        drill.State = !failed && withinRto && withinRpo ? DrillState.Passed : DrillState.Failed;
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

    public Task RaiseStepProblemAsync(long drillId, int order, string by, CancellationToken cancellationToken) => drills.RaiseStepProblemAsync(drillId, order, by, cancellationToken);
}

/// <summary>The steps the workflow offers as tasks this round, and whether the drill is over.</summary>
public sealed record ReadySteps(IReadOnlyList<ReadyStep> Steps, bool Over);

/// <summary>A step as its task needs it: the assignee (its owner, else the plan's when it names no group) and the group offered it.</summary>
public sealed record ReadyStep(int Order, string Name, string? Owner, string? Group);
