using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Integrations;
using WorkflowItsm.Web.Api;

namespace WorkflowItsm.Web.Integrations;

/// <summary>The caller's API tokens, and service accounts with theirs (admins).</summary>
internal static class IntegrationsApi
{
    public static RouteGroupBuilder MapIntegrationsApi(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/me/tokens").WithTags("API tokens");
        mine.MapGet("/", ListMineAsync)
            .WithName("ListMyApiTokens")
            .WithSummary("The caller's API tokens, active first, with their scopes, expiry and last use (never their secrets)");
        mine.MapPost("/", CreateMineAsync)
            .WithName("CreateMyApiToken")
            .WithSummary("Make a token acting as the caller within its scopes; the answer carries the secret, the only time it is shown")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        mine.MapDelete("/{id:int}", RevokeMineAsync)
            .WithName("RevokeMyApiToken")
            .WithSummary("Revoke one of the caller's tokens: from now on it answers 401")
            .ProducesProblems(StatusCodes.Status404NotFound);

        var accounts = api.MapGroup("/service-accounts").WithTags("API tokens").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        accounts.MapGet("/", ListAccountsAsync)
            .WithName("ListServiceAccounts")
            .WithSummary("The service accounts: their roles and how many active tokens they have");
        accounts.MapPost("/", CreateAccountAsync)
            .WithName("CreateServiceAccount")
            .WithSummary("Add an account for another system, with roles and no password (it acts only through its tokens)")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        accounts.MapGet("/{userName}/tokens", ListAccountTokensAsync)
            .WithName("ListServiceAccountTokens")
            .WithSummary("A service account's tokens")
            .ProducesProblems(StatusCodes.Status404NotFound);
        accounts.MapPost("/{userName}/tokens", CreateAccountTokenAsync)
            .WithName("CreateServiceAccountToken")
            .WithSummary("Make a token for a service account; the answer carries the secret, the only time it is shown")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        accounts.MapDelete("/{userName}/tokens/{id:int}", RevokeAccountTokenAsync)
            .WithName("RevokeServiceAccountToken")
            .WithSummary("Revoke a service account's token")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<ApiTokenView>>> ListMineAsync(ClaimsPrincipal user, ApiTokens tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(user.Identity!.Name!, ct));

    public static async Task<Created<CreatedApiToken>> CreateMineAsync(NewApiToken request, ClaimsPrincipal user, ApiTokens tokens, CancellationToken ct)
    {
        var created = await tokens.CreateAsync(user.Identity!.Name!, request, user.Identity.Name!, ct);
        return TypedResults.Created($"/api/me/tokens/{created.Token.Id}", created);
    }

    public static async Task<Ok<ApiTokenView>> RevokeMineAsync(int id, ClaimsPrincipal user, ApiTokens tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.RevokeAsync(user.Identity!.Name!, id, user.Identity.Name!, ct));

    public static async Task<Ok<IReadOnlyList<ServiceAccountView>>> ListAccountsAsync(ServiceAccounts accounts, CancellationToken ct) =>
        TypedResults.Ok(await accounts.ListAsync(ct));

    public static async Task<Created<ServiceAccountView>> CreateAccountAsync(NewServiceAccount request, ClaimsPrincipal user, ServiceAccounts accounts, CancellationToken ct)
    {
        var created = await accounts.CreateAsync(request, user.Identity!.Name!, ct);
        return TypedResults.Created($"/api/service-accounts/{created.UserName}", created);
    }

    public static async Task<Ok<IReadOnlyList<ApiTokenView>>> ListAccountTokensAsync(string userName, ServiceAccounts accounts, ApiTokens tokens, CancellationToken ct)
    {
        await accounts.EnsureExistsAsync(userName, ct);
        return TypedResults.Ok(await tokens.ListAsync(userName, ct));
    }

    public static async Task<Created<CreatedApiToken>> CreateAccountTokenAsync(string userName, NewApiToken request, ClaimsPrincipal user, ServiceAccounts accounts,
        ApiTokens tokens, CancellationToken ct)
    {
        await accounts.EnsureExistsAsync(userName, ct);
        var created = await tokens.CreateAsync(userName, request, user.Identity!.Name!, ct);
        return TypedResults.Created($"/api/service-accounts/{userName}/tokens/{created.Token.Id}", created);
    }

    public static async Task<Ok<ApiTokenView>> RevokeAccountTokenAsync(string userName, int id, ClaimsPrincipal user, ServiceAccounts accounts, ApiTokens tokens, CancellationToken ct)
    {
        await accounts.EnsureExistsAsync(userName, ct);
        return TypedResults.Ok(await tokens.RevokeAsync(userName, id, user.Identity!.Name!, ct));
    }
}
