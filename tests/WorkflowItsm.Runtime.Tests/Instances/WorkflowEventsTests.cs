using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>Every module adds its own reaction to the runtime: each registered sink hears what it implements.</summary>
public sealed class WorkflowEventsTests
{
    [Fact]
    public async Task Every_registered_sink_is_told_in_the_order_of_registration()
    {
        var heard = new List<string>();
        await using var host = await RuntimeTestHost.StartAsync(configure: services => services
            .AddSingleton<IWorkflowEventSink>(new RecordingSink("first", heard))
            .AddSingleton<IWorkflowEventSink>(new CommitsOnlySink("second", heard)));
        await host.DeployTriageAsync();

        var instance = await host.StartTriageAsync();
        var taskId = await host.OpenTaskIdAsync(instance.Id);
        await host.InScopeAsync(s => s.GetRequiredService<HumanTaskCommands>().AssignAsync(taskId, "cy", "lead", default));

        heard.Should().Equal(
            "first: tasks created", "first: trigger committed", "second: trigger committed",
            "first: cy assigned by lead");
    }

    [Fact]
    public async Task Without_a_sink_the_runtime_runs_on_its_own()
    {
        await using var host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();

        var instance = await host.StartTriageAsync();

        (await host.OpenTaskIdAsync(instance.Id)).Should().NotBeNullOrEmpty();
    }

    private sealed class RecordingSink(string name, List<string> heard) : IWorkflowEventSink
    {
        public Task TasksCreatedAsync(IReadOnlyList<HumanTaskRecord> tasks, CancellationToken cancellationToken) => Heard("tasks created");

        public Task TaskAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken) => Heard($"{task.Assignee} assigned by {by}");

        public Task InstanceEndedAsync(ProcessInstanceRecord instance, CancellationToken cancellationToken) => Heard("instance ended");

        public Task TriggerCommittedAsync(CancellationToken cancellationToken) => Heard("trigger committed");

        private Task Heard(string what)
        {
            heard.Add($"{name}: {what}");
            return Task.CompletedTask;
        }
    }

    /// <summary>Implements one event only: the others are the interface's (nothing).</summary>
    private sealed class CommitsOnlySink(string name, List<string> heard) : IWorkflowEventSink
    {
        public Task TriggerCommittedAsync(CancellationToken cancellationToken)
        {
            heard.Add($"{name}: trigger committed");
            return Task.CompletedTask;
        }
    }
}
