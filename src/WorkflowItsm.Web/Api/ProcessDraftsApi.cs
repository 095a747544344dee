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
        // 400 names the field (or lists the model's problems), so it is plain problem details, no validation problem.
        var drafts = api.MapGroup("/process-drafts/{key}").WithTags("Process drafts").RequireAuthorization(Policies.DesignProcesses)
            .WithMetadata(new RejectedModelTitle("The draft has errors"));
        drafts.MapGet("/", GetAsync).WithName("GetProcessDraft").WithSummary("A process's draft (404 when it has none)")
            .ProducesProblems(StatusCodes.Status404NotFound);
        drafts.MapPut("/", SaveAsync).WithName("SaveProcessDraft")
            .WithSummary("Save a draft in any state (body: xml, revision — the revision you edited, 0 for a new draft)")
            .WithDescription("409 when someone saved since your revision: nothing is stored, reload and merge.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblems(StatusCodes.Status409Conflict);
        drafts.MapPost("/check", Check).WithName("CheckProcessDraft")
            .WithSummary("Every problem publishing this XML under the key would meet, each with its element id")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        drafts.MapPost("/publish", PublishAsync).WithName("PublishProcessDraft")
            .WithSummary("Publish the stored draft as the next version (body: revision, comment)")
            .WithDescription("400 with the problems while errors remain; 409 when the draft changed since your revision.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<ProcessDraft>, ProblemHttpResult>> GetAsync(string key, ProcessDrafts drafts, CancellationToken cancellationToken) =>
        await drafts.GetAsync(key, cancellationToken) is { } draft ? TypedResults.Ok(draft) : ApiProblems.NotFound($"Process '{key}' has no draft.");

    public static async Task<Results<Ok<ProcessDraft>, ProblemHttpResult>> SaveAsync(
        string key, SaveDraftRequest request, ProcessDrafts drafts, HttpContext http, CancellationToken cancellationToken) =>
        request.Xml is null
            ? ApiProblems.InvalidField("xml", "The draft's BPMN XML is missing.")
            : TypedResults.Ok(await drafts.SaveAsync(key, request.Xml, request.Revision, http.User.Identity?.Name, cancellationToken));

    public static Results<Ok<DraftCheck>, ProblemHttpResult> Check(string key, CheckDraftRequest request, ProcessDrafts drafts)
    {
        if (request.Xml is null)
        {
            return ApiProblems.InvalidField("xml", "The BPMN XML to check is missing.");
        }

        var problems = drafts.Check(key, request.Xml);
        return TypedResults.Ok(new DraftCheck(!problems.Any(p => p.IsError), problems));
    }

    public static async Task<Results<Created<DeployedProcess>, ProblemHttpResult>> PublishAsync(
        string key, PublishDraftRequest request, ProcessDrafts drafts, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.Revision is not { } revision)
        {
            return ApiProblems.InvalidField("revision", "Say which revision of the draft you publish.");
        }

        var deployed = await drafts.PublishAsync(key, revision, request.Comment, http.User.Identity?.Name, cancellationToken);
        return TypedResults.Created($"/api/process-definitions/{deployed.Key}/versions", deployed);
    }
}
