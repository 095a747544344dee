using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>The person may not vote on this approval (she is not, or no longer, one of its approvers): the API answers 403.</summary>
public sealed class ApprovalForbiddenException(string message) : Exception(message);

/// <summary>A second vote, or a vote on an approval already decided: the API answers 409.</summary>
public sealed class ApprovalConflictException(string message, ApprovalState state) : RecordConflictException(message)
{
    public ApprovalState State { get; } = state;

    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["state"] = State.ToString() };
}

/// <summary>Why a signed approval link does not work (any more).</summary>
public enum ApprovalLinkRefusal
{
    Unknown,
    Used,
    Expired,
    OtherPerson,
    Decided,
}

/// <summary>A signed approval link that cannot be used: unknown, used, expired, another person's, or its approval is decided.</summary>
public sealed class ApprovalLinkRefusedException(ApprovalLinkRefusal reason) : Exception(MessageOf(reason))
{
    public ApprovalLinkRefusal Reason { get; } = reason;

    public static string MessageOf(ApprovalLinkRefusal reason) => reason switch
    {
        ApprovalLinkRefusal.Used => "This approval link was already used; each link works once.",
        ApprovalLinkRefusal.Expired => "This approval link has expired.",
        ApprovalLinkRefusal.OtherPerson => "This approval link was sent to someone else; only that approver can use it.",
        ApprovalLinkRefusal.Decided => "This approval is already decided.",
        _ => "This approval link is not valid.",
    };
}
