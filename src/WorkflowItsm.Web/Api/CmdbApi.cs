using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The CMDB: classes (staff read, admins define), configuration items and relations (staff read, agents and admins
/// write), impact analysis. 400 names each invalid field (attributes as <c>attributes.{key}</c>: unknown, wrong type,
/// missing reference; a relation's type when the classes may not be related; a missing CI), 404 an unknown CI or
/// class, 409 a lifecycle move not allowed (with the allowed ones) or a stale revision.
/// </summary>
internal static class CmdbApi
{
    public sealed record CiPatch : CiChanges
    {
        public int? Revision { get; init; }
    }

    public sealed record TransitionRequest(CiState? State);

    public sealed record ImpactRequest(IReadOnlyList<string>? Down, int? Depth);

    public static RouteGroupBuilder MapCmdbApi(this RouteGroupBuilder api)
    {
        var cmdb = api.MapGroup("/cmdb").WithTags("CMDB").RequireAuthorization(Policies.WorkTasks);

        cmdb.MapGet("/classes", ClassesAsync)
            .WithName("ListCiClasses")
            .WithSummary("The class tree from its roots; each class with its effective attributes (inherited ones name the class they come from) and choice options");
        cmdb.MapPost("/classes", CreateClassAsync).RequireAuthorization(AdminsOnly)
            .WithName("CreateCiClass")
            .WithSummary("Define a class (key, name, parent, refreshPeriodDays: default the parent's, else 60); admins")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        cmdb.MapPut("/classes/{key}", UpdateClassAsync).RequireAuthorization(AdminsOnly)
            .WithName("UpdateCiClass")
            .WithSummary("Rename a class, describe it, change its refresh period; admins")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        cmdb.MapPost("/classes/{key}/attributes", AddAttributeAsync).RequireAuthorization(AdminsOnly)
            .WithName("AddCiAttribute")
            .WithSummary("Define an attribute (key, name, type: Text, Number, Boolean, Date, Choice with options, ConfigurationItem, Person, Group; required); its subclasses inherit it. Admins")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        cmdb.MapPut("/classes/{key}/attributes/{attribute}", UpdateAttributeAsync).RequireAuthorization(AdminsOnly)
            .WithName("UpdateCiAttribute")
            .WithSummary("Rename an attribute, make it required or not, replace a choice's options (the type stays); admins")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        cmdb.MapGet("/relation-types", RelationTypesAsync)
            .WithName("ListCiRelationTypes")
            .WithSummary("Relation types with their names both ways, impact direction and the pairs of classes they may join");

        var cis = cmdb.MapGroup("/cis");
        cis.MapGet("/", ListAsync)
            .WithName("ListCis")
            .WithSummary("CIs by name, filtered by class (with its subclasses), state, operational status, text (number or part of the name) and health (stale, orphan, duplicate), paged")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        cis.MapGet("/{number}", GetAsync)
            .WithName("GetCi")
            .WithSummary("A CI with every attribute of its class (value, source, time, inherited from), its relations both ways in their words, the moves it may make and its history")
            .ProducesProblems(StatusCodes.Status404NotFound);
        cis.MapPost("/", CreateAsync).RequireAuthorization(WritersOnly)
            .WithName("CreateCi")
            .WithSummary("Record a CI (name, class, state default Planned, businessCriticality, operationalStatus, attributes by key, source default manual)")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        cis.MapPatch("/{number}", UpdateAsync).RequireAuthorization(WritersOnly)
            .WithName("UpdateCi")
            .WithSummary("Change fields and attributes (absent: unchanged; null or empty attribute: cleared), written by source (default manual); with revision, a stale write is 409")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        cis.MapPost("/{number}/transitions", TransitionAsync).RequireAuthorization(WritersOnly)
            .WithName("TransitionCi")
            .WithSummary("Move along the lifecycle (Planned, Building, Operational, Maintenance, Retired); 409 names the allowed moves")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        cis.MapGet("/{number}/impact", ImpactAsync)
            .WithName("CiImpact")
            .WithSummary("direction=downstream (default): what an outage of the CI impacts, up to business services, honouring cluster redundancy; upstream: what it depends on. depth 1-50 (default 10)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        cmdb.MapPost("/impact", ImpactOfManyAsync)
            .WithName("CisImpact")
            .WithSummary("What an outage of several CIs at once impacts (down: their numbers): a cluster is impacted when too few of its members are up")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        cmdb.MapPost("/relations", RelateAsync).RequireAuthorization(WritersOnly)
            .WithName("CreateCiRelation")
            .WithSummary("Relate two CIs (source, type, target by number); 400 when the type does not allow the pair of classes or a CI is missing")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        cmdb.MapDelete("/relations/{id:long}", UnrelateAsync).RequireAuthorization(WritersOnly)
            .WithName("DeleteCiRelation")
            .WithSummary("Remove a relation")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<CiClassView>>> ClassesAsync(CiQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ClassTreeAsync(ct));

    public static async Task<Created<CiClass>> CreateClassAsync(NewCiClass request, CiClassAdministration admin, CancellationToken ct)
    {
        var created = await admin.CreateClassAsync(request, ct);
        return TypedResults.Created($"/api/cmdb/classes/{created.Key}", created);
    }

    public static async Task<Ok<CiClass>> UpdateClassAsync(string key, CiClassChanges request, CiClassAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.UpdateClassAsync(key, request, ct));

    public static async Task<Created<CiAttribute>> AddAttributeAsync(string key, NewCiAttribute request, CiClassAdministration admin, CancellationToken ct)
    {
        var attribute = await admin.AddAttributeAsync(key, request, ct);
        return TypedResults.Created($"/api/cmdb/classes/{key}/attributes/{attribute.Key}", attribute);
    }

    public static async Task<Ok<CiAttribute>> UpdateAttributeAsync(string key, string attribute, CiAttributeChanges request, CiClassAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.UpdateAttributeAsync(key, attribute, request, ct));

    public static async Task<Ok<IReadOnlyList<CiRelationTypeView>>> RelationTypesAsync(CiQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.RelationTypesAsync(ct));

    public static async Task<Results<Ok<Page<CiListItem>>, ValidationProblem>> ListAsync(
        string? @class, CiState[]? state, OperationalStatus? operationalStatus, string? q, string? health, int? page, int? pageSize, CiQueries queries, CancellationToken ct)
    {
        CiHealthFinding? finding = null;
        if (health is not null)
        {
            if (!Enum.TryParse<CiHealthFinding>(health, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["health"] = ["health is stale, orphan or duplicate."] });
            }

            finding = parsed;
        }

        return await Paging.Run(page, pageSize, (p, size) =>
            queries.ListAsync(new CiFilter { Class = @class, States = state, OperationalStatus = operationalStatus, Text = q, Health = finding }, p, size, ct));
    }

    public static async Task<Results<Ok<CiDetails>, ProblemHttpResult>> GetAsync(string number, CiQueries queries, CancellationToken ct) =>
        await queries.GetAsync(number, ct) is { } details ? TypedResults.Ok(details) : ApiProblems.NotFound($"No configuration item '{number}'.");

    public static async Task<Created<CiDetails>> CreateAsync(NewConfigurationItem request, ClaimsPrincipal user, CiService service, CiQueries queries, CancellationToken ct)
    {
        var ci = await service.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/cmdb/cis/{ci.Number}", await queries.GetAsync(ci.Number, ct));
    }

    public static async Task<Ok<CiDetails>> UpdateAsync(string number, CiPatch patch, ClaimsPrincipal user, CiService service, CiQueries queries, CancellationToken ct)
    {
        var ci = await service.UpdateAsync(number, patch, patch.Revision, Name(user), ct);
        return TypedResults.Ok((await queries.GetAsync(ci.Number, ct))!);
    }

    public static async Task<Results<Ok<CiDetails>, ValidationProblem>> TransitionAsync(
        string number, TransitionRequest request, ClaimsPrincipal user, CiService service, CiQueries queries, CancellationToken ct)
    {
        if (request.State is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new state: {string.Join(", ", Enum.GetNames<CiState>())}."] });
        }

        var ci = await service.TransitionAsync(number, to, Name(user), ct);
        return TypedResults.Ok((await queries.GetAsync(ci.Number, ct))!);
    }

    public static async Task<Results<Ok<ImpactResult>, ValidationProblem>> ImpactAsync(
        string number, string? direction, int? depth, ImpactAnalysis impact, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var parsed = ImpactDirection.Downstream;
        if (direction is not null && !Enum.TryParse(direction, ignoreCase: true, out parsed))
        {
            errors["direction"] = ["direction is downstream or upstream."];
        }

        DepthError(depth, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await impact.AnalyzeAsync(number, parsed, depth ?? ImpactAnalysis.DefaultDepth, ct));
    }

    public static async Task<Results<Ok<ImpactResult>, ValidationProblem>> ImpactOfManyAsync(ImpactRequest request, ImpactAnalysis impact, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var down = (request.Down ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (down.Count is 0 or > 1000)
        {
            errors["down"] = ["down lists 1 to 1000 CI numbers."];
        }

        DepthError(request.Depth, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await impact.DownstreamAsync(down, request.Depth ?? ImpactAnalysis.DefaultDepth, ct));
    }

    public static async Task<Created<CiRelation>> RelateAsync(NewCiRelation request, ClaimsPrincipal user, CiRelations relations, CancellationToken ct)
    {
        var relation = await relations.AddAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/cmdb/relations/{relation.Id}", relation);
    }

    public static async Task<NoContent> UnrelateAsync(long id, ClaimsPrincipal user, CiRelations relations, CancellationToken ct)
    {
        await relations.RemoveAsync(id, Name(user), ct);
        return TypedResults.NoContent();
    }

    private static void DepthError(int? depth, Dictionary<string, string[]> errors)
    {
        if (depth is < 1 or > ImpactAnalysis.MaxDepth)
        {
            errors["depth"] = [$"depth is 1 to {ImpactAnalysis.MaxDepth}."];
        }
    }

    private static void AdminsOnly(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Admin);

    private static void WritersOnly(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Agent, Roles.Admin);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
