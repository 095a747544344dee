using Microsoft.AspNetCore.Authorization;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Account;

/// <summary>Authorization policies of the API and UI, named after what they allow.</summary>
internal static class Policies
{
    /// <summary>Deploy and change process definitions: process owners and admins.</summary>
    public const string DesignProcesses = "design-processes";

    /// <summary>Work human tasks and follow process instances: every staff role, not requesters.</summary>
    public const string WorkTasks = "work-tasks";

    /// <summary>Define how changes are approved (approval rules): change managers and admins.</summary>
    public const string ManageApprovalRules = "manage-approval-rules";

    /// <summary>Define maintenance and blackout windows and change freezes: change managers and admins.</summary>
    public const string PlanChanges = "plan-changes";

    /// <summary>Work changes (run their conflict check): agents, change managers and admins.</summary>
    public const string CheckChanges = "check-changes";

    /// <summary>The staff roles: everyone but requesters (the same people as <see cref="WorkTasks"/>).</summary>
    public static IReadOnlyList<string> StaffRoles => Roles.Staff;

    public static bool IsStaff(System.Security.Claims.ClaimsPrincipal user) => StaffRoles.Any(user.IsInRole);

    public static AuthorizationBuilder AddProductPolicies(this AuthorizationBuilder authorization) =>
        authorization
            .AddPolicy(DesignProcesses, policy => policy.RequireRole(Roles.ProcessOwner, Roles.Admin))
            .AddPolicy(WorkTasks, policy => policy.RequireRole(StaffRoles))
            .AddPolicy(ManageApprovalRules, policy => policy.RequireRole(Roles.ChangeManager, Roles.Admin))
            .AddPolicy(PlanChanges, policy => policy.RequireRole(Roles.ChangeManager, Roles.Admin))
            .AddPolicy(CheckChanges, policy => policy.RequireRole(Roles.Agent, Roles.ChangeManager, Roles.Admin));
}
