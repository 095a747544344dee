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

    public static IReadOnlyList<string> All { get; } =
        [Requester, Agent, ProcessOwner, ChangeManager, CabMember, Admin];
}
