using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

public sealed record NewEscalationTarget
{
    public EscalationTargetKind? Kind { get; init; }
    public int? ScheduleId { get; init; }
    public OnCallLayerKind? Layer { get; init; }
    public string? UserName { get; init; }
    public string? GroupKey { get; init; }
}

public sealed record NewEscalationLevel
{
    public int? TimeoutMinutes { get; init; }
    public IReadOnlyList<NewEscalationTarget>? Targets { get; init; }
}

/// <summary>A new policy: its levels in order, repeats, what it is attached to (any of SLA definition, service, priority) and which triggers it answers.</summary>
public sealed record NewEscalationPolicy
{
    public string? Name { get; init; }
    public int? RepeatCount { get; init; }
    public int? SlaDefinitionId { get; init; }
    public string? Service { get; init; }
    public int? Priority { get; init; }
    public bool? OnNewIncident { get; init; }
    public bool? OnSlaWarning { get; init; }
    public bool? OnSlaBreach { get; init; }
    public bool? OnChangeFailure { get; init; }
    public IReadOnlyList<NewEscalationLevel>? Levels { get; init; }
}

public sealed record EscalationTargetView(EscalationTargetKind Kind, string KindLabel, int? ScheduleId, OnCallLayerKind? Layer, string? UserName, string? GroupKey);

public sealed record EscalationLevelView(int Level, int TimeoutMinutes, IReadOnlyList<EscalationTargetView> Targets);

public sealed record EscalationPolicyView(int Id, string Name, int RepeatCount, int? SlaDefinitionId, string? Service, int? Priority,
    IReadOnlyList<string> Triggers, bool IsActive, IReadOnlyList<EscalationLevelView> Levels);

