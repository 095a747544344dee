using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>The designer's drafts: save in any state, check against the deployer, publish as the next version.</summary>
internal static class ProcessDraftsApi
{
    public sealed record SaveDraftRequest(string? Xml, int? Revision);

    public sealed record CheckDraftRequest(string? Xml);

    public sealed record PublishDraftRequest(int? Revision, string? Comment);

    public sealed record DraftCheck(bool CanPublish, IReadOnlyList<DeploymentProblem> Problems);

    public static RouteGroupBuilder MapProcessDraftsApi(this RouteGroupBuilder api)
    {
        var drafts = api.MapGroup("/process-drafts/{key}").WithTags("Process drafts").RequireAuthorization(Policies.DesignProcesses);
        drafts.MapGet("/", GetAsync).WithName("GetProcessDraft").WithSummary("A process's draft (404 when it has none)");
        drafts.MapPut("/", SaveAsync).WithName("SaveProcessDraft")
            .WithSummary("Save a draft in any state (body: xml, revision — the revision you edited, 0 for a new draft)")
            .WithDescription("409 when someone saved since your revision: nothing is stored, reload and merge.");
        drafts.MapPost("/check", Check).WithName("CheckProcessDraft")
            .WithSummary("Every problem publishing this XML under the key would meet, each with its element id");
        drafts.MapPost("/publish", PublishAsync).WithName("PublishProcessDraft")
            .WithSummary("Publish the stored draft as the next version (body: revision, comment)")
            .WithDescription("400 with the problems while errors remain; 409 when the draft changed since your revision.");
        return api;
    }

    private static async Task<Results<Ok<ProcessDraft>, ProblemHttpResult>> GetAsync(string key, ProcessDrafts drafts, CancellationToken cancellationToken) =>
        await drafts.GetAsync(key, cancellationToken) is { } draft ? TypedResults.Ok(draft) : RuntimeProblems.NotFound($"Process '{key}' has no draft.");

    private static async Task<IResult> SaveAsync(string key, SaveDraftRequest request, ProcessDrafts drafts, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.Xml is null)
        {
            return Invalid("xml", "The draft's BPMN XML is missing.");
        }

        return await HandleAsync(async () => TypedResults.Ok(await drafts.SaveAsync(key, request.Xml, request.Revision, http.User.Identity?.Name, cancellationToken)));
    }

    private static IResult Check(string key, CheckDraftRequest request, ProcessDrafts drafts)
    {
        if (request.Xml is null)
        {
            return Invalid("xml", "The BPMN XML to check is missing.");
        }

        var problems = drafts.Check(key, request.Xml);
        return TypedResults.Ok(new DraftCheck(!problems.Any(p => p.IsError), problems));
    }

    private static async Task<IResult> PublishAsync(string key, PublishDraftRequest request, ProcessDrafts drafts, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.Revision is not { } revision)
        {
            return Invalid("revision", "Say which revision of the draft you publish.");
        }

        return await HandleAsync(async () =>
        {
            var deployed = await drafts.PublishAsync(key, revision, request.Comment, http.User.Identity?.Name, cancellationToken);
            return TypedResults.Created($"/api/process-definitions/{deployed.Key}/versions", deployed);
        });
    }

    private static async Task<IResult> HandleAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await RuntimeProblems.HandleAsync(action);
        }
        catch (DraftConflictException conflict)
        {
            return TypedResults.Problem(title: "The draft was changed by someone else", detail: conflict.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["currentRevision"] = conflict.CurrentRevision });
        }
        catch (DraftRejectedException rejected)
        {
            return Invalid(rejected.Field, rejected.Message);
        }
        catch (DeploymentRejectedException rejected)
        {
            return RuntimeProblems.DeploymentRejected("The draft has errors", rejected);
        }
    }

    private static ProblemHttpResult Invalid(string field, string detail) =>
        TypedResults.Problem(title: "The request is invalid", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });
}
