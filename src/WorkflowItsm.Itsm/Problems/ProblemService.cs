using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Problems;

/// <summary>What is asked for a new problem; impact and urgency default to 3 (low), the group to <see cref="ProblemService.DefaultGroup"/>.</summary>
public sealed record NewProblem(
    string? ShortDescription,
    string? Description = null,
    string? Category = null,
    string? Service = null,
    string? ConfigurationItem = null,
    int? Impact = null,
    int? Urgency = null,
    string? AssignmentGroup = null,
    string? AssignedTo = null,
    string? RootCause = null,
    string? Workaround = null,
    IReadOnlyList<string>? Incidents = null);

/// <summary>Fields to change: null leaves a field as it is; an empty text clears an optional one.</summary>
public sealed record ProblemChanges(
    string? ShortDescription = null,
    string? Description = null,
    string? Category = null,
    string? Service = null,
    string? ConfigurationItem = null,
    int? Impact = null,
    int? Urgency = null,
    string? AssignmentGroup = null,
    string? AssignedTo = null,
    string? RootCause = null,
    string? Workaround = null,
    string? Fix = null);

/// <summary>A move to another state with what that state needs (a root cause to fix; a fix to resolve), given here or recorded before.</summary>
public sealed record ProblemTransition(ProblemState To, string? RootCause = null, string? Workaround = null, string? Fix = null);

