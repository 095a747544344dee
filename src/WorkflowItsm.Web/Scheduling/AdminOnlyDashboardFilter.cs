using Hangfire.Dashboard;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Scheduling;

/// <summary>The Hangfire dashboard shows jobs and their arguments: admins only.</summary>
internal sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
}
