using Microsoft.AspNetCore.DataProtection;
using MudBlazor;
using MudBlazor.Services;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Web.Account;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Health;
using WorkflowItsm.Web.Home;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Modules;
using WorkflowItsm.Web.Scheduling;
using WorkflowItsm.Web.Search;

namespace WorkflowItsm.Web.Hosting;

/// <summary>What the host is without any practice: the database, the ITSM kernel, accounts, jobs, health, the API and the UI shell.</summary>
internal static class HostSetup
{
    /// <summary>The largest message a browser may send to its circuit (a model from the designer).</summary>
    private const long MaxCircuitMessageBytes = 4 * 1024 * 1024;

    public static WebApplicationBuilder AddHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDatabase();
        services.AddSingleton(builder.Configuration.GetSection("Runtime").Get<Runtime.RuntimeOptions>() ?? new());
        services.AddItsmKernel();
        services.AddOptions<SeedOptions>().BindConfiguration("Seed");
        services.AddScoped<DirectorySeeder>();
        services.AddDataProtection().SetApplicationName("WorkflowItsm").PersistKeysToDbContext<ItsmDbContext>();
        services.AddProxySettings(builder.Configuration);
        services.AddAccounts(builder.Configuration);
        services.AddExternalSignIn(builder.Configuration);
        services.AddScheduling();
        services.AddHealth();
        services.AddApi();
        // The designer sends a whole model to the server in one interop call: SignalR's default 32 KB cut the circuit
        // on models above it (release-gating.bpmn is 39 KB); public Camunda models reach a few hundred KB.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = MaxCircuitMessageBytes);
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        services.AddHome();
        services.AddSearch();
        services.AddLookups();
        services.AddBrowserFormats();
        return builder;
    }

    /// <summary>The request pipeline, in the order each step needs, then every endpoint: static assets, health, API, accounts, jobs dashboard, pages.</summary>
    public static WebApplication UseHost(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseIncompleteRequestsAsClientErrors();

        app.UseSecurityHeaders();
        app.UseRequestLocalization();
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
        return app;
    }
}