/// <summary>
/// Problem commands: every change is validated first (nothing is saved when a field is wrong), writes an audit
/// entry per changed field, and is one transaction. A new problem starts the problem workflow in the same
/// transaction. Resolving a problem leaves a work note on each linked open incident (it does not resolve them:
/// the service desk confirms with each caller).
/// </summary>
public sealed partial class ProblemService(
    ItsmDbContext db, RecordNumbers numbers, PriorityMatrix matrix, DirectoryGroups groups, IncidentService incidents,
    WorkflowRuntime runtime, TimeProvider time, ILogger<ProblemService> logger)
{
    public const string Process = "problem";
    public const string ResolvedMessage = "problem-resolved";

    /// <summary>Second line investigates problems unless another group is named.</summary>
    public const string DefaultGroup = "service-desk-l2";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <exception cref="ProblemValidationException">Nothing was saved.</exception>
    public async Task<Problem> CreateAsync(NewProblem input, string by, CancellationToken cancellationToken)
    {
        var problem = await BuildAsync(input, by, cancellationToken);
        await StartWorkflowAsync(problem, by, cancellationToken);
        return problem;
    }

    /// <summary>Validates and adds a new problem with its links and audit to the unit of work, unsaved (the caller saves).</summary>
    /// <exception cref="ProblemValidationException"/>
    internal async Task<Problem> BuildAsync(NewProblem input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("shortDescription", input.ShortDescription, Problem.ShortDescriptionLength, required: true);
        ValidateTexts(errors, input.Description, input.RootCause, input.Workaround, fix: null);
        ValidateCodes(errors, input.Category, input.Service, input.ConfigurationItem);
        errors.Level("impact", input.Impact);
        errors.Level("urgency", input.Urgency);
        await ValidateAssignmentAsync(errors, input.AssignmentGroup, input.AssignedTo, cancellationToken);
        var linked = new List<Incident>();
        foreach (var number in (input.Incidents ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.Ordinal))
        {
            var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Number == number, cancellationToken);
            if (incident is null)
            {
                errors.Add("incidents", $"There is no incident '{number}'.");
            }
            else if (await OpenProblemOfAsync(incident.Id, cancellationToken) is { } other)
            {
                errors.Add("incidents", $"{number} is already linked to {other}.");
            }
            else
            {
                linked.Add(incident);
            }
        }

        errors.ThrowIfAny(Invalid);

        var impact = input.Impact ?? PriorityMatrix.Levels;
        var urgency = input.Urgency ?? PriorityMatrix.Levels;
        var problem = new Problem
        {
            // A number is taken before the save: a failed save skips one; it is never given twice.
            Number = await numbers.NextAsync(RecordNumbers.Problem, cancellationToken),
            ShortDescription = input.ShortDescription!.Trim(),
            Description = RecordText.TrimmedOrNull(input.Description),
            Category = RecordText.TrimmedOrNull(input.Category),
            Service = RecordText.TrimmedOrNull(input.Service),
            ConfigurationItem = RecordText.TrimmedOrNull(input.ConfigurationItem),
            Impact = impact,
            Urgency = urgency,
            Priority = await matrix.PriorityOfAsync(impact, urgency, cancellationToken),
            AssignmentGroup = RecordText.TrimmedOrNull(input.AssignmentGroup) ?? DefaultGroup,
            AssignedTo = RecordText.TrimmedOrNull(input.AssignedTo),
            RootCause = RecordText.TrimmedOrNull(input.RootCause),
            Workaround = RecordText.TrimmedOrNull(input.Workaround),
            State = ProblemState.New,
            OpenedBy = by,
            OpenedAt = Now,
            UpdatedAt = Now,
        };
        problem.IsKnownError = IsKnownError(problem);
        db.Problems.Add(problem);
        foreach (var (field, value) in Fields(problem).Where(f => f.Value is not null))
        {
            Audit(problem, field, null, value, by);
        }

        foreach (var incident in linked)
        {
            AddLink(problem, incident, by);
        }

        return problem;
    }

    /// <exception cref="ProblemNotFoundException"/>
    /// <exception cref="ProblemValidationException"/>
    /// <exception cref="ProblemConcurrencyException">A stale <paramref name="expectedRevision"/>, or a change saved meanwhile.</exception>
    public async Task<Problem> UpdateAsync(string number, ProblemChanges changes, int? expectedRevision, string by, CancellationToken cancellationToken)
    {
        var problem = await FindAsync(number, cancellationToken);
        if (expectedRevision is { } revision && revision != problem.Revision)
        {
            throw new ProblemConcurrencyException(number);
        }

        await ApplyChangesAsync(problem, changes, by, cancellationToken);
        await SaveAsync(problem, cancellationToken);
        return problem;
    }

    /// <summary>
    /// Validates and applies field changes to a tracked problem without saving (the workflow's handlers call it
    /// inside the trigger's transaction). A resolved problem may still be documented; a closed or cancelled one not.
    /// </summary>
    /// <exception cref="ProblemValidationException"/>
    internal async Task ApplyChangesAsync(Problem problem, ProblemChanges changes, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (changes.ShortDescription is not null)
        {
            errors.Length("shortDescription", changes.ShortDescription, Problem.ShortDescriptionLength, required: true);
        }

        ValidateTexts(errors, changes.Description, changes.RootCause, changes.Workaround, changes.Fix);
        ValidateCodes(errors, changes.Category, changes.Service, changes.ConfigurationItem);
        errors.Level("impact", changes.Impact);
        errors.Level("urgency", changes.Urgency);
        await ValidateAssignmentAsync(errors, changes.AssignmentGroup, changes.AssignedTo, cancellationToken);
        if (problem.State is ProblemState.Closed or ProblemState.Cancelled && changes != new ProblemChanges())
        {
            errors.Add("state", $"{problem.Number} is {problem.State}: it can no longer be changed.");
        }

        errors.ThrowIfAny(Invalid);

        var before = Fields(problem);
        problem.ShortDescription = changes.ShortDescription?.Trim() ?? problem.ShortDescription;
        problem.Description = Changed(changes.Description, problem.Description);
        problem.Category = Changed(changes.Category, problem.Category);
        problem.Service = Changed(changes.Service, problem.Service);
        problem.ConfigurationItem = Changed(changes.ConfigurationItem, problem.ConfigurationItem);
        problem.Impact = changes.Impact ?? problem.Impact;
        problem.Urgency = changes.Urgency ?? problem.Urgency;
        problem.Priority = await matrix.PriorityOfAsync(problem.Impact, problem.Urgency, cancellationToken);
        problem.AssignmentGroup = Changed(changes.AssignmentGroup, problem.AssignmentGroup);
        problem.AssignedTo = Changed(changes.AssignedTo, problem.AssignedTo);
        problem.RootCause = Changed(changes.RootCause, problem.RootCause);
        problem.Workaround = Changed(changes.Workaround, problem.Workaround);
        problem.Fix = Changed(changes.Fix, problem.Fix);
        problem.IsKnownError = IsKnownError(problem);
        AuditChanges(problem, before, by);
    }

    /// <exception cref="ProblemNotFoundException"/>
    /// <exception cref="ProblemTransitionException">The lifecycle does not allow it.</exception>
    /// <exception cref="ProblemValidationException">What the new state needs is missing.</exception>
    public async Task<Problem> TransitionAsync(string number, ProblemTransition transition, string by, CancellationToken cancellationToken)
    {
        var problem = await FindAsync(number, cancellationToken);
        await ApplyTransitionAsync(problem, transition, by, cancellationToken);
        await SaveAsync(problem, cancellationToken);
        if (transition.To == ProblemState.Cancelled)
        {
            await CancelWorkflowAsync(problem, by, cancellationToken);
        }
        else if (transition.To == ProblemState.Resolved)
        {
            await TellWorkflowResolvedAsync(problem, cancellationToken);
        }

        return problem;
    }

    /// <summary>
    /// Applies a state change to a tracked problem without saving (the workflow's handlers call it inside the
    /// trigger's transaction). Fixing needs a root cause, resolving a fix; on Resolved each linked open incident gets a work note.
    /// </summary>
    internal async Task ApplyTransitionAsync(Problem problem, ProblemTransition transition, string by, CancellationToken cancellationToken)
    {
        if (!ProblemLifecycle.IsAllowed(problem.State, transition.To))
        {
            throw new ProblemTransitionException(problem.Number, problem.State, transition.To);
        }

        var errors = new FieldErrors();
        ValidateTexts(errors, description: null, transition.RootCause, transition.Workaround, transition.Fix);
        if (transition.To == ProblemState.FixInProgress && string.IsNullOrWhiteSpace(transition.RootCause ?? problem.RootCause))
        {
            errors.Add("rootCause", "Record the root cause before fixing it.");
        }

        if (transition.To == ProblemState.Resolved && string.IsNullOrWhiteSpace(transition.Fix ?? problem.Fix))
        {
            errors.Add("fix", "Say what fixed it (or why it is resolved without a fix).");
        }

        errors.ThrowIfAny(Invalid);

        var before = Fields(problem);
        problem.RootCause = Changed(transition.RootCause, problem.RootCause);
        problem.Workaround = Changed(transition.Workaround, problem.Workaround);
        problem.Fix = Changed(transition.Fix, problem.Fix);
        problem.IsKnownError = IsKnownError(problem);
        problem.State = transition.To;
        switch (transition.To)
        {
            case ProblemState.Resolved:
                problem.ResolvedAt = Now;
                break;
            case ProblemState.FixInProgress when before["resolvedAt"] is not null:
                problem.ResolvedAt = null; // reopened: resolving again is a new resolution
                break;
            case ProblemState.Closed or ProblemState.Cancelled:
                problem.ClosedAt = Now;
                break;
        }

        AuditChanges(problem, before, by);
        if (transition.To == ProblemState.Resolved)
        {
            await NoteLinkedIncidentsAsync(problem, by, cancellationToken);
        }
    }

    /// <summary>
    /// Moves a tracked problem along <see cref="ProblemLifecycle.HappyPath"/> up to <paramref name="target"/> (the
    /// workflow's steps: the record may have been moved ahead on its own meanwhile, then nothing happens).
    /// </summary>
    internal async Task AdvanceAsync(Problem problem, ProblemTransition target, string by, CancellationToken cancellationToken)
    {
        var goal = ProblemLifecycle.StepOf(target.To);
        for (var at = ProblemLifecycle.StepOf(problem.State); at >= 0 && at < goal; at = ProblemLifecycle.StepOf(problem.State))
        {
            await ApplyTransitionAsync(problem, target with { To = ProblemLifecycle.HappyPath[at + 1] }, by, cancellationToken);
        }
    }

    /// <summary>Links an incident to the problem; linking it again changes nothing.</summary>
    /// <exception cref="ProblemNotFoundException"/>
    /// <exception cref="IncidentNotFoundException"/>
    /// <exception cref="ProblemValidationException">The problem is closed, or the incident belongs to another open problem.</exception>
    public async Task<Problem> LinkIncidentAsync(string number, string incidentNumber, string by, CancellationToken cancellationToken)
    {
        var problem = await FindAsync(number, cancellationToken);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Number == incidentNumber, cancellationToken)
            ?? throw new IncidentNotFoundException(incidentNumber);
        if (await db.ProblemIncidentLinks.AnyAsync(l => l.ProblemId == problem.Id && l.IncidentId == incident.Id, cancellationToken))
        {
            return problem;
        }

        var errors = new FieldErrors();
        if (problem.State is ProblemState.Closed or ProblemState.Cancelled)
        {
            errors.Add("state", $"{number} is {problem.State}: link the incident to an open problem.");
        }

        if (await OpenProblemOfAsync(incident.Id, cancellationToken) is { } other)
        {
            errors.Add("incident", $"{incidentNumber} is already linked to {other}.");
        }

        errors.ThrowIfAny(Invalid);
        AddLink(problem, incident, by);
        problem.UpdatedAt = Now;
        await SaveAsync(problem, cancellationToken);
        return problem;
    }

    /// <exception cref="ProblemNotFoundException"/>
    /// <exception cref="IncidentNotFoundException">No such incident, or it is not linked to this problem.</exception>
    public async Task<Problem> UnlinkIncidentAsync(string number, string incidentNumber, string by, CancellationToken cancellationToken)
    {
        var problem = await FindAsync(number, cancellationToken);
        var link = await db.ProblemIncidentLinks
            .Where(l => l.ProblemId == problem.Id && db.Incidents.Any(i => i.Id == l.IncidentId && i.Number == incidentNumber))
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new IncidentNotFoundException(incidentNumber);
        db.ProblemIncidentLinks.Remove(link);
        Audit(problem, "incident", incidentNumber, null, by);
        problem.UpdatedAt = Now;
        await SaveAsync(problem, cancellationToken);
        return problem;
    }

    /// <summary>The tracked problem.</summary>
    /// <exception cref="ProblemNotFoundException"/>
    internal async Task<Problem> FindAsync(string number, CancellationToken cancellationToken) =>
        db.Problems.Local.FirstOrDefault(p => p.Number == number)
        ?? await db.Problems.FirstOrDefaultAsync(p => p.Number == number, cancellationToken)
        ?? throw new ProblemNotFoundException(number);

    internal static Dictionary<string, string?> Fields(Problem problem) => new(StringComparer.Ordinal)
    {
        ["shortDescription"] = problem.ShortDescription,
        ["description"] = problem.Description,
        ["category"] = problem.Category,
        ["service"] = problem.Service,
        ["configurationItem"] = problem.ConfigurationItem,
        ["impact"] = problem.Impact.ToString(CultureInfo.InvariantCulture),
        ["urgency"] = problem.Urgency.ToString(CultureInfo.InvariantCulture),
        ["priority"] = problem.Priority.ToString(CultureInfo.InvariantCulture),
        ["assignmentGroup"] = problem.AssignmentGroup,
        ["assignedTo"] = problem.AssignedTo,
        ["state"] = problem.State.ToString(),
        ["rootCause"] = problem.RootCause,
        ["workaround"] = problem.Workaround,
        ["fix"] = problem.Fix,
        ["isKnownError"] = problem.IsKnownError ? "true" : "false",
        ["resolvedAt"] = problem.ResolvedAt?.ToString("O", CultureInfo.InvariantCulture),
    };

    private static ProblemValidationException Invalid(IReadOnlyDictionary<string, string[]> errors) => new(errors);

    // ITIL: a known error is a problem whose root cause is documented and that has a workaround.
    private static bool IsKnownError(Problem problem) => problem.RootCause is not null && problem.Workaround is not null;

    private void AddLink(Problem problem, Incident incident, string by)
    {
        db.ProblemIncidentLinks.Add(new ProblemIncidentLink { Problem = problem, IncidentId = incident.Id, LinkedBy = by, LinkedAt = Now });
        Audit(problem, "incident", null, incident.Number, by);
    }

    /// <summary>The number of the open problem the incident is linked to, if any.</summary>
    private Task<string?> OpenProblemOfAsync(long incidentId, CancellationToken cancellationToken) =>
        db.ProblemIncidentLinks.Where(l => l.IncidentId == incidentId && ProblemLifecycle.OpenStates.Contains(l.Problem!.State))
            .Select(l => l.Problem!.Number).FirstOrDefaultAsync(cancellationToken);

    private async Task NoteLinkedIncidentsAsync(Problem problem, string by, CancellationToken cancellationToken)
    {
        var linked = await db.Incidents.Where(i => db.ProblemIncidentLinks.Any(l => l.ProblemId == problem.Id && l.IncidentId == i.Id)).ToListAsync(cancellationToken);
        foreach (var incident in linked.Where(i => i.IsOpen))
        {
            incidents.AddNoteUnsaved(incident, IncidentNoteKind.WorkNote, $"Problem {problem.Number} resolved: {problem.Fix}", by);
        }
    }

    private void AuditChanges(Problem problem, Dictionary<string, string?> before, string by)
    {
        var after = Fields(problem);
        var changed = false;
        foreach (var (field, old) in before.Where(b => b.Key != "resolvedAt"))
        {
            if (!string.Equals(old, after[field], StringComparison.Ordinal))
            {
                Audit(problem, field, old, after[field], by);
                changed = true;
            }
        }

        if (changed)
        {
            problem.UpdatedAt = Now;
        }
    }

    private void Audit(Problem problem, string field, string? oldValue, string? newValue, string by) =>
        db.ProblemAudit.Add(new ProblemAuditEntry { Problem = problem, Field = field, OldValue = oldValue, NewValue = newValue, ChangedBy = by, ChangedAt = Now });

    private async Task SaveAsync(Problem problem, CancellationToken cancellationToken)
    {
        problem.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ProblemConcurrencyException(problem.Number);
        }
    }

    /// <summary>Starts the problem workflow for a problem just built, saving it with the instance (or alone when the process is not deployed).</summary>
    internal async Task StartWorkflowAsync(Problem problem, string by, CancellationToken cancellationToken)
    {
        try
        {
            // The workflow's first step (problem.register) finds this tracked problem and links itself; the
            // runtime's save stores the problem, its links and audit and the instance in one transaction.
            await runtime.StartAsync(new StartProcessCommand(Process, BusinessKey: problem.Number, StartedBy: by, Variables: new Dictionary<string, object?>
            {
                ["problemNumber"] = problem.Number,
                ["shortDescription"] = problem.ShortDescription,
            }), cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            // Without the reference workflow deployed the record still stands on its own.
            LogNoWorkflow(logger, problem.Number, Process);
            problem.Revision++;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task TellWorkflowResolvedAsync(Problem problem, CancellationToken cancellationToken)
    {
        if (problem.ProcessInstanceId is null)
        {
            return;
        }

        try
        {
            await runtime.CorrelateMessageAsync(ResolvedMessage, problem.Number, null, cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            // The workflow has ended (it resolved the problem itself, or was resolved before).
        }
    }

    private async Task CancelWorkflowAsync(Problem problem, string by, CancellationToken cancellationToken)
    {
        if (problem.ProcessInstanceId is null)
        {
            return;
        }

        try
        {
            await runtime.CancelAsync(problem.ProcessInstanceId, $"{problem.Number} cancelled by {by}", cancellationToken);
        }
        catch (Exception ex) when (ex is RuntimeNotFoundException or RuntimeConflictException)
        {
            // Already ended.
        }
    }

    private static void ValidateTexts(FieldErrors errors, string? description, string? rootCause, string? workaround, string? fix)
    {
        errors.Length("description", description, Problem.TextLength);
        errors.Length("rootCause", rootCause, Problem.TextLength);
        errors.Length("workaround", workaround, Problem.TextLength);
        errors.Length("fix", fix, Problem.TextLength);
    }

    private static void ValidateCodes(FieldErrors errors, string? category, string? service, string? configurationItem)
    {
        errors.Length("category", category, Problem.CodeLength);
        errors.Length("service", service, Problem.CodeLength);
        errors.Length("configurationItem", configurationItem, Problem.CodeLength);
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

    // null: unchanged; empty: cleared.
    private static string? Changed(string? requested, string? current) => requested is null ? current : RecordText.TrimmedOrNull(requested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Problem {Number} has no workflow: process '{Process}' is not deployed")]
    private static partial void LogNoWorkflow(ILogger logger, string number, string process);
}
