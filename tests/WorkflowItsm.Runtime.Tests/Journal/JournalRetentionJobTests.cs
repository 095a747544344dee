using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Journal;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Tests.Instances;

namespace WorkflowItsm.Runtime.Tests.Journal;

public sealed class JournalRetentionJobTests : IAsyncLifetime
{
    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();
    }

    private Task<int> JournalCountAsync(string instanceId) =>
        host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.CountAsync(j => j.InstanceId == instanceId));

    private async Task CompleteAsync(string instanceId)
    {
        var taskId = await host.OpenTaskIdAsync(instanceId);
        await host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "ana", default));
    }

    [Fact]
    public async Task Journals_of_instances_finished_before_the_retention_go_and_others_stay()
    {
        var finished = await host.StartTriageAsync();
        await CompleteAsync(finished.Id);
        var running = await host.StartTriageAsync();
        host.Clock.Advance(TimeSpan.FromDays(181));
        var recentlyFinished = await host.StartTriageAsync();
        await CompleteAsync(recentlyFinished.Id);

        var deleted = await host.InScopeAsync(s => s.GetRequiredService<JournalRetentionJob>().RunAsync(default));

        deleted.Should().BeGreaterThan(0);
        (await JournalCountAsync(finished.Id)).Should().Be(0);
        (await JournalCountAsync(running.Id)).Should().BeGreaterThan(0, "a running instance keeps its whole journal");
        (await JournalCountAsync(recentlyFinished.Id)).Should().BeGreaterThan(0);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
