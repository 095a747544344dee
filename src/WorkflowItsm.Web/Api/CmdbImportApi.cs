using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// CMDB identification and reconciliation: identification rules per class and data sources (staff read, admins set),
/// the CI import (agents and admins; a dry run by default, <c>commit=true</c> to write), de-duplication tasks.
/// An import with an invalid row answers 400 with fields "line N.field" and writes nothing.
/// </summary>
internal static class CmdbImportApi
{
    /// <summary>A CSV file holds at most this much (100,000 rows of a dozen attributes fit).</summary>
    public const long MaxCsvBytes = 64L * 1024 * 1024;

    public sealed record ImportBatch(string? Source, IReadOnlyList<CiImportRow>? Rows);

    public static RouteGroupBuilder MapCmdbImportApi(this RouteGroupBuilder api)
    {
        var cmdb = api.MapGroup("/cmdb").WithTags("CMDB").RequireAuthorization(Policies.WorkTasks);

        cmdb.MapGet("/classes/{key}/identification-rules", RulesAsync)
            .WithName("GetCiIdentificationRules")
            .WithSummary("The class's identification rules in order (each a list of attribute keys, 'name' for the CI's name), and whether they are inherited and from which class")
            .ProducesProblems(StatusCodes.Status404NotFound);
        cmdb.MapPut("/classes/{key}/identification-rules", SetRulesAsync).RequireAuthorization(AdminsOnly)
            .WithName("SetCiIdentificationRules")
            .WithSummary("Replace the class's own rules ({ rules: [[\"serialNumber\"], [\"name\", \"location\"]] }); an empty list inherits the nearest ancestor's again. Admins")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        cmdb.MapGet("/sources", SourcesAsync)
            .WithName("ListCiDataSources")
            .WithSummary("Data sources, highest priority first: default priority, priorities per attribute key, whether an empty value clears a stored one");
        cmdb.MapPut("/sources/{key}", SaveSourceAsync).RequireAuthorization(AdminsOnly)
            .WithName("SaveCiDataSource")
            .WithSummary("Create or change a source (name, defaultPriority 0-1000, clearsValues, attributePriorities: the whole map of key → priority). Admins")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        cmdb.MapPost("/import", ImportAsync).RequireAuthorization(WritersOnly)
            .WithName("ImportCis")
            .WithSummary("Import CIs ({ source, rows: [{ class, name, attributes: { key: value } }] }). Without commit=true a dry run: the plan of every row (insert, update with each attribute's old and incoming value and which wins and why, unchanged, ambiguous, invalid). With commit=true the same plan is applied in batches of 500, each whole or not at all; any invalid row answers 400 naming \"line N.field\" and nothing is written; an ambiguous row becomes a de-duplication task")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        cmdb.MapPost("/import/csv", ImportCsvAsync).RequireAuthorization(WritersOnly)
            .WithName("ImportCisCsv")
            .WithSummary("The same import from CSV (a text/csv body, or a multipart file; header: class, name, then attribute keys; an empty cell sends no value), source and commit in the query; 400 names \"line N.field\"")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        cmdb.MapGet("/duplicate-tasks", DuplicateTasksAsync)
            .WithName("ListCiDuplicateTasks")
            .WithSummary("De-duplication tasks (state: Open, Merged, CreatedNew; open first, oldest first) with the row as imported and the candidate CIs, paged")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        cmdb.MapGet("/duplicate-tasks/{id:long}", DuplicateTaskAsync)
            .WithName("GetCiDuplicateTask")
            .WithSummary("A de-duplication task with its candidates")
            .ProducesProblems(StatusCodes.Status404NotFound);
        cmdb.MapPost("/duplicate-tasks/{id:long}/resolve", ResolveAsync).RequireAuthorization(WritersOnly)
            .WithName("ResolveCiDuplicateTask")
            .WithSummary("Resolve: { mergeInto: a candidate's number } writes the row into it (by source priority, as an import would), { createNew: true } makes it a CI of its own; 409 when resolved already")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<CiIdentificationRulesView>> RulesAsync(string key, CiIdentificationRules rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.GetAsync(key, ct));

    public static async Task<Ok<CiIdentificationRulesView>> SetRulesAsync(string key, CiIdentificationRulesInput request, CiIdentificationRules rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.SetAsync(key, request, ct));

    public static async Task<Ok<IReadOnlyList<CiDataSourceView>>> SourcesAsync(CiDataSources sources, CancellationToken ct) => TypedResults.Ok(await sources.ListAsync(ct));

    public static async Task<Ok<CiDataSourceView>> SaveSourceAsync(string key, CiDataSourceInput request, CiDataSources sources, CancellationToken ct) =>
        TypedResults.Ok(await sources.SaveAsync(key, request, ct));

    public static async Task<Ok<CiImportPlan>> ImportAsync(ImportBatch batch, bool? commit, ClaimsPrincipal user, CiImport import, CancellationToken ct)
    {
        var rows = batch.Rows ?? [];
        IAsyncEnumerable<CiImportRow> Rows() => CiImport.Numbered(rows);
        return TypedResults.Ok(commit == true ? await import.CommitAsync(batch.Source, Rows, Name(user), ct) : await import.PlanAsync(batch.Source, Rows, ct));
    }

    /// <summary>The body as CSV text, or the first file of a multipart form (which may carry source and commit too). The file is read twice (check, then write), never held whole.</summary>
    public static async Task<Results<Ok<CiImportPlan>, ValidationProblem>> ImportCsvAsync(
        HttpRequest request, string? source, bool? commit, ClaimsPrincipal user, CiImport import, CancellationToken ct)
    {
        if (request.ContentLength > MaxCsvBytes)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"A CSV file holds at most {MaxCsvBytes / 1024 / 1024} MB; split it."] });
        }

        Func<Stream> open;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Attach the CSV file."] });
            }

            source ??= form["source"].FirstOrDefault();
            commit ??= bool.TryParse(form["commit"].FirstOrDefault(), out var committing) && committing;
            var file = form.Files[0];
            open = file.OpenReadStream;
        }
        else
        {
            // Buffered (to disk past a small size) so the second pass can read it again.
            request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxCsvBytes);
            open = () =>
            {
                request.Body.Position = 0;
                return request.Body;
            };
        }

        async IAsyncEnumerable<CiImportRow> Rows()
        {
            var stream = open();
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
            await foreach (var row in CiImport.ReadCsvAsync(reader, ct))
            {
                yield return row;
            }
        }

        return TypedResults.Ok(commit == true ? await import.CommitAsync(source, Rows, Name(user), ct) : await import.PlanAsync(source, Rows, ct));
    }

    public static Task<Results<Ok<Page<CiDuplicateTaskView>>, ValidationProblem>> DuplicateTasksAsync(
        CiDuplicateTaskState? state, int? page, int? pageSize, CiDuplicateTasks tasks, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => tasks.ListAsync(state, p, size, ct));

    public static async Task<Ok<CiDuplicateTaskView>> DuplicateTaskAsync(long id, CiDuplicateTasks tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.GetAsync(id, ct));

    public static async Task<Ok<CiDuplicateTaskView>> ResolveAsync(long id, CiDuplicateResolution request, ClaimsPrincipal user, CiDuplicateTasks tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.ResolveAsync(id, request, Name(user), ct));

    private static void AdminsOnly(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Admin);

    private static void WritersOnly(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Agent, Roles.Admin);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
