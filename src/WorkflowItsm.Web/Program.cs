using WorkflowItsm.Web.Approvals;
using WorkflowItsm.Web.Assets;
using WorkflowItsm.Web.Categories;
using WorkflowItsm.Web.Changes;
using WorkflowItsm.Web.Changes.Cab;
using WorkflowItsm.Web.Changes.Calendar;
using WorkflowItsm.Web.Configuration;
using WorkflowItsm.Web.Continuity;
using WorkflowItsm.Web.Designer;
using WorkflowItsm.Web.Escalations;
using WorkflowItsm.Web.DirectoryAdmin;
using WorkflowItsm.Web.Hosting;
using WorkflowItsm.Web.Incidents;
using WorkflowItsm.Web.Integrations;
using WorkflowItsm.Web.Notifications;
using WorkflowItsm.Web.Portal;
using WorkflowItsm.Web.Problems;
using WorkflowItsm.Web.Releases;
using WorkflowItsm.Web.Requests;
using WorkflowItsm.Web.ServiceLevels;
using WorkflowItsm.Web.Software;
using WorkflowItsm.Web.Workspace;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHost();
    // One line per module. Notifications come before the practices: its reaction hears the runtime first.
    builder.AddDirectoryModule();
    builder.AddNotificationsModule();
    builder.AddServiceLevelsModule();
    builder.AddIncidentsModule();
    builder.AddProblemsModule();
    builder.AddApprovalsModule();
    builder.AddChangesModule();
    builder.AddCategoriesModule();
    builder.AddConfigurationModule();
    builder.AddAssetsModule();
    builder.AddChangeCalendarModule();
    builder.AddCabModule();
    builder.AddReleasesModule();
    builder.AddContinuityModule();
    builder.AddRequestsModule();
    builder.AddEscalationsModule();
    builder.AddSoftwareModule();
    builder.AddPortalModule();
    builder.AddWorkspaceModule();
    builder.AddDesignerModule();
    builder.AddIntegrationsModule();
    builder.AddEmailChannelModule();

    var app = builder.Build();
    await app.RunStartupStepsAsync(builder.Services);
    await app.UseHost().RunAsync();
    return 0;
}
catch (StartupConfigurationException ex)
{
    // One clear line naming the setting to fix; the stack trace would only hide it.
    await Console.Error.WriteLineAsync($"WorkflowItsm cannot start: {ex.Message}");
    return 1;
}

/// <summary>Entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
