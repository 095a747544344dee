using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Categories;

/// <summary>
/// The categories as people read them (<see cref="RecordCategories"/>, read once per page): names for the codes
/// records store, and the active ones a form offers — with the record's own, even when deactivated since, so an
/// old record still shows what it has.
/// </summary>
public sealed class CategoryNames(IReadOnlyList<CategoryView> all)
{
    public static readonly CategoryNames None = new([]);

    public static async Task<CategoryNames> LoadAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        new(await services.GetRequiredService<RecordCategories>().ListAsync(activeOnly: false, cancellationToken));

    public IEnumerable<CategoryView> Offered(string? current = null) => all.Where(c => c.Active || c.Code == current);

    public IEnumerable<SubcategoryView> SubcategoriesOffered(string? category, string? current = null) =>
        all.FirstOrDefault(c => c.Code == category)?.Subcategories.Where(s => s.Active || s.Code == current) ?? [];

    /// <summary>The category's name; the code itself when it is none of the categories (kept from before admins kept them).</summary>
    public string Category(string? code) => code is null ? "" : all.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    /// <summary>The subcategory's name, looked for under <paramref name="category"/> first (codes are unique per category), then under any.</summary>
    public string Subcategory(string? category, string? code) =>
        code is null ? ""
        : all.FirstOrDefault(c => c.Code == category)?.Subcategories.FirstOrDefault(s => s.Code == code)?.Name
          ?? all.SelectMany(c => c.Subcategories).FirstOrDefault(s => s.Code == code)?.Name
          ?? code;
}
