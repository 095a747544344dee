using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

/// <summary>Acknowledged already, or over: the API answers 409.</summary>
public sealed class EscalationConflictException(string message) : RecordConflictException(message);

public enum EscalationLinkRefusal
{
    Unknown,
    OtherPerson,
}

/// <summary>An acknowledge link that is nobody's (404) or another person's (403); a used one is a <see cref="EscalationConflictException"/>.</summary>
public sealed class EscalationLinkRefusedException(EscalationLinkRefusal refusal)
    : Exception(refusal == EscalationLinkRefusal.OtherPerson
        ? "This acknowledge link was sent to someone else; it works only for the person it was sent to."
        : "This acknowledge link is not known.")
{
    public EscalationLinkRefusal Refusal { get; } = refusal;
}

/// <summary>A change to an on-call schedule or a swap by someone it is not for: the API answers 403.</summary>
public sealed class OnCallForbiddenException(string message) : Exception(message);
