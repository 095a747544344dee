using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>
/// The one approval engine. A record's workflow asks for an approval under a rule (<see cref="RequestAsync"/>, from
/// the service task <c>approvals.request</c>); each approver's vote — from the task page, the record page, the API
/// or a signed email link — comes here, is audited on the record, decides the approval by the rule's policy and
/// completes that approver's user task with <c>approvalDecided</c> and <c>approvalOutcome</c>. At the due date
/// <see cref="ApplyDueAsync"/> auto-approves, auto-rejects or escalates. Records are known by number only.
/// </summary>
public sealed class ApprovalService(
    ItsmDbContext db, ApprovalRules rules, DirectoryGroups groups, BusinessCalendars calendars, RecordStore records, RecordHistory history,
    WorkflowRuntime runtime, HumanTaskCommands tasks, IJobs jobs, TimeProvider time, IEnumerable<IApprovalDecisionObserver> observers)
{
    public const string DecidedVariable = "approvalDecided";
    public const string OutcomeVariable = "approvalOutcome";
    public const string ManagerVariable = "requesterManager";
    public const int CommentLength = 4000;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Adds an approval of <paramref name="recordNumber"/> under the rule <paramref name="ruleKey"/> to the unit of
    /// work (the caller saves: a workflow's step commits it with the instance), with its approvers and due date;
    /// after the commit a job schedules the due action and another sends each approver her signed link.
    /// With nobody to approve it is rejected at once, saying why.
    /// </summary>
    /// <param name="variables">The workflow's variables: a rule's condition reads them, and <c>requesterManager</c> names the requester's manager.</param>
    /// <exception cref="RecordNotFoundException">No such record.</exception>
    /// <exception cref="RecordValidationException">No active rule of that key matches the record and variables.</exception>
    public async Task<Approval> RequestAsync(
        string recordNumber, string ruleKey, IReadOnlyDictionary<string, object?> variables, string? processInstanceId, string requestedBy, CancellationToken cancellationToken)
    {
        var record = await records.FindAsync(recordNumber, cancellationToken);
        var rule = await rules.MatchAsync(recordNumber, ruleKey, variables, cancellationToken)
            ?? throw new RecordValidationException("approval", new Dictionary<string, string[]>
            {
                ["approvalRule"] = [$"No active approval rule '{ruleKey}' applies to {recordNumber}."],
            });
        var approval = new Approval
        {
            Id = Guid.NewGuid().ToString("N"),
            RecordNumber = recordNumber,
            RuleKey = rule.Key,
            RuleName = rule.Name,
            Policy = rule.Policy,
            PolicyValue = rule.PolicyValue,
            Rejection = rule.Rejection,
            RejectionValue = rule.RejectionValue,
            DueAction = rule.DueAction,
            EscalateTo = rule.EscalateTo,
            RequestedAt = Now,
            RequestedBy = requestedBy,
            ProcessInstanceId = processInstanceId,
        };
        approval.Approvers.AddRange(await ApproversOfAsync(approval.Id, rule, variables, cancellationToken));
        if (rule.DuePeriod is { } period)
        {
            approval.Due = await DueAsync(rule.CalendarKey, period, rule.DueUnit, cancellationToken);
        }

        db.Approvals.Add(approval);
        history.Audit(record, "approval", null, $"{rule.Name}: asked of {string.Join(", ", approval.Approvers.Select(a => a.UserName))}", requestedBy, Now);
        if (approval.Approvers.Count == 0)
        {
            await DecideAsync(record, approval, ApprovalState.Rejected, "Nobody can approve: the rule's people and groups name no one.", "workflow", cancellationToken);
            return approval;
        }

        if (approval.Due is { } due && rule.DueAction != DueAction.None)
        {
            jobs.Schedule<ApprovalDueJob>(job => job.RunAsync(approval.Id, CancellationToken.None), new DateTimeOffset(due, TimeSpan.Zero));
        }

        jobs.Enqueue<ApprovalNotificationJob>(job => job.SendAsync(approval.Id, CancellationToken.None));
        return approval;
    }

    /// <summary>
    /// Records <paramref name="user"/>'s vote, decides the approval when the votes suffice, audits both on the record,
    /// and completes her user task (with the decision, when there is one) — all in one transaction.
    /// </summary>
    /// <exception cref="RecordNotFoundException">No such approval.</exception>
    /// <exception cref="ApprovalForbiddenException">She is not (or no longer) an approver of it.</exception>
    /// <exception cref="ApprovalConflictException">She voted already, or the approval is decided.</exception>
    /// <exception cref="RecordValidationException">A rejection without a comment, or a comment too long.</exception>
    public async Task<Approval> VoteAsync(string approvalId, string user, ApprovalDecision decision, string? comment, CancellationToken cancellationToken, ApprovalLink? link = null)
    {
        var approval = await LoadAsync(approvalId, cancellationToken);
        var approver = approval.Approvers.FirstOrDefault(a => a.UserName == user);
        if (approver is null)
        {
            throw new ApprovalForbiddenException($"{user} is not an approver of this approval of {approval.RecordNumber}.");
        }

        if (!approval.IsOpen)
        {
            throw new ApprovalConflictException($"The approval of {approval.RecordNumber} is already {approval.State.ToString().ToLowerInvariant()}.", approval.State);
        }

        if (approver.Decision is not null)
        {
            throw new ApprovalConflictException($"{user} already {approver.Decision.ToString()!.ToLowerInvariant()} this approval; a vote is cast once.", approval.State);
        }

        if (!approver.IsActive)
        {
            throw new ApprovalForbiddenException($"The approval of {approval.RecordNumber} was escalated to {approval.EscalateTo}, who now decides alone.");
        }

        var errors = new FieldErrors();
        if (decision == ApprovalDecision.Rejected && string.IsNullOrWhiteSpace(comment))
        {
            errors.Add("comment", "A rejection needs a comment saying why.");
        }

        errors.Length("comment", comment, CommentLength);

        errors.ThrowIfAny("approval vote");

        var text = RecordText.TrimmedOrNull(comment);
        (approver.Decision, approver.Comment, approver.DecidedAt) = (decision, text, Now);
        var record = await records.FindAsync(approval.RecordNumber, cancellationToken);
        var verb = decision == ApprovalDecision.Approved ? "approved" : "rejected";
        history.Audit(record, "approvalVote", null, $"{verb} ({approval.RuleName})" + (text is null ? "" : $": {text}"), user, Now);
        history.AddNote(record, RecordNoteKind.WorkNote, $"{await NameOfAsync(user, cancellationToken)} {verb}" + (text is null ? "." : $": {text}"), user);
        var decided = ApprovalTally.Decide(approval);
        if (decided is { } outcome)
        {
            await DecideAsync(record, approval, outcome.State, outcome.Reason, user, cancellationToken);
        }

        if (link is not null)
        {
            link.UsedAt = Now;
        }

        approval.Revision++;
        var taskId = await TaskOfAsync(approval, user, decided is not null, cancellationToken);
        await SaveAndCompleteAsync(approval, taskId is null ? [] : [(taskId, decided is not null)], cancellationToken);
        return approval;
    }

    /// <summary>
    /// The due date passed with no decision: the rule's due action — approve, reject, or escalate (the target, a
    /// person or any member of a group, becomes the only approver and gets the one task left open). Nothing happens
    /// when the approval is decided, escalated already, or not due yet (then the job is planned again for the due date).
    /// </summary>
    public async Task ApplyDueAsync(string approvalId, CancellationToken cancellationToken)
    {
        var approval = await db.Approvals.Include(a => a.Approvers).FirstOrDefaultAsync(a => a.Id == approvalId, cancellationToken);
        if (approval is not { State: ApprovalState.Pending, Due: { } due } || approval.DueAction == DueAction.None)
        {
            return;
        }

        if (due > Now)
        {
            jobs.Schedule<ApprovalDueJob>(job => job.RunAsync(approval.Id, CancellationToken.None), new DateTimeOffset(due, TimeSpan.Zero));
            return;
        }

        var record = await records.FindAsync(approval.RecordNumber, cancellationToken);
        var open = await OpenTasksAsync(approval, cancellationToken);
        approval.Revision++;
        if (approval.DueAction is DueAction.AutoApprove or DueAction.AutoReject)
        {
            var state = approval.DueAction == DueAction.AutoApprove ? ApprovalState.Approved : ApprovalState.Rejected;
            await DecideAsync(record, approval, state, $"Nobody decided by the due date: {(state == ApprovalState.Approved ? "approved" : "rejected")} automatically by the rule.", "workflow", cancellationToken);
            await SaveAndCompleteAsync(approval, open.Take(1).Select(t => (t.Id, true)).ToList(), cancellationToken);
            return;
        }

        var target = approval.EscalateTo!;
        var isGroup = await groups.ExistsAsync(target, cancellationToken);
        var targets = isGroup ? await groups.MembersOfAsync([target], cancellationToken) : [target];
        foreach (var approver in approval.Approvers)
        {
            approver.IsActive = false;
        }

        foreach (var person in targets)
        {
            if (approval.Approvers.FirstOrDefault(a => a.UserName == person) is { } existing)
            {
                // A CAB member who is also the escalation target decides again, alone.
                (existing.IsActive, existing.Decision, existing.Comment, existing.DecidedAt, existing.Source) = (true, null, null, null, "escalation");
            }
            else
            {
                approval.Approvers.Add(new ApprovalApprover { ApprovalId = approval.Id, UserName = person, Source = "escalation" });
            }
        }

        approval.State = ApprovalState.Escalated;
        var votes = approval.Approvers.Count(a => a.Decision is not null);
        approval.Outcome = $"Escalated to {target}: no decision by the due date ({votes} vote{(votes == 1 ? "" : "s")} cast).";
        history.Audit(record, "approval", nameof(ApprovalState.Pending), nameof(ApprovalState.Escalated), "workflow", Now);
        history.AddNote(record, RecordNoteKind.WorkNote, $"{approval.RuleName}: {approval.Outcome} {target} now decides alone.", "workflow");
        approval.EscalationTaskId = open.FirstOrDefault()?.Id;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (open.Count > 0)
        {
            // The target takes over one approver's task; the others' tasks end without a decision.
            _ = isGroup
                ? await tasks.AssignToGroupAsync(open[0].Id, target, "workflow", cancellationToken)
                : await tasks.AssignAsync(open[0].Id, target, "workflow", cancellationToken);
            foreach (var other in open.Skip(1))
            {
                await runtime.CompleteTaskAsync(other.Id, Completion(approval, decided: false), "workflow", cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        jobs.Enqueue<ApprovalNotificationJob>(job => job.SendAsync(approval.Id, CancellationToken.None));
    }

    /// <summary>Cancels the record's open approvals (the record was cancelled, or its workflow asks again); votes stay in the history.</summary>
    public async Task<int> CancelOpenAsync(string recordNumber, string reason, string by, CancellationToken cancellationToken)
    {
        var open = await db.Approvals.Where(a => a.RecordNumber == recordNumber && (a.State == ApprovalState.Pending || a.State == ApprovalState.Escalated))
            .ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return 0;
        }

        var record = await records.FindAsync(recordNumber, cancellationToken);
        foreach (var approval in open)
        {
            approval.Revision++;
            await DecideAsync(record, approval, ApprovalState.Cancelled, reason, by, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return open.Count;
    }

    /// <summary>The pending approval an open approval task belongs to (the inbox votes through it instead of completing the task), or null.</summary>
    public Task<string?> ApprovalOfTaskAsync(string taskId, CancellationToken cancellationToken) =>
        // One query, the task and its approval together: every completion through the API asks this first.
        (from t in db.HumanTasks.AsNoTracking()
         where t.Id == taskId
         from a in db.Approvals.AsNoTracking()
         where a.ProcessInstanceId == t.InstanceId && (a.State == ApprovalState.Pending || a.State == ApprovalState.Escalated)
             && (a.EscalationTaskId == taskId || (a.EscalationTaskId == null && a.Approvers.Any(p => p.UserName == t.Assignee)))
         select a.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<Approval> LoadAsync(string approvalId, CancellationToken cancellationToken) =>
        await db.Approvals.Include(a => a.Approvers).FirstOrDefaultAsync(a => a.Id == approvalId, cancellationToken)
        ?? throw new RecordNotFoundException($"No approval '{approvalId}'.");

    /// <summary>Decides the approval, audits it on the record, and tells the observers, all in the caller's unit of work.</summary>
    private async Task DecideAsync(Record record, Approval approval, ApprovalState state, string reason, string by, CancellationToken cancellationToken)
    {
        var before = approval.State;
        (approval.State, approval.DecidedAt, approval.Outcome) = (state, Now, reason);
        history.Audit(record, "approval", before.ToString(), state.ToString(), by, Now);
        history.AddNote(record, RecordNoteKind.WorkNote, $"{approval.RuleName}: {state.ToString().ToLowerInvariant()}. {reason}", by);
        foreach (var observer in observers)
        {
            await observer.ApprovalDecidedAsync(approval, record, by, cancellationToken);
        }
    }

    /// <summary>Saves, then completes the approvers' tasks in the same transaction, so a vote and its task complete together or not at all.</summary>
    private async Task SaveAndCompleteAsync(Approval approval, IReadOnlyList<(string TaskId, bool Decided)> completions, CancellationToken cancellationToken)
    {
        var outcome = Completion(approval, approval.State is ApprovalState.Approved or ApprovalState.Rejected);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ApprovalConflictException($"Another vote on the approval of {approval.RecordNumber} was saved at the same moment; vote again.", approval.State);
        }

        foreach (var (taskId, decided) in completions)
        {
            await runtime.CompleteTaskAsync(taskId, decided ? outcome : Completion(approval, decided: false), null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static Dictionary<string, object?> Completion(Approval approval, bool decided) => new()
    {
        [DecidedVariable] = decided,
        [OutcomeVariable] = decided ? (approval.State == ApprovalState.Approved ? "approved" : "rejected") : "pending",
    };

    /// <summary>The approval's open tasks: the escalation's one, else those assigned to its approvers.</summary>
    private async Task<List<HumanTaskRecord>> OpenTasksAsync(Approval approval, CancellationToken cancellationToken)
    {
        if (approval.ProcessInstanceId is null)
        {
            return [];
        }

        var names = approval.Approvers.Select(a => a.UserName).ToList();
        return await db.HumanTasks.AsNoTracking()
            .Where(t => t.InstanceId == approval.ProcessInstanceId && t.Status == HumanTaskStatus.Open
                && (t.Id == approval.EscalationTaskId || (approval.EscalationTaskId == null && (names.Contains(t.Assignee!) || names.Contains(t.Owner!)))))
            .OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>The voter's task: hers (or delegated by her), the escalation's; when her vote decides and she has none, any open one of the approval.</summary>
    private async Task<string?> TaskOfAsync(Approval approval, string user, bool decided, CancellationToken cancellationToken)
    {
        var open = await OpenTasksAsync(approval, cancellationToken);
        var own = open.FirstOrDefault(t => t.Id == approval.EscalationTaskId) ?? open.FirstOrDefault(t => t.Assignee == user) ?? open.FirstOrDefault(t => t.Owner == user);
        return own?.Id ?? (decided ? open.FirstOrDefault()?.Id : null);
    }

    private async Task<IReadOnlyList<ApprovalApprover>> ApproversOfAsync(
        string approvalId, ApprovalRule rule, IReadOnlyDictionary<string, object?> variables, CancellationToken cancellationToken)
    {
        var approvers = new List<ApprovalApprover>();
        void Add(IEnumerable<string> people, string source)
        {
            foreach (var person in people.Where(p => !string.IsNullOrWhiteSpace(p) && approvers.All(a => a.UserName != p)))
            {
                approvers.Add(new ApprovalApprover { ApprovalId = approvalId, UserName = person, Source = source });
            }
        }

        Add(ApprovalRules.Split(rule.ApproverPeople), "person");
        foreach (var group in ApprovalRules.Split(rule.ApproverGroups))
        {
            Add((await groups.MembersOfAsync([group], cancellationToken)).Order(StringComparer.Ordinal), $"group {group}");
        }

        if (rule.CabGroup is { } cab)
        {
            Add((await groups.MembersOfAsync([cab], cancellationToken)).Order(StringComparer.Ordinal), $"CAB {cab}");
        }

        if (rule.RequesterManager && variables.GetValueOrDefault(ManagerVariable) is string manager)
        {
            Add([manager.Trim()], "requester's manager");
        }

        return approvers;
    }

    /// <summary>The due date: business hours, or business days of the calendar's average working day, from now.</summary>
    private async Task<DateTime> DueAsync(string calendarKey, int period, DueUnit unit, CancellationToken cancellationToken)
    {
        var calendar = await calendars.GetAsync(calendarKey, cancellationToken);
        var hours = unit == DueUnit.BusinessHours ? period : period * HoursPerDay(calendar);
        return calendar.AddBusinessTime(time.GetUtcNow(), TimeSpan.FromHours(hours)).UtcDateTime;
    }

    private static double HoursPerDay(BusinessCalendar calendar)
    {
        var days = calendar.WeeklyHours.GroupBy(h => h.Day).ToList();
        var total = calendar.WeeklyHours.Sum(h => ((h.RunsToMidnight ? TimeSpan.FromHours(24) : h.End.ToTimeSpan()) - h.Start.ToTimeSpan()).TotalHours);
        return days.Count == 0 ? 24 : total / days.Count;
    }

    private async Task<string> NameOfAsync(string user, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.UserName == user).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? user;
}
