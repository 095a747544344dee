using MudBlazor;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Incidents;

internal static class IncidentsSetup
{
    /// <summary>Incidents: the domain module, their pages and the routing rules (admins) in the menu, their API, links to INC… records.</summary>
    public static WebApplicationBuilder AddIncidentsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddIncidents();
        builder.Services.AddWebModule(new WebModule("Incidents")
        {
            Menu =
            [
                new MenuEntry(400, "Incidents", Icons.Material.Filled.ReportProblem, "incidents") { Roles = MenuRoles.Staff },
                new MenuEntry(1010, "Routing rules", Icons.Material.Filled.AltRoute, "admin/routing-rules") { Roles = MenuRoles.Admins, Section = MenuSections.Administration },
            ],
            Api = api => api.MapIncidentAttachmentsApi().MapIncidentsApi().MapRoutingRulesApi(),
            RecordPages = [new RecordPage(RecordNumbers.Incident, "incidents")],
        });
        return builder;
    }
}
