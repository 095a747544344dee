using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>An approval rule as the admin page and the API show and take it.</summary>
public sealed record ApprovalRuleInput
{
    public string? Key { get; init; }
    public string? Name { get; init; }
    public string? RecordKind { get; init; }
    public string? ConditionKey { get; init; }
    public string? ConditionValue { get; init; }
    public int Order { get; init; }
    public ApprovalPolicy Policy { get; init; }
    public int? PolicyValue { get; init; }
    public RejectionPolicy Rejection { get; init; }
    public int RejectionValue { get; init; } = 1;
    public IReadOnlyList<string>? ApproverPeople { get; init; }
    public IReadOnlyList<string>? ApproverGroups { get; init; }
    public string? CabGroup { get; init; }
    public bool RequesterManager { get; init; }
    public int? DuePeriod { get; init; }
    public DueUnit DueUnit { get; init; }
    public string? CalendarKey { get; init; }
    public DueAction DueAction { get; init; }
    public string? EscalateTo { get; init; }
    public bool IsActive { get; init; } = true;

    /// <summary>On an update: the revision the rule was read at (a change saved since answers 409).</summary>
    public int? Revision { get; init; }
}

public sealed record ApprovalRuleView(
    int Id, string Key, string Name, string RecordKind, string? ConditionKey, string? ConditionValue, int Order,
    ApprovalPolicy Policy, int? PolicyValue, RejectionPolicy Rejection, int RejectionValue,
    IReadOnlyList<string> ApproverPeople, IReadOnlyList<string> ApproverGroups, string? CabGroup, bool RequesterManager,
    int? DuePeriod, DueUnit DueUnit, string CalendarKey, DueAction DueAction, string? EscalateTo, bool IsActive,
    int Revision, DateTime UpdatedAt, string? UpdatedBy)
{
    /// <summary>The policy in words, as lists show it.</summary>
    public string PolicyText => ApprovalTally.Describe(Policy, PolicyValue, Rejection, RejectionValue);
}

/// <summary>The approval rules (admin data): list, create, change, delete, and the rule a workflow's request matches.</summary>
public sealed class ApprovalRules(ItsmDbContext db, TimeProvider time)
{
    private const string What = "approval rule";

