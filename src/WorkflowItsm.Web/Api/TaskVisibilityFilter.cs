using System.Security.Claims;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Which tasks a caller may see: admins and process owners all of them; everyone else those assigned to them,
/// delegated by them, or offered to them or their groups. A task outside that answers 404, as if it did not exist.
/// </summary>
internal static class TaskVisibilityFilter
{
    /// <summary>Null for callers who see every task.</summary>
    public static async Task<TaskVisibility?> ForAsync(ClaimsPrincipal user, DirectoryGroups groups, CancellationToken cancellationToken)
    {
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.ProcessOwner))
        {
            return null;
        }

        var name = user.Identity?.Name ?? "";
        return new TaskVisibility(name, await groups.GroupsOfAsync(name, cancellationToken));
    }

    /// <summary>An endpoint filter for the routes with a task {id}: 404 unless the caller may see that task.</summary>
    public static async ValueTask<object?> RequireVisibleTaskAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues.TryGetValue("id", out var value) && value is string id)
        {
            var services = http.RequestServices;
            var visibility = await ForAsync(http.User, services.GetRequiredService<DirectoryGroups>(), http.RequestAborted);
            // A caller who sees every task needs no look-up: each route answers 404 itself for a task that does not exist.
            if (visibility is not null && !await services.GetRequiredService<HumanTaskQueries>().IsVisibleAsync(id, visibility, http.RequestAborted))
            {
                return ApiProblems.NotFound($"No task with id '{id}'.");
            }
        }

        return await next(context);
    }
}
