using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Web.Account;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Health;
using WorkflowItsm.Web.Hosting;
using WorkflowItsm.Web.Scheduling;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddDatabase();
    builder.Services.AddSingleton(builder.Configuration.GetSection("Runtime").Get<WorkflowItsm.Runtime.RuntimeOptions>() ?? new());
    builder.Services.AddItsm();
    builder.Services.AddOptions<WorkflowItsm.Itsm.Notifications.SmtpOptions>().BindConfiguration("Smtp");
    builder.Services.AddOptions<SeedOptions>().BindConfiguration("Seed");
    builder.Services.AddOptions<WorkflowItsm.Itsm.Records.AttachmentOptions>().BindConfiguration(WorkflowItsm.Itsm.Records.AttachmentOptions.Section)
        .Validate(attachments => attachments.MaxBytes is > 0 and < int.MaxValue, "Attachments:MaxBytes must be more than 0 and less than 2 GiB.");
    builder.Services.AddOptions<WorkflowItsm.Itsm.Incidents.IncidentOptions>().BindConfiguration("Incidents");
    builder.Services.AddOptions<WorkflowItsm.Itsm.Problems.ProblemDetectionOptions>().BindConfiguration("Problems");
    builder.Services.AddScoped<DirectorySeeder>();
    builder.Services.AddDataProtection().SetApplicationName("WorkflowItsm").PersistKeysToDbContext<ItsmDbContext>();
    builder.Services.AddProxySettings(builder.Configuration);
    builder.Services.AddAccounts(builder.Configuration);
    builder.Services.AddExternalSignIn(builder.Configuration);
    builder.Services.AddScheduling();
    builder.Services.AddHealth();
    builder.Services.AddApi();
    builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    builder.Services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);

    var app = builder.Build();

    await DatabaseStartup.MigrateAsync(app.Services, app.Lifetime.ApplicationStopping);
    await using (var scope = app.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DirectorySeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
    }

    await WorkflowStartup.DeployBundledWorkflowsAsync(app.Services, app.Configuration, app.Logger, app.Lifetime.ApplicationStopping);
    if (app.Configuration.GetValue("Seed:DemoData", false))
    {
        await DemoDataSeeder.SeedIfEmptyAsync(builder.Services, app.Services, app.Configuration, app.Logger, app.Lifetime.ApplicationStopping);
    }

    RecurringJobs.Register(app.Services);

    app.UseForwardedHeaders();
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/error", createScopeForErrors: true);
    }

    app.UseSecurityHeaders();
    app.UseStatusCodePages();
    app.UseApiRequestGuards();
    app.UseRateLimiter();
    app.UseCrossSiteRequestGuard();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();

    app.MapStaticAssets();
    app.MapHealth();
    app.MapApi();
    app.MapAccountEndpoints();
    app.MapExternalSignInEndpoints();
    app.MapSchedulingDashboard();
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

    await app.RunAsync();
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
