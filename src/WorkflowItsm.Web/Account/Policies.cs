using Microsoft.AspNetCore.Authorization;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Account;

/// <summary>Authorization policies of the API and UI, named after what they allow.</summary>
internal static class Policies
{
    /// <summary>Deploy and change process definitions: process owners and admins.</summary>
    public const string DesignProcesses = "design-processes";

    public static AuthorizationBuilder AddProductPolicies(this AuthorizationBuilder authorization) =>
        authorization.AddPolicy(DesignProcesses, policy => policy.RequireRole(Roles.ProcessOwner, Roles.Admin));
}
