using Microsoft.AspNetCore.Authorization;
using WorkflowItsm.Itsm.Integrations;

namespace WorkflowItsm.Web.Integrations;

/// <summary>
/// The token's scopes, on top of every policy an API endpoint has: a handler of no particular requirement, so it
/// runs in every evaluation and fails the call when the scopes do not reach the endpoint's area (reads need
/// area:read or area:write, anything else area:write). Calls with the sign-in cookie pass untouched.
/// </summary>
internal sealed class TokenScopeAuthorization : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (!ApiTokenAuthenticationHandler.IsToken(context.User) || context.Resource is not HttpContext http)
        {
            return Task.CompletedTask;
        }

        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? string.Empty;
        var write = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method));
        var scopes = context.User.FindAll(ApiTokenAuthenticationHandler.ScopeClaim).Select(c => c.Value).ToList();
        var area = TokenAreas.Of(route);
        var allowed = area switch
        {
            TokenAreas.Own => write ? ApiScopes.WriteAny(scopes) : ApiScopes.ReadAny(scopes),
            TokenAreas.Reference when !write => ApiScopes.ReadAny(scopes),
            TokenAreas.Reference => ApiScopes.Allow(scopes, ApiScopes.Admin, write: true),
            _ => ApiScopes.Allow(scopes, area, write),
        };
        if (!allowed)
        {
            var needed = area switch
            {
                TokenAreas.Own => write ? "any write scope" : "any scope",
                TokenAreas.Reference => write ? $"{ApiScopes.Admin}:write" : "any scope",
                _ => $"{area}:{(write ? ApiScopes.Write : ApiScopes.Read)}",
            };
            var detail = $"The token's scopes ({string.Join(", ", scopes)}) do not allow {http.Request.Method} {route}: it needs {needed}.";
            ApiTokenAuthenticationHandler.NoteForbidden(http, detail);
            context.Fail(new AuthorizationFailureReason(this, detail));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Which scope area an API route belongs to, by its first segment after /api.</summary>
internal static class TokenAreas
{
    /// <summary>The caller's own profile and notifications: any token reads them, any token with a write scope changes them.</summary>
    public const string Own = "own";

    /// <summary>Reference data every form needs (people, groups, categories, calendars): read with any scope, written with admin.</summary>
    public const string Reference = "reference";

    private static readonly Dictionary<string, string> BySegment = new(StringComparer.Ordinal)
    {
        ["incidents"] = ApiScopes.Incidents, ["priority-matrix"] = ApiScopes.Incidents, ["problems"] = ApiScopes.Incidents,
        ["known-errors"] = ApiScopes.Incidents, ["problem-proposals"] = ApiScopes.Incidents, ["escalations"] = ApiScopes.Incidents,
        ["sla-definitions"] = ApiScopes.Incidents, ["reports"] = ApiScopes.Incidents,
        ["my-requests"] = ApiScopes.Requests, ["requests"] = ApiScopes.Requests, ["requested-items"] = ApiScopes.Requests,
        ["catalog"] = ApiScopes.Requests, ["cart"] = ApiScopes.Requests,
        ["changes"] = ApiScopes.Changes, ["change-templates"] = ApiScopes.Changes, ["change-risk"] = ApiScopes.Changes,
        ["change-windows"] = ApiScopes.Changes, ["change-freezes"] = ApiScopes.Changes, ["cab"] = ApiScopes.Changes,
        ["approval-rules"] = ApiScopes.Changes, ["approvals"] = ApiScopes.Changes, ["releases"] = ApiScopes.Changes,
        ["continuity"] = ApiScopes.Changes, ["cmdb"] = ApiScopes.Changes, ["assets"] = ApiScopes.Changes, ["software"] = ApiScopes.Changes,
        ["deployments"] = ApiScopes.Processes, ["process-definitions"] = ApiScopes.Processes, ["process-drafts"] = ApiScopes.Processes,
        ["process-instances"] = ApiScopes.Processes, ["messages"] = ApiScopes.Processes, ["signals"] = ApiScopes.Processes, ["conditions"] = ApiScopes.Processes,
        ["faults"] = ApiScopes.Processes,
        ["tasks"] = ApiScopes.Tasks, ["external-tasks"] = ApiScopes.Tasks,
        ["people"] = Reference, ["groups"] = Reference, ["lookups"] = Reference, ["categories"] = Reference, ["calendars"] = Reference,
    };

    /// <summary>The area of the route (<c>/api/incidents/{number}</c>); anything not listed is administration.</summary>
    public static string Of(string route)
    {
        var segments = route.TrimStart('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var first = segments.Length > 1 && segments[0] == "api" ? segments[1] : string.Empty;
        if (first == "me")
        {
            // Tokens are made and revoked with admin scope only: a leaked read token cannot make itself a write one.
            return segments.Length > 2 && segments[2] == "tokens" ? ApiScopes.Admin : Own;
        }

        return BySegment.GetValueOrDefault(first, ApiScopes.Admin);
    }
}
