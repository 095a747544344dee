using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>Deployments and process definitions: upload BPMN, list keys and versions, fetch a version's XML.</summary>
internal static class ProcessDefinitionsApi
{
    private const long MaxFileBytes = 5 * 1024 * 1024;

    public static RouteGroupBuilder MapProcessDefinitionsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/deployments", DeployAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .DisableAntiforgery() // API clients post multipart; the SameSite=Lax cookie keeps other sites from posting with it.
            .WithMetadata(ApiBodyLimit.Deployment)
            .Accepts<IFormFileCollection>("multipart/form-data")
            .WithName("Deploy")
            .WithSummary("Deploy one or more .bpmn, .dmn and .form (Camunda Forms) files together (form fields: files, comment)")
            .WithDescription("Every file is validated first; when any has an error, nothing is stored and 400 lists every problem with its element id. Changed content becomes version N+1; identical content keeps its version.")
            .WithTags("Process definitions")
            .ProducesProblem(StatusCodes.Status400BadRequest); // naming the field or listing the model's problems: no validation problem

        var definitions = api.MapGroup("/process-definitions").WithTags("Process definitions");
        definitions.MapGet("/", ListAsync)
            .WithName("ListProcessDefinitions").WithSummary("Process keys with their latest version");
        definitions.MapGet("/overview", ListOverviewAsync)
            .RequireAuthorization(Policies.WorkTasks) // drafts, editors and faults are the staff's business
            .WithName("ListProcessOverview").WithSummary("Every process and draft with its latest version, running instances and open faults");
        definitions.MapGet("/{key}/versions", ListVersionsAsync)
            .WithName("ListProcessVersions").WithSummary("Every version of a process key, newest first")
            .ProducesProblems(StatusCodes.Status404NotFound);
        definitions.MapGet("/{key}/versions/{version:int}/xml", GetXmlAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("GetProcessVersionXml").WithSummary("The BPMN XML of one version")
            .Produces<string>(StatusCodes.Status200OK, "application/xml")
            .ProducesProblems(StatusCodes.Status404NotFound);
        definitions.MapGet("/element-templates", GetElementTemplates)
            .WithName("GetElementTemplates").WithSummary("Camunda 7 element templates of the host's service-task handlers (the designer's palette)")
            .Produces<JsonArray>(StatusCodes.Status200OK, "application/json");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<ProcessKeySummary>>> ListAsync(ProcessDefinitionQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListKeysAsync(ct));

    public static async Task<Ok<IReadOnlyList<ProcessOverview>>> ListOverviewAsync(ProcessDefinitionQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListOverviewAsync(ct));

    public static ContentHttpResult GetElementTemplates(IServiceTaskRegistry handlers) =>
        TypedResults.Text(ElementTemplateGenerator.GenerateJson(handlers.Handlers), "application/json", Encoding.UTF8);

    public static async Task<Results<Created<IReadOnlyList<DeployedProcess>>, ProblemHttpResult>> DeployAsync(
        HttpRequest request, ProcessDeployer deployer, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problem("The request must be multipart/form-data with one or more files in the field 'files'.", "files");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var files = new List<BpmnFile>();
        foreach (var file in form.Files)
        {
            if (file.Length > MaxFileBytes)
            {
                return Problem($"{file.FileName} is {file.Length:N0} bytes; the limit is {MaxFileBytes:N0}.", "files");
            }

            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            files.Add(new BpmnFile(file.FileName, await reader.ReadToEndAsync(cancellationToken)));
        }

        // A model with errors is refused as a whole (DeploymentRejectedException, answered by ApiProblems).
        var deployed = await deployer.DeployAsync(files, request.HttpContext.User.Identity?.Name, form["comment"].FirstOrDefault(), cancellationToken);
        return TypedResults.Created("/api/process-definitions", deployed);
    }

    public static async Task<Results<Ok<IReadOnlyList<ProcessVersionSummary>>, ProblemHttpResult>> ListVersionsAsync(
        string key, ProcessDefinitionQueries queries, CancellationToken cancellationToken)
    {
        var versions = await queries.ListVersionsAsync(key, cancellationToken);
        return versions.Count == 0 ? NotFound($"No process with key '{key}' is deployed.") : TypedResults.Ok(versions);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetXmlAsync(string key, int version, ProcessDefinitionQueries queries, CancellationToken cancellationToken)
    {
        var xml = await queries.GetXmlAsync(key, version, cancellationToken);
        return xml is null
            ? NotFound($"Process '{key}' has no version {version}.")
            : TypedResults.Text(xml, "application/xml", Encoding.UTF8);
    }

    private static ProblemHttpResult NotFound(string detail) => ApiProblems.NotFound(detail);

    private static ProblemHttpResult Problem(string detail, string field) => ApiProblems.InvalidField(field, detail);
}
