using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>
/// The approval rules workflows/new-equipment.bpmn asks for: the manager of the person the item is for (named by the
/// variable requesterManager — the directory has no manager field — which the item's form asks), and finance for
/// items above the finance limit; the owner of a system access is asked for (workflows/system-access.bpmn). Ensured at every start with the finance group, so a fresh product fulfils new
/// equipment end to end; a rule an admin changed or switched off is left as it is.
/// </summary>
public sealed class RequestApprovalDefaults(ItsmDbContext db, ApprovalRules rules, DirectoryGroups groups)
{
    public const string ManagerRule = "catalog-manager";
    public const string FinanceRule = "catalog-finance";
    public const string FinanceGroup = "finance";

    /// <summary>The owner of the system asked for (workflows/system-access.bpmn passes the CI's owner as requesterManager).</summary>
    public const string SystemOwnerRule = "catalog-system-owner";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await groups.EnsureAsync(FinanceGroup, "Finance", "Approves catalog orders above the finance limit (approval rule catalog-finance).", cancellationToken);
        var keys = Defaults.Select(r => r.Key).ToList();
        var existing = await db.ApprovalRules.AsNoTracking().Where(r => keys.Contains(r.Key)).Select(r => r.Key).ToListAsync(cancellationToken);
        foreach (var rule in Defaults.Where(r => !existing.Contains(r.Key!)))
        {
            await rules.CreateAsync(rule, "product defaults", cancellationToken);
        }
    }

    public static readonly ApprovalRuleInput[] Defaults =
    [
        new()
        {
            Key = ManagerRule, Name = "Manager of the person it is for", RecordKind = RecordNumbers.RequestedItem, Policy = ApprovalPolicy.Anyone,
            RequesterManager = true, DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.None,
        },
        new()
        {
            Key = FinanceRule, Name = "Finance", RecordKind = RecordNumbers.RequestedItem, Policy = ApprovalPolicy.Anyone,
            ApproverGroups = [FinanceGroup], DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.None,
        },
        new()
        {
            Key = SystemOwnerRule, Name = "Owner of the system", RecordKind = RecordNumbers.RequestedItem, Policy = ApprovalPolicy.Anyone,
            RequesterManager = true, DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.None,
        },
    ];
}
