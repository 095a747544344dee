using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Hardware assets and their models: staff read; agents and admins write assets (create, change, move, assign,
/// reserve, release, issue, import); admins define models. 400 names each invalid field (or the CSV line and
/// field), 404 an unknown asset, 409 a move the lifecycle does not allow (naming the allowed ones) or a stale revision.
/// </summary>
internal static class AssetsApi
{
    public sealed record AssetPatch : AssetInput
    {
        public int? Revision { get; init; }
    }

    public sealed record MoveRequest(AssetState? State, AssetSubstate? Substate, int? StockroomId, string? AssignedPerson, string? Location, string? ReservedFor, int? Revision);

    public sealed record AssignRequest(string? AssignedPerson, string? Location);

    public sealed record ReserveRequest(string? Request);

    public sealed record IssueRequest(string? AssignedPerson, string? Location);

    public static void AgentsAndAdmins(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Agent, Roles.Admin);

    public static void AdminsOnly(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Admin);

    public static RouteGroupBuilder MapAssetsApi(this RouteGroupBuilder api)
    {
        var assets = api.MapGroup("/assets").WithTags("Assets").RequireAuthorization(Policies.WorkTasks);

        assets.MapGet("/models", ListModelsAsync).WithName("ListAssetModels").WithSummary("Hardware models by manufacturer and name");
        assets.MapPost("/models", CreateModelAsync).RequireAuthorization(AdminsOnly)
            .WithName("CreateAssetModel").WithSummary("Define a model (manufacturer, name, category, unit cost, useful life in months); admins")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        assets.MapPut("/models/{id:int}", UpdateModelAsync).RequireAuthorization(AdminsOnly)
            .WithName("UpdateAssetModel").WithSummary("Change a model; admins")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        assets.MapGet("/", ListAsync).WithName("ListAssets")
            .WithSummary("Assets filtered by state, model, assigned person, stockroom and text (number, serial in any case, asset tag, description), newest first, paged");
        assets.MapGet("/warranty-ending", WarrantyEndingAsync).WithName("ListAssetsWarrantyEnding")
            .WithSummary("Assets not retired whose warranty ends within the next `days` days (default 90, at most 3650), soonest first");
        assets.MapGet("/{number}", GetAsync).WithName("GetAsset")
            .WithSummary("An asset with the moves it may make, its field history, who had it where, its depreciation schedule and book value today")
            .ProducesProblems(StatusCodes.Status404NotFound);
        assets.MapPost("/", CreateAsync).RequireAuthorization(AgentsAndAdmins).WithName("CreateAsset")
            .WithSummary("Record an asset (model and serial number required; unique in any case); it starts on order unless a state is given")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        assets.MapPatch("/{number}", UpdateAsync).RequireAuthorization(AgentsAndAdmins).WithName("UpdateAsset")
            .WithSummary("Change an asset's own fields (absent: unchanged; empty text: cleared); with revision, a stale write is 409")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        assets.MapPost("/{number}/move", MoveAsync).RequireAuthorization(AgentsAndAdmins).WithName("MoveAsset")
            .WithSummary("Move to another state and substate; 409 names the allowed moves; 400 names what the state needs (stockroom in stock, person in use, request when reserved)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        assets.MapPost("/{number}/assign", AssignAsync).RequireAuthorization(AgentsAndAdmins).WithName("AssignAsset")
            .WithSummary("Hand an asset (not in stock) to another person and/or location; the assignment history keeps who had it")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        assets.MapPost("/{number}/reserve", ReserveAsync).RequireAuthorization(AgentsAndAdmins).WithName("ReserveAsset")
            .WithSummary("Reserve an available asset for a request (its number); 409 unless available")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        assets.MapPost("/{number}/release", ReleaseAsync).RequireAuthorization(AgentsAndAdmins).WithName("ReleaseAsset")
            .WithSummary("Release a reservation: available again; 409 unless reserved")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        assets.MapPost("/{number}/issue", IssueAsync).RequireAuthorization(AgentsAndAdmins).WithName("IssueAsset")
            .WithSummary("Issue a reserved or available asset to a person: in use")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        assets.MapPost("/import", ImportAsync).RequireAuthorization(AgentsAndAdmins).WithName("ImportAssets")
            .WithSummary("Import assets from CSV (text/csv body, or a multipart file): valid rows commit, invalid rows change nothing and are reported by line, field and reason; a known serial (any case) updates its asset")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<AssetModelView>>> ListModelsAsync(AssetModels models, CancellationToken ct) =>
        TypedResults.Ok(await models.ListAsync(ct));

    public static async Task<Created<AssetModelView>> CreateModelAsync(AssetModelInput request, AssetModels models, CancellationToken ct)
    {
        var model = await models.CreateAsync(request, ct);
        return TypedResults.Created($"/api/assets/models/{model.Id}", model);
    }

    public static async Task<Ok<AssetModelView>> UpdateModelAsync(int id, AssetModelInput request, AssetModels models, CancellationToken ct) =>
        TypedResults.Ok(await models.UpdateAsync(id, request, ct));

    public static Task<Results<Ok<Page<AssetListItem>>, ValidationProblem>> ListAsync(
        AssetState[]? state, int? model, string? assignedPerson, int? stockroom, string? q, int? page, int? pageSize, AssetQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ListAsync(new AssetFilter(state, model, assignedPerson, q, stockroom), p, size, ct));

    public static async Task<Results<Ok<IReadOnlyList<WarrantyEndingItem>>, ValidationProblem>> WarrantyEndingAsync(int? days, AssetQueries queries, CancellationToken ct)
    {
        if (days is < 0 or > 3650)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["days is 0 to 3650."] });
        }

        return TypedResults.Ok(await queries.WarrantyEndingAsync(days ?? 90, ct));
    }

    public static async Task<Results<Ok<AssetDetails>, ProblemHttpResult>> GetAsync(string number, AssetQueries queries, CancellationToken ct) =>
        await queries.GetAsync(number, ct) is { } details ? TypedResults.Ok(details) : ApiProblems.NotFound($"No asset '{number}'.");

    public static async Task<Created<AssetView>> CreateAsync(NewAsset request, ClaimsPrincipal user, AssetService service, AssetQueries queries, CancellationToken ct)
    {
        var asset = await service.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/assets/{asset.Number}", await queries.ViewAsync(asset, ct));
    }

    public static async Task<Ok<AssetView>> UpdateAsync(string number, AssetPatch patch, ClaimsPrincipal user, AssetService service, AssetQueries queries, CancellationToken ct)
    {
        var asset = await service.UpdateAsync(number, patch, patch.Revision, Name(user), ct);
        return TypedResults.Ok(await queries.ViewAsync(asset, ct));
    }

    public static async Task<Results<Ok<AssetView>, ValidationProblem>> MoveAsync(
        string number, MoveRequest request, ClaimsPrincipal user, AssetService service, AssetQueries queries, CancellationToken ct)
    {
        if (request.State is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new state: {string.Join(", ", Enum.GetNames<AssetState>())}."] });
        }

        var asset = await service.MoveAsync(number, new AssetMove(to, request.Substate, request.StockroomId, request.AssignedPerson, request.Location, request.ReservedFor),
            Name(user), ct, request.Revision);
        return TypedResults.Ok(await queries.ViewAsync(asset, ct));
    }

    public static async Task<Ok<AssetView>> AssignAsync(string number, AssignRequest request, ClaimsPrincipal user, AssetService service, AssetQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ViewAsync(await service.AssignAsync(number, request.AssignedPerson, request.Location, Name(user), ct), ct));

    public static async Task<Ok<AssetView>> ReserveAsync(string number, ReserveRequest request, ClaimsPrincipal user, AssetService service, AssetQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ViewAsync(await service.ReserveAsync(number, request.Request, Name(user), ct), ct));

    public static async Task<Ok<AssetView>> ReleaseAsync(string number, ClaimsPrincipal user, AssetService service, AssetQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ViewAsync(await service.ReleaseAsync(number, Name(user), ct), ct));

    public static async Task<Ok<AssetView>> IssueAsync(string number, IssueRequest request, ClaimsPrincipal user, AssetService service, AssetQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ViewAsync(await service.IssueAsync(number, request.AssignedPerson, request.Location, Name(user), ct), ct));

    /// <summary>The body as CSV text, or the first file of a multipart form.</summary>
    public static async Task<Results<Ok<AssetImportReport>, ValidationProblem>> ImportAsync(HttpRequest request, ClaimsPrincipal user, AssetImport import, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Attach the CSV file."] });
            }

            await using var file = form.Files[0].OpenReadStream();
            using var fileReader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return TypedResults.Ok(await import.ImportAsync(fileReader, Name(user), ct));
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return TypedResults.Ok(await import.ImportAsync(reader, Name(user), ct));
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
