using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The categories and subcategories of incidents and problems: anyone signed in reads the active ones (forms offer
/// them); admins see all and keep them. Records store a category's code; a category in use is deactivated, not removed.
/// </summary>
internal static class CategoriesApi
{
    public static RouteGroupBuilder MapCategoriesApi(this RouteGroupBuilder api)
    {
        var categories = api.MapGroup("/categories").WithTags("Categories");
        categories.MapGet("/", ListAsync)
            .WithName("ListCategories")
            .WithSummary("The categories with their subcategories, in the order forms offer them; ?all=true (admins) adds the inactive ones")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        var admin = categories.MapGroup("").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        admin.MapPost("/", AddCategoryAsync)
            .WithName("AddCategory")
            .WithSummary("Add a category after the others (its code is made from its name unless given); 400 names each invalid field")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        admin.MapPut("/{category}", UpdateCategoryAsync)
            .WithName("UpdateCategory")
            .WithSummary("Rename a category or (de)activate it; records keep its code")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        admin.MapDelete("/{category}", RemoveCategoryAsync)
            .WithName("RemoveCategory")
            .WithSummary("Remove a category and its subcategories when no record or routing rule uses it (409 otherwise: deactivate it)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        admin.MapPost("/{category}/subcategories", AddSubcategoryAsync)
            .WithName("AddSubcategory")
            .WithSummary("Add a subcategory to a category")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        admin.MapPut("/{category}/subcategories/{subcategory}", UpdateSubcategoryAsync)
            .WithName("UpdateSubcategory")
            .WithSummary("Rename a subcategory or (de)activate it")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        admin.MapDelete("/{category}/subcategories/{subcategory}", RemoveSubcategoryAsync)
            .WithName("RemoveSubcategory")
            .WithSummary("Remove a subcategory no incident uses (409 otherwise: deactivate it)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<CategoryView>>> ListAsync(HttpContext http, RecordCategories categories, CancellationToken ct, bool all = false) =>
        TypedResults.Ok(await categories.ListAsync(activeOnly: !(all && http.User.IsInRole(Roles.Admin)), ct));

    public static async Task<Created<CategoryView>> AddCategoryAsync(CategoryInput input, RecordCategories categories, CancellationToken ct)
    {
        var created = await categories.AddAsync(null, input, ct);
        return TypedResults.Created($"/api/categories/{created.Code}", created);
    }

    public static async Task<Ok<CategoryView>> UpdateCategoryAsync(string category, CategoryInput input, RecordCategories categories, CancellationToken ct) =>
        TypedResults.Ok(await categories.UpdateAsync(null, category, input, ct));

    public static async Task<NoContent> RemoveCategoryAsync(string category, RecordCategories categories, CancellationToken ct)
    {
        await categories.RemoveAsync(null, category, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Created<CategoryView>> AddSubcategoryAsync(string category, CategoryInput input, RecordCategories categories, CancellationToken ct)
    {
        var updated = await categories.AddAsync(category, input, ct);
        return TypedResults.Created($"/api/categories/{category}", updated);
    }

    public static async Task<Ok<CategoryView>> UpdateSubcategoryAsync(string category, string subcategory, CategoryInput input, RecordCategories categories, CancellationToken ct) =>
        TypedResults.Ok(await categories.UpdateAsync(category, subcategory, input, ct));

    public static async Task<NoContent> RemoveSubcategoryAsync(string category, string subcategory, RecordCategories categories, CancellationToken ct)
    {
        await categories.RemoveAsync(category, subcategory, ct);
        return TypedResults.NoContent();
    }
}
