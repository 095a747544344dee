using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Integrations;

namespace WorkflowItsm.Web.Integrations;

/// <summary>
/// The API's second way in: <c>Authorization: Bearer witk_…</c>. The token acts as its owner (the same claims, so
/// the same policies and role checks as the owner's cookie) plus its scopes (<see cref="TokenScopeAuthorization"/>).
/// A bad token answers 401 problem details, whatever is wrong with it; every call made with a good one is recorded.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IServiceScopeFactory scopes) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>Chooses per request: the token scheme for an API call that carries a bearer token, the sign-in cookie otherwise.</summary>
    public const string SelectorScheme = "ApiTokenOrCookie";

    public const string ScopeClaim = "scope";
    public const string TokenIdClaim = "api_token_id";
    public const string TokenNameClaim = "api_token_name";

    private const string RefusalItem = "ApiToken.Refusal";
    private const string ForbiddenItem = "ApiToken.Forbidden";

    public static bool CarriesBearer(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        && context.Request.Headers.Authorization.ToString().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase);

    public static bool IsToken(ClaimsPrincipal user) => user.HasClaim(c => c.Type == TokenIdClaim);

    /// <summary>Why the token's scopes refuse the call, for the 403's detail.</summary>
    public static void NoteForbidden(HttpContext context, string detail) => context.Items[ForbiddenItem] = detail;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("The Authorization header is not 'Bearer <token>'.");
        }

        var services = Context.RequestServices;
        var check = await services.GetRequiredService<ApiTokens>().CheckAsync(header.Parameter ?? string.Empty, Context.RequestAborted);
        if (check.Token is not { } token)
        {
            return Refuse(check.Refusal!);
        }

        var users = services.GetRequiredService<UserManager<DirectoryUser>>();
        if (await users.FindByNameAsync(token.UserName) is not { } user || await users.IsLockedOutAsync(user))
        {
            return Refuse($"The account of the token '{token.Name}' is gone or locked out.");
        }

        var owner = await services.GetRequiredService<IUserClaimsPrincipalFactory<DirectoryUser>>().CreateAsync(user);
        var ownerIdentity = (ClaimsIdentity)owner.Identity!;
        var identity = new ClaimsIdentity(
            [.. owner.Claims, new Claim(TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(TokenNameClaim, token.Name),
                .. token.ScopeList.Select(s => new Claim(ScopeClaim, s))],
            Scheme.Name, ownerIdentity.NameClaimType, ownerIdentity.RoleClaimType);
        AuditOnce(token);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[RefusalItem] as string ?? "An API token is needed.";
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Results.Problem(title: "Not authenticated", detail: detail, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[ForbiddenItem] as string ?? "The token's owner may not do this.";
        await Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
    }

    private AuthenticateResult Refuse(string reason)
    {
        Logger.LogInformation("API token refused for {Method} {Path}: {Reason}", Request.Method, Request.Path, reason);
        Context.Items[RefusalItem] = reason;
        return AuthenticateResult.Fail(reason);
    }

    // Recorded as the answer starts, when its status is known and before the caller has it (so the record is there
    // when the caller looks); in a scope of its own, away from the endpoint's unit of work.
    private void AuditOnce(ApiToken token)
    {
        if (Context.Items.ContainsKey(TokenIdClaim))
        {
            return;
        }

        Context.Items[TokenIdClaim] = token.Id;
        var (method, path) = (Request.Method, Request.Path.Value ?? string.Empty);
        Response.OnStarting(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ApiTokens>().RecordUseAsync(token, method, path, Response.StatusCode, CancellationToken.None);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                Logger.LogError(failure, "The use of API token {Token} of {User} for {Method} {Path} could not be recorded", token.Name, token.UserName, method, path);
            }
        });
    }
}
