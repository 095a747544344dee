using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Email;
using WorkflowItsm.Web.Api;

namespace WorkflowItsm.Web.Integrations;

/// <summary>The email channel's received mails (admins): what became of each, and each one as it came in.</summary>
internal static class InboundMailApi
{
    public static RouteGroupBuilder MapInboundMailApi(this RouteGroupBuilder api)
    {
        var mails = api.MapGroup("/inbound-mail").WithTags("Inbound mail").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        mails.MapGet("/", ListAsync)
            .WithName("ListInboundMail")
            .WithSummary("The latest received mails, newest first (search by sender, subject or record number), with what became of each in words")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        mails.MapGet("/{id:long}/raw", RawAsync)
            .WithName("GetInboundMailRaw")
            .WithSummary("One received mail exactly as it came in (message/rfc822)")
            .Produces<Stream>(StatusCodes.Status200OK, "message/rfc822")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<InboundMailView>>> ListAsync(string? search, InboundMails mails, CancellationToken ct) =>
        TypedResults.Ok(await mails.ListAsync(search, ct));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RawAsync(long id, InboundMails mails, CancellationToken ct) =>
        await mails.RawAsync(id, ct) is { } raw
            ? TypedResults.File(raw, "message/rfc822", $"inbound-mail-{id}.eml")
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No received mail {id}.");
}
