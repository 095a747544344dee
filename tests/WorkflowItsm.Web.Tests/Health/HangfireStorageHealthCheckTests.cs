using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkflowItsm.Web.Health;

namespace WorkflowItsm.Web.Tests.Health;

public sealed class HangfireStorageHealthCheckTests
{
    [Fact]
    public async Task Storage_that_does_not_answer_is_unhealthy()
    {
        var check = new HangfireStorageHealthCheck(new UnreachableStorage());

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Description.Should().Be("Hangfire storage does not answer");
    }

    private sealed class UnreachableStorage : JobStorage
    {
        public override IMonitoringApi GetMonitoringApi() => throw new TimeoutException("no answer");

        public override IStorageConnection GetConnection() => throw new TimeoutException("no answer");
    }
}
