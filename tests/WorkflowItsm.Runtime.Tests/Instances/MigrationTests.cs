using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Tests.Instances;

public sealed class MigrationTests : IAsyncLifetime
{
    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();
        // Version 2: the high-priority task is renamed to ResolveMajorIncident.
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "incident-triage.bpmn"));
        await host.DeployAsync(xml.Replace("ResolveHighPriorityIncident", "ResolveMajorIncident", StringComparison.Ordinal));
    }

    private Task<ProcessInstanceRecord> StartOnVersion1Async() =>
        host.RuntimeAsync(r => r.StartAsync(new StartProcessCommand("incident-triage", Version: 1, Variables: RuntimeTestHost.HighImpact), default));

    [Fact]
    public async Task A_complete_mapping_moves_the_instance_and_it_finishes_on_the_new_version()
    {
        var instance = await StartOnVersion1Async();
        var taskId = await host.OpenTaskIdAsync(instance.Id);

        var migrated = await host.RuntimeAsync(r => r.MigrateAsync(instance.Id, 2, new Dictionary<string, string>
        {
            ["ResolveHighPriorityIncident"] = "ResolveMajorIncident",
            ["HighSlaWarningTimer"] = "HighSlaWarningTimer",
        }, "olga", default));
        var task = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.SingleAsync(t => t.Id == taskId));
        var completed = await host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "ana", default));

        migrated.DefinitionVersion.Should().Be(2);
        migrated.ActiveElements.Should().Be("ResolveMajorIncident");
        task.ElementId.Should().Be("ResolveMajorIncident");
        task.DefinitionVersion.Should().Be(2);
        completed.Status.Should().Be(InstanceRunStatus.Completed);
    }

    [Fact]
    public async Task An_incomplete_mapping_is_refused_with_the_unmapped_elements_and_nothing_changes()
    {
        var instance = await StartOnVersion1Async();

        var migrate = () => host.RuntimeAsync(r => r.MigrateAsync(instance.Id, 2, new Dictionary<string, string>
        {
            ["ResolveHighPriorityIncident"] = "NoSuchTask",
        }, "olga", default));

        var refused = (await migrate.Should().ThrowAsync<MigrationRefusedException>()).Which;
        refused.UnmappedElements.Should().Equal("HighSlaWarningTimer");
        refused.UnknownTargets.Should().Equal("NoSuchTask");
        (await host.InstanceAsync(instance.Id)).DefinitionVersion.Should().Be(1);
    }

    [Fact]
    public async Task An_unknown_target_version_is_not_found()
    {
        var instance = await StartOnVersion1Async();

        var migrate = () => host.RuntimeAsync(r => r.MigrateAsync(instance.Id, 9, new Dictionary<string, string>(), "olga", default));

        await migrate.Should().ThrowAsync<RuntimeNotFoundException>().WithMessage("*no version 9*");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
