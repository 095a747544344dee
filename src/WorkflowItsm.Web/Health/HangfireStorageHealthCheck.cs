using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WorkflowItsm.Web.Health;

/// <summary>Ready only when Hangfire's storage answers: timers and retries depend on it.</summary>
internal sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var statistics = storage.GetMonitoringApi().GetStatistics();
            return Task.FromResult(HealthCheckResult.Healthy($"{statistics.Servers} server(s), {statistics.Scheduled} scheduled job(s)"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage does not answer", ex));
        }
    }
}