/// <summary>Escalation policies and the groups' managers: validated whole (nothing is stored when a field is wrong), and the policy a trigger on a record starts.</summary>
public sealed class EscalationPolicies(ItsmDbContext db, TimeProvider time)
{
    public const string Kind = "escalation policy";

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<EscalationPolicy> CreateAsync(NewEscalationPolicy input, string by, CancellationToken cancellationToken)
    {
        await CheckAsync(input, cancellationToken);
        var policy = new EscalationPolicy { Name = "", CreatedBy = by, CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(policy, input);
        db.Set<EscalationPolicy>().Add(policy);
        await db.SaveChangesAsync(cancellationToken);
        return policy;
    }

    /// <summary>Replaces the policy's name, attachments, triggers, repeats and levels; escalations running on it page the new levels from their next step.</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<EscalationPolicy> UpdateAsync(int id, NewEscalationPolicy input, bool isActive, CancellationToken cancellationToken)
    {
        var policy = await FindAsync(id, cancellationToken);
        await CheckAsync(input, cancellationToken);
        db.Set<EscalationLevel>().RemoveRange(policy.Levels);
        // The old levels go first: a level's position is unique per policy.
        await db.SaveChangesAsync(cancellationToken);
        Apply(policy, input);
        policy.IsActive = isActive;
        await db.SaveChangesAsync(cancellationToken);
        return policy;
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task<EscalationPolicy> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<EscalationPolicy>().Include(p => p.Levels).ThenInclude(l => l.Targets).FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
        ?? throw new RecordNotFoundException($"No escalation policy {id}.");

    private async Task CheckAsync(NewEscalationPolicy input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name, EscalationPolicy.NameLength, required: true);
        errors.Length("service", input.Service, Record.CodeLength);
        if (input.RepeatCount is < 0 or > EscalationPolicy.MaxRepeats)
        {
            errors.Add("repeatCount", $"Repeat the policy 0 to {EscalationPolicy.MaxRepeats} times.");
        }

        if (input.Priority is < 1 or > 5)
        {
            errors.Add("priority", "A priority is 1 (critical) to 5 (planning).");
        }

        if (input.SlaDefinitionId is { } sla && !await db.SlaDefinitions.AnyAsync(d => d.Id == sla, cancellationToken))
        {
            errors.Add("slaDefinitionId", $"There is no SLA definition {sla}.");
        }

        if (input.SlaDefinitionId is null && string.IsNullOrWhiteSpace(input.Service) && input.Priority is null)
        {
            errors.Add("appliesTo", "Attach the policy to an SLA definition, a service or a priority.");
        }

        var levels = input.Levels ?? [];
        if (levels.Count == 0)
        {
            errors.Add("levels", "Give at least one level with its targets and timeout.");
        }

        for (var i = 0; i < levels.Count; i++)
        {
            await CheckLevelAsync(errors, $"levels[{i}]", levels[i], cancellationToken);
        }

        errors.ThrowIfAny(Kind);
    }

    private static void Apply(EscalationPolicy policy, NewEscalationPolicy input)
    {
        policy.Name = input.Name!.Trim();
        policy.RepeatCount = input.RepeatCount ?? 0;
        policy.SlaDefinitionId = input.SlaDefinitionId;
        policy.Service = RecordText.TrimmedOrNull(input.Service)?.ToUpperInvariant();
        policy.Priority = input.Priority;
        policy.OnNewIncident = input.OnNewIncident ?? true;
        policy.OnSlaWarning = input.OnSlaWarning ?? false;
        policy.OnSlaBreach = input.OnSlaBreach ?? true;
        policy.OnChangeFailure = input.OnChangeFailure ?? false;
        policy.Levels = [.. (input.Levels ?? []).Select((level, i) => new EscalationLevel
        {
            Position = i + 1,
            TimeoutMinutes = level.TimeoutMinutes!.Value,
            Targets = [.. level.Targets!.Select(t => new EscalationTarget
            {
                Kind = t.Kind!.Value,
                ScheduleId = t.Kind == EscalationTargetKind.OnCall ? t.ScheduleId : null,
                Layer = t.Kind == EscalationTargetKind.OnCall ? t.Layer ?? OnCallLayerKind.Primary : null,
                UserName = t.Kind == EscalationTargetKind.Person ? t.UserName!.Trim() : null,
                GroupKey = t.Kind is EscalationTargetKind.Group or EscalationTargetKind.GroupManager ? RecordText.TrimmedOrNull(t.GroupKey) : null,
            })],
        })];
    }

    public async Task<IReadOnlyList<EscalationPolicyView>> ListAsync(CancellationToken cancellationToken)
    {
        var policies = await db.Set<EscalationPolicy>().AsNoTracking().Include(p => p.Levels).ThenInclude(l => l.Targets).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return [.. policies.Select(ToView)];
    }

    /// <summary>
    /// The policy <paramref name="trigger"/> on a record of <paramref name="service"/> and <paramref name="priority"/>
    /// starts: among the active ones answering that trigger, one attached to the SLA definition wins over one attached
    /// to the service, which wins over one attached to the priority; the oldest among equals.
    /// </summary>
    public async Task<EscalationPolicy?> ForAsync(string? service, int priority, EscalationTrigger trigger, int? slaDefinitionId, CancellationToken cancellationToken)
    {
        var policies = await db.Set<EscalationPolicy>().AsNoTracking().Include(p => p.Levels).ThenInclude(l => l.Targets)
            .Where(p => p.IsActive).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return policies
            .Where(p => trigger switch
            {
                EscalationTrigger.SlaWarning => p.OnSlaWarning,
                EscalationTrigger.SlaBreach => p.OnSlaBreach,
                EscalationTrigger.ChangeFailure => p.OnChangeFailure,
                _ => p.OnNewIncident,
            })
            .Select(p => (Policy: p, Rank: p.SlaDefinitionId is { } sla && sla == slaDefinitionId ? 0
                : p.Service is { } attached && string.Equals(attached, service, StringComparison.OrdinalIgnoreCase) ? 1
                : p.Priority is { } level && level == priority ? 2
                : 3))
            .Where(p => p.Rank < 3 && p.Policy.Levels.Count > 0)
            .OrderBy(p => p.Rank)
            .Select(p => p.Policy)
            .FirstOrDefault();
    }

    /// <summary>Names the manager of a group (whom "the group's manager" targets and hierarchical escalations reach).</summary>
    /// <exception cref="RecordNotFoundException">Unknown group.</exception>
    /// <exception cref="RecordValidationException">Unknown person.</exception>
    public async Task SetManagerAsync(string group, string? userName, CancellationToken cancellationToken)
    {
        if (!await db.Groups.AnyAsync(g => g.Key == group, cancellationToken))
        {
            throw new RecordNotFoundException($"There is no group '{group}'.");
        }

        var errors = new FieldErrors();
        errors.Length("userName", userName, Record.NameLength, required: true);
        if (!string.IsNullOrWhiteSpace(userName) && !await db.Users.AnyAsync(u => u.UserName == userName.Trim(), cancellationToken))
        {
            errors.Add("userName", $"There is nobody called '{userName}'.");
        }

        errors.ThrowIfAny("group manager");
        var row = await db.Set<EscalationGroupManager>().FirstOrDefaultAsync(m => m.GroupKey == group, cancellationToken);
        if (row is null)
        {
            db.Set<EscalationGroupManager>().Add(new EscalationGroupManager { GroupKey = group, UserName = userName!.Trim() });
        }
        else
        {
            row.UserName = userName!.Trim();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<string?> ManagerOfAsync(string? group, CancellationToken cancellationToken) =>
        db.Set<EscalationGroupManager>().AsNoTracking().Where(m => m.GroupKey == group).Select(m => m.UserName).FirstOrDefaultAsync(cancellationToken);

    public static EscalationPolicyView ToView(EscalationPolicy p) => new(p.Id, p.Name, p.RepeatCount, p.SlaDefinitionId, p.Service, p.Priority,
        [.. new[] { (p.OnNewIncident, EscalationTrigger.NewIncident), (p.OnSlaWarning, EscalationTrigger.SlaWarning), (p.OnSlaBreach, EscalationTrigger.SlaBreach),
            (p.OnChangeFailure, EscalationTrigger.ChangeFailure) }
            .Where(t => t.Item1).Select(t => EscalationLabels.Trigger(t.Item2))],
        p.IsActive,
        [.. p.LevelsInOrder.Select(l => new EscalationLevelView(l.Position, l.TimeoutMinutes,
            [.. l.Targets.OrderBy(t => t.Id).Select(t => new EscalationTargetView(t.Kind, EscalationLabels.Target(t.Kind), t.ScheduleId, t.Layer, t.UserName, t.GroupKey))]))]);

    private async Task CheckLevelAsync(FieldErrors errors, string at, NewEscalationLevel level, CancellationToken cancellationToken)
    {
        if (level.TimeoutMinutes is not (> 0 and <= 10080))
        {
            errors.Add($"{at}.timeoutMinutes", "Give the level's timeout: more than 0 minutes (at most a week).");
        }

        var targets = level.Targets ?? [];
        if (targets.Count == 0)
        {
            errors.Add($"{at}.targets", "A level needs at least one target: the on-call person, a person, a group or the group's manager.");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var field = $"{at}.targets[{i}]";
            switch (target.Kind)
            {
                case null:
                    errors.Add($"{field}.kind", "Say whom to page: on call, a person, a group or the group's manager.");
                    break;
                case EscalationTargetKind.OnCall when target.ScheduleId is { } schedule && !await db.Set<OnCallSchedule>().AnyAsync(s => s.Id == schedule, cancellationToken):
                    errors.Add($"{field}.scheduleId", $"There is no on-call schedule {schedule}.");
                    break;
                case EscalationTargetKind.Person when string.IsNullOrWhiteSpace(target.UserName):
                    errors.Add($"{field}.userName", "Name the person to page.");
                    break;
                case EscalationTargetKind.Person when !await db.Users.AnyAsync(u => u.UserName == target.UserName!.Trim(), cancellationToken):
                    errors.Add($"{field}.userName", $"There is nobody called '{target.UserName}'.");
                    break;
                case EscalationTargetKind.Group or EscalationTargetKind.GroupManager
                    when !string.IsNullOrWhiteSpace(target.GroupKey) && !await db.Groups.AnyAsync(g => g.Key == target.GroupKey.Trim(), cancellationToken):
                    errors.Add($"{field}.groupKey", $"There is no group '{target.GroupKey}'.");
                    break;
            }
        }
    }
}
