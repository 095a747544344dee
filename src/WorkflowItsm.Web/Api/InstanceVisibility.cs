using System.Security.Claims;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Which process instances a caller may read: process owners and admins every one; other staff those with a task
/// (open or done) they may see, so an agent follows the workflows of their own work and not another group's.
/// </summary>
internal sealed class InstanceVisibility(HumanTaskQueries tasks, DirectoryGroups groups)
{
    public static bool SeesEveryInstance(ClaimsPrincipal user) => user.IsInRole(Roles.ProcessOwner) || user.IsInRole(Roles.Admin);

    public async Task<bool> MaySeeAsync(ClaimsPrincipal user, string instanceId, CancellationToken cancellationToken) =>
        SeesEveryInstance(user)
        || (Policies.IsStaff(user) && await tasks.HasVisibleTaskAsync(instanceId, await TaskVisibilityFilter.ForAsync(user, groups, cancellationToken), cancellationToken));
}
