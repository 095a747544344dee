using MudBlazor;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Escalations;

internal static class EscalationsSetup
{
    /// <summary>How often the sweep looks for a level whose own timer job was lost.</summary>
    private const string SweepCron = "* * * * *";

    /// <summary>
    /// Escalations and on-call: the domain module (its hooks hear new P1 incidents and SLA warnings and breaches),
    /// its API, its pages in the menu (schedules, policies, reports), the timer sweep, demo schedules and a P1 policy, and the page a page's acknowledge link opens.
    /// </summary>
    public static WebApplicationBuilder AddEscalationsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddEscalations();
        builder.Services.AddWebModule(new WebModule("Escalations")
        {
            Menu =
            [
                new MenuEntry(430, "On-call schedules", Icons.Material.Filled.ContactPhone, "escalations/schedules") { Roles = MenuRoles.Staff, Section = MenuSections.OnCall },
                new MenuEntry(432, "Escalation policies", Icons.Material.Filled.NotificationsActive, "escalations/policies") { Roles = MenuRoles.Staff, Section = MenuSections.OnCall },
                new MenuEntry(436, "My on-call", Icons.Material.Filled.PhoneForwarded, "escalations/me") { Roles = MenuRoles.Staff, Section = MenuSections.OnCall },
                new MenuEntry(434, "Escalation reports", Icons.Material.Filled.Insights, "escalations/reports") { Roles = MenuRoles.Staff, Section = MenuSections.OnCall },
            ],
            Api = api => api.MapEscalationsApi(),
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<EscalationTimerJob>(EscalationTimerJob.SweepJobId, job => job.SweepAsync(CancellationToken.None), SweepCron),
            DemoData = EscalationsDemoData.SeedAsync,
            // The acknowledge page is reached from a page's link; the crawl opens it with a link that is nobody's.
            CrawlEntries = [new CrawlEntry("escalations/acknowledge/not-a-link", MenuRoles.Staff)],
        });
        return builder;
    }
}
