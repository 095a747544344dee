using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Hosting;

namespace WorkflowItsm.Web.Account;

/// <summary>
/// Settings of the optional external sign-in (section Authentication:OpenIdConnect). Sign-in through the provider is
/// offered when <see cref="Authority"/> is set; local accounts keep working beside it.
/// </summary>
public sealed class ExternalSignInSettings
{
    public const string Section = "Authentication:OpenIdConnect";

    /// <summary>The provider's issuer URL; its /.well-known/openid-configuration is read from there.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Empty for a public client (the code flow is protected by PKCE either way).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The button's words: "Sign in with …".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    public IList<string> Scopes { get; } = [];

    /// <summary>Claim whose values are product role names (e.g. "roles"); empty: roles are managed in the directory.</summary>
    public string? RolesClaim { get; set; }

    /// <summary>Claim whose values are directory group keys (e.g. "groups"); empty: groups are managed in the directory.</summary>
    public string? GroupsClaim { get; set; }

    /// <summary>False only for a provider on this machine over plain HTTP (development and tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>Sign-in through an external OpenID Connect provider (authorization code flow with PKCE, form_post).</summary>
internal static class ExternalSignIn
{
    public const string Scheme = "oidc";
    private const string LoginPath = "/account/external-login";
    private const string CallbackPath = "/account/external-callback";

    public static IServiceCollection AddExternalSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ExternalSignInSettings.Section).Get<ExternalSignInSettings>() ?? new();
        services.AddSingleton(settings);
        if (!settings.IsEnabled)
        {
            return services;
        }

        if (string.IsNullOrWhiteSpace(settings.ClientId))
        {
            throw new StartupConfigurationException($"{ExternalSignInSettings.Section}:ClientId is required when {ExternalSignInSettings.Section}:Authority is set.");
        }

        if (!Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority)
            || (authority.Scheme != Uri.UriSchemeHttps && (settings.RequireHttpsMetadata || !authority.IsLoopback)))
        {
            throw new StartupConfigurationException($"{ExternalSignInSettings.Section}:Authority must be an https URL (plain http only for a provider on this machine, with RequireHttpsMetadata false); it is '{settings.Authority}'.");
        }

        services.AddAuthentication().AddOpenIdConnect(Scheme, settings.DisplayName, oidc =>
        {
            oidc.SignInScheme = IdentityConstants.ExternalScheme;
            oidc.Authority = settings.Authority;
            oidc.ClientId = settings.ClientId;
            oidc.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.UsePkce = true;
            oidc.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            oidc.SaveTokens = false;
            oidc.MapInboundClaims = false; // keep the provider's claim names (sub, email, groups...)
            oidc.Scope.Clear();
            foreach (var scope in settings.Scopes.Count > 0 ? settings.Scopes : ["openid", "profile", "email"])
            {
                oidc.Scope.Add(scope);
            }

            if (!settings.RequireHttpsMetadata)
            {
                // A provider on this machine over http is the same site, so Lax cookies come back from its form post;
                // the default SameSite=None would need Secure, which plain http cannot carry.
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            oidc.Events.OnTokenValidated = context =>
            {
                // Identity finds the external login by the name identifier; the provider's subject is that.
                if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst("sub") is { } subject)
                {
                    identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject.Value));
                }

                return Task.CompletedTask;
            };
            oidc.Events.OnAccessDenied = context =>
            {
                context.Response.Redirect(AccountSetup.LoginPath + "?external=denied");
                context.HandleResponse();
                return Task.CompletedTask;
            };
            oidc.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn))
                    .LogWarning(context.Failure, "External sign-in failed");
                context.Response.Redirect(AccountSetup.LoginPath + "?external=failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapExternalSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post with the antiforgery token (the sign-in page's button), so no other site can start a sign-in.
        endpoints.MapPost(LoginPath, (ExternalSignInSettings settings, SignInManager<DirectoryUser> signIn, [FromForm] string? returnUrl) =>
        {
            if (!settings.IsEnabled)
            {
                return Results.NotFound();
            }

            var callback = $"{CallbackPath}?returnUrl={Uri.EscapeDataString(LocalReturnUrl.OrHome(returnUrl))}";
            return Results.Challenge(signIn.ConfigureExternalAuthenticationProperties(Scheme, callback), [Scheme]);
        }).ExcludeFromDescription();

        endpoints.MapGet(CallbackPath, async (HttpContext context, ExternalSignInSettings settings, SignInManager<DirectoryUser> signIn,
            ExternalAccounts accounts, string? returnUrl) =>
        {
            var login = settings.IsEnabled ? await signIn.GetExternalLoginInfoAsync() : null;
            if (login is null)
            {
                return Results.LocalRedirect(AccountSetup.LoginPath + "?external=failed");
            }

            var result = await accounts.FindOrCreateAsync(ToIdentity(login, settings), context.RequestAborted);
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            if (result.User is null)
            {
                return Results.LocalRedirect($"{AccountSetup.LoginPath}?external={result.Refusal.ToString().ToLowerInvariant()}");
            }

            await signIn.SignInAsync(result.User, isPersistent: false, authenticationMethod: login.LoginProvider);
            return Results.LocalRedirect(LocalReturnUrl.OrHome(returnUrl));
        }).ExcludeFromDescription();
        return endpoints;
    }

    private static ExternalIdentity ToIdentity(ExternalLoginInfo login, ExternalSignInSettings settings)
    {
        var principal = login.Principal;
        return new ExternalIdentity(
            login.LoginProvider,
            login.ProviderKey,
            principal.FindFirstValue("email"),
            string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase),
            principal.FindFirstValue("preferred_username"),
            principal.FindFirstValue("name"),
            ValuesOf(principal, settings.RolesClaim),
            ValuesOf(principal, settings.GroupsClaim));
    }

    // Null when the claim is not configured or not in the token: the provider says nothing, so the directory keeps
    // what it has (a provider that leaves a claim out for some people must not strip their roles).
    private static List<string>? ValuesOf(ClaimsPrincipal principal, string? claimType)
    {
        var values = string.IsNullOrWhiteSpace(claimType) ? [] : principal.FindAll(claimType).Select(c => c.Value).ToList();
        return values.Count == 0 ? null : values;
    }
}
