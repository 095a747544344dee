using System.Text;
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
            .WithSummary("Deploy one or more .bpmn files (form fields: files, comment)")
            .WithDescription("Every file is validated first; when any has an error, nothing is stored and 400 lists every problem with its element id. Changed content becomes version N+1; identical content keeps its version.")
            .WithTags("Process definitions");

        var definitions = api.MapGroup("/process-definitions").WithTags("Process definitions");
        definitions.MapGet("/", async (ProcessDefinitionQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListKeysAsync(ct)))
            .WithName("ListProcessDefinitions").WithSummary("Process keys with their latest version");
        definitions.MapGet("/overview", async (ProcessDefinitionQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListOverviewAsync(ct)))
            .RequireAuthorization(Policies.WorkTasks) // drafts, editors and faults are the staff's business
            .WithName("ListProcessOverview").WithSummary("Every process and draft with its latest version, running instances and open faults");
        definitions.MapGet("/{key}/versions", ListVersionsAsync)
            .WithName("ListProcessVersions").WithSummary("Every version of a process key, newest first");
        definitions.MapGet("/{key}/versions/{version:int}/xml", GetXmlAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("GetProcessVersionXml").WithSummary("The BPMN XML of one version");
        definitions.MapGet("/element-templates", (IServiceTaskRegistry handlers) =>
                Results.Text(ElementTemplateGenerator.GenerateJson(handlers.Handlers), "application/json", Encoding.UTF8))
            .WithName("GetElementTemplates").WithSummary("Camunda 7 element templates of the host's service-task handlers (the designer's palette)");
        return api;
    }

    private static async Task<Results<Created<IReadOnlyList<DeployedProcess>>, ProblemHttpResult>> DeployAsync(
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

        try
        {
            var deployed = await deployer.DeployAsync(files, request.HttpContext.User.Identity?.Name, form["comment"].FirstOrDefault(), cancellationToken);
            return TypedResults.Created("/api/process-definitions", deployed);
        }
        catch (DeploymentRejectedException rejected)
        {
            return RuntimeProblems.DeploymentRejected("The deployment is invalid", rejected);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<ProcessVersionSummary>>, ProblemHttpResult>> ListVersionsAsync(
        string key, ProcessDefinitionQueries queries, CancellationToken cancellationToken)
    {
        var versions = await queries.ListVersionsAsync(key, cancellationToken);
        return versions.Count == 0 ? NotFound($"No process with key '{key}' is deployed.") : TypedResults.Ok(versions);
    }

    private static async Task<IResult> GetXmlAsync(string key, int version, ProcessDefinitionQueries queries, CancellationToken cancellationToken)
    {
        var xml = await queries.GetXmlAsync(key, version, cancellationToken);
        return xml is null
            ? NotFound($"Process '{key}' has no version {version}.")
            : Results.Text(xml, "application/xml", Encoding.UTF8);
    }

    private static ProblemHttpResult NotFound(string detail) => RuntimeProblems.NotFound(detail);

    private static ProblemHttpResult Problem(string detail, string field) =>
        TypedResults.Problem(title: "The request is invalid", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });
}
