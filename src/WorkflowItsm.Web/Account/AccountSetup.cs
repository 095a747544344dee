using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Account;

/// <summary>ASP.NET Core Identity with local accounts, cookies for the UI and 401/403 (not redirects) for the API.</summary>
internal static class AccountSetup
{
    public const string LoginPath = "/account/login";

    /// <summary>Sign-in posts allowed per minute from one address (setting Account:SignInAttemptsPerMinute).</summary>
    public const int DefaultSignInAttemptsPerMinute = 20;

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        // Guessing passwords is slowed twice: per address here (429), per account by Identity's lockout below.
        var attemptsPerMinute = configuration.GetValue("Account:SignInAttemptsPerMinute", DefaultSignInAttemptsPerMinute);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInPost(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                await rejected.HttpContext.Response.WriteAsync("Too many sign-in attempts from your address: try again in a minute.", cancellationToken);
            };
        });

        services.AddIdentity<DirectoryUser, DirectoryRole>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Password.RequiredLength = 10;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<ItsmDbContext>()
            .AddDefaultTokenProviders();

        // The password reset item's emailed link (ResetPasswordHandler) carries a token of the default provider: it
        // works for an hour (Identity's default would be a day) and dies on first use, when the security stamp renews.
        services.Configure<DataProtectionTokenProviderOptions>(tokens => tokens.TokenLifespan = WorkflowItsm.Itsm.Requests.ResetPasswordHandler.LinkLifespan);

        // Secure over https (also behind a proxy that forwards https, see ProxySettings); the default would never be.
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = LoginPath;
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "WorkflowItsm.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Events.OnRedirectToLogin = context => RespondOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => RespondOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
        });

        // A cookie taken before sign-out (or a password change) stops working: sign-out renews the security stamp,
        // and the stamp is compared this often (setting Account:SecurityStampValidationInterval, default 1 minute).
        var stampInterval = configuration.GetValue("Account:SecurityStampValidationInterval", TimeSpan.FromMinutes(1));
        services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = stampInterval);

        services.AddAuthorizationBuilder().AddProductPolicies();
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The layout's sign-out form carries the antiforgery token: another site cannot sign people out
        // (cross-site origins are refused before this by the CrossSiteRequestGuard).
        endpoints.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<DirectoryUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(title: "Sign-out refused", detail: "The sign-out form's antiforgery token is missing or not valid.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).DisableAntiforgery().WithName("Logout").ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// A post to the sign-in page however its path is written (/account/login/, /ACCOUNT/LOGIN): the endpoint routing
    /// chose decides, with the path itself as a second reading for a request routing did not match.
    /// </summary>
    internal static bool IsSignInPost(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return false;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        return SamePath(route, LoginPath) || SamePath(context.Request.Path.Value, LoginPath);
    }

    private static bool SamePath(string? path, string expected) =>
        path is not null && string.Equals(path.TrimEnd('/'), expected, StringComparison.OrdinalIgnoreCase);

    // Machines calling the API want a status code; people in a browser want the sign-in page.
    private static Task RespondOrRedirect(HttpContext context, string redirectUri, int statusCode)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hangfire"))
        {
            context.Response.StatusCode = statusCode;
            return Task.CompletedTask;
        }

        context.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
