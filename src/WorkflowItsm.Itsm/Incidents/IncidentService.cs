using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>What is asked for a new incident; impact and urgency default to 3 (low), the caller to whoever reports it.</summary>
public sealed record NewIncident : PrioritizedRecordInput
{
    public string? Caller { get; init; }
    public string? Subcategory { get; init; }

    /// <summary>The number of the incident this one is a child of.</summary>
    public string? Parent { get; init; }

    public bool IsMajor { get; init; }
}

/// <summary>Fields to change: null leaves a field as it is; an empty text clears an optional one.</summary>
public record IncidentChanges : PrioritizedRecordInput
{
    public string? Subcategory { get; init; }

    /// <summary>The number of the parent incident; an empty text makes it a parent of none.</summary>
    public string? Parent { get; init; }

    public bool? IsMajor { get; init; }

    public override bool IsEmpty => base.IsEmpty && Subcategory is null && Parent is null && IsMajor is null;
}

/// <summary>A move to another state with what that state needs (a reason to hold; a code and notes to resolve).</summary>
public sealed record IncidentTransition(IncidentState To, OnHoldReason? OnHoldReason = null, string? ResolutionCode = null, string? ResolutionNotes = null);

/// <summary>
/// Incident use cases on the record kernel: every change is validated first (nothing is saved when a field is
/// wrong), audited field by field, and one transaction. A new incident starts the incident-triage workflow in the
/// same transaction; state changes made here tell that workflow (message "incident-resolved", "incident-reopened").
/// An incident that becomes major (created so, or flagged later) also starts the major-incident workflow, once.
/// What is the incident's own: the priority matrix, routing, SLA clocks, parent and child incidents, major incidents.
/// </summary>
public sealed class IncidentService(
    ItsmDbContext db, RecordNumbers numbers, RecordStore store, RecordHistory history, RecordWorkflow workflow, PrioritizedRecordFields fields,
    IncidentRouting routing, ServiceLevels.SlaClocks slaClocks, IncidentTaskSync taskSync, IEnumerable<IIncidentRaisedObserver> raisedObservers)
{
    public const string Kind = "incident";
    public const string TriageProcess = "incident-triage";
    public const string MajorIncidentProcess = "major-incident";
    public const string ResolvedMessage = "incident-resolved";
    public const string ReopenedMessage = "incident-reopened";
    public const string ClosedMessage = "incident-closed";
    public const int NoteLength = RecordNote.TextLength;

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<Incident> CreateAsync(NewIncident input, string by, CancellationToken cancellationToken)
    {
        var incident = await BuildAsync(input, by, cancellationToken);
        await StartTriageAsync(incident, cancellationToken);
        if (incident.IsMajor)
        {
            // A second transaction, as a major flag raised later: the declaration is a step of its own.
            await SaveStartingMajorIncidentAsync(incident, by, cancellationToken);
        }

        foreach (var observer in raisedObservers)
        {
            await observer.RaisedAsync(incident, cancellationToken);
        }

        return incident;
    }

    /// <summary>Starts the triage workflow of an incident just built, saving the unit of work with it (a change's failure raises one so).</summary>
    internal Task StartTriageAsync(Incident incident, CancellationToken cancellationToken) =>
        // The workflow's first step (incident.register) finds this tracked incident and links itself.
        workflow.StartAsync(incident, TriageProcess, incident.Caller, TriageVariables(incident), cancellationToken);

    /// <summary>
    /// Starts the triage of a stored incident that has none (one raised inside a workflow step, which cannot start
    /// another instance in its own trigger): once only, so a job run twice starts one triage.
    /// </summary>
    internal async Task StartMissingTriageAsync(string number, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(number, cancellationToken);
        if (incident.ProcessInstanceId is null && incident.IsOpen)
        {
            await workflow.StartOnceAsync(incident, TriageProcess, incident.Caller, TriageVariables(incident), cancellationToken);
        }
    }

    private static Dictionary<string, object?> TriageVariables(Incident incident) => new()
    {
        ["incidentNumber"] = incident.Number,
        ["shortDescription"] = incident.ShortDescription,
        ["impact"] = (long)incident.Impact,
        ["urgency"] = (long)incident.Urgency,
        ["category"] = incident.Category,
    };

    /// <summary>Validates and adds a new incident with its audit to the unit of work, unsaved (the caller saves).</summary>
    /// <exception cref="RecordValidationException"/>
    internal async Task<Incident> BuildAsync(NewIncident input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        await fields.ValidateAsync(errors, input, isNew: true, cancellationToken, input.Subcategory);
        errors.Length("caller", input.Caller, Record.NameLength);
        var parent = await ParentAsync(errors, input.Parent, self: null, cancellationToken);
        errors.ThrowIfAny(Kind);

        var incident = new Incident
        {
            // A number is taken before the save: a failed save skips one, as in every ITSM tool; it is never given twice.
            Number = await numbers.NextAsync(RecordNumbers.Incident, cancellationToken),
            ShortDescription = input.ShortDescription!.Trim(),
            Caller = RecordText.TrimmedOrNull(input.Caller) ?? by,
            Subcategory = RecordText.TrimmedOrNull(input.Subcategory),
            IsMajor = input.IsMajor,
            ParentId = parent?.Id,
            State = IncidentState.New,
            OpenedBy = by,
            OpenedAt = history.Now,
            UpdatedAt = history.Now,
        };
        await fields.ApplyAsync(incident, input, cancellationToken);
        incident.AssignmentGroup ??= await routing.GroupForAsync(incident.Category, incident.Priority, cancellationToken);
        db.Incidents.Add(incident);
        history.Created(incident, by);
        await slaClocks.ApplyAsync(incident, cancellationToken);
        return incident;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    /// <exception cref="RecordConcurrencyException">A stale <paramref name="expectedRevision"/>, or a change saved meanwhile.</exception>
    public async Task<Incident> UpdateAsync(string number, IncidentChanges changes, int? expectedRevision, string by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(number, cancellationToken);
        RecordStore.EnsureRevision(incident, expectedRevision);
        var becomesMajor = !incident.IsMajor && changes.IsMajor == true;
        await ApplyChangesAsync(incident, changes, by, cancellationToken);
        if (becomesMajor)
        {
            await SaveStartingMajorIncidentAsync(incident, by, cancellationToken);
        }
        else
        {
            await store.SaveAsync(incident, cancellationToken);
        }

        await taskSync.FollowPendingDueDatesAsync(cancellationToken);
        return incident;
    }

    /// <summary>Validates and applies field changes to a tracked incident without saving (the workflow's handlers call it inside the trigger's transaction).</summary>
    /// <exception cref="RecordValidationException"/>
    internal async Task ApplyChangesAsync(Incident incident, IncidentChanges changes, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        await fields.ValidateAsync(errors, changes, isNew: false, cancellationToken, changes.Subcategory, incident.Category);
        var parent = changes.Parent is null ? null : await ParentAsync(errors, changes.Parent, incident, cancellationToken);
        if (!incident.IsOpen && !changes.IsEmpty)
        {
            errors.Add("state", $"{incident.Number} is {incident.State}: reopen it before changing it.");
        }

        errors.ThrowIfAny(Kind);

        var before = incident.AuditedFields();
        await fields.ApplyAsync(incident, changes, cancellationToken);
        incident.Subcategory = await fields.SubcategoryKeptAsync(incident.Category, RecordText.Changed(changes.Subcategory, incident.Subcategory), cancellationToken);
        incident.IsMajor = changes.IsMajor ?? incident.IsMajor;
        incident.ParentId = changes.Parent is null ? incident.ParentId : parent?.Id;
        history.Changed(incident, before, by);
        await slaClocks.ApplyAsync(incident, cancellationToken);
        taskSync.FollowAfterCommit(incident.Number);
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordTransitionException">The lifecycle does not allow it.</exception>
    /// <exception cref="RecordValidationException">What the new state needs is missing.</exception>
    public async Task<Incident> TransitionAsync(string number, IncidentTransition transition, string by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(number, cancellationToken);
        var from = incident.State;
        var children = await ApplyTransitionAsync(incident, transition, by, cancellationToken);
        await store.SaveAsync(incident, cancellationToken);

        // The workflow learns what happened outside it.
        var message = (from, transition.To) switch
        {
            (_, IncidentState.Resolved) => ResolvedMessage,
            (IncidentState.Resolved, IncidentState.InProgress) => ReopenedMessage,
            (_, IncidentState.Closed) => ClosedMessage,
            _ => null,
        };
        foreach (var record in children.Prepend(incident))
        {
            if (transition.To == IncidentState.Cancelled)
            {
                // A cancelled incident needs neither its triage nor, when it was major, its major-incident process.
                await workflow.CancelAsync(record, by, cancellationToken, await workflow.RunningInstanceAsync(MajorIncidentProcess, record.Number, cancellationToken));
            }
            else if (message is not null)
            {
                await workflow.TellAsync(record, message, cancellationToken);
            }
        }

        await taskSync.FollowPendingDueDatesAsync(cancellationToken);
        return incident;
    }

    /// <summary>
    /// Applies a state change to a tracked incident without saving (the workflow's handlers call it inside the
    /// trigger's transaction); open children follow their parent to Resolved.
    /// </summary>
    /// <returns>The children resolved with it.</returns>
    internal async Task<IReadOnlyList<Incident>> ApplyTransitionAsync(Incident incident, IncidentTransition transition, string by, CancellationToken cancellationToken)
    {
        IncidentLifecycle.Table.EnsureAllowed(incident, transition.To);
        var errors = new FieldErrors();
        IncidentLifecycle.Table.CheckRequired(transition.To, errors, field => field switch
        {
            "onHoldReason" => transition.OnHoldReason?.ToString(),
            "resolutionCode" => transition.ResolutionCode,
            "resolutionNotes" => transition.ResolutionNotes,
            _ => null,
        });
        if (transition.To == IncidentState.Resolved)
        {
            errors.Length("resolutionCode", transition.ResolutionCode, Record.CodeLength);
            errors.Length("resolutionNotes", transition.ResolutionNotes, Record.TextLength);
        }

        errors.ThrowIfAny(Kind);

        var before = incident.AuditedFields();
        incident.State = transition.To;
        incident.OnHoldReason = transition.To == IncidentState.OnHold ? transition.OnHoldReason : null;
        switch (transition.To)
        {
            case IncidentState.Resolved:
                incident.ResolutionCode = transition.ResolutionCode!.Trim();
                incident.ResolutionNotes = transition.ResolutionNotes!.Trim();
                incident.ResolvedAt = history.Now;
                break;
            case IncidentState.InProgress when incident.ResolvedAt is not null:
                incident.ResolvedAt = null; // reopened: resolving again is a new resolution
                break;
            case IncidentState.Closed or IncidentState.Cancelled:
                incident.ClosedAt = history.Now;
                break;
        }

        history.Changed(incident, before, by);
        await slaClocks.ApplyAsync(incident, cancellationToken);
        taskSync.FollowAfterCommit(incident.Number);
        if (transition.To != IncidentState.Resolved)
        {
            return [];
        }

        var children = await db.Incidents.Where(i => i.ParentId == incident.Id).ToListAsync(cancellationToken);
        var resolved = new List<Incident>();
        foreach (var child in children.Where(c => c.IsOpen))
        {
            await ApplyTransitionAsync(child, new IncidentTransition(IncidentState.Resolved, ResolutionCode: incident.ResolutionCode,
                ResolutionNotes: $"Resolved with parent {incident.Number}: {incident.ResolutionNotes}"), by, cancellationToken);
            resolved.Add(child);
        }

        return resolved;
    }

    /// <summary>An agent takes the incident on: it becomes theirs and, if New, In progress (one save, one audit).</summary>
    public async Task<Incident> TakeOnAsync(string number, string assignee, string by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(number, cancellationToken);
        if (!incident.IsOpen || (incident.AssignedTo == assignee && incident.State != IncidentState.New))
        {
            return incident;
        }

        await ApplyChangesAsync(incident, new IncidentChanges { AssignedTo = assignee }, by, cancellationToken);
        if (incident.State == IncidentState.New)
        {
            await ApplyTransitionAsync(incident, new IncidentTransition(IncidentState.InProgress), by, cancellationToken);
        }

        await store.SaveAsync(incident, cancellationToken);
        await taskSync.FollowPendingDueDatesAsync(cancellationToken);
        return incident;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">Empty or too long.</exception>
    public async Task<RecordNote> AddNoteAsync(string number, RecordNoteKind kind, string? text, string by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(number, cancellationToken);
        var errors = new FieldErrors();
        errors.Length("text", text, NoteLength, required: true);
        errors.ThrowIfAny(Kind);
        var note = history.AddNote(incident, kind, text!, by);
        await store.SaveAsync(incident, cancellationToken);
        return note;
    }

    /// <summary>The tracked incident.</summary>
    /// <exception cref="RecordNotFoundException"/>
    internal Task<Incident> FindAsync(string number, CancellationToken cancellationToken) => store.FindAsync<Incident>(number, cancellationToken);

    /// <summary>The id of the running major-incident instance of an incident, if there is one.</summary>
    public Task<string?> RunningMajorIncidentAsync(string number, CancellationToken cancellationToken) =>
        workflow.RunningInstanceAsync(MajorIncidentProcess, number, cancellationToken);

    /// <summary>Saves the unit of work and starts major-incident for the incident unless one already runs for it.</summary>
    private Task SaveStartingMajorIncidentAsync(Incident incident, string by, CancellationToken cancellationToken) =>
        workflow.StartOnceAsync(incident, MajorIncidentProcess, by, new Dictionary<string, object?>
        {
            ["incidentNumber"] = incident.Number,
            ["assignmentGroup"] = incident.AssignmentGroup ?? IncidentRouting.FallbackGroup,
            ["shortDescription"] = incident.ShortDescription,
        }, cancellationToken);

    private async Task<Incident?> ParentAsync(FieldErrors errors, string? parentNumber, Incident? self, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(parentNumber))
        {
            return null;
        }

        var parent = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Number == parentNumber.Trim(), cancellationToken);
        if (parent is null)
        {
            errors.Add("parent", $"There is no incident '{parentNumber}'.");
        }
        else if (self is not null && (parent.Id == self.Id || parent.ParentId == self.Id))
        {
            errors.Add("parent", $"{parentNumber} cannot be the parent of {self.Number}: that makes a loop.");
        }
        else if (parent.ParentId is not null)
        {
            errors.Add("parent", $"{parentNumber} is itself a child; choose its parent.");
        }

        return parent;
    }
}
