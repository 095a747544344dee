using MudBlazor;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.DirectoryAdmin;

internal static class DirectoryAdminSetup
{
    /// <summary>The directory (people, groups, roles): the domain module and its administration page.</summary>
    public static WebApplicationBuilder AddDirectoryModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddDirectory();
        builder.Services.AddWebModule(new WebModule("Directory")
        {
            Menu = [new MenuEntry(800, "Directory", Icons.Material.Filled.People, "admin/directory") { Roles = MenuRoles.Admins, Section = MenuSections.Administration }],
        });
        return builder;
    }
}
