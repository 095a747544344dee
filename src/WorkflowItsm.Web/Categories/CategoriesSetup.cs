using MudBlazor;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Categories;

internal static class CategoriesSetup
{
    /// <summary>The categories and subcategories of incidents and problems: their admin page in the menu, and their API.</summary>
    public static WebApplicationBuilder AddCategoriesModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddWebModule(new WebModule("Categories")
        {
            Menu = [new MenuEntry(1020, "Categories", Icons.Material.Filled.Category, "admin/categories") { Roles = MenuRoles.Admins, Section = MenuSections.Administration }],
            Api = api => api.MapCategoriesApi(),
        });
        return builder;
    }
}
