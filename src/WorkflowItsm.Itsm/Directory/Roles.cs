namespace WorkflowItsm.Itsm.Directory;

/// <summary>The product's roles. BPMN candidate groups are directory groups, not roles.</summary>
public static class Roles
{
    public const string Requester = "requester";
    public const string Agent = "agent";
    public const string ProcessOwner = "process-owner";
    public const string ChangeManager = "change-manager";
    public const string CabMember = "cab-member";
    public const string Admin = "admin";

    /// <summary>
    /// A service account of a CI/CD pipeline: it may send release evidence and ask a deployment gate and start a
    /// deployment, nothing else of the staff's (until the integrations' API tokens replace it).
    /// </summary>
    public const string Pipeline = "pipeline";

    /// <summary>The staff: everyone but requesters and pipelines (the web's WorkTasks policy and the mail channel alike).</summary>
    public static IReadOnlyList<string> Staff { get; } = [Agent, ProcessOwner, ChangeManager, CabMember, Admin];

    public static IReadOnlyList<string> All { get; } =
        [Requester, Agent, ProcessOwner, ChangeManager, CabMember, Admin, Pipeline];
}
