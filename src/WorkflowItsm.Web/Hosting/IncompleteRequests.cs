using Microsoft.AspNetCore.Antiforgery;

namespace WorkflowItsm.Web.Hosting;

/// <summary>
/// A request the client cut short or sent unreadable is the client's error: answered with its 4xx problem details and
/// noted at Information, never logged as an unhandled server error. Browsers cut requests whenever a person leaves a
/// page (the jobs dashboard's statistics poll, a form post under way), and the server often reads the short body
/// before it has noticed the connection go. The API has its own guard that also names the field (ApiRequestGuards);
/// this one covers every other endpoint: pages, account forms, the jobs dashboard, Blazor's own endpoints.
/// </summary>
internal static partial class IncompleteRequests
{
    public static IApplicationBuilder UseIncompleteRequestsAsClientErrors(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException incomplete)
            {
                await RefuseAsync(context, incomplete.StatusCode, "The request could not be read", incomplete.Message, incomplete);
            }
            catch (AntiforgeryValidationException forged)
            {
                // Also what a form body cut before its token becomes: the token store reads the form to find it.
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "The form could not be verified",
                    "The form's antiforgery token is missing or not valid: reload the page and send it again.", forged);
            }
        });

    private static async Task RefuseAsync(HttpContext context, int status, string title, string detail, Exception exception)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IncompleteRequests).FullName!);
        Refused(logger, context.Request.Method, context.Request.Path, status, exception.Message);
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} was refused with {Status}: the client's request was incomplete or unreadable ({Reason})")]
    private static partial void Refused(ILogger logger, string method, PathString path, int status, string reason);
}
