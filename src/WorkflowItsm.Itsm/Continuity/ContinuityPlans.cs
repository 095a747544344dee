using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>A recovery step as asked; <see cref="Order"/> names it, <see cref="DependsOn"/> names the steps it waits for by their order.</summary>
public sealed record StepInput
{
    public int? Order { get; init; }
    public string? Name { get; init; }
    public string? Owner { get; init; }
    public string? Group { get; init; }
    public int? EstimateMinutes { get; init; }
    public IReadOnlyList<int>? DependsOn { get; init; }
    public string? Runbook { get; init; }
    public string? RequiredEvidence { get; init; }
}

public sealed record NewContinuityPlan
{
    public string? Service { get; init; }
    public string? Title { get; init; }
    public string? Owner { get; init; }
    public string? Contacts { get; init; }
    public IReadOnlyList<StepInput>? Steps { get; init; }

    /// <summary>CI numbers the plan recovers.</summary>
    public IReadOnlyList<string>? Cis { get; init; }
}

/// <summary>A plan's fields as its edit form saves them, all at once; <see cref="Steps"/> null keeps the steps.</summary>
public sealed record ContinuityPlanChanges
{
    public string? Title { get; init; }
    public string? Owner { get; init; }
    public string? Contacts { get; init; }
    public IReadOnlyList<string>? Cis { get; init; }
    public IReadOnlyList<StepInput>? Steps { get; init; }
}

public sealed class ContinuityConflictException(string message) : RecordConflictException(message);

/// <summary>
/// Continuity plans: one per business service, with its recovery steps and linked CIs. Every save checks the
/// critical path against the service's RTO (from its BIA); a plan that becomes non-compliant is flagged and its
/// owner told. A change approved on a linked CI marks the plan for review (<see cref="MarkForReviewAsync"/>).
/// </summary>
public sealed class ContinuityPlans(ItsmDbContext db, TimeProvider time, Notifier notifier)
{
    public const string Kind = "continuity plan";

    public async Task<ContinuityPlan> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ContinuityPlan>().Include(p => p.Steps).FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
        ?? throw new RecordNotFoundException($"No continuity plan {id}.");

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<ContinuityPlan> CreateAsync(NewContinuityPlan input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("title", input.Title, ContinuityPlan.TitleLength, required: true);
        errors.Length("owner", input.Owner, Record.NameLength, required: true);
        errors.Texts(("contacts", input.Contacts));
        var service = input.Service?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(service))
        {
            errors.Add("service", "Name the business service (a CI number).");
        }
        else if (!await db.ConfigurationItems.AnyAsync(c => c.Number == service, cancellationToken))
        {
            errors.Add("service", $"There is no CI '{service}'.");
        }
        else if (await db.Set<ContinuityPlan>().AnyAsync(p => p.Service == service, cancellationToken))
        {
            errors.Add("service", $"{service} already has a continuity plan.");
        }

        var cis = await CisAsync(input.Cis, errors, cancellationToken);
        var steps = Steps(input.Steps ?? [], errors);
        errors.ThrowIfAny(Kind);

        var now = time.GetUtcNow().UtcDateTime;
        var plan = new ContinuityPlan
        {
            Service = service!, Title = input.Title!.Trim(), Owner = input.Owner!.Trim(), Contacts = RecordText.TrimmedOrNull(input.Contacts),
            State = ContinuityPlanState.Draft, CreatedBy = by, CreatedAt = now, UpdatedAt = now, Steps = steps, Cis = cis,
        };
        db.Add(plan);
        await CheckAsync(plan, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return plan;
    }

    /// <summary>Replaces the plan's title, owner, contacts, linked CIs and (when given) its steps in one save; the critical path is checked again.</summary>
    /// <exception cref="RecordValidationException">A field is wrong (an unknown owner or CI, a step cycle naming its steps); nothing was saved.</exception>
    public async Task<ContinuityPlan> UpdateAsync(long id, ContinuityPlanChanges input, string by, CancellationToken cancellationToken)
    {
        var plan = await FindAsync(id, cancellationToken);
        var errors = new FieldErrors();
        errors.Length("title", input.Title, ContinuityPlan.TitleLength, required: true);
        errors.Length("owner", input.Owner, Record.NameLength, required: true);
        errors.Texts(("contacts", input.Contacts));
        var owner = input.Owner?.Trim();
        if (!string.IsNullOrEmpty(owner) && !await db.Users.AnyAsync(u => u.UserName == owner, cancellationToken))
        {
            errors.Add("owner", $"There is nobody called '{owner}'.");
        }

        var cis = await CisAsync(input.Cis, errors, cancellationToken);
        var steps = input.Steps is null ? null : Steps(input.Steps, errors);
        errors.ThrowIfAny(Kind);
        (plan.Title, plan.Owner, plan.Contacts, plan.Cis) = (input.Title!.Trim(), owner!, RecordText.TrimmedOrNull(input.Contacts), cis);
        if (steps is not null)
        {
            plan.Steps.Clear();
            plan.Steps.AddRange(steps);
        }

        return await SaveCheckedAsync(plan, cancellationToken);
    }

