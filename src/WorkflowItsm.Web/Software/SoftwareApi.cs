using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;
using WorkflowItsm.Web.Api;

namespace WorkflowItsm.Web.Software;

/// <summary>
/// Software products, installations, licence entitlements and their compliance: staff read; agents and admins import
/// installations and write products and entitlements; requesters get 403. 400 names each invalid field (an import
/// item as items[3].version, a CSV line as "line 4.version"); a refused import writes nothing.
/// </summary>
internal static class SoftwareApi
{
    /// <summary>The longest CSV file an import reads (about 10,000 lines).</summary>
    public const int MaxCsvBytes = 4 * 1024 * 1024;

    public sealed record NewProduct(string? Publisher, string? Name);

    public sealed record NewVersion(string? Version);

    public sealed record InstallationBatch(IReadOnlyList<InstallationReport>? Items);

    public static RouteGroupBuilder MapSoftwareApi(this RouteGroupBuilder api)
    {
        var software = api.MapGroup("/software").WithTags("Software").RequireAuthorization(Policies.WorkTasks);
        var writers = software.MapGroup("").RequireAuthorization(policy => policy.RequireRole(Roles.Agent, Roles.Admin));

        software.MapGet("/products", ListProductsAsync).WithName("ListSoftwareProducts")
            .WithSummary("Software products (text in publisher or name, compliance status), by name, paged, each with its latest compliance");
        writers.MapPost("/products", AddProductAsync).WithName("AddSoftwareProduct")
            .WithSummary("Add a product (publisher, name); 400 when it is there already").ProducesProblems(StatusCodes.Status400BadRequest);
        software.MapGet("/products/{id:long}", GetProductAsync).WithName("GetSoftwareProduct")
            .WithSummary("A product with its versions (newest first), its entitlements and its latest compliance").ProducesProblems(StatusCodes.Status404NotFound);
        writers.MapPost("/products/{id:long}/versions", AddVersionAsync).WithName("AddSoftwareVersion")
            .WithSummary("Add a version; the product's versions are ordered again (numeric parts as numbers)").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        software.MapGet("/products/{id:long}/compliance", ComplianceAsync).WithName("GetSoftwareCompliance")
            .WithSummary("The product's latest compliance: rights, used, shortfall, surplus, true-up cost, removal candidates").ProducesProblems(StatusCodes.Status404NotFound);
        software.MapGet("/products/{id:long}/compliance/history", ComplianceHistoryAsync).WithName("GetSoftwareComplianceHistory")
            .WithSummary("Every compliance run of the product, newest first, paged").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        software.MapGet("/compliance", SummaryAsync).WithName("GetSoftwareComplianceSummary")
            .WithSummary("All products' latest compliance in numbers: compliant, over-used, under-used, total shortfall and true-up cost");
        writers.MapPost("/compliance/recompute", RecomputeAsync).WithName("RecomputeSoftwareCompliance")
            .WithSummary("Compute every product's compliance now (as the nightly run does); answers how many products");

        software.MapGet("/installations", ListInstallationsAsync).WithName("ListSoftwareInstallations")
            .WithSummary("Installations (of a product, on a device by name or serial, only removal candidates), by device, paged");
        writers.MapPost("/installations/import", ImportAsync).WithName("ImportSoftwareInstallations")
            .WithSummary("Import a batch of installations as discovery sends them, whole or not at all; the same installation again updates it. 400 names items[i].field.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        writers.MapPost("/installations/import/csv", ImportCsvAsync).WithName("ImportSoftwareInstallationsCsv")
            .WithSummary("Import installations from a CSV body (text/csv; header: device, serial, publisher, product, version, cores, cpus, user, lastSeen, lastUsed, configurationItem); 400 names \"line N.field\"")
            .Accepts<string>("text/csv").ProducesProblems(StatusCodes.Status400BadRequest);

        software.MapGet("/entitlements", ListEntitlementsAsync).WithName("ListLicenceEntitlements")
            .WithSummary("Licence entitlements (of a product), paged");
        software.MapGet("/entitlements/expiring", ExpiringAsync).WithName("ListExpiringLicenceEntitlements")
            .WithSummary("Entitlements ending within ?days= (default 30, up to 3,650), the soonest first, paged");
        software.MapGet("/entitlements/{id:long}", GetEntitlementAsync).WithName("GetLicenceEntitlement")
            .WithSummary("One licence entitlement")
            .ProducesProblems(StatusCodes.Status404NotFound);
        writers.MapPost("/entitlements", AddEntitlementAsync).WithName("AddLicenceEntitlement")
            .WithSummary("Add an entitlement (product, optional version, metric, count, start/end, unit cost, downgrade rights, purchase reference, owner); the product's compliance is computed again")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        writers.MapPut("/entitlements/{id:long}", UpdateEntitlementAsync).WithName("UpdateLicenceEntitlement")
            .WithSummary("Replace an entitlement's fields; compliance is computed again").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        writers.MapDelete("/entitlements/{id:long}", DeleteEntitlementAsync).WithName("DeleteLicenceEntitlement")
            .WithSummary("Remove an entitlement; compliance is computed again").ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static Task<Results<Ok<Page<ProductListItem>>, ValidationProblem>> ListProductsAsync(
        string? q, ComplianceStatus? status, int? page, int? pageSize, SoftwareQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ProductsAsync(q, status, p, size, ct));

    public static async Task<Created<ProductDetails>> AddProductAsync(NewProduct request, SoftwareCatalog catalog, SoftwareQueries queries, CancellationToken ct)
    {
        var product = await catalog.AddProductAsync(request.Publisher, request.Name, ct);
        return TypedResults.Created($"/api/software/products/{product.Id}", (await queries.ProductAsync(product.Id, ct))!);
    }

    public static async Task<Results<Ok<ProductDetails>, ProblemHttpResult>> GetProductAsync(long id, SoftwareQueries queries, CancellationToken ct) =>
        await queries.ProductAsync(id, ct) is { } product ? TypedResults.Ok(product) : ApiProblems.NotFound($"No software product {id}.");

    public static async Task<Created<VersionView>> AddVersionAsync(long id, NewVersion request, SoftwareCatalog catalog, CancellationToken ct)
    {
        var version = await catalog.AddVersionAsync(id, request.Version, ct);
        return TypedResults.Created($"/api/software/products/{id}", new VersionView(version.Id, version.Version, version.Rank, 0));
    }

    public static async Task<Results<Ok<ComplianceView>, ProblemHttpResult>> ComplianceAsync(long id, SoftwareQueries queries, CancellationToken ct) =>
        await queries.ComplianceAsync(id, ct) is { } compliance ? TypedResults.Ok(compliance) : ApiProblems.NotFound($"No compliance computed for software product {id}.");

    public static Task<Results<Ok<Page<ComplianceView>>, ValidationProblem>> ComplianceHistoryAsync(long id, int? page, int? pageSize, SoftwareQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ComplianceHistoryAsync(id, p, size, ct));

    public static async Task<Ok<ComplianceSummary>> SummaryAsync(SoftwareQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.SummaryAsync(ct));

    public static async Task<Ok<int>> RecomputeAsync(LicenceComplianceCalculator calculator, CancellationToken ct) =>
        TypedResults.Ok(await calculator.RecomputeAllAsync("on request", ct));

    public static Task<Results<Ok<Page<InstallationView>>, ValidationProblem>> ListInstallationsAsync(
        long? product, string? device, bool? removalCandidates, int? page, int? pageSize, SoftwareQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.InstallationsAsync(product, device, removalCandidates ?? false, p, size, ct));

    public static async Task<Ok<InstallationImportResult>> ImportAsync(InstallationBatch batch, InstallationImport import, CancellationToken ct) =>
        TypedResults.Ok(await import.ImportAsync(batch.Items ?? [], ct));

    public static async Task<Results<Ok<InstallationImportResult>, ValidationProblem>> ImportCsvAsync(HttpRequest request, InstallationImport import, CancellationToken ct)
    {
        if (request.ContentLength > MaxCsvBytes)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["csv"] = [$"A CSV file holds at most {MaxCsvBytes / 1024 / 1024} MB; split it."] });
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxCsvBytes + 1];
        var length = await reader.ReadBlockAsync(buffer, ct);
        if (length > MaxCsvBytes)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["csv"] = [$"A CSV file holds at most {MaxCsvBytes / 1024 / 1024} MB; split it."] });
        }

        var csv = InstallationImport.ParseCsv(new string(buffer, 0, length));
        return TypedResults.Ok(await import.ImportAsync(csv.Reports, ct, csv.ItemName));
    }

    public static Task<Results<Ok<Page<EntitlementView>>, ValidationProblem>> ListEntitlementsAsync(long? product, int? page, int? pageSize, SoftwareQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.EntitlementsAsync(product, p, size, ct));

    public static async Task<Results<Ok<Page<EntitlementView>>, ValidationProblem>> ExpiringAsync(int? days, int? page, int? pageSize, SoftwareQueries queries, CancellationToken ct)
    {
        if (days is < 0 or > 3650)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["days is between 0 and 3,650."] });
        }

        return await Paging.Run(page, pageSize, (p, size) => queries.ExpiringAsync(days ?? 30, p, size, ct));
    }

    public static async Task<Results<Ok<EntitlementView>, ProblemHttpResult>> GetEntitlementAsync(long id, SoftwareQueries queries, CancellationToken ct) =>
        await queries.EntitlementAsync(id, ct) is { } entitlement ? TypedResults.Ok(entitlement) : ApiProblems.NotFound($"No licence entitlement {id}.");

    public static async Task<Created<EntitlementView>> AddEntitlementAsync(EntitlementInput input, ClaimsPrincipal user, LicenceEntitlements entitlements, SoftwareQueries queries, CancellationToken ct)
    {
        var added = await entitlements.AddAsync(input, Name(user), ct);
        return TypedResults.Created($"/api/software/entitlements/{added.Id}", (await queries.EntitlementAsync(added.Id, ct))!);
    }

    public static async Task<Ok<EntitlementView>> UpdateEntitlementAsync(long id, EntitlementInput input, ClaimsPrincipal user, LicenceEntitlements entitlements, SoftwareQueries queries, CancellationToken ct)
    {
        await entitlements.UpdateAsync(id, input, Name(user), ct);
        return TypedResults.Ok((await queries.EntitlementAsync(id, ct))!);
    }

    public static async Task<NoContent> DeleteEntitlementAsync(long id, LicenceEntitlements entitlements, CancellationToken ct)
    {
        await entitlements.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
