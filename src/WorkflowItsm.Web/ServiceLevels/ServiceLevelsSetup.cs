using Hangfire;
using WorkflowItsm.Runtime.Jobs;
using MudBlazor;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.ServiceLevels;

internal static class ServiceLevelsSetup
{
    /// <summary>Service levels: the domain module, the report ("SLA compliance") and the administration ("SLA definitions", with calendars and the priority matrix) in the menu, one name per page; their API, the SLA clocks' reconciliation every minute.</summary>
    public static WebApplicationBuilder AddServiceLevelsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddServiceLevels();
        builder.Services.AddWebModule(new WebModule("Service levels")
        {
            Menu =
            [
                new MenuEntry(600, "SLA compliance", Icons.Material.Filled.BarChart, "reports/service-levels") { Roles = MenuRoles.Staff },
                new MenuEntry(1000, "SLA definitions", Icons.Material.Filled.Timer, "admin/service-levels") { Roles = MenuRoles.Admins, Section = MenuSections.Administration },
            ],
            Api = api => api.MapServiceLevelsApi(),
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<SlaReconciliationJob>(
                SlaReconciliationJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely()),
        });
        return builder;
    }
}
