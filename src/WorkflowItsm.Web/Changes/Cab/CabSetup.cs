using MudBlazor;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Changes.Cab;

internal static class CabSetup
{
    /// <summary>Change advisory boards (their domain is part of the changes module): their page in the menu, their API and the hourly job that builds each next meeting's agenda.</summary>
    public static WebApplicationBuilder AddCabModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddWebModule(new WebModule("CAB")
        {
            Menu = [new MenuEntry(510, "CAB meetings", Icons.Material.Filled.Groups, "changes/cab") { Roles = MenuRoles.Staff, Section = MenuSections.ChangeAndRelease }],
            Api = api => api.MapCabApi(),
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<CabAgendaJob>(CabAgendaJob.RecurringId, job => job.BuildAgendasAsync(CancellationToken.None), CabAgendaJob.Cron),
            DemoData = CabDemoData.SeedAsync,
        });
        return builder;
    }
}
