namespace WorkflowItsm.Itsm.Releases;

/// <summary>The words people read for a release's type and state, a phase's state, a gate's kind, policy and status, a deployment's state — never the enum names.</summary>
public static class ReleaseLabels
{
    public static string Type(ReleaseType type) => type switch
    {
        ReleaseType.Major => "Major",
        ReleaseType.Emergency => "Emergency",
        _ => "Minor",
    };

    public static string State(ReleaseState state) => state switch
    {
        ReleaseState.Pending => "Pending",
        ReleaseState.InProgress => "In progress",
        ReleaseState.OnHold => "On hold",
        ReleaseState.Review => "Review",
        ReleaseState.Completed => "Completed",
        ReleaseState.Failed => "Failed",
        ReleaseState.Cancelled => "Cancelled",
        _ => "Draft",
    };

    public static string GateKind(GateKind kind) => kind switch
    {
        Releases.GateKind.Approval => "Approval",
        Releases.GateKind.Evidence => "Test evidence",
        Releases.GateKind.ExternalCheck => "External check",
        _ => "Policy",
    };

    public static string Policy(GatePolicy policy) => policy switch
    {
        GatePolicy.NoOpenP1Incident => "No open P1 incident on the service",
        GatePolicy.DeployedEverywhere => "Deployed to every environment",
        _ => "All contained changes authorized",
    };

    public static string GateStatus(GateStatus status) => status switch
    {
        Releases.GateStatus.InProgress => "In progress",
        Releases.GateStatus.Compliant => "Compliant",
        Releases.GateStatus.CompliantWithException => "Compliant with exception",
        Releases.GateStatus.NonCompliant => "Non-compliant",
        _ => "Not run",
    };

    public static string Phase(ReleasePhaseState state) => state switch
    {
        ReleasePhaseState.Active => "Active",
        ReleasePhaseState.Completed => "Complete",
        _ => "Not started",
    };

    public static string Deployment(DeploymentState state) => state switch
    {
        DeploymentState.AwaitingGoNoGo => "Awaiting go/no-go",
        DeploymentState.AwaitingWindow => "Go: waiting for the window",
        DeploymentState.Started => "Deploying",
        DeploymentState.Succeeded => "Deployed",
        DeploymentState.Failed => "Failed",
        _ => "No-go",
    };
}
