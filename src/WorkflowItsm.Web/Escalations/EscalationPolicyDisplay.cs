using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Web.Incidents;

namespace WorkflowItsm.Web.Escalations;

/// <summary>How a policy reads on its pages.</summary>
public static class EscalationPolicyDisplay
{
    public static string AttachedTo(EscalationPolicyView policy, IReadOnlyDictionary<int, string> slaNames)
    {
        var parts = new List<string>();
        if (policy.SlaDefinitionId is { } sla)
        {
            parts.Add($"SLA: {slaNames.GetValueOrDefault(sla) ?? sla.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (policy.Service is { } service)
        {
            parts.Add($"Service: {service}");
        }

        if (policy.Priority is { } priority)
        {
            parts.Add($"Priority: {IncidentDisplay.PriorityText(priority)}");
        }

        return string.Join(" · ", parts);
    }

    public static string LevelsSummary(EscalationPolicyView policy) =>
        string.Join(" → ", policy.Levels.Select(l => $"{string.Join(" + ", l.Targets.Select(Target))} ({l.TimeoutMinutes} min)"));

    public static string Target(EscalationTargetView target) => target.Kind switch
    {
        EscalationTargetKind.OnCall => $"on call ({EscalationLabels.Layer(target.Layer ?? OnCallLayerKind.Primary).ToLowerInvariant()})",
        EscalationTargetKind.Person => target.UserName ?? "a person",
        EscalationTargetKind.Group => target.GroupKey is null ? "the record's group" : $"group {target.GroupKey}",
        _ => target.GroupKey is null ? "the group's manager" : $"manager of {target.GroupKey}",
    };
}
