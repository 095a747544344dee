using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>What is asked for a new incident; impact and urgency default to 3 (low), the caller to whoever reports it.</summary>
public sealed record NewIncident(
    string? ShortDescription,
    string? Description = null,
    string? Caller = null,
    string? Category = null,
    string? Subcategory = null,
    string? Service = null,
    string? ConfigurationItem = null,
    int? Impact = null,
    int? Urgency = null,
    string? AssignmentGroup = null,
    string? AssignedTo = null,
    string? Parent = null,
    bool IsMajor = false);

/// <summary>Fields to change: null leaves a field as it is; an empty text clears an optional one.</summary>
public sealed record IncidentChanges(
    string? ShortDescription = null,
    string? Description = null,
    string? Category = null,
    string? Subcategory = null,
    string? Service = null,
    string? ConfigurationItem = null,
    int? Impact = null,
    int? Urgency = null,
    string? AssignmentGroup = null,
    string? AssignedTo = null,
    string? Parent = null,
    bool? IsMajor = null);

/// <summary>A move to another state with what that state needs (a reason to hold; a code and notes to resolve).</summary>
public sealed record IncidentTransition(IncidentState To, OnHoldReason? OnHoldReason = null, string? ResolutionCode = null, string? ResolutionNotes = null);

/// <summary>Another change was saved since the caller read the incident; the API answers 409.</summary>
public sealed class IncidentConcurrencyException(string number) : RecordConflictException($"{number} was changed by someone else meanwhile; reload it and apply your change again.");

