using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WorkflowItsm.Web.Api;

/// <summary>Who the caller is: the UI and API clients use it to decide what to show.</summary>
internal static class MeApi
{
    public sealed record CurrentUser(string Name, IReadOnlyList<string> Roles);

    public static RouteGroupBuilder MapMeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", GetCurrentUser)
            .WithName("GetCurrentUser")
            .WithSummary("The signed-in user and their roles")
            .WithTags("Account");
        return api;
    }

    public static Ok<CurrentUser> GetCurrentUser(ClaimsPrincipal user) => TypedResults.Ok(new CurrentUser(
        user.Identity?.Name ?? string.Empty,
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToArray()));
}
