using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Itsm.Integrations;

public static class IntegrationsModule
{
    /// <summary>
    /// Other systems' ways in and out: API tokens, service accounts, outbound webhooks (events captured by
    /// <see cref="WebhookCapture"/> in the unit of work, delivered by <see cref="WebhookDispatcher"/> jobs).
    /// </summary>
    public static IServiceCollection AddIntegrations(this IServiceCollection services)
    {
        services.AddScoped<ApiTokens>();
        services.AddScoped<ServiceAccounts>();
        services.AddScoped<WebhookSubscriptions>();
        services.AddScoped<WebhookDispatcher>();
        services.AddScoped<ServiceLevels.ISlaEventObserver, WebhookSlaObserver>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.MaxAttempts >= 1 && o.MaxConsecutiveFailures >= 1 && o.RetryDelay > TimeSpan.Zero && o.Timeout > TimeSpan.Zero,
                "Webhooks:MaxAttempts and Webhooks:MaxConsecutiveFailures must be at least 1, Webhooks:RetryDelay and Webhooks:Timeout more than 0.");
        return services;
    }
}