/// <summary>
/// Incident commands: every change is validated first (nothing is saved when a field is wrong), writes an audit
/// entry per changed field, and is one transaction. A new incident starts the incident-triage workflow in the
/// same transaction; state changes made here tell that workflow (message "incident-resolved", "incident-reopened").
/// An incident that becomes major (created so, or flagged later) also starts the major-incident workflow, once.
/// </summary>
public sealed partial class IncidentService(
    ItsmDbContext db, RecordNumbers numbers, PriorityMatrix matrix, IncidentRouting routing, DirectoryGroups groups,
    ServiceLevels.SlaClocks slaClocks, WorkflowRuntime runtime, IncidentTaskSync taskSync, TimeProvider time, ILogger<IncidentService> logger)
{
    public const string TriageProcess = "incident-triage";
    public const string MajorIncidentProcess = "major-incident";
    public const string ResolvedMessage = "incident-resolved";
    public const string ReopenedMessage = "incident-reopened";
    public const string ClosedMessage = "incident-closed";
    public const int NoteLength = IncidentNote.TextLength;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <exception cref="IncidentValidationException">Nothing was saved.</exception>
    public async Task<Incident> CreateAsync(NewIncident input, string by, CancellationToken cancellationToken)
    {
        var incident = await BuildAsync(input, by, cancellationToken);
        await StartTriageAsync(incident, cancellationToken);
        if (incident.IsMajor)
        {
            // A second transaction: the declaration's work note needs the incident's id, which the first save gives.
            await SaveStartingMajorIncidentAsync(incident, by, cancellationToken);
        }

        return incident;
    }

    /// <summary>Validates and adds a new incident with its audit to the unit of work, unsaved (the caller saves).</summary>
    /// <exception cref="IncidentValidationException"/>
    internal async Task<Incident> BuildAsync(NewIncident input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("shortDescription", input.ShortDescription, Incident.ShortDescriptionLength, required: true);
        errors.Length("description", input.Description, Incident.DescriptionLength);
        errors.Length("caller", input.Caller, Incident.NameLength);
        ValidateCodes(errors, input.Category, input.Subcategory, input.Service, input.ConfigurationItem);
        errors.Level("impact", input.Impact);
        errors.Level("urgency", input.Urgency);
        await ValidateAssignmentAsync(errors, input.AssignmentGroup, input.AssignedTo, cancellationToken);
        var parent = await ParentAsync(errors, input.Parent, self: null, cancellationToken);
        errors.ThrowIfAny();

        var impact = input.Impact ?? PriorityMatrix.Levels;
        var urgency = input.Urgency ?? PriorityMatrix.Levels;
        var priority = await matrix.PriorityOfAsync(impact, urgency, cancellationToken);
        var incident = new Incident
        {
            // A number is taken before the save: a failed save skips one, as in every ITSM tool; it is never given twice.
            Number = await numbers.NextAsync(RecordNumbers.Incident, cancellationToken),
            ShortDescription = input.ShortDescription!.Trim(),
            Description = RecordText.TrimmedOrNull(input.Description),
            Caller = RecordText.TrimmedOrNull(input.Caller) ?? by,
            Category = RecordText.TrimmedOrNull(input.Category),
            Subcategory = RecordText.TrimmedOrNull(input.Subcategory),
            Service = RecordText.TrimmedOrNull(input.Service),
            ConfigurationItem = RecordText.TrimmedOrNull(input.ConfigurationItem),
            Impact = impact,
            Urgency = urgency,
            Priority = priority,
            AssignmentGroup = RecordText.TrimmedOrNull(input.AssignmentGroup) ?? await routing.GroupForAsync(input.Category, priority, cancellationToken),
            AssignedTo = RecordText.TrimmedOrNull(input.AssignedTo),
            IsMajor = input.IsMajor,
            ParentId = parent?.Id,
            State = IncidentState.New,
            OpenedBy = by,
            OpenedAt = Now,
            UpdatedAt = Now,
        };
        db.Incidents.Add(incident);
        foreach (var (field, value) in Fields(incident).Where(f => f.Value is not null))
        {
            Audit(incident, field, null, value, by);
        }

        await slaClocks.ApplyAsync(incident, cancellationToken);
        return incident;
    }

    /// <exception cref="IncidentNotFoundException"/>
    /// <exception cref="IncidentValidationException"/>
    /// <exception cref="IncidentConcurrencyException">A stale <paramref name="expectedRevision"/>, or a change saved meanwhile.</exception>
    public async Task<Incident> UpdateAsync(string number, IncidentChanges changes, int? expectedRevision, string by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(number, cancellationToken);
        if (expectedRevision is { } revision && revision != incident.Revision)
        {
            throw new IncidentConcurrencyException(number);
        }

        var becomesMajor = !incident.IsMajor && changes.IsMajor == true;
        await ApplyChangesAsync(incident, changes, by, cancellationToken);
        if (becomesMajor)
        {
            await SaveStartingMajorIncidentAsync(incident, by, cancellationToken);
        }
        else
        {
            await SaveAsync(incident, cancellationToken);
        }

        await taskSync.FollowPendingDueDatesAsync(cancellationToken);
        return incident;
    }

    /// <summary>Validates and applies field changes to a tracked incident without saving (the workflow's handlers call it inside the trigger's transaction).</summary>
    /// <exception cref="IncidentValidationException"/>
    internal async Task ApplyChangesAsync(Incident incident, IncidentChanges changes, string by, CancellationToken cancellationToken)
    {
        var number = incident.Number;
        var errors = new FieldErrors();
        if (changes.ShortDescription is not null)
        {
            errors.Length("shortDescription", changes.ShortDescription, Incident.ShortDescriptionLength, required: true);
        }

        errors.Length("description", changes.Description, Incident.DescriptionLength);
        ValidateCodes(errors, changes.Category, changes.Subcategory, changes.Service, changes.ConfigurationItem);
        errors.Level("impact", changes.Impact);
        errors.Level("urgency", changes.Urgency);
        await ValidateAssignmentAsync(errors, changes.AssignmentGroup, changes.AssignedTo, cancellationToken);
        var parent = changes.Parent is null ? null : await ParentAsync(errors, changes.Parent, incident, cancellationToken);
        if (!incident.IsOpen && changes != new IncidentChanges())
        {
            errors.Add("state", $"{number} is {incident.State}: reopen it before changing it.");
        }

        errors.ThrowIfAny();

        var before = Fields(incident);
        incident.ShortDescription = changes.ShortDescription?.Trim() ?? incident.ShortDescription;
        incident.Description = Changed(changes.Description, incident.Description);
        incident.Category = Changed(changes.Category, incident.Category);
        incident.Subcategory = Changed(changes.Subcategory, incident.Subcategory);
        incident.Service = Changed(changes.Service, incident.Service);
        incident.ConfigurationItem = Changed(changes.ConfigurationItem, incident.ConfigurationItem);
        incident.Impact = changes.Impact ?? incident.Impact;
        incident.Urgency = changes.Urgency ?? incident.Urgency;
        incident.Priority = await matrix.PriorityOfAsync(incident.Impact, incident.Urgency, cancellationToken);
        incident.AssignmentGroup = Changed(changes.AssignmentGroup, incident.AssignmentGroup);
        incident.AssignedTo = Changed(changes.AssignedTo, incident.AssignedTo);
        incident.IsMajor = changes.IsMajor ?? incident.IsMajor;
        incident.ParentId = changes.Parent is null ? incident.ParentId : parent?.Id;
        AuditChanges(incident, before, by);
        await slaClocks.ApplyAsync(incident, cancellationToken);
        taskSync.FollowAfterCommit(incident.Number);
    }

    /// <exception cref="IncidentNotFoundException"/>
    /// <exception cref="IncidentTransitionException">The lifecycle does not allow it.</exception>
    /// <exception cref="IncidentValidationException">What the new state needs is missing.</exception>
    public async Task<Incident> TransitionAsync(string number, IncidentTransition transition, string by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(number, cancellationToken);
        var from = incident.State;
        var children = await ApplyTransitionAsync(incident, transition, by, cancellationToken);
        await SaveAsync(incident, cancellationToken);

        // The workflow learns what happened outside it; when it is not waiting for that, there is nothing to tell.
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
                await CancelWorkflowAsync(record, by, cancellationToken);
            }
            else if (message is not null)
            {
                await TellWorkflowAsync(record, message, cancellationToken);
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
        if (!IncidentLifecycle.IsAllowed(incident.State, transition.To))
        {
            throw new IncidentTransitionException(incident.Number, incident.State, transition.To);
        }

        var errors = new FieldErrors();
        if (transition.To == IncidentState.OnHold && transition.OnHoldReason is null)
        {
            errors.Add("onHoldReason", $"Say why it is on hold: {string.Join(", ", Enum.GetNames<OnHoldReason>())}.");
        }

        if (transition.To == IncidentState.Resolved)
        {
            errors.Length("resolutionCode", transition.ResolutionCode, Incident.CodeLength, required: true);
            errors.Length("resolutionNotes", transition.ResolutionNotes, Incident.DescriptionLength, required: true);
        }

        errors.ThrowIfAny();

        var before = Fields(incident);
        incident.State = transition.To;
        incident.OnHoldReason = transition.To == IncidentState.OnHold ? transition.OnHoldReason : null;
        switch (transition.To)
        {
            case IncidentState.Resolved:
                incident.ResolutionCode = transition.ResolutionCode!.Trim();
                incident.ResolutionNotes = transition.ResolutionNotes!.Trim();
                incident.ResolvedAt = Now;
                break;
            case IncidentState.InProgress when before["resolvedAt"] is not null:
                incident.ResolvedAt = null; // reopened: resolving again is a new resolution
                break;
            case IncidentState.Closed or IncidentState.Cancelled:
                incident.ClosedAt = Now;
                break;
        }

        AuditChanges(incident, before, by);
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

        await ApplyChangesAsync(incident, new IncidentChanges(AssignedTo: assignee), by, cancellationToken);
        if (incident.State == IncidentState.New)
        {
            await ApplyTransitionAsync(incident, new IncidentTransition(IncidentState.InProgress), by, cancellationToken);
        }

        await SaveAsync(incident, cancellationToken);
        await taskSync.FollowPendingDueDatesAsync(cancellationToken);
        return incident;
    }

    /// <exception cref="IncidentNotFoundException"/>
    /// <exception cref="IncidentValidationException">Empty or too long.</exception>
    public async Task<IncidentNote> AddNoteAsync(string number, IncidentNoteKind kind, string? text, string by, CancellationToken cancellationToken)
    {
        var incident = await FindAsync(number, cancellationToken);
        var errors = new FieldErrors();
        errors.Length("text", text, NoteLength, required: true);
        errors.ThrowIfAny();
        var note = AddNoteUnsaved(incident, kind, text!, by);
        await SaveAsync(incident, cancellationToken);
        return note;
    }

    internal IncidentNote AddNoteUnsaved(Incident incident, IncidentNoteKind kind, string text, string by)
    {
        var note = new IncidentNote { IncidentId = incident.Id, Kind = kind, Text = text.Trim()[..Math.Min(text.Trim().Length, NoteLength)], Author = by, At = Now };
        db.IncidentNotes.Add(note);
        incident.UpdatedAt = Now;
        return note;
    }

    /// <summary>The tracked incident.</summary>
    /// <exception cref="IncidentNotFoundException"/>
    internal async Task<Incident> FindAsync(string number, CancellationToken cancellationToken) =>
        db.Incidents.Local.FirstOrDefault(i => i.Number == number)
        ?? await db.Incidents.FirstOrDefaultAsync(i => i.Number == number, cancellationToken)
        ?? throw new IncidentNotFoundException(number);

    internal static Dictionary<string, string?> Fields(Incident incident) => new(StringComparer.Ordinal)
    {
        ["shortDescription"] = incident.ShortDescription,
        ["description"] = incident.Description,
        ["caller"] = incident.Caller,
        ["category"] = incident.Category,
        ["subcategory"] = incident.Subcategory,
        ["service"] = incident.Service,
        ["configurationItem"] = incident.ConfigurationItem,
        ["impact"] = incident.Impact.ToString(CultureInfo.InvariantCulture),
        ["urgency"] = incident.Urgency.ToString(CultureInfo.InvariantCulture),
        ["priority"] = incident.Priority.ToString(CultureInfo.InvariantCulture),
        ["assignmentGroup"] = incident.AssignmentGroup,
        ["assignedTo"] = incident.AssignedTo,
        ["state"] = incident.State.ToString(),
        ["onHoldReason"] = incident.OnHoldReason?.ToString(),
        ["resolutionCode"] = incident.ResolutionCode,
        ["resolutionNotes"] = incident.ResolutionNotes,
        ["resolvedAt"] = incident.ResolvedAt?.ToString("O", CultureInfo.InvariantCulture),
        ["isMajor"] = incident.IsMajor ? "true" : "false",
        ["parentId"] = incident.ParentId?.ToString(CultureInfo.InvariantCulture),
    };

    internal void AuditChanges(Incident incident, Dictionary<string, string?> before, string by)
    {
        var after = Fields(incident);
        var changed = false;
        foreach (var (field, old) in before.Where(b => b.Key != "resolvedAt"))
        {
            if (!string.Equals(old, after[field], StringComparison.Ordinal))
            {
                Audit(incident, field, old, after[field], by);
                changed = true;
            }
        }

        if (changed)
        {
            incident.UpdatedAt = Now;
        }
    }

    internal void Audit(Incident incident, string field, string? oldValue, string? newValue, string by) =>
        db.IncidentAudit.Add(new IncidentAuditEntry { Incident = incident, Field = field, OldValue = oldValue, NewValue = newValue, ChangedBy = by, ChangedAt = Now });

    internal Task SaveAsync(Incident incident, CancellationToken cancellationToken) =>
        SaveThroughAsync(incident, () => db.SaveChangesAsync(cancellationToken));

    /// <summary>
    /// Counts a revision and saves the unit of work through <paramref name="save"/> (a plain save, or a runtime start
    /// that saves it with the new instance); another writer first is an <see cref="IncidentConcurrencyException"/>.
    /// </summary>
    private static async Task SaveThroughAsync(Incident incident, Func<Task> save)
    {
        incident.Revision++;
        try
        {
            await save();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new IncidentConcurrencyException(incident.Number);
        }
    }

    private async Task StartTriageAsync(Incident incident, CancellationToken cancellationToken)
    {
        try
        {
            // The workflow's first step (incident.register) finds this tracked incident and links itself; the
            // runtime's save stores the incident, its audit and the instance in one transaction.
            await runtime.StartAsync(new StartProcessCommand(TriageProcess, BusinessKey: incident.Number, StartedBy: incident.Caller, Variables: new Dictionary<string, object?>
            {
                ["incidentNumber"] = incident.Number,
                ["shortDescription"] = incident.ShortDescription,
                ["impact"] = (long)incident.Impact,
                ["urgency"] = (long)incident.Urgency,
                ["category"] = incident.Category,
            }), cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            // Without the reference workflow deployed the record still stands on its own.
            LogNoWorkflow(logger, incident.Number, TriageProcess);
            incident.Revision++;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Saves the unit of work and starts major-incident for the incident unless one already runs for it: the runtime's
    /// start saves the pending changes (the flag, its audit) together with the new instance. Without the workflow
    /// deployed the changes are saved on their own.
    /// </summary>
    private Task SaveStartingMajorIncidentAsync(Incident incident, string by, CancellationToken cancellationToken) =>
        SaveThroughAsync(incident, async () =>
        {
            if (await RunningMajorIncidentAsync(incident.Number, cancellationToken) is not null)
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }

            try
            {
                await runtime.StartAsync(new StartProcessCommand(MajorIncidentProcess, BusinessKey: incident.Number, StartedBy: by, Variables: new Dictionary<string, object?>
                {
                    ["incidentNumber"] = incident.Number,
                    ["assignmentGroup"] = incident.AssignmentGroup ?? IncidentRouting.FallbackGroup,
                    ["shortDescription"] = incident.ShortDescription,
                }), cancellationToken);
            }
            catch (RuntimeNotFoundException)
            {
                LogNoWorkflow(logger, incident.Number, MajorIncidentProcess);
                await db.SaveChangesAsync(cancellationToken);
            }
        });

    /// <summary>Whether the process instance is still running or faulted (a finished or cancelled one no longer drives its incident).</summary>
    internal Task<bool> IsInstanceRunningAsync(string instanceId, CancellationToken cancellationToken) =>
        db.ProcessInstances.AsNoTracking().AnyAsync(i => i.Id == instanceId && (i.Status == InstanceRunStatus.Running || i.Status == InstanceRunStatus.Faulted), cancellationToken);

    /// <summary>The id of the running major-incident instance of an incident, if there is one.</summary>
    public Task<string?> RunningMajorIncidentAsync(string number, CancellationToken cancellationToken) =>
        db.ProcessInstances.AsNoTracking()
            .Where(i => i.DefinitionKey == MajorIncidentProcess && i.BusinessKey == number && i.Status == InstanceRunStatus.Running)
            .Select(i => i.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task TellWorkflowAsync(Incident incident, string message, CancellationToken cancellationToken)
    {
        if (incident.ProcessInstanceId is null)
        {
            return;
        }

        try
        {
            await runtime.CorrelateMessageAsync(message, incident.Number, null, cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            // The workflow is elsewhere (it drove this change itself, or has ended).
        }
    }

    private async Task CancelWorkflowAsync(Incident incident, string by, CancellationToken cancellationToken)
    {
        // A cancelled incident needs neither its triage nor, when it was major, its major-incident process.
        var instances = new[] { incident.ProcessInstanceId, await RunningMajorIncidentAsync(incident.Number, cancellationToken) };
        foreach (var instanceId in instances.OfType<string>())
        {
            try
            {
                await runtime.CancelAsync(instanceId, $"{incident.Number} cancelled by {by}", cancellationToken);
            }
            catch (Exception ex) when (ex is RuntimeNotFoundException or RuntimeConflictException)
            {
                // Already ended.
            }
        }
    }

    private static void ValidateCodes(FieldErrors errors, string? category, string? subcategory, string? service, string? configurationItem)
    {
        errors.Length("category", category, Incident.CodeLength);
        errors.Length("subcategory", subcategory, Incident.CodeLength);
        errors.Length("service", service, Incident.CodeLength);
        errors.Length("configurationItem", configurationItem, Incident.CodeLength);
    }

    private async Task ValidateAssignmentAsync(FieldErrors errors, string? group, string? assignee, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(group) && !await groups.ExistsAsync(group.Trim(), cancellationToken))
        {
            errors.Add("assignmentGroup", $"There is no group '{group}'.");
        }

        if (!string.IsNullOrWhiteSpace(assignee) && !await db.Users.AnyAsync(u => u.UserName == assignee.Trim(), cancellationToken))
        {
            errors.Add("assignedTo", $"There is nobody called '{assignee}'.");
        }
    }

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

    // null: unchanged; empty: cleared.
    private static string? Changed(string? requested, string? current) => requested is null ? current : RecordText.TrimmedOrNull(requested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {Number} has no workflow: process '{Process}' is not deployed")]
    private static partial void LogNoWorkflow(ILogger logger, string number, string process);
}