    /// <summary>Replaces the plan's recovery steps; the critical path is checked again.</summary>
    /// <exception cref="RecordValidationException">A step depending on itself, on an unknown step, or in a cycle (naming them); nothing was saved.</exception>
    public async Task<ContinuityPlan> SetStepsAsync(long id, IReadOnlyList<StepInput> input, string by, CancellationToken cancellationToken)
    {
        var plan = await FindAsync(id, cancellationToken);
        var errors = new FieldErrors();
        var steps = Steps(input, errors);
        errors.ThrowIfAny(Kind);
        plan.Steps.Clear();
        plan.Steps.AddRange(steps);
        return await SaveCheckedAsync(plan, cancellationToken);
    }

    /// <summary>Adds one step to the plan's steps.</summary>
    /// <exception cref="RecordValidationException"/>
    public async Task<ContinuityPlan> AddStepAsync(long id, StepInput input, string by, CancellationToken cancellationToken)
    {
        var plan = await FindAsync(id, cancellationToken);
        var existing = plan.StepsInOrder.Select(s => new StepInput
        {
            Order = s.Order, Name = s.Name, Owner = s.Owner, Group = s.Group, EstimateMinutes = s.EstimateMinutes, DependsOn = s.DependsOn,
            Runbook = s.Runbook, RequiredEvidence = s.RequiredEvidence,
        });
        var errors = new FieldErrors();
        var steps = Steps([.. existing, input with { Order = input.Order ?? (plan.Steps.Count == 0 ? 1 : plan.Steps.Max(s => s.Order) + 1) }], errors);
        errors.ThrowIfAny(Kind);
        plan.Steps.Clear();
        plan.Steps.AddRange(steps);
        return await SaveCheckedAsync(plan, cancellationToken);
    }

    /// <summary>Puts a plan in force (after a review, too): its review reason goes.</summary>
    public async Task<ContinuityPlan> ActivateAsync(long id, string by, CancellationToken cancellationToken)
    {
        var plan = await FindAsync(id, cancellationToken);
        plan.State = ContinuityPlanState.Active;
        plan.ReviewReason = null;
        plan.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return plan;
    }

    /// <summary>Checks the critical path again (the BIA's RTO may have changed) and saves.</summary>
    public async Task<ContinuityPlan> RecheckAsync(long id, CancellationToken cancellationToken) =>
        await SaveCheckedAsync(await FindAsync(id, cancellationToken), cancellationToken);

    /// <summary>
    /// Marks the plans that recover any of <paramref name="ciNumbers"/> (or are of that service) "review required",
    /// in the caller's unit of work: the change's save commits it, or nothing is.
    /// </summary>
    public async Task<int> MarkForReviewAsync(IReadOnlyCollection<string> ciNumbers, string reason, CancellationToken cancellationToken)
    {
        if (ciNumbers.Count == 0)
        {
            return 0;
        }

        // Plans are few (one per service): the linked CIs are read and matched here rather than queried inside JSON.
        var plans = await db.Set<ContinuityPlan>().ToListAsync(cancellationToken);
        var marked = 0;
        foreach (var plan in plans.Where(p => ciNumbers.Contains(p.Service) || p.Cis.Any(ciNumbers.Contains)))
        {
            if (plan.State == ContinuityPlanState.ReviewRequired && plan.ReviewReason == reason)
            {
                continue;
            }

            plan.State = ContinuityPlanState.ReviewRequired;
            plan.ReviewReason = reason;
            plan.UpdatedAt = time.GetUtcNow().UtcDateTime;
            marked++;
        }

        return marked;
    }

