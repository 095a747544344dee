using MudBlazor;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Notifications;

internal static class NotificationsSetup
{
    /// <summary>
    /// Notifications: the domain module (before the practices, so its reaction hears the runtime first, as it always
    /// has), the templates page, and each person's "How I am notified" (reached from the bell's menu, which the crawl
    /// does not open).
    /// </summary>
    public static WebApplicationBuilder AddNotificationsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddNotifications();
        builder.Services.AddWebModule(new WebModule("Notifications")
        {
            Menu = [new MenuEntry(900, "Notification templates", Icons.Material.Filled.MarkEmailRead, "admin/notifications") { Roles = MenuRoles.Admins, Section = MenuSections.Administration }],
            CrawlEntries = [new CrawlEntry("notifications/settings")],
            Api = api => api.MapNotificationsApi(),
        });
        return builder;
    }
}
