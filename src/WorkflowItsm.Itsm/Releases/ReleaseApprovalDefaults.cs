using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// The approval rule a production deployment's go/no-go asks for: every release manager approves (policy all), in
/// two business days. Ensured at every start with its group, so a fresh product can release; a rule an admin changed
/// or switched off is left as it is.
/// </summary>
public sealed class ReleaseApprovalDefaults(ItsmDbContext db, ApprovalRules rules, DirectoryGroups groups)
{
    public const string GoNoGoRule = "release-go-no-go";
    public const string ReleaseManagersGroup = "release-managers";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await groups.EnsureAsync(ReleaseManagersGroup, "Release managers", "Decide go/no-go for production deployments (approval rule release-go-no-go).", cancellationToken);
        if (await db.ApprovalRules.AsNoTracking().AnyAsync(r => r.Key == GoNoGoRule && r.RecordKind == RecordNumbers.Release, cancellationToken))
        {
            return;
        }

        await rules.CreateAsync(new ApprovalRuleInput
        {
            Key = GoNoGoRule, Name = "Release go/no-go", RecordKind = RecordNumbers.Release, Policy = ApprovalPolicy.All,
            ApproverGroups = [ReleaseManagersGroup], DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.None,
        }, "product defaults", cancellationToken);
    }
}