    private async Task<ContinuityPlan> SaveCheckedAsync(ContinuityPlan plan, CancellationToken cancellationToken)
    {
        plan.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await CheckAsync(plan, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return plan;
    }

    /// <summary>
    /// The critical-path check: best (parallel) and worst (serial) duration against the service's RTO. A plan that
    /// turns non-compliant tells its owner once (not again on every save while it stays so).
    /// </summary>
    private async Task CheckAsync(ContinuityPlan plan, CancellationToken cancellationToken) =>
        await CheckAsync(plan, await ApprovedRtoAsync(plan.Service, cancellationToken), cancellationToken);

    /// <summary>The RTO plans are held to: the one last approved in the service's BIA (a draft or a revision in review counts for nothing yet).</summary>
    public Task<int?> ApprovedRtoAsync(string service, CancellationToken cancellationToken) =>
        db.Set<BusinessImpactAnalysis>().Where(a => a.Service == service).Select(a => a.ApprovedRtoMinutes).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Checks the service's plans against a newly approved RTO, in the caller's unit of work (the approving vote commits it).</summary>
    public async Task RecheckServiceAsync(string service, int? rto, CancellationToken cancellationToken)
    {
        foreach (var plan in await db.Set<ContinuityPlan>().Include(p => p.Steps).Where(p => p.Service == service).ToListAsync(cancellationToken))
        {
            plan.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await CheckAsync(plan, rto, cancellationToken);
        }
    }

    private async Task CheckAsync(ContinuityPlan plan, int? rto, CancellationToken cancellationToken)
    {
        var duration = CriticalPath.Measure(Nodes(plan.Steps));
        var wasCompliant = plan.Compliant;
        plan.BestMinutes = duration.BestMinutes;
        plan.WorstMinutes = duration.WorstMinutes;
        plan.Compliant = rto is { } limit ? duration.BestMinutes <= limit : null;
        plan.CheckedAt = time.GetUtcNow().UtcDateTime;
        if (plan.Compliant == false && wasCompliant != false)
        {
            var why = $"The plan \"{plan.Title}\" ({plan.Service}) needs {ContinuityLabels.Duration(duration.BestMinutes)} along its critical path (steps {string.Join(" → ", duration.CriticalSteps)}); "
                + $"the service's RTO is {ContinuityLabels.Duration(rto)}. Shorten or parallelise its steps.";
            await notifier.NotifyAsync(NotificationKinds.Escalation, [plan.Owner], new Dictionary<string, string?> { ["record"] = plan.Title, ["by"] = why },
                $"/continuity/plans/{plan.Id}", cancellationToken);
        }
    }

    public static IReadOnlyList<CriticalPath.StepNode> Nodes(IEnumerable<ContinuityStep> steps) =>
        [.. steps.Select(s => new CriticalPath.StepNode(s.Order, s.EstimateMinutes, s.DependsOn))];

    private static List<ContinuityStep> Steps(IReadOnlyList<StepInput> input, FieldErrors errors)
    {
        var steps = new List<ContinuityStep>();
        foreach (var (step, i) in input.Select((s, i) => (s, i)))
        {
            var order = step.Order ?? i + 1;
            if (order <= 0)
            {
                errors.Add("steps", $"Step {i + 1}: the order is 1 or more.");
            }

            if (string.IsNullOrWhiteSpace(step.Name))
            {
                errors.Add("steps", $"Step {order}: give its name.");
            }
            else if (step.Name.Length > ContinuityStep.NameLength)
            {
                errors.Add("steps", $"Step {order}: the name has at most {ContinuityStep.NameLength} characters.");
            }

            if (step.EstimateMinutes is not > 0)
            {
                errors.Add("steps", $"Step {order}: give its estimate in minutes, more than 0.");
            }

            if ((step.Runbook?.Length ?? 0) > Record.TextLength || (step.RequiredEvidence?.Length ?? 0) > Record.TextLength)
            {
                errors.Add("steps", $"Step {order}: the runbook and the required evidence have at most {Record.TextLength} characters.");
            }

            if (steps.Any(s => s.Order == order))
            {
                errors.Add("steps", $"Two steps have the order {order}.");
            }

            steps.Add(new ContinuityStep
            {
                Order = order, Name = step.Name?.Trim() ?? "", Owner = RecordText.TrimmedOrNull(step.Owner), Group = RecordText.TrimmedOrNull(step.Group),
                EstimateMinutes = step.EstimateMinutes ?? 0, DependsOn = [.. (step.DependsOn ?? []).Distinct()], Runbook = RecordText.TrimmedOrNull(step.Runbook),
                RequiredEvidence = RecordText.TrimmedOrNull(step.RequiredEvidence),
            });
        }

        // Other fields' errors do not hide a cycle: only the steps' own errors (an order missing twice...) would make it meaningless.
        if (errors.Of("steps").Count == 0)
        {
            foreach (var problem in CriticalPath.Problems(Nodes(steps)))
            {
                errors.Add("steps", problem);
            }
        }

        return steps;
    }

    private async Task<List<string>> CisAsync(IReadOnlyList<string>? input, FieldErrors errors, CancellationToken cancellationToken)
    {
        var numbers = (input ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim().ToUpperInvariant()).Distinct().ToList();
        var known = await db.ConfigurationItems.Where(c => numbers.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken);
        foreach (var missing in numbers.Except(known))
        {
            errors.Add("cis", $"There is no CI '{missing}'.");
        }

        return numbers;
    }
}
