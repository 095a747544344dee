using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor;
using WorkflowItsm.Itsm.Integrations;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Integrations;

internal static class IntegrationsSetup
{
    /// <summary>
    /// Integrations: API tokens as the API's second authentication scheme (the cookie stays the default for
    /// everything but an /api call with a bearer token), service accounts, outbound webhooks, their pages and API.
    /// </summary>
    public static WebApplicationBuilder AddIntegrationsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddIntegrations();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(ApiTokenAuthenticationHandler.SelectorScheme, null, selector => selector.ForwardDefaultSelector = context =>
                ApiTokenAuthenticationHandler.CarriesBearer(context) ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);
        // After Identity's own defaults (registered earlier), so these win.
        builder.Services.Configure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = ApiTokenAuthenticationHandler.SelectorScheme;
            options.DefaultAuthenticateScheme = ApiTokenAuthenticationHandler.SelectorScheme;
            options.DefaultChallengeScheme = ApiTokenAuthenticationHandler.SelectorScheme;
            options.DefaultForbidScheme = ApiTokenAuthenticationHandler.SelectorScheme;
        });
        builder.Services.AddSingleton<IAuthorizationHandler, TokenScopeAuthorization>();
        builder.Services.AddWebModule(new WebModule("Integrations")
        {
            Menu =
            [
                new MenuEntry(1150, "Service accounts", Icons.Material.Filled.SmartToy, "admin/service-accounts") { Roles = MenuRoles.Admins, Section = MenuSections.Administration },
                new MenuEntry(1160, "Webhooks", Icons.Material.Filled.Webhook, "admin/webhooks") { Roles = MenuRoles.Admins, Section = MenuSections.Administration },
            ],
            Api = api => api.MapIntegrationsApi().MapWebhooksApi(),
            // Events whose dispatch job was lost, deliveries whose retry job was lost.
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<WebhookDispatcher>(WebhookDispatcher.SweepJobId, d => d.SweepAsync(CancellationToken.None), "* * * * *"),
            // Everyone's own tokens are reached from the account menu, not the main menu.
            CrawlEntries = [new CrawlEntry("account/tokens")],
        });
        return builder;
    }
}
