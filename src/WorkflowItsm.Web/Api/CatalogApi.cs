using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The service catalog: process owners and admins edit it (categories, variable sets, items' drafts with their
/// variables and rules, publishing a version); anyone signed in browses the items she may order, evaluates an item's
/// form for the values she typed (the same rules the server enforces at checkout), and fills her cart. 400 names
/// each invalid field (<c>variables.key</c> on a form), 403 an item she may not order, 404 an unknown item or version.
/// </summary>
internal static class CatalogApi
{
    /// <summary>The values typed so far, for the form of the item's current version (or the version named).</summary>
    public sealed record FormRequest(int? Version, int? Quantity, IReadOnlyDictionary<string, object?>? Variables);

    /// <summary>The form after the rules: each field, the values that would be stored, and the errors by <c>variables.key</c>.</summary>
    public sealed record FormAnswer(string Item, int Version, decimal UnitPrice, IReadOnlyList<EffectiveField> Fields, IReadOnlyDictionary<string, string> Values,
        IReadOnlyDictionary<string, string[]> Errors);

    public sealed record CartLineView(long Id, string Item, int Version, int Quantity, IReadOnlyDictionary<string, object?> Variables, DateTime AddedAt);

    public sealed record CheckoutRequest(string? RequestedFor);

    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/catalog/admin").WithTags("Service catalog administration").RequireAuthorization(Policies.DesignProcesses);
        admin.MapPut("/categories/{key}", SaveCategoryAsync).WithName("SaveCatalogCategory")
            .WithSummary("Create or change a catalog category (name, description, position)").ProducesProblems(StatusCodes.Status400BadRequest);
        admin.MapGet("/variable-sets", VariableSetsAsync).WithName("ListCatalogVariableSets").WithSummary("The variable sets items share");
        admin.MapPut("/variable-sets/{key}", SaveVariableSetAsync).WithName("SaveCatalogVariableSet")
            .WithSummary("Create or change a variable set; items' published versions keep the variables they copied in").ProducesProblems(StatusCodes.Status400BadRequest);
        admin.MapGet("/items", AdminItemsAsync).WithName("ListCatalogItemsForAdmin").WithSummary("Every item with its draft and published versions");
        admin.MapGet("/items/{key}", AdminItemAsync).WithName("GetCatalogItemForAdmin").WithSummary("An item's draft and published versions")
            .ProducesProblems(StatusCodes.Status404NotFound);
        admin.MapPut("/items/{key}", SaveItemAsync).WithName("SaveCatalogItem")
            .WithSummary("Create an item or replace its draft: category, name, descriptions, picture, price, who may order, SLA definition, fulfilment process, approval rule (RITM), variable sets, variables and rules. Checked whole; 400 names each invalid field.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        admin.MapPut("/items/{key}/variables/{variable}", PutVariableAsync).WithName("PutCatalogVariable")
            .WithSummary("Add a variable to the item's draft or replace it (the key in the path wins)").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        admin.MapDelete("/items/{key}/variables/{variable}", RemoveVariableAsync).WithName("RemoveCatalogVariable")
            .WithSummary("Remove a variable from the item's draft; a rule still naming it is a 400").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        admin.MapPut("/items/{key}/rules/{rule}", PutRuleAsync).WithName("PutCatalogRule")
            .WithSummary("Add a rule to the item's draft or replace it (when its conditions hold: show, hide, require, read-only, set value)").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        admin.MapDelete("/items/{key}/rules/{rule}", RemoveRuleAsync).WithName("RemoveCatalogRule")
            .WithSummary("Remove a rule from the item's draft").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        admin.MapPost("/items/{key}/publish", PublishAsync).WithName("PublishCatalogItem")
            .WithSummary("Freeze the draft into the next version, which new orders take; requested items keep theirs").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var catalog = api.MapGroup("/catalog").WithTags("Service catalog");
        catalog.MapGet("/categories", CategoriesAsync).WithName("ListCatalogCategories").WithSummary("The categories, each with how many items it offers you");
        catalog.MapGet("/items", ItemsAsync).WithName("ListCatalogItems").WithSummary("The items you may order, of a category or matching a text")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        catalog.MapGet("/items/{key}", ItemAsync).WithName("GetCatalogItem")
            .WithSummary("An item's current version with its form for the defaults (and the asset models a model lookup offers)").ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        catalog.MapPost("/items/{key}/form", FormAsync).WithName("EvaluateCatalogForm")
            .WithSummary("The item's form for the values typed: visible, required, read-only, set values and errors (by variables.key), as checkout will enforce them")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        var cart = api.MapGroup("/cart").WithTags("Service catalog");
        cart.MapGet("/", CartAsync).WithName("GetCart").WithSummary("Your cart's lines");
        cart.MapPost("/lines", AddLineAsync).WithName("AddCartLine")
            .WithSummary("Add an item (version, quantity, variables) to your cart; checked as checkout will (400 names variables.key, 403, 404)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        cart.MapDelete("/lines/{id:long}", RemoveLineAsync).WithName("RemoveCartLine").WithSummary("Remove a line from your cart").ProducesProblems(StatusCodes.Status404NotFound);
        cart.MapPost("/checkout", CheckoutAsync).WithName("CheckoutCart")
            .WithSummary("Order your cart: one request REQ with one requested item RITM per line, for you or — agents and admins only — the person named in requestedFor (403 otherwise). Every line is checked first; when one fails nothing is stored (400 names items[i].variables.key).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<CatalogCategory>> SaveCategoryAsync(string key, CatalogCategoryInput request, CatalogAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.SaveCategoryAsync(key, request, ct));

    public static async Task<Ok<IReadOnlyList<CatalogVariableSetView>>> VariableSetsAsync(CatalogQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.VariableSetsAsync(ct));

    public static async Task<Ok<CatalogVariableSetView>> SaveVariableSetAsync(string key, CatalogVariableSetInput request, CatalogAdministration admin, CancellationToken ct)
    {
        var set = await admin.SaveVariableSetAsync(key, request, ct);
        return TypedResults.Ok(new CatalogVariableSetView(set.Key, set.Name, set.VariableList));
    }

    public static async Task<Ok<IReadOnlyList<CatalogItemAdminView>>> AdminItemsAsync(CatalogQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.AdminItemsAsync(ct));

    public static async Task<Ok<CatalogItemAdminView>> AdminItemAsync(string key, CatalogQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.AdminItemAsync(key, ct));

    public static async Task<Ok<CatalogItemAdminView>> SaveItemAsync(string key, CatalogItemInput request, ClaimsPrincipal user, CatalogAdministration admin, CatalogQueries queries, CancellationToken ct)
    {
        await admin.SaveItemAsync(key, request, Name(user), ct);
        return TypedResults.Ok(await queries.AdminItemAsync(key, ct));
    }

    public static async Task<Ok<CatalogItemAdminView>> PutVariableAsync(
        string key, string variable, CatalogVariable request, ClaimsPrincipal user, CatalogAdministration admin, CatalogQueries queries, CancellationToken ct)
    {
        await admin.PutVariableAsync(key, request with { Key = variable }, Name(user), ct);
        return TypedResults.Ok(await queries.AdminItemAsync(key, ct));
    }

    public static async Task<Ok<CatalogItemAdminView>> RemoveVariableAsync(string key, string variable, ClaimsPrincipal user, CatalogAdministration admin, CatalogQueries queries, CancellationToken ct)
    {
        await admin.RemoveVariableAsync(key, variable, Name(user), ct);
        return TypedResults.Ok(await queries.AdminItemAsync(key, ct));
    }

    public static async Task<Ok<CatalogItemAdminView>> PutRuleAsync(
        string key, string rule, CatalogRule request, ClaimsPrincipal user, CatalogAdministration admin, CatalogQueries queries, CancellationToken ct)
    {
        await admin.PutRuleAsync(key, request with { Name = rule }, Name(user), ct);
        return TypedResults.Ok(await queries.AdminItemAsync(key, ct));
    }

    public static async Task<Ok<CatalogItemAdminView>> RemoveRuleAsync(string key, string rule, ClaimsPrincipal user, CatalogAdministration admin, CatalogQueries queries, CancellationToken ct)
    {
        await admin.RemoveRuleAsync(key, rule, Name(user), ct);
        return TypedResults.Ok(await queries.AdminItemAsync(key, ct));
    }

    public static async Task<Ok<CatalogVersionView>> PublishAsync(string key, ClaimsPrincipal user, CatalogAdministration admin, CancellationToken ct)
    {
        var version = await admin.PublishAsync(key, Name(user), ct);
        return TypedResults.Ok(new CatalogVersionView(version.Version, version.PublishedAt, version.PublishedBy));
    }

    public static async Task<Ok<IReadOnlyList<CatalogCategoryView>>> CategoriesAsync(ClaimsPrincipal user, CatalogQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.CategoriesAsync(Name(user), ct));

    public static async Task<Ok<IReadOnlyList<CatalogItemSummary>>> ItemsAsync(string? category, string? q, ClaimsPrincipal user, CatalogQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ItemsAsync(Name(user), category, q, ct));

    public static async Task<Ok<CatalogItemPage>> ItemAsync(string key, ClaimsPrincipal user, CatalogQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ItemAsync(key, Name(user), ct));

    public static async Task<Ok<FormAnswer>> FormAsync(string key, FormRequest request, ClaimsPrincipal user, CatalogForms forms, CancellationToken ct)
    {
        var version = await forms.VersionAsync(key, request.Version, ct);
        var item = version.Definition;
        await forms.EnsureMayOrderAsync(version, item, Name(user), ct);
        var result = await forms.EvaluateAsync(item, request.Variables ?? new Dictionary<string, object?>(), Math.Clamp(request.Quantity ?? 1, 1, Cart.MaxQuantity), ct);
        var errors = result.Form.Errors.GroupBy(e => $"variables.{e.Variable}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return TypedResults.Ok(new FormAnswer(version.ItemKey, version.Version, result.UnitPrice, result.Form.Fields, result.Form.Values, errors));
    }

    public static async Task<Ok<IReadOnlyList<CartLineView>>> CartAsync(ClaimsPrincipal user, Cart cart, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<CartLineView>>([.. (await cart.LinesAsync(Name(user), ct)).Select(View)]);

    public static async Task<Created<CartLineView>> AddLineAsync(OrderLine request, ClaimsPrincipal user, Cart cart, CancellationToken ct)
    {
        var line = await cart.AddAsync(Name(user), request, ct);
        return TypedResults.Created($"/api/cart/lines/{line.Id}", View(line));
    }

    public static async Task<NoContent> RemoveLineAsync(long id, ClaimsPrincipal user, Cart cart, CancellationToken ct)
    {
        await cart.RemoveAsync(Name(user), id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Created<ServiceRequestView>> CheckoutAsync(CheckoutRequest? request, ClaimsPrincipal user, CatalogCheckout checkout, RequestQueries queries, CancellationToken ct)
    {
        var created = await checkout.CheckoutCartAsync(Name(user), request?.RequestedFor, ct);
        return TypedResults.Created($"/api/requests/{created.Number}", (await queries.GetAsync(created.Number, Name(user), true, ct))!);
    }

    private static CartLineView View(CartLine line) =>
        new(line.Id, line.ItemKey, line.ItemVersion, line.Quantity,
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(line.Values) ?? [], line.AddedAt);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