    public async Task<IReadOnlyList<ApprovalRuleView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.ApprovalRules.AsNoTracking().OrderBy(r => r.RecordKind).ThenBy(r => r.Key).ThenBy(r => r.Order).ToListAsync(cancellationToken))
            .Select(ToView).ToList();

    public async Task<ApprovalRuleView?> GetAsync(int id, CancellationToken cancellationToken) =>
        await db.ApprovalRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } rule ? ToView(rule) : null;

    /// <exception cref="RecordValidationException">A field is wrong; nothing was saved.</exception>
    public async Task<ApprovalRuleView> CreateAsync(ApprovalRuleInput input, string by, CancellationToken cancellationToken)
    {
        await ValidateAsync(input, cancellationToken);
        var rule = new ApprovalRule { Key = "", Name = "", RecordKind = "" };
        Apply(rule, input, by);
        db.ApprovalRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return ToView(rule);
    }

    /// <exception cref="RecordNotFoundException">No such rule.</exception>
    /// <exception cref="RecordValidationException">A field is wrong; nothing was saved.</exception>
    /// <exception cref="RecordConcurrencyException">Someone saved the rule since <see cref="ApprovalRuleInput.Revision"/>.</exception>
    public async Task<ApprovalRuleView> UpdateAsync(int id, ApprovalRuleInput input, string by, CancellationToken cancellationToken)
    {
        var rule = await db.ApprovalRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
        if (input.Revision is { } revision && revision != rule.Revision)
        {
            throw new RecordConcurrencyException($"Approval rule {id}");
        }

        await ValidateAsync(input, cancellationToken);
        Apply(rule, input, by);
        rule.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        return ToView(rule);
    }

    /// <summary>Deletes the rule; approvals already asked keep the policy they were asked with.</summary>
    /// <exception cref="RecordNotFoundException">No such rule.</exception>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (await db.ApprovalRules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw NotFound(id);
        }
    }

    /// <summary>
    /// The active rule named <paramref name="key"/> for records numbered like <paramref name="recordNumber"/> whose
    /// condition the variables meet (compared without regard to case), first in order; null when none matches.
    /// </summary>
    public async Task<ApprovalRule?> MatchAsync(string recordNumber, string key, IReadOnlyDictionary<string, object?> variables, CancellationToken cancellationToken)
    {
        var candidates = await db.ApprovalRules.AsNoTracking().Where(r => r.Key == key && r.IsActive).OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(r => recordNumber.StartsWith(r.RecordKind, StringComparison.Ordinal)
            && (r.ConditionKey is null || string.Equals(Convert.ToString(variables.GetValueOrDefault(r.ConditionKey), System.Globalization.CultureInfo.InvariantCulture),
                r.ConditionValue, StringComparison.OrdinalIgnoreCase)));
    }

    private static RecordNotFoundException NotFound(int id) => new($"No approval rule {id}.");

    private async Task ValidateAsync(ApprovalRuleInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("key", input.Key, ApprovalRule.KeyLength, required: true);
        if (!string.IsNullOrWhiteSpace(input.Key) && !DirectoryGroups.IsValidKey(input.Key.Trim()))
        {
            errors.Add("key", "Key takes letters, digits, '-', '_' and '.' (e.g. change-cab).");
        }

        errors.Length("name", input.Name, 200, required: true);
        if (string.IsNullOrWhiteSpace(input.RecordKind) || !RecordNumbers.Prefixes.Contains(input.RecordKind.Trim()))
        {
            errors.Add("recordKind", $"Record kind is one of {string.Join(", ", RecordNumbers.Prefixes)}.");
        }

        if (string.IsNullOrWhiteSpace(input.ConditionKey) != string.IsNullOrWhiteSpace(input.ConditionValue))
        {
            errors.Add(string.IsNullOrWhiteSpace(input.ConditionKey) ? "conditionKey" : "conditionValue", "A condition names a variable and the value it must have (e.g. risk = High).");
        }

        errors.Codes(("conditionKey", input.ConditionKey), ("conditionValue", input.ConditionValue));
        if (input.Policy == ApprovalPolicy.Count && input.PolicyValue is not (>= 1 and <= 1000))
        {
            errors.Add("policyValue", "How many approvals approve: 1 or more.");
        }
        else if (input.Policy == ApprovalPolicy.Percent && input.PolicyValue is not (>= 1 and <= 100))
        {
            errors.Add("policyValue", "The share of approvers who approve: 1 to 100 %.");
        }

        if (input.Rejection == RejectionPolicy.Count ? input.RejectionValue is < 1 or > 1000 : input.RejectionValue is < 1 or > 100)
        {
            errors.Add("rejectionValue", input.Rejection == RejectionPolicy.Count ? "How many rejections reject: 1 or more." : "The share of approvers who reject: 1 to 100 %.");
        }

        var people = Clean(input.ApproverPeople);
        var groups = Clean(input.ApproverGroups);
        var cab = string.IsNullOrWhiteSpace(input.CabGroup) ? null : input.CabGroup.Trim();
        if (people.Count + groups.Count == 0 && cab is null && !input.RequesterManager)
        {
            errors.Add("approvers", "Name at least one approver: people, groups, a CAB or the requester's manager.");
        }

        var knownPeople = await db.Users.Where(u => people.Contains(u.UserName!)).Select(u => u.UserName!).ToListAsync(cancellationToken);
        foreach (var unknown in people.Except(knownPeople, StringComparer.Ordinal))
        {
            errors.Add("approverPeople", $"There is no person '{unknown}'.");
        }

        var named = cab is null ? groups : [.. groups, cab];
        var knownGroups = await db.Groups.Where(g => named.Contains(g.Key)).Select(g => g.Key).ToListAsync(cancellationToken);
        foreach (var unknown in groups.Except(knownGroups, StringComparer.Ordinal))
        {
            errors.Add("approverGroups", $"There is no group '{unknown}'.");
        }

        if (cab is not null && !knownGroups.Contains(cab))
        {
            errors.Add("cabGroup", $"There is no group '{cab}'.");
        }

        if (input.DueAction != DueAction.None && input.DuePeriod is not (>= 1 and <= 1000))
        {
            errors.Add("duePeriod", "A due action needs a due period of 1 to 1,000 business hours or days.");
        }

        if (!string.IsNullOrWhiteSpace(input.CalendarKey) && !await db.BusinessCalendars.AnyAsync(c => c.Key == input.CalendarKey.Trim(), cancellationToken))
        {
            errors.Add("calendarKey", $"There is no business calendar '{input.CalendarKey.Trim()}'.");
        }

        if (input.DueAction == DueAction.Escalate)
        {
            var target = input.EscalateTo?.Trim();
            if (string.IsNullOrEmpty(target))
            {
                errors.Add("escalateTo", "Escalation needs a person or group to escalate to.");
            }
            else if (!await db.Users.AnyAsync(u => u.UserName == target, cancellationToken) && !await db.Groups.AnyAsync(g => g.Key == target, cancellationToken))
            {
                errors.Add("escalateTo", $"There is no person or group '{target}'.");
            }
        }

        errors.ThrowIfAny(What);
    }

    private void Apply(ApprovalRule rule, ApprovalRuleInput input, string by)
    {
        rule.Key = input.Key!.Trim();
        rule.Name = input.Name!.Trim();
        rule.RecordKind = input.RecordKind!.Trim();
        rule.ConditionKey = RecordText.TrimmedOrNull(input.ConditionKey);
        rule.ConditionValue = RecordText.TrimmedOrNull(input.ConditionValue);
        rule.Order = input.Order;
        rule.Policy = input.Policy;
        rule.PolicyValue = input.Policy is ApprovalPolicy.Count or ApprovalPolicy.Percent ? input.PolicyValue : null;
        rule.Rejection = input.Rejection;
        rule.RejectionValue = input.RejectionValue;
        rule.ApproverPeople = Join(Clean(input.ApproverPeople));
        rule.ApproverGroups = Join(Clean(input.ApproverGroups));
        rule.CabGroup = RecordText.TrimmedOrNull(input.CabGroup);
        rule.RequesterManager = input.RequesterManager;
        rule.DuePeriod = input.DuePeriod;
        rule.DueUnit = input.DueUnit;
        rule.CalendarKey = RecordText.TrimmedOrNull(input.CalendarKey) ?? ServiceLevels.BusinessCalendars.BusinessHours;
        rule.DueAction = input.DueAction;
        rule.EscalateTo = input.DueAction == DueAction.Escalate ? input.EscalateTo!.Trim() : null;
        rule.IsActive = input.IsActive;
        rule.UpdatedAt = time.GetUtcNow().UtcDateTime;
        rule.UpdatedBy = by;
    }

    private static List<string> Clean(IReadOnlyList<string>? names) =>
        (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.Ordinal).ToList();

    private static string? Join(List<string> names) => names.Count == 0 ? null : string.Join(',', names);

    internal static IReadOnlyList<string> Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static ApprovalRuleView ToView(ApprovalRule r) => new(
        r.Id, r.Key, r.Name, r.RecordKind, r.ConditionKey, r.ConditionValue, r.Order, r.Policy, r.PolicyValue, r.Rejection, r.RejectionValue,
        Split(r.ApproverPeople), Split(r.ApproverGroups), r.CabGroup, r.RequesterManager, r.DuePeriod, r.DueUnit, r.CalendarKey, r.DueAction, r.EscalateTo,
        r.IsActive, r.Revision, r.UpdatedAt, r.UpdatedBy);
}
