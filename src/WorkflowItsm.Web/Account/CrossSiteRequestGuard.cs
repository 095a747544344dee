namespace WorkflowItsm.Web.Account;

/// <summary>
/// Refuses state-changing API calls that a browser made from another site. The sign-in cookie is SameSite=Lax and
/// the API takes JSON (which needs a CORS preflight cross-site), so forged requests already fail; this checks the
/// browser's own word as well: an Origin that is not this host, or Sec-Fetch-Site "cross-site", gets 403.
/// Clients that are not browsers send neither header and are not affected. The account forms (sign-in, sign-out) are
/// guarded the same way, beside their antiforgery tokens.
/// </summary>
internal static class CrossSiteRequestGuard
{
    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if ((request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/account")) && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
                && !HttpMethods.IsOptions(request.Method) && IsCrossSite(request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await Results.Problem(title: "Cross-site request refused", detail: "This site does not take state-changing requests from pages of other sites.",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static bool IsCrossSite(HttpRequest request)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var from) || !string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
