using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// Release use cases on the record kernel: a new release is validated whole (service, contained changes,
/// environments, phases and gates; nothing is saved when a field is wrong), its phases planned backwards in working
/// days from the readiness date; moves follow <see cref="ReleaseLifecycle"/>. Starting it activates the first phase
/// and evaluates its gates; resuming from a hold evaluates again, so progression picks up where it stopped.
/// </summary>
public sealed class ReleaseService(
    ItsmDbContext db, RecordNumbers numbers, RecordStore store, RecordHistory history, CiReferences configurationItems, BusinessCalendars calendars,
    ReleaseGates gates, ApprovalService approvals, RecordWorkflow workflow)
{
    public const string Kind = "release";

    /// <summary>The workflow a release runs once started (workflows/release-gating.bpmn).</summary>
    public const string Process = "release-gating";

    /// <summary>The message its waiting steps take: something they wait for may have moved.</summary>
    public const string ProgressMessage = "release-progress";
    public const string DefaultGroup = "change-managers";

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<Release> CreateAsync(NewRelease input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("shortDescription", input.ShortDescription, Record.ShortDescriptionLength, required: true);
        errors.Texts(("description", input.Description));
        errors.Length("service", input.Service, Record.CodeLength, required: true);
        errors.Length("version", input.Version, Release.VersionLength, required: true);
        if (!string.IsNullOrWhiteSpace(input.Service))
        {
            await configurationItems.ValidateAsync(errors, input.Service, null, cancellationToken);
        }

        if (input.ReadinessDate is null)
        {
            errors.Add("readinessDate", "Give the readiness date (the phases are planned backwards from it).");
        }

        await store.ValidateAssignmentAsync(errors, input.AssignmentGroup, input.AssignedTo, cancellationToken);
        var changes = await CheckChangesAsync(errors, input.Changes, cancellationToken);
        var environments = CheckEnvironments(errors, input.Environments ?? ReleasePlanTemplate.DefaultEnvironments);
        var phases = await CheckPhasesAsync(errors, input.Phases ?? ReleasePlanTemplate.Default, cancellationToken);
        var calendarKey = RecordText.TrimmedOrNull(input.CalendarKey) ?? BusinessCalendars.BusinessHours;
        BusinessCalendar? calendar = null;
        try
        {
            calendar = await calendars.GetAsync(calendarKey, cancellationToken);
        }
        catch (ServiceLevelSettingNotFoundException)
        {
            errors.Add("calendarKey", $"There is no business calendar '{calendarKey}'.");
        }

        errors.ThrowIfAny(Kind);

        var dates = WorkingDayPlan.Backwards(input.ReadinessDate!.Value, [.. phases.Select(p => p.WorkingDays!.Value)], WorkingDayPlan.WorkingDaysOf(calendar!));
        var release = new Release
        {
            Number = await numbers.NextAsync(RecordNumbers.Release, cancellationToken),
            ShortDescription = input.ShortDescription!.Trim(),
            Description = RecordText.TrimmedOrNull(input.Description),
            Service = input.Service!.Trim().ToUpperInvariant(),
            Version = input.Version!.Trim(),
            Type = input.Type ?? ReleaseType.Minor,
            ReadinessDate = input.ReadinessDate.Value,
            CalendarKey = calendarKey,
            AssignmentGroup = RecordText.TrimmedOrNull(input.AssignmentGroup) ?? DefaultGroup,
            AssignedTo = RecordText.TrimmedOrNull(input.AssignedTo),
            State = ReleaseState.Draft,
            OpenedBy = by,
            OpenedAt = history.Now,
            UpdatedAt = history.Now,
            Environments = [.. environments.Select((name, i) => new ReleaseEnvironment { Position = i + 1, Name = name })],
            Changes = [.. changes.Select(number => new ReleaseChange { ChangeNumber = number })],
            Phases = [.. phases.Select((phase, i) => new ReleasePhase
            {
                Position = i + 1,
                Name = phase.Name!.Trim(),
                WorkingDays = phase.WorkingDays!.Value,
                PlannedStart = dates[i].Start,
                PlannedEnd = dates[i].End,
                Gates = [.. (phase.Gates ?? []).Select(gate => new ReleaseGate
                {
                    Key = gate.Key!.Trim().ToUpperInvariant(),
                    Name = gate.Name!.Trim(),
                    Kind = gate.Kind!.Value,
                    Policy = gate.Kind == GateKind.Policy ? gate.Policy : null,
                    ApprovalRule = gate.Kind == GateKind.Approval ? gate.ApprovalRule!.Trim() : null,
                    Threshold = gate.Kind == GateKind.Evidence ? gate.Threshold ?? 100 : null,
                })],
            })],
        };
        db.Releases.Add(release);
        history.Created(release, by);
        await store.SaveAsync(release, cancellationToken);
        return release;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordTransitionException">The lifecycle does not allow it; it names the allowed moves.</exception>
    /// <exception cref="RecordValidationException">A hold without its reason.</exception>
    /// <exception cref="ReleaseConflictException">Review asked while phases are open.</exception>
    public async Task<Release> TransitionAsync(string number, ReleaseTransition transition, string by, CancellationToken cancellationToken)
    {
        var release = await FindAsync(number, cancellationToken);
        var from = release.State;
        await ApplyTransitionAsync(release, transition, by, cancellationToken);
        if (transition.To == ReleaseState.InProgress && from == ReleaseState.Pending)
        {
            // Saved with the new instance of workflows/release-gating.bpmn; its first step links itself.
            await RecordStore.SaveThroughAsync(release, () => workflow.StartAsync(release, Process, by, new Dictionary<string, object?>
            {
                ["releaseNumber"] = release.Number,
                ["recordNumber"] = release.Number,
                ["shortDescription"] = release.ShortDescription,
            }, cancellationToken));
            return release;
        }

        await store.SaveAsync(release, cancellationToken);
        if (transition.To is ReleaseState.Failed or ReleaseState.Cancelled or ReleaseState.Completed)
        {
            // Closed by hand (a release completed from its page after the review): its workflow has nothing left to drive.
            await approvals.CancelOpenAsync(release.Number, $"The release is {ReleaseLabels.State(transition.To).ToLowerInvariant()}.", by, cancellationToken);
            await workflow.CancelAsync(release, by, cancellationToken);
        }
        else if (transition.To == ReleaseState.InProgress)
        {
            // Resumed from a hold: the workflow reads its phase again.
            await TellWorkflowAsync(release, cancellationToken);
        }

        return release;
    }

    /// <summary>
    /// A move the release's own workflow makes (failed after the rollback, completed after the review), in its step's
    /// transaction: saved by the step, and the workflow is not cancelled by it.
    /// </summary>
    internal async Task MoveFromWorkflowAsync(Release release, ReleaseTransition transition, string by, CancellationToken cancellationToken)
    {
        await ApplyTransitionAsync(release, transition, by, cancellationToken);
        if (transition.To is ReleaseState.Failed or ReleaseState.Cancelled)
        {
            await approvals.CancelOpenAsync(release.Number, $"The release is {ReleaseLabels.State(transition.To).ToLowerInvariant()}.", by, cancellationToken);
        }
    }

    /// <summary>
    /// Tells the release's workflow that its gates or deployments may have moved (a phase completed, a go/no-go decided,
    /// a hold lifted), after the caller saved: the waiting step reads the release again. Nothing when none waits.
    /// </summary>
    public Task TellWorkflowAsync(Release release, CancellationToken cancellationToken) => workflow.TellAsync(release, ProgressMessage, cancellationToken);

    private async Task ApplyTransitionAsync(Release release, ReleaseTransition transition, string by, CancellationToken cancellationToken)
    {
        release.Lifecycle.EnsureAllowed(release, transition.To);
        var errors = new FieldErrors();
        errors.Texts(("reason", transition.Reason));
        release.Lifecycle.CheckRequired(transition.To, errors, field => field == "holdReason" ? RecordText.TrimmedOrNull(transition.Reason) : null);
        errors.ThrowIfAny(Kind);
        if (transition.To == ReleaseState.Review && release.Phases.Any(p => p.State != ReleasePhaseState.Completed))
        {
            var open = release.PhasesInOrder.Where(p => p.State != ReleasePhaseState.Completed).Select(p => p.Name);
            throw new ReleaseConflictException($"{release.Number} cannot go to review: its phases {string.Join(", ", open)} are not complete.");
        }

        var before = release.AuditedFields();
        var from = release.State;
        release.State = transition.To;
        release.HoldReason = transition.To == ReleaseState.OnHold ? RecordText.TrimmedOrNull(transition.Reason) : null;
        if (transition.To is ReleaseState.Completed or ReleaseState.Failed or ReleaseState.Cancelled)
        {
            release.ClosedAt = history.Now;
        }

        if (transition.To == ReleaseState.InProgress && from == ReleaseState.Pending)
        {
            gates.Start(release);
        }

        if (!string.IsNullOrWhiteSpace(transition.Reason) && transition.To != ReleaseState.OnHold)
        {
            history.AddNote(release, RecordNoteKind.WorkNote, $"{ReleaseLabels.State(transition.To)}: {transition.Reason.Trim()}", by);
        }

        // The move itself is audited first; what the evaluation then moves audits itself.
        history.Changed(release, before, by);
        if (transition.To == ReleaseState.InProgress)
        {
            // Starting, or resuming from a hold: progression picks up at the active phase.
            await gates.EvaluateAsync(release, by, cancellationToken);
        }
    }

    /// <summary>The tracked release with its environments, changes, phases with gates and deployments.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<Release> FindAsync(string number, CancellationToken cancellationToken) =>
        await db.Releases.Include(r => r.Environments).Include(r => r.Changes).Include(r => r.Phases).ThenInclude(p => p.Gates).Include(r => r.Deployments)
            .AsSplitQuery().FirstOrDefaultAsync(r => r.Number == number, cancellationToken)
        ?? throw RecordNotFoundException.For(Kind, number);

    private async Task<IReadOnlyList<string>> CheckChangesAsync(FieldErrors errors, IReadOnlyList<string>? given, CancellationToken cancellationToken)
    {
        var wanted = (given ?? []).Select(RecordText.TrimmedOrNull).OfType<string>().Select(n => n.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return wanted;
        }

        var known = await db.Changes.AsNoTracking().Where(c => wanted.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken);
        foreach (var missing in wanted.Except(known, StringComparer.Ordinal))
        {
            errors.Add("changes", $"There is no change '{missing}' (give a change number, CHG…).");
        }

        return wanted;
    }

    private static List<string> CheckEnvironments(FieldErrors errors, IReadOnlyList<string> given)
    {
        var names = given.Select(RecordText.TrimmedOrNull).OfType<string>().Select(n => n.ToLowerInvariant()).ToList();
        if (names.Count == 0)
        {
            errors.Add("environments", "Name the environments the release is deployed to, in order (e.g. test, staging, production).");
        }

        foreach (var name in names.Where(n => n.Length > Release.EnvironmentLength))
        {
            errors.Add("environments", $"An environment's name has at most {Release.EnvironmentLength} characters ('{name[..20]}…').");
        }

        foreach (var twice in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add("environments", $"'{twice.Key}' is named twice.");
        }

        return names;
    }

    private async Task<IReadOnlyList<PhaseInput>> CheckPhasesAsync(FieldErrors errors, IReadOnlyList<PhaseInput> phases, CancellationToken cancellationToken)
    {
        if (phases.Count == 0)
        {
            errors.Add("phases", "A release has at least one phase.");
        }

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rules = await db.ApprovalRules.AsNoTracking().Where(r => r.IsActive && r.RecordKind == RecordNumbers.Release).Select(r => r.Key).ToListAsync(cancellationToken);
        for (var i = 0; i < phases.Count; i++)
        {
            var phase = phases[i];
            var at = $"phases[{i}]";
            errors.Length($"{at}.name", phase.Name?.Trim(), ReleasePhase.NameLength, required: true);
            if (!string.IsNullOrWhiteSpace(phase.Name) && !names.Add(phase.Name.Trim()))
            {
                errors.Add($"{at}.name", $"There are two phases called '{phase.Name.Trim()}'.");
            }

            if (phase.WorkingDays is not (>= 1 and <= 1000))
            {
                errors.Add($"{at}.workingDays", "A phase lasts 1 to 1000 working days.");
            }

            var gateList = phase.Gates ?? [];
            for (var j = 0; j < gateList.Count; j++)
            {
                CheckGate(errors, $"{at}.gates[{j}]", gateList[j], keys, rules);
            }
        }

        return phases;
    }

    private static void CheckGate(FieldErrors errors, string at, GateInput gate, HashSet<string> keys, IReadOnlyCollection<string> rules)
    {
        errors.Length($"{at}.key", gate.Key?.Trim(), ReleaseGate.KeyLength, required: true);
        if (!string.IsNullOrWhiteSpace(gate.Key) && !keys.Add(gate.Key.Trim()))
        {
            errors.Add($"{at}.key", $"Two gates have the key '{gate.Key.Trim()}'; a pipeline names a gate by it.");
        }

        errors.Length($"{at}.name", gate.Name?.Trim(), ReleaseGate.NameLength, required: true);
        switch (gate.Kind)
        {
            case null:
                errors.Add($"{at}.kind", "Give the gate's kind: Approval, Evidence, ExternalCheck or Policy.");
                break;
            case GateKind.Policy when gate.Policy is null:
                errors.Add($"{at}.policy", "A policy gate names its policy: AllChangesAuthorized, NoOpenP1Incident or DeployedEverywhere.");
                break;
            case GateKind.Approval when string.IsNullOrWhiteSpace(gate.ApprovalRule):
                errors.Add($"{at}.approvalRule", "An approval gate names the approval rule that decides it.");
                break;
            case GateKind.Approval when !rules.Contains(gate.ApprovalRule!.Trim()):
                errors.Add($"{at}.approvalRule", $"There is no active approval rule '{gate.ApprovalRule.Trim()}' for releases.");
                break;
            case GateKind.Evidence when gate.Threshold is { } threshold && threshold is < 0 or > 100:
                errors.Add($"{at}.threshold", "The threshold is a pass rate in percent, 0 to 100.");
                break;
        }
    }
}
