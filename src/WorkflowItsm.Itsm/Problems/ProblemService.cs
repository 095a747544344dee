using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Problems;

/// <summary>What is asked for a new problem; impact and urgency default to 3 (low), the group to <see cref="ProblemService.DefaultGroup"/>.</summary>
public sealed record NewProblem : PrioritizedRecordInput
{
    public string? RootCause { get; init; }
    public string? Workaround { get; init; }

    /// <summary>Numbers of the incidents the problem causes.</summary>
    public IReadOnlyList<string>? Incidents { get; init; }
}

/// <summary>Fields to change: null leaves a field as it is; an empty text clears an optional one.</summary>
public record ProblemChanges : PrioritizedRecordInput
{
    public string? RootCause { get; init; }
    public string? Workaround { get; init; }
    public string? Fix { get; init; }

    public override bool IsEmpty => base.IsEmpty && RootCause is null && Workaround is null && Fix is null;
}

/// <summary>A move to another state with what that state needs (a root cause to fix; a fix to resolve), given here or recorded before.</summary>
public sealed record ProblemTransition(ProblemState To, string? RootCause = null, string? Workaround = null, string? Fix = null);

/// <summary>
/// Problem use cases on the record kernel: every change is validated first (nothing is saved when a field is
/// wrong), audited field by field, and one transaction. A new problem starts the problem workflow in the same
/// transaction. Resolving a problem leaves a work note on each linked open incident (it does not resolve them:
/// the service desk confirms with each caller). What is the problem's own: known errors, links to the incidents
/// it causes, the workflow's happy path.
/// </summary>
public sealed class ProblemService(
    ItsmDbContext db, RecordNumbers numbers, RecordStore store, RecordHistory history, RecordWorkflow workflow, RecordLinks links, PrioritizedRecordFields fields)
{
    public const string Kind = "problem";
    public const string Process = "problem";
    public const string ResolvedMessage = "problem-resolved";

    /// <summary>The audit field of a link to an incident (the value is its number).</summary>
    public const string IncidentLinkField = "incident";

    /// <summary>Second line investigates problems unless another group is named.</summary>
    public const string DefaultGroup = "service-desk-l2";

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<Problem> CreateAsync(NewProblem input, string by, CancellationToken cancellationToken)
    {
        var problem = await BuildAsync(input, by, cancellationToken);
        await StartWorkflowAsync(problem, by, cancellationToken);
        return problem;
    }

    /// <summary>Validates and adds a new problem with its links and audit to the unit of work, unsaved (the caller saves).</summary>
    /// <exception cref="RecordValidationException"/>
    internal async Task<Problem> BuildAsync(NewProblem input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        await fields.ValidateAsync(errors, input, isNew: true, cancellationToken);
        errors.Texts(("rootCause", input.RootCause), ("workaround", input.Workaround));
        var linked = new List<string>();
        foreach (var number in (input.Incidents ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.Ordinal))
        {
            if (!await db.Incidents.AnyAsync(i => i.Number == number, cancellationToken))
            {
                errors.Add("incidents", $"There is no incident '{number}'.");
            }
            else if (await OpenProblemOfAsync(number, cancellationToken) is { } other)
            {
                errors.Add("incidents", $"{number} is already linked to {other}.");
            }
            else
            {
                linked.Add(number);
            }
        }

        errors.ThrowIfAny(Kind);

        var problem = new Problem
        {
            // A number is taken before the save: a failed save skips one; it is never given twice.
            Number = await numbers.NextAsync(RecordNumbers.Problem, cancellationToken),
            ShortDescription = input.ShortDescription!.Trim(),
            RootCause = RecordText.TrimmedOrNull(input.RootCause),
            Workaround = RecordText.TrimmedOrNull(input.Workaround),
            State = ProblemState.New,
            OpenedBy = by,
            OpenedAt = history.Now,
            UpdatedAt = history.Now,
        };
        await fields.ApplyAsync(problem, input, cancellationToken);
        problem.AssignmentGroup ??= DefaultGroup;
        problem.IsKnownError = IsKnownError(problem);
        db.Problems.Add(problem);
        history.Created(problem, by);
        foreach (var incident in linked)
        {
            await links.AddAsync(problem, incident, RecordLinkKinds.Causes, IncidentLinkField, by, cancellationToken);
        }

        return problem;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    /// <exception cref="RecordConcurrencyException">A stale <paramref name="expectedRevision"/>, or a change saved meanwhile.</exception>
    public async Task<Problem> UpdateAsync(string number, ProblemChanges changes, int? expectedRevision, string by, CancellationToken cancellationToken)
    {
        var problem = await FindAsync(number, cancellationToken);
        RecordStore.EnsureRevision(problem, expectedRevision);
        await ApplyChangesAsync(problem, changes, by, cancellationToken);
        await store.SaveAsync(problem, cancellationToken);
        return problem;
    }

    /// <summary>
    /// Validates and applies field changes to a tracked problem without saving (the workflow's handlers call it
    /// inside the trigger's transaction). A resolved problem may still be documented; a closed or cancelled one not.
    /// </summary>
    /// <exception cref="RecordValidationException"/>
    internal async Task ApplyChangesAsync(Problem problem, ProblemChanges changes, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        await fields.ValidateAsync(errors, changes, isNew: false, cancellationToken);
        errors.Texts(("rootCause", changes.RootCause), ("workaround", changes.Workaround), ("fix", changes.Fix));
        if (problem.State is ProblemState.Closed or ProblemState.Cancelled && !changes.IsEmpty)
        {
            errors.Add("state", $"{problem.Number} is {problem.State}: it can no longer be changed.");
        }

        errors.ThrowIfAny(Kind);

        var before = problem.AuditedFields();
        await fields.ApplyAsync(problem, changes, cancellationToken);
        problem.RootCause = RecordText.Changed(changes.RootCause, problem.RootCause);
        problem.Workaround = RecordText.Changed(changes.Workaround, problem.Workaround);
        problem.Fix = RecordText.Changed(changes.Fix, problem.Fix);
        problem.IsKnownError = IsKnownError(problem);
        history.Changed(problem, before, by);
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordTransitionException">The lifecycle does not allow it.</exception>
    /// <exception cref="RecordValidationException">What the new state needs is missing.</exception>
    public async Task<Problem> TransitionAsync(string number, ProblemTransition transition, string by, CancellationToken cancellationToken)
    {
        var problem = await FindAsync(number, cancellationToken);
        await ApplyTransitionAsync(problem, transition, by, cancellationToken);
        await store.SaveAsync(problem, cancellationToken);
        if (transition.To == ProblemState.Cancelled)
        {
            await workflow.CancelAsync(problem, by, cancellationToken);
        }
        else if (transition.To == ProblemState.Resolved)
        {
            await workflow.TellAsync(problem, ResolvedMessage, cancellationToken);
        }

        return problem;
    }

    /// <summary>
    /// Applies a state change to a tracked problem without saving (the workflow's handlers call it inside the
    /// trigger's transaction). Fixing needs a root cause, resolving a fix (given with the move or recorded before); on
    /// Resolved each linked open incident gets a work note.
    /// </summary>
    internal async Task ApplyTransitionAsync(Problem problem, ProblemTransition transition, string by, CancellationToken cancellationToken)
    {
        ProblemLifecycle.Table.EnsureAllowed(problem, transition.To);
        var errors = new FieldErrors();
        errors.Texts(("rootCause", transition.RootCause), ("workaround", transition.Workaround), ("fix", transition.Fix));
        ProblemLifecycle.Table.CheckRequired(transition.To, errors, field => field switch
        {
            "rootCause" => transition.RootCause ?? problem.RootCause,
            "fix" => transition.Fix ?? problem.Fix,
            _ => null,
        });
        errors.ThrowIfAny(Kind);

        var before = problem.AuditedFields();
        problem.RootCause = RecordText.Changed(transition.RootCause, problem.RootCause);
        problem.Workaround = RecordText.Changed(transition.Workaround, problem.Workaround);
        problem.Fix = RecordText.Changed(transition.Fix, problem.Fix);
        problem.IsKnownError = IsKnownError(problem);
        switch (transition.To)
        {
            case ProblemState.Resolved:
                problem.ResolvedAt = history.Now;
                break;
            case ProblemState.FixInProgress when problem.ResolvedAt is not null:
                problem.ResolvedAt = null; // reopened: resolving again is a new resolution
                break;
            case ProblemState.Closed or ProblemState.Cancelled:
                problem.ClosedAt = history.Now;
                break;
        }

        problem.State = transition.To;
        history.Changed(problem, before, by);
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
    /// <exception cref="RecordNotFoundException">No such problem or incident.</exception>
    /// <exception cref="RecordValidationException">The problem is closed, or the incident belongs to another open problem.</exception>
    public async Task<Problem> LinkIncidentAsync(string number, string incidentNumber, string by, CancellationToken cancellationToken)
    {
        var problem = await FindAsync(number, cancellationToken);
        if (!await db.Incidents.AnyAsync(i => i.Number == incidentNumber, cancellationToken))
        {
            throw RecordNotFoundException.For(IncidentService.Kind, incidentNumber);
        }

        if (await links.From(incidentNumber, RecordLinkKinds.Causes).ContainsAsync(problem.Number, cancellationToken))
        {
            return problem;
        }

        var errors = new FieldErrors();
        if (problem.State is ProblemState.Closed or ProblemState.Cancelled)
        {
            errors.Add("state", $"{number} is {problem.State}: link the incident to an open problem.");
        }

        if (await OpenProblemOfAsync(incidentNumber, cancellationToken) is { } other)
        {
            errors.Add("incident", $"{incidentNumber} is already linked to {other}.");
        }

        errors.ThrowIfAny(Kind);
        await links.AddAsync(problem, incidentNumber, RecordLinkKinds.Causes, IncidentLinkField, by, cancellationToken);
        await store.SaveAsync(problem, cancellationToken);
        return problem;
    }

    /// <exception cref="RecordNotFoundException">No such problem, or the incident is not linked to it.</exception>
    public async Task<Problem> UnlinkIncidentAsync(string number, string incidentNumber, string by, CancellationToken cancellationToken)
    {
        var problem = await FindAsync(number, cancellationToken);
        if (!await links.RemoveAsync(problem, incidentNumber, RecordLinkKinds.Causes, IncidentLinkField, by, cancellationToken))
        {
            throw RecordNotFoundException.For(IncidentService.Kind, incidentNumber);
        }

        await store.SaveAsync(problem, cancellationToken);
        return problem;
    }

    /// <summary>The tracked problem.</summary>
    /// <exception cref="RecordNotFoundException"/>
    internal Task<Problem> FindAsync(string number, CancellationToken cancellationToken) => store.FindAsync<Problem>(number, cancellationToken);

    /// <summary>Starts the problem workflow for a problem just built, saving it with the instance (or alone when the process is not deployed).</summary>
    internal Task StartWorkflowAsync(Problem problem, string by, CancellationToken cancellationToken) =>
        // The workflow's first step (problem.register) finds this tracked problem and links itself.
        workflow.StartAsync(problem, Process, by, new Dictionary<string, object?>
        {
            ["problemNumber"] = problem.Number,
            ["shortDescription"] = problem.ShortDescription,
        }, cancellationToken);

    /// <summary>The numbers of the incidents linked to an open problem (a query, for filters).</summary>
    internal static IQueryable<string> IncidentsWithOpenProblem(ItsmDbContext db) =>
        db.Set<RecordLink>()
            .Where(l => l.Kind == RecordLinkKinds.Causes && db.Problems.Any(p => p.Number == l.FromNumber && ProblemLifecycle.OpenStates.Contains(p.State)))
            .Select(l => l.ToNumber);

    // ITIL: a known error is a problem whose root cause is documented and that has a workaround.
    private static bool IsKnownError(Problem problem) => problem.RootCause is not null && problem.Workaround is not null;

    /// <summary>The number of the open problem the incident is linked to, if any.</summary>
    private Task<string?> OpenProblemOfAsync(string incidentNumber, CancellationToken cancellationToken)
    {
        var causes = links.From(incidentNumber, RecordLinkKinds.Causes);
        return db.Problems.AsNoTracking().Where(p => causes.Contains(p.Number) && ProblemLifecycle.OpenStates.Contains(p.State))
            .Select(p => p.Number).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task NoteLinkedIncidentsAsync(Problem problem, string by, CancellationToken cancellationToken)
    {
        var caused = db.Set<RecordLink>().Where(l => l.FromNumber == problem.Number && l.Kind == RecordLinkKinds.Causes).Select(l => l.ToNumber);
        var linked = await db.Incidents.Where(i => caused.Contains(i.Number)).ToListAsync(cancellationToken);
        foreach (var incident in linked.Where(i => i.IsOpen))
        {
            history.AddNote(incident, RecordNoteKind.WorkNote, $"Problem {problem.Number} resolved: {problem.Fix}", by);
        }
    }
}
