using System.Globalization;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>
/// Decides an approval from its votes by its policy: approved once enough approvers approved, rejected once enough
/// rejected or once approval can no longer be reached (everyone voted, or too few are left to vote). After an
/// escalation the target decides alone: her one vote decides.
/// </summary>
public static class ApprovalTally
{
    /// <summary>How many approvals of <paramref name="approvers"/> the policy needs (at least one, at most all).</summary>
    public static int Needed(ApprovalPolicy policy, int? value, int approvers) => Math.Clamp(policy switch
    {
        ApprovalPolicy.Anyone => 1,
        ApprovalPolicy.All => approvers,
        ApprovalPolicy.Count => value ?? 1,
        ApprovalPolicy.Percent => (int)Math.Ceiling((value ?? 100) * approvers / 100.0),
        _ => approvers,
    }, 1, Math.Max(approvers, 1));

    /// <summary>How many rejections reject (at least one).</summary>
    public static int RejectionsNeeded(RejectionPolicy policy, int value, int approvers) => Math.Max(1, policy switch
    {
        RejectionPolicy.Percent => (int)Math.Ceiling(value * approvers / 100.0),
        _ => value,
    });

    /// <summary>The decision the votes make, with its reason; null while undecided.</summary>
    public static (ApprovalState State, string Reason)? Decide(Approval approval)
    {
        var active = approval.Approvers.Where(a => a.IsActive).ToList();
        var approved = active.Count(a => a.Decision == ApprovalDecision.Approved);
        var rejected = active.Count(a => a.Decision == ApprovalDecision.Rejected);
        if (approval.State == ApprovalState.Escalated)
        {
            var vote = active.FirstOrDefault(a => a.Decision is not null);
            return vote is null ? null
                : (vote.Decision == ApprovalDecision.Approved ? ApprovalState.Approved : ApprovalState.Rejected, $"Decided alone by {vote.UserName} after the escalation.");
        }

        var needed = Needed(approval.Policy, approval.PolicyValue, active.Count);
        var rejections = RejectionsNeeded(approval.Rejection, approval.RejectionValue, active.Count);
        if (approved >= needed)
        {
            return (ApprovalState.Approved, Invariant($"{approved} of {active.Count} approvers approved ({needed} needed)."));
        }

        if (rejected >= rejections)
        {
            return (ApprovalState.Rejected, Invariant($"{rejected} of {active.Count} approvers rejected ({rejections} reject)."));
        }

        var undecided = active.Count - approved - rejected;
        return approved + undecided < needed
            ? (ApprovalState.Rejected, Invariant($"Approval can no longer be reached: {approved} approved, {undecided} left to vote, {needed} needed."))
            : null;
    }

    /// <summary>The policy in words: "60 % of the approvers approve; 2 rejections reject".</summary>
    public static string Describe(ApprovalPolicy policy, int? value, RejectionPolicy rejection, int rejectionValue)
    {
        var approve = policy switch
        {
            ApprovalPolicy.Anyone => "anyone approves",
            ApprovalPolicy.All => "all approve",
            ApprovalPolicy.Count => Invariant($"{value} approve"),
            _ => Invariant($"{value} % approve"),
        };
        var reject = rejection == RejectionPolicy.Percent ? Invariant($"{rejectionValue} % reject")
            : rejectionValue == 1 ? "any rejection rejects" : Invariant($"{rejectionValue} rejections reject");
        return $"{approve}; {reject}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
