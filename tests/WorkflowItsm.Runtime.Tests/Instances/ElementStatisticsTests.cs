using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>The instance viewer's heat map: per element of a version, entries, completions, tokens there now and time spent.</summary>
public sealed class ElementStatisticsTests : IAsyncLifetime
{
    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();
    }

    [Fact]
    public async Task Counts_and_durations_follow_what_the_instances_did()
    {
        // Three incidents; two tasks completed, after 10 and 30 minutes; the third still open.
        var instances = new List<ProcessInstanceRecord>();
        for (var i = 0; i < 3; i++)
        {
            instances.Add(await host.StartTriageAsync());
        }

        foreach (var (instance, minutes) in instances.Take(2).Zip([10, 20]))
        {
            host.Clock.Advance(TimeSpan.FromMinutes(minutes));
            var taskId = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync());
            await host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "bo", default));
        }

        var statistics = await host.InScopeAsync(s => s.GetRequiredService<InstanceQueries>().ElementStatisticsAsync("incident-triage", 1, 1000, default));

        var task = statistics.Single(s => s.ElementId == "ResolveHighPriorityIncident");
        task.Entered.Should().Be(3);
        task.Completed.Should().Be(2);
        task.Active.Should().Be(1);
        task.MedianDuration.Should().Be(TimeSpan.FromMinutes(30), "the second task waited 10 + 20 minutes; of two, the upper middle is taken");
        task.TotalDuration.Should().Be(TimeSpan.FromMinutes(40));
        statistics.Should().Contain(s => s.ElementId == "ResolveHighPriorityIncident" && s.P95Duration == TimeSpan.FromMinutes(30));
        statistics.Select(s => s.ElementId).Should().NotContain("NotifyHighSlaWarning", "the SLA warning never fired, so its task was never entered");
    }

    [Fact]
    public async Task Another_version_or_key_has_no_statistics()
    {
        await host.StartTriageAsync();

        var other = await host.InScopeAsync(s => s.GetRequiredService<InstanceQueries>().ElementStatisticsAsync("incident-triage", 2, 1000, default));

        other.Should().BeEmpty();
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
