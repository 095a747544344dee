namespace WorkflowItsm.Itsm.Escalations;

/// <summary>The words people read for layers, rotations, restrictions, targets, triggers and states — never the enum names.</summary>
public static class EscalationLabels
{
    public static string Layer(OnCallLayerKind layer) => layer == OnCallLayerKind.Secondary ? "Secondary" : "Primary";

    public static string Rotation(RotationKind rotation) => rotation switch
    {
        RotationKind.Daily => "Daily",
        RotationKind.Weekly => "Weekly",
        _ => "Custom",
    };

    public static string Restriction(OnCallRestriction restriction) => restriction switch
    {
        OnCallRestriction.BusinessHours => "Business hours only",
        OnCallRestriction.NightsAndWeekends => "Nights and weekends",
        _ => "Around the clock",
    };

    public static string Target(EscalationTargetKind kind) => kind switch
    {
        EscalationTargetKind.OnCall => "On call",
        EscalationTargetKind.Person => "Person",
        EscalationTargetKind.Group => "Group",
        _ => "Group's manager",
    };

    public static string Trigger(EscalationTrigger trigger) => trigger switch
    {
        EscalationTrigger.SlaWarning => "SLA warning",
        EscalationTrigger.SlaBreach => "SLA breach",
        EscalationTrigger.ChangeFailure => "Failed change",
        _ => "New P1 incident",
    };

    public static string State(EscalationState state) => state switch
    {
        EscalationState.Acknowledged => "Acknowledged",
        EscalationState.Exhausted => "Nobody acknowledged",
        EscalationState.Cancelled => "Cancelled",
        _ => "Escalating",
    };

    public static string Manual(ManualEscalationKind kind) => kind switch
    {
        ManualEscalationKind.Functional => "Functional escalation",
        ManualEscalationKind.Hierarchical => "Hierarchical escalation",
        _ => "De-escalation",
    };

    public static string Swap(OnCallSwapState state) => state switch
    {
        OnCallSwapState.Accepted => "Accepted",
        OnCallSwapState.Declined => "Declined",
        _ => "Waiting for an answer",
    };
}
