using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

public sealed record ManualEscalationView(long Id, ManualEscalationKind Kind, string KindLabel, string? FromGroup, string? ToGroup, string? Manager, string Reason, string By, DateTime At);

/// <summary>
/// Escalations made by hand on an incident, each with its reason: functional (to another group, which takes it over:
/// the reassignment goes through the incident's own change, so its SLA clocks follow as their definitions say),
/// hierarchical (the group's manager is told) and de-escalation (one hierarchical step back). Each is one transaction,
/// a work note and a line in the record's activity stream, and a row for reports.
/// </summary>
public sealed class ManualEscalations(
    ItsmDbContext db, IncidentService incidents, RecordStore store, RecordHistory history, EscalationPolicies policies, DirectoryGroups groups, Notifier notifier,
    ServiceLevels.SlaClocks slaClocks)
{
    public const string Kind = "escalation";

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">No reason, an unknown group or the record's own; nothing was saved.</exception>
    public async Task<ManualEscalation> FunctionalAsync(string number, string? toGroup, string? reason, string by, CancellationToken cancellationToken)
    {
        var incident = await store.FindAsync<Incident>(number, cancellationToken);
        var errors = new FieldErrors();
        errors.Length("reason", reason, Record.TextLength, required: true);
        errors.Length("toGroup", toGroup, DirectoryGroup.KeyLength, required: true);
        var to = RecordText.TrimmedOrNull(toGroup);
        if (to is not null && !await groups.ExistsAsync(to, cancellationToken))
        {
            errors.Add("toGroup", $"There is no group '{to}'.");
        }
        else if (to is not null && to == incident.AssignmentGroup)
        {
            errors.Add("toGroup", $"{number} is with {to} already; choose another group.");
        }

        errors.ThrowIfAny(Kind);
        var from = incident.AssignmentGroup;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The incident's own change: validated, audited, its SLA clocks applied again for the new group.
        await incidents.UpdateAsync(number, new IncidentChanges { AssignmentGroup = to, AssignedTo = "" }, null, by, cancellationToken);
        // The response target starts again for the new group when its SLA definition says so.
        db.ChangeTracker.Clear();
        var restarted = await slaClocks.RestartResponseAsync(await store.FindAsync<Incident>(number, cancellationToken), $"restarted: escalated to {to}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var step = await RecordAsync(incident, ManualEscalationKind.Functional, from, to, null, reason!, by,
            $"Functional escalation from {from ?? "no group"} to {to}: {reason!.Trim()}{(restarted is null ? "" : $" (the response target \"{restarted.Name}\" starts again)")}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync(NotificationKinds.Escalation, await groups.MembersOfAsync([to!], cancellationToken),
            Values(incident, $"{number} ({incident.ShortDescription}) was escalated to {to} by {by}: {reason.Trim()}"), Link(number), cancellationToken);
        return step;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">No reason, or the group has no manager named; nothing was saved.</exception>
    public async Task<ManualEscalation> HierarchicalAsync(string number, string? reason, string by, CancellationToken cancellationToken)
    {
        var incident = await store.FindAsync<Incident>(number, cancellationToken);
        var errors = new FieldErrors();
        errors.Length("reason", reason, Record.TextLength, required: true);
        var manager = await policies.ManagerOfAsync(incident.AssignmentGroup, cancellationToken);
        if (manager is null)
        {
            errors.Add("manager", $"No manager is named for {incident.AssignmentGroup ?? "the incident's group (it has none)"}; name one before escalating to management.");
        }

        errors.ThrowIfAny(Kind);
        var level = await LevelAsync(number, cancellationToken) + 1;
        var step = await RecordAsync(incident, ManualEscalationKind.Hierarchical, incident.AssignmentGroup, null, manager, reason!, by,
            $"Hierarchical escalation (management level {level}) to {manager}, manager of {incident.AssignmentGroup}: {reason!.Trim()}", cancellationToken);
        await notifier.NotifyAsync(NotificationKinds.Escalation, [manager!],
            Values(incident, $"{by} escalated {number} ({incident.ShortDescription}) to you as manager of {incident.AssignmentGroup}: {reason.Trim()}"), Link(number), cancellationToken);
        return step;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">No reason.</exception>
    /// <exception cref="EscalationConflictException">Not escalated to management.</exception>
    public async Task<ManualEscalation> DeEscalateAsync(string number, string? reason, string by, CancellationToken cancellationToken)
    {
        var incident = await store.FindAsync<Incident>(number, cancellationToken);
        var errors = new FieldErrors();
        errors.Length("reason", reason, Record.TextLength, required: true);
        errors.ThrowIfAny(Kind);
        var level = await LevelAsync(number, cancellationToken);
        if (level == 0)
        {
            throw new EscalationConflictException($"{number} is not escalated to management; there is nothing to de-escalate.");
        }

        var manager = await db.Set<ManualEscalation>().AsNoTracking().Where(m => m.RecordNumber == number && m.Kind == ManualEscalationKind.Hierarchical)
            .OrderByDescending(m => m.Id).Select(m => m.Manager).FirstOrDefaultAsync(cancellationToken);
        var step = await RecordAsync(incident, ManualEscalationKind.DeEscalation, incident.AssignmentGroup, null, manager, reason!, by,
            $"De-escalated (management level {level - 1}): {reason!.Trim()}", cancellationToken);
        if (manager is not null)
        {
            await notifier.NotifyAsync(NotificationKinds.Escalation, [manager], Values(incident, $"{by} de-escalated {number} ({incident.ShortDescription}): {reason.Trim()}"), Link(number), cancellationToken);
        }

        return step;
    }

    public async Task<IReadOnlyList<ManualEscalationView>> OfRecordAsync(string number, CancellationToken cancellationToken) =>
        (await db.Set<ManualEscalation>().AsNoTracking().Where(m => m.RecordNumber == number).OrderBy(m => m.Id).ToListAsync(cancellationToken))
        .Select(m => new ManualEscalationView(m.Id, m.Kind, EscalationLabels.Manual(m.Kind), m.FromGroup, m.ToGroup, m.Manager, m.Reason, m.By, m.At)).ToList();

    /// <summary>How many management steps the record is up: hierarchical escalations less de-escalations.</summary>
    public async Task<int> LevelAsync(string number, CancellationToken cancellationToken)
    {
        var kinds = await db.Set<ManualEscalation>().AsNoTracking().Where(m => m.RecordNumber == number && m.Kind != ManualEscalationKind.Functional)
            .Select(m => m.Kind).ToListAsync(cancellationToken);
        return kinds.Count(k => k == ManualEscalationKind.Hierarchical) - kinds.Count(k => k == ManualEscalationKind.DeEscalation);
    }

    private async Task<ManualEscalation> RecordAsync(Incident incident, ManualEscalationKind kind, string? from, string? to, string? manager, string reason, string by, string text,
        CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var record = await store.FindAsync<Incident>(incident.Number, cancellationToken);
        var step = new ManualEscalation
        {
            RecordNumber = incident.Number, Kind = kind, FromGroup = from, ToGroup = to, Manager = manager, Reason = reason.Trim(), By = by, At = history.Now,
        };
        db.Set<ManualEscalation>().Add(step);
        history.Audit(record, EscalationService.ActivityField, null, text.Length > Record.TextLength ? text[..Record.TextLength] : text, by);
        history.AddNote(record, RecordNoteKind.WorkNote, text, by);
        await store.SaveAsync(record, cancellationToken);
        return step;
    }

    private static Dictionary<string, string?> Values(Incident incident, string text) => new()
    {
        ["record"] = incident.Number,
        ["task"] = incident.ShortDescription,
        ["by"] = text,
    };

    private static string Link(string number) => $"/incidents/{number}";
}
