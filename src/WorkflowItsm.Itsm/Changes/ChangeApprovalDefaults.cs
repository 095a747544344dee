using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>
/// The approval rules the reference change workflows ask for (workflows/change-*.bpmn): the change manager alone for
/// low risk, the CAB for moderate and high risk (60 % approve, 2 rejections reject, 2 business days, then the change
/// managers decide), the ECAB for emergencies (anyone, 4 business hours), and any change manager for a change freeze.
/// Ensured at every start with their groups,
/// so a fresh product runs a change end to end; a rule an admin changed or switched off is left as it is.
/// </summary>
public sealed class ChangeApprovalDefaults(ItsmDbContext db, ApprovalRules rules, DirectoryGroups groups)
{
    public const string ChangeManagerRule = "change-manager";
    public const string CabRule = "change-cab";
    public const string EcabRule = "change-ecab";
    public const string CabGroup = "cab";
    public const string EcabGroup = "ecab";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await groups.EnsureAsync(ChangeService.DefaultGroup, "Change managers", "Authorize low-risk changes and change freezes, chair the CAB, and decide what the CAB does not decide in time.", cancellationToken);
        await groups.EnsureAsync(CabGroup, "Change advisory board", "Authorizes changes of moderate risk or more (approval rule change-cab).", cancellationToken);
        await groups.EnsureAsync(EcabGroup, "Emergency CAB", "Authorizes emergency changes within hours (approval rule change-ecab).", cancellationToken);
        var keys = Defaults.Select(r => r.Key).ToList();
        var existing = await db.ApprovalRules.AsNoTracking().Where(r => keys.Contains(r.Key)).Select(r => r.Key).ToListAsync(cancellationToken);
        foreach (var rule in Defaults.Where(r => !existing.Contains(r.Key!)))
        {
            await rules.CreateAsync(rule, "product defaults", cancellationToken);
        }
    }

    private static readonly ApprovalRuleInput[] Defaults =
    [
        new()
        {
            Key = ChangeManagerRule, Name = "Change manager", RecordKind = Records.RecordNumbers.Change, Policy = ApprovalPolicy.Anyone,
            ApproverGroups = [ChangeService.DefaultGroup], DuePeriod = 1, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.None,
        },
        new()
        {
            Key = CabRule, Name = "Change advisory board", RecordKind = Records.RecordNumbers.Change, Policy = ApprovalPolicy.Percent, PolicyValue = 60,
            Rejection = RejectionPolicy.Count, RejectionValue = 2, CabGroup = CabGroup,
            DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.Escalate, EscalateTo = ChangeService.DefaultGroup,
        },
        new()
        {
            Key = EcabRule, Name = "Emergency CAB", RecordKind = Records.RecordNumbers.Change, Policy = ApprovalPolicy.Anyone, CabGroup = EcabGroup,
            DuePeriod = 4, DueUnit = DueUnit.BusinessHours, DueAction = DueAction.Escalate, EscalateTo = ChangeService.DefaultGroup,
        },
        new()
        {
            Key = Freezes.ChangeFreezes.ApprovalRule, Name = "Change freeze", RecordKind = Records.RecordNumbers.ChangeFreeze, Policy = ApprovalPolicy.Anyone,
            ApproverGroups = [ChangeService.DefaultGroup], DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.None,
        },
    ];
}
