using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Changes.Risk;
using WorkflowItsm.Itsm.Changes.Templates;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>
/// Change use cases on the record kernel: every edit is validated first (nothing is saved when a field is wrong),
/// audited field by field, and one transaction. A new change starts its type's workflow in the same transaction.
/// Whenever the plan moves (planned window, affected CIs, main CI, assignee) the risk is assessed again and every
/// <see cref="IChangePlanObserver"/> is told before the save; before a change is scheduled or implemented (or a
/// scheduled one re-planned) every <see cref="IChangeSchedulingGuard"/> may refuse. An unsuccessful close raises an
/// incident caused by the change and lowers its group's success score.
/// </summary>
public sealed class ChangeService(
    ItsmDbContext db, RecordNumbers numbers, RecordStore store, RecordHistory history, RecordWorkflow workflow, RecordLinks links,
    PrioritizedRecordFields fields, ChangeApprovalHistory approvals, ChangeRiskAssessment risk, ChangeSuccessScores scores,
    StandardChangeCatalog catalog, IncidentService incidents, IEnumerable<IChangePlanObserver> planObservers,
    IEnumerable<IChangeSchedulingGuard> schedulingGuards, IEnumerable<IChangeClosedObserver> closedObservers)
{
    public const string Kind = "change";

    /// <summary>Where a change goes when no group is named.</summary>
    public const string DefaultGroup = "change-managers";

    /// <summary>The audit field of the incident a failed change raised (on the incident: the change's number).</summary>
    public const string CausedByField = "causedBy";

    public const string FixedByField = "fixedBy";

    /// <summary>The workflow each type runs (workflows/change-*.bpmn).</summary>
    public static string ProcessOf(ChangeType type) => type switch
    {
        ChangeType.Standard => "change-standard",
        ChangeType.Emergency => "change-emergency",
        _ => "change-normal",
    };

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<Change> CreateAsync(NewChange input, string by, CancellationToken cancellationToken)
    {
        var change = await BuildAsync(input, by, cancellationToken);
        await StartWorkflowAsync(change, by, cancellationToken);
        return change;
    }

    /// <summary>Validates and adds a new change with its audit to the unit of work, unsaved.</summary>
    /// <exception cref="RecordValidationException"/>
    internal async Task<Change> BuildAsync(NewChange input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        StandardChangeTemplate? template = null;
        if (input.TemplateId is { } templateId)
        {
            template = await catalog.CurrentAsync(templateId, cancellationToken);
            if (template is null || !template.Active)
            {
                errors.Add("templateId", $"There is no standard change template {templateId} in the catalog.");
            }
            else if (input.Type is { } given && given != ChangeType.Standard)
            {
                errors.Add("type", $"A change made from a template is a standard change, not {ChangeLabels.Type(given).ToLowerInvariant()}.");
            }
        }
        else if (input.Type == ChangeType.Standard)
        {
            errors.Add("templateId", "A standard change is made from a template of the standard change catalog: pick one.");
        }

        var effective = input with
        {
            ShortDescription = input.ShortDescription ?? template?.ShortDescription,
            Description = input.Description ?? template?.Description,
            Category = input.Category ?? template?.Category,
            AssignmentGroup = input.AssignmentGroup ?? template?.AssignmentGroup,
        };
        await fields.ValidateAsync(errors, effective, isNew: true, cancellationToken);
        errors.Texts(("reason", input.Reason), ("implementationPlan", input.ImplementationPlan), ("backoutPlan", input.BackoutPlan), ("testPlan", input.TestPlan));
        var plannedEnd = input.PlannedEnd ?? (template is not null && input.PlannedStart is { } start ? start.AddMinutes(template.DurationMinutes) : null);
        CheckWindow(errors, "plannedEnd", input.PlannedStart, plannedEnd);
        var affected = await CheckAffectedCisAsync(errors, input.AffectedCis, cancellationToken);
        errors.ThrowIfAny(Kind);

        var change = new Change
        {
            // A number is taken before the save: a failed save skips one; it is never given twice.
            Number = await numbers.NextAsync(RecordNumbers.Change, cancellationToken),
            ShortDescription = effective.ShortDescription!.Trim(),
            Type = template is not null ? ChangeType.Standard : input.Type ?? ChangeType.Normal,
            Reason = RecordText.TrimmedOrNull(input.Reason ?? template?.Reason),
            ImplementationPlan = RecordText.TrimmedOrNull(input.ImplementationPlan ?? template?.ImplementationPlan),
            BackoutPlan = RecordText.TrimmedOrNull(input.BackoutPlan ?? template?.BackoutPlan),
            TestPlan = RecordText.TrimmedOrNull(input.TestPlan ?? template?.TestPlan),
            PlannedStart = Utc(input.PlannedStart),
            PlannedEnd = Utc(plannedEnd),
            TemplateId = template?.TemplateId,
            TemplateVersion = template?.Version,
            State = ChangeState.New,
            OpenedBy = by,
            OpenedAt = history.Now,
            UpdatedAt = history.Now,
        };
        await fields.ApplyAsync(change, effective, cancellationToken);
        change.AssignmentGroup ??= DefaultGroup;
        change.AffectedCis.AddRange(affected.Select(number => new ChangeAffectedCi { CiNumber = number }));
        await risk.ApplyAsync(change, cancellationToken);
        db.Changes.Add(change);
        history.Created(change, by);
        if (change.PlannedStart is not null || change.AffectedCis.Count > 0 || change.ConfigurationItem is not null)
        {
            await TellPlanObserversAsync(change, cancellationToken);
        }

        return change;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    /// <exception cref="ChangeTypeLockedException">The type was asked to change after New or after an approval.</exception>
    /// <exception cref="RecordConcurrencyException">A stale <paramref name="expectedRevision"/>, or a change saved meanwhile.</exception>
    public async Task<Change> UpdateAsync(string number, ChangeChanges changes, int? expectedRevision, string by, CancellationToken cancellationToken)
    {
        var change = await FindAsync(number, cancellationToken);
        RecordStore.EnsureRevision(change, expectedRevision);
        var typeChanged = changes.Type is { } type && type != change.Type;
        if (typeChanged)
        {
            await EnsureTypeMayChangeAsync(change, cancellationToken);
        }

        await ApplyChangesAsync(change, changes, by, cancellationToken);
        if (!typeChanged)
        {
            await store.SaveAsync(change, cancellationToken);
            return change;
        }

        // Another type walks another workflow: the old one ends, the new type's starts (saving the change with it).
        await store.SaveAsync(change, cancellationToken);
        await workflow.CancelAsync(change, by, cancellationToken);
        change.ProcessInstanceId = null;
        await StartWorkflowAsync(change, by, cancellationToken);
        return change;
    }

    /// <summary>Validates and applies field changes to a tracked change without saving (workflow handlers call it in the trigger's transaction).</summary>
    /// <exception cref="RecordValidationException"/>
    internal async Task ApplyChangesAsync(Change change, ChangeChanges changes, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        await fields.ValidateAsync(errors, changes, isNew: false, cancellationToken);
        errors.Texts(("reason", changes.Reason), ("implementationPlan", changes.ImplementationPlan), ("backoutPlan", changes.BackoutPlan), ("testPlan", changes.TestPlan));
        if (!change.IsOpen && !changes.IsEmpty)
        {
            errors.Add("state", $"{change.Number} is {ChangeLabels.State(change.State).ToLowerInvariant()}: it can no longer be changed.");
        }

        if (changes.Type == ChangeType.Standard && change.Type != ChangeType.Standard)
        {
            errors.Add("type", "A standard change is made from a template of the standard change catalog; create one from the template instead.");
        }

        CheckWindow(errors, "plannedEnd", changes.PlannedStart ?? change.PlannedStart, changes.PlannedEnd ?? change.PlannedEnd);
        CheckWindow(errors, "actualEnd", changes.ActualStart ?? change.ActualStart, changes.ActualEnd ?? change.ActualEnd);
        errors.ThrowIfAny(Kind);

        var before = change.AuditedFields();
        var planBefore = PlanOf(change);
        await fields.ApplyAsync(change, changes, cancellationToken);
        if (changes.Type is { } type && type != change.Type)
        {
            change.Type = type;
            change.TemplateId = null;
            change.TemplateVersion = null;
        }

        change.Reason = RecordText.Changed(changes.Reason, change.Reason);
        change.ImplementationPlan = RecordText.Changed(changes.ImplementationPlan, change.ImplementationPlan);
        change.BackoutPlan = RecordText.Changed(changes.BackoutPlan, change.BackoutPlan);
        change.TestPlan = RecordText.Changed(changes.TestPlan, change.TestPlan);
        change.PlannedStart = Utc(changes.PlannedStart) ?? change.PlannedStart;
        change.PlannedEnd = Utc(changes.PlannedEnd) ?? change.PlannedEnd;
        change.ActualStart = Utc(changes.ActualStart) ?? change.ActualStart;
        change.ActualEnd = Utc(changes.ActualEnd) ?? change.ActualEnd;
        await PlanEditedAsync(change, planBefore, cancellationToken);
        history.Changed(change, before, by);
    }

    /// <summary>Adds configuration items the change touches (those already on it are left).</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">An unknown CI (field affectedCis), or the change is closed.</exception>
    public async Task<Change> AddAffectedCisAsync(string number, IReadOnlyList<string> ciNumbers, string by, CancellationToken cancellationToken)
    {
        var change = await FindAsync(number, cancellationToken);
        var errors = new FieldErrors();
        if (ciNumbers.Count == 0)
        {
            errors.Add("affectedCis", "Name at least one configuration item (its CI number).");
        }

        var found = await CheckAffectedCisAsync(errors, ciNumbers, cancellationToken);
        EnsureOpen(change, errors);
        errors.ThrowIfAny(Kind);

        var before = change.AuditedFields();
        var planBefore = PlanOf(change);
        foreach (var ci in found.Where(n => change.AffectedCis.All(a => a.CiNumber != n)))
        {
            change.AffectedCis.Add(new ChangeAffectedCi { CiNumber = ci });
        }

        await PlanEditedAsync(change, planBefore, cancellationToken);
        history.Changed(change, before, by);
        await store.SaveAsync(change, cancellationToken);
        return change;
    }

    /// <exception cref="RecordNotFoundException">No such change, or the CI is not one it touches.</exception>
    public async Task<Change> RemoveAffectedCiAsync(string number, string ciNumber, string by, CancellationToken cancellationToken)
    {
        var change = await FindAsync(number, cancellationToken);
        var affected = change.AffectedCis.FirstOrDefault(a => string.Equals(a.CiNumber, ciNumber.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new RecordNotFoundException($"{number} does not touch '{ciNumber}'.");
        var errors = new FieldErrors();
        EnsureOpen(change, errors);
        errors.ThrowIfAny(Kind);

        var before = change.AuditedFields();
        var planBefore = PlanOf(change);
        change.AffectedCis.Remove(affected);
        await PlanEditedAsync(change, planBefore, cancellationToken);
        history.Changed(change, before, by);
        await store.SaveAsync(change, cancellationToken);
        return change;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordTransitionException">The type's lifecycle does not allow it; it names the allowed moves.</exception>
    /// <exception cref="RecordValidationException">What the new state needs is missing.</exception>
    /// <exception cref="RecordConflictException">A scheduling guard (a change freeze) refuses it.</exception>
    public async Task<Change> TransitionAsync(string number, ChangeTransition transition, string by, CancellationToken cancellationToken)
    {
        var change = await FindAsync(number, cancellationToken);
        var raised = await ApplyTransitionAsync(change, transition, by, cancellationToken);
        if (raised is null)
        {
            await store.SaveAsync(change, cancellationToken);
        }
        else
        {
            // The incident's triage starts with it, in the change's transaction.
            await RecordStore.SaveThroughAsync(change, () => incidents.StartTriageAsync(raised, cancellationToken));
        }

        if (transition.To is ChangeState.Cancelled or ChangeState.Closed)
        {
            await workflow.CancelAsync(change, by, cancellationToken);
        }

        return change;
    }

    /// <summary>
    /// Applies a move to a tracked change without saving (the workflow's handlers call it inside the trigger's
    /// transaction). Implementing stamps the actual start, review the actual end, an unsuccessful close raises an
    /// incident (returned, unsaved) linked as caused by the change.
    /// </summary>
    internal async Task<Incident?> ApplyTransitionAsync(Change change, ChangeTransition transition, string by, CancellationToken cancellationToken)
    {
        change.Lifecycle.EnsureAllowed(change, transition.To);
        var errors = new FieldErrors();
        errors.Texts(("closeNotes", transition.CloseNotes));
        change.Lifecycle.CheckRequired(transition.To, errors, field => field switch
        {
            "plannedStart" => change.PlannedStart?.ToString("O"),
            "plannedEnd" => change.PlannedEnd?.ToString("O"),
            "implementationPlan" => change.ImplementationPlan,
            "backoutPlan" => change.BackoutPlan,
            "closeCode" => (transition.CloseCode ?? change.CloseCode)?.ToString(),
            "closeNotes" => RecordText.TrimmedOrNull(transition.CloseNotes) ?? change.CloseNotes,
            _ => null,
        });
        errors.ThrowIfAny(Kind);
        if (transition.To is ChangeState.Scheduled or ChangeState.Implement)
        {
            await EnsureMayScheduleAsync(change, cancellationToken);
        }

        var before = change.AuditedFields();
        change.CloseCode = transition.CloseCode ?? change.CloseCode;
        change.CloseNotes = RecordText.Changed(transition.CloseNotes, change.CloseNotes);
        switch (transition.To)
        {
            case ChangeState.Implement:
                change.ActualStart ??= history.Now;
                break;
            case ChangeState.Review:
                change.ActualEnd ??= history.Now;
                break;
            case ChangeState.Closed or ChangeState.Cancelled:
                change.ClosedAt = history.Now;
                break;
        }

        change.State = transition.To;
        history.Changed(change, before, by);
        if (transition.To == ChangeState.Closed)
        {
            foreach (var observer in closedObservers)
            {
                await observer.ClosedAsync(change, cancellationToken);
            }
        }

        if (transition.To != ChangeState.Closed || change.AssignmentGroup is null)
        {
            return null;
        }

        await scores.RecomputeAsync(change.AssignmentGroup, change, cancellationToken);
        return change.CloseCode == ChangeCloseCode.Unsuccessful ? await RaiseIncidentAsync(change, by, cancellationToken) : null;
    }

    /// <summary>Moves a tracked change along its type's happy path up to <paramref name="target"/> (a workflow step; a record already there or beyond is left).</summary>
    internal async Task<Incident?> AdvanceAsync(Change change, ChangeTransition target, string by, CancellationToken cancellationToken)
    {
        var path = ChangeLifecycle.HappyPath(change.Type);
        var goal = IndexOf(path, target.To);
        Incident? raised = null;
        for (var at = IndexOf(path, change.State); at >= 0 && at < goal; at = IndexOf(path, change.State))
        {
            raised = await ApplyTransitionAsync(change, target with { To = path[at + 1] }, by, cancellationToken) ?? raised;
        }

        return raised;
    }

    /// <summary>Links an incident or problem to the change: it was caused by the change, or is fixed by it. Linking again changes nothing.</summary>
    /// <exception cref="RecordNotFoundException">No such change or record.</exception>
    /// <exception cref="RecordValidationException">The record is no incident or problem, or the relation is unknown.</exception>
    public async Task<Change> LinkRecordAsync(string number, string recordNumber, string kind, string by, CancellationToken cancellationToken)
    {
        var change = await FindAsync(number, cancellationToken);
        var errors = new FieldErrors();
        var trimmed = recordNumber.Trim().ToUpperInvariant();
        if (!trimmed.StartsWith(RecordNumbers.Incident, StringComparison.Ordinal) && !trimmed.StartsWith(RecordNumbers.Problem, StringComparison.Ordinal))
        {
            errors.Add("record", "Link an incident (INC…) or a problem (PRB…).");
        }

        if (kind is not (RecordLinkKinds.CausedBy or RecordLinkKinds.FixedBy))
        {
            errors.Add("kind", $"The relation is \"{RecordLinkKinds.CausedBy}\" or \"{RecordLinkKinds.FixedBy}\".");
        }

        errors.ThrowIfAny(Kind);
        var record = await store.FindAsync(trimmed, cancellationToken);
        if (await links.AddAsync(record, change.Number, kind, kind == RecordLinkKinds.CausedBy ? CausedByField : FixedByField, by, cancellationToken))
        {
            history.Audit(change, kind == RecordLinkKinds.CausedBy ? "caused" : "fixes", null, record.Number, by);
            await store.SaveAsync(change, cancellationToken);
        }

        return change;
    }

    /// <summary>The tracked change with its affected CIs.</summary>
    /// <exception cref="RecordNotFoundException"/>
    internal async Task<Change> FindAsync(string number, CancellationToken cancellationToken)
    {
        var change = await store.FindAsync<Change>(number, cancellationToken);
        await db.Entry(change).Collection(c => c.AffectedCis).LoadAsync(cancellationToken);
        return change;
    }

    /// <summary>The type may change only in New and before any approval exists.</summary>
    /// <exception cref="ChangeTypeLockedException"/>
    internal async Task EnsureTypeMayChangeAsync(Change change, CancellationToken cancellationToken)
    {
        if (change.State != ChangeState.New)
        {
            throw new ChangeTypeLockedException(change.Number, $"it is {ChangeLabels.State(change.State).ToLowerInvariant()}; the type changes only in New.");
        }

        if (await approvals.AnyApprovalAsync(change, cancellationToken))
        {
            throw new ChangeTypeLockedException(change.Number, "it has been put to approval already.");
        }
    }

    /// <summary>Starts the workflow of the change's type for a change just built, saving it with the instance.</summary>
    internal Task StartWorkflowAsync(Change change, string by, CancellationToken cancellationToken) =>
        // The workflow's first step (change.register) finds this tracked change and links itself.
        workflow.StartAsync(change, ProcessOf(change.Type), by, new Dictionary<string, object?>
        {
            ["changeNumber"] = change.Number,
            ["recordNumber"] = change.Number,
            ["shortDescription"] = change.ShortDescription,
        }, cancellationToken);

    /// <summary>Risk again, the guards when a scheduled change is re-planned, the observers; when nothing of the plan moved only the risk.</summary>
    private async Task PlanEditedAsync(Change change, string planBefore, CancellationToken cancellationToken)
    {
        await risk.ApplyAsync(change, cancellationToken);
        if (string.Equals(planBefore, PlanOf(change), StringComparison.Ordinal))
        {
            return;
        }

        if (change.State is ChangeState.Scheduled or ChangeState.Implement)
        {
            await EnsureMayScheduleAsync(change, cancellationToken);
        }

        await TellPlanObserversAsync(change, cancellationToken);
    }

    private async Task EnsureMayScheduleAsync(Change change, CancellationToken cancellationToken)
    {
        foreach (var guard in schedulingGuards)
        {
            await guard.EnsureMayScheduleAsync(change, cancellationToken);
        }
    }

    private async Task TellPlanObserversAsync(Change change, CancellationToken cancellationToken)
    {
        foreach (var observer in planObservers)
        {
            await observer.PlanChangedAsync(change, cancellationToken);
        }
    }

    /// <summary>What the plan observers care about, as one text to compare before and after an edit.</summary>
    private static string PlanOf(Change change) => string.Join('|',
        change.PlannedStart?.ToString("O"), change.PlannedEnd?.ToString("O"), change.ConfigurationItem, change.AssignedTo,
        string.Join(',', change.AffectedCis.Select(a => a.CiNumber).Order(StringComparer.Ordinal)));

    private async Task<Incident> RaiseIncidentAsync(Change change, string by, CancellationToken cancellationToken)
    {
        var title = $"Change {change.Number} failed: {change.ShortDescription}";
        var incident = await incidents.BuildAsync(new NewIncident
        {
            ShortDescription = title[..Math.Min(title.Length, Record.ShortDescriptionLength)],
            Description = change.CloseNotes,
            Service = change.Service,
            ConfigurationItem = change.ConfigurationItem ?? change.AffectedCis.Select(a => a.CiNumber).FirstOrDefault(),
            AssignmentGroup = change.AssignmentGroup,
            Impact = change.Impact,
            Urgency = 2,
            Caller = by,
        }, by, cancellationToken);
        await links.AddAsync(incident, change.Number, RecordLinkKinds.CausedBy, CausedByField, by, cancellationToken);
        history.AddNote(change, RecordNoteKind.WorkNote, $"Closed unsuccessful: incident {incident.Number} raised for what it broke.", by);
        return incident;
    }

    private static void EnsureOpen(Change change, FieldErrors errors)
    {
        if (!change.IsOpen)
        {
            errors.Add("state", $"{change.Number} is {ChangeLabels.State(change.State).ToLowerInvariant()}: it can no longer be changed.");
        }
    }

    private static void CheckWindow(FieldErrors errors, string endField, DateTime? start, DateTime? end)
    {
        if (start is { } from && end is { } to && Utc(to) <= Utc(from))
        {
            errors.Add(endField, $"{FieldErrors.Label(endField)} must be after the start.");
        }
    }

    /// <summary>The CI numbers given, trimmed and upper case, each once; an unknown one is an error of the field affectedCis.</summary>
    private async Task<IReadOnlyList<string>> CheckAffectedCisAsync(FieldErrors errors, IReadOnlyList<string>? given, CancellationToken cancellationToken)
    {
        var wanted = (given ?? []).Select(RecordText.TrimmedOrNull).OfType<string>().Select(n => n.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return wanted;
        }

        var known = await db.ConfigurationItems.AsNoTracking().Where(c => wanted.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken);
        foreach (var missing in wanted.Except(known, StringComparer.Ordinal))
        {
            errors.Add("affectedCis", $"There is no configuration item '{missing}' (give a CI number).");
        }

        return wanted;
    }

    private static int IndexOf(IReadOnlyList<ChangeState> path, ChangeState state)
    {
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i] == state)
            {
                return i;
            }
        }

        return -1;
    }

    private static DateTime? Utc(DateTime? moment) => moment is not { } value ? null
        : value.Kind switch { DateTimeKind.Utc => value, DateTimeKind.Local => value.ToUniversalTime(), _ => DateTime.SpecifyKind(value, DateTimeKind.Utc) };
}
