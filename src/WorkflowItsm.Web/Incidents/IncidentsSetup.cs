using MudBlazor;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Incidents;

internal static class IncidentsSetup
{
    /// <summary>Incidents: the domain module, their pages in the menu, their API, links to INC… records.</summary>
    public static WebApplicationBuilder AddIncidentsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddIncidents();
        builder.Services.AddWebModule(new WebModule("Incidents")
        {
            Menu = [new MenuEntry(400, "Incidents", Icons.Material.Filled.ReportProblem, "incidents") { Roles = MenuRoles.Staff }],
            Api = api => api.MapIncidentAttachmentsApi().MapIncidentsApi(),
            RecordPages = [new RecordPage(RecordNumbers.Incident, "incidents")],
        });
        return builder;
    }
}
