using MudBlazor;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Workspace;

internal static class WorkspaceSetup
{
    /// <summary>The agents' workspace: the task inbox in the staff's menu (with the records its tasks are about), and the API of human tasks.</summary>
    public static WebApplicationBuilder AddWorkspaceModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TaskSubjects>();
        builder.Services.AddWebModule(new WebModule("Workspace")
        {
            Menu = [new MenuEntry(300, "Tasks", Icons.Material.Filled.Inbox, "tasks") { Roles = MenuRoles.Staff }],
            Api = api => api.MapHumanTasksApi(),
        });
        return builder;
    }
}
