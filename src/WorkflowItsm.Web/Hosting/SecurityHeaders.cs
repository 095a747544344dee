namespace WorkflowItsm.Web.Hosting;

/// <summary>
/// Headers that tell browsers to keep the product's pages to themselves: script only from this site (a stored
/// script tag would not run), no framing, no content sniffing, no full addresses to other sites, and HSTS over https.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The product's pages: Blazor, MudBlazor and the bpmn-js designer load their scripts from this site and set
    /// inline styles (MudBlazor and bpmn-js both do); the circuit's WebSocket is this site too.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>The API reference (Scalar) and the Hangfire dashboard: admin tools that configure themselves with inline script.</summary>
    public const string ToolsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https:; img-src 'self' data: https:; font-src 'self' data: https:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            headers.ContentSecurityPolicy = path.StartsWithSegments("/api/docs") || path.StartsWithSegments("/hangfire")
                ? ToolsContentSecurityPolicy
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return next(context);
        });
}
