using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>
/// An analysis in review moves on its approval's decision: approved, its RTO and RPO become the approved ones that
/// plans, drills and the gap analysis read, and the service's plans are checked again against that RTO; rejected, it
/// goes back to draft with the approver's reason. All in the deciding vote's unit of work.
/// </summary>
public sealed class BiaApprovalDecisions(RecordHistory history, ContinuityPlans plans) : IApprovalDecisionObserver
{
    public async Task ApprovalDecidedAsync(Approval approval, Record record, string by, CancellationToken cancellationToken)
    {
        if (record is not BusinessImpactAnalysis { State: BiaState.InReview } analysis || approval.RuleKey != BusinessImpactAnalyses.ApprovalRule)
        {
            return;
        }

        if (approval.State == ApprovalState.Approved)
        {
            BusinessImpactAnalyses.Move(history, analysis, BiaState.Approved, by);
            (analysis.ApprovedRtoMinutes, analysis.ApprovedRpoMinutes, analysis.ApprovedAt, analysis.ApprovedBy) = (analysis.RtoMinutes, analysis.RpoMinutes, history.Now, by);
            await plans.RecheckServiceAsync(analysis.Service, analysis.ApprovedRtoMinutes, cancellationToken);
        }
        else if (approval.State == ApprovalState.Rejected)
        {
            BusinessImpactAnalyses.Move(history, analysis, BiaState.Draft, by);
            analysis.ReturnReason = approval.Approvers.FirstOrDefault(a => a.UserName == by && a.Comment is not null)?.Comment ?? approval.Outcome;
        }
    }
}

/// <summary>
/// The approval rule analyses are decided under, ensured at every start with its group (a rule an admin changed or
/// switched off is left as it is): the service's owner or any continuity manager approves, within 5 business days.
/// </summary>
public sealed class ContinuityApprovalDefaults(ItsmDbContext db, ApprovalRules rules, DirectoryGroups groups)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await groups.EnsureAsync(BusinessImpactAnalyses.ManagersGroup, "Continuity managers",
            "Approve business impact analyses (approval rule continuity-bia) beside each service's owner.", cancellationToken);
        if (await db.ApprovalRules.AsNoTracking().AnyAsync(r => r.Key == BusinessImpactAnalyses.ApprovalRule, cancellationToken))
        {
            return;
        }

        await rules.CreateAsync(new ApprovalRuleInput
        {
            Key = BusinessImpactAnalyses.ApprovalRule, Name = "Business impact analysis", RecordKind = RecordNumbers.BusinessImpactAnalysis,
            Policy = ApprovalPolicy.Anyone, ApproverGroups = [BusinessImpactAnalyses.ManagersGroup], RequesterManager = true,
            DuePeriod = 5, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.None,
        }, "product defaults", cancellationToken);
    }
}
