using MudBlazor;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Changes.Calendar;

internal static class ChangeCalendarSetup
{
    /// <summary>
    /// Planning changes: the change calendar (staff), maintenance and blackout windows and change freezes (change
    /// managers and admins define them; staff read them), their API, conflict detection and freezes hooked into the
    /// change service, demo windows, freeze and two conflicting changes.
    /// </summary>
    public static WebApplicationBuilder AddChangeCalendarModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddChangePlanning();
        builder.Services.AddWebModule(new WebModule("ChangeCalendar")
        {
            Menu =
            [
                new MenuEntry(507, "Change calendar", Icons.Material.Filled.CalendarMonth, "changes/calendar") { Roles = MenuRoles.Staff, Section = MenuSections.ChangeAndRelease },
                new MenuEntry(512, "Change windows", Icons.Material.Filled.EventBusy, "changes/windows") { Roles = MenuRoles.Staff, Section = MenuSections.ChangeAndRelease },
                new MenuEntry(514, "Change freezes", Icons.Material.Filled.AcUnit, "changes/freezes") { Roles = MenuRoles.Staff, Section = MenuSections.ChangeAndRelease },
            ],
            Api = api => api.MapChangeCalendarApi(),
            DemoData = ChangeCalendarDemoData.SeedAsync,
        });
        return builder;
    }
}
