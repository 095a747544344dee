using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>Races on one instance over real PostgreSQL connections: optimistic concurrency decides, nothing is lost.</summary>
public sealed class RuntimeConcurrencyOnPostgreSqlTests(PostgreSqlServer server) : IAsyncLifetime
{
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        services = await RuntimeOnPostgreSql.StartAsync(server, "race");
        await services.DeployIncidentTriageAsync();
    }

    private Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => services.InScopeAsync(action);

    [Fact]
    public async Task Eight_agents_completing_one_task_at_once_complete_it_exactly_once()
    {
        var instance = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand(
            "incident-triage", Variables: new Dictionary<string, object?> { ["impact"] = 1L, ["urgency"] = 2L, ["shortDescription"] = "Outage" }), default));
        var taskId = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync());
        var resolution = new Dictionary<string, object?> { ["resolutionCode"] = "fixed", ["resolutionNotes"] = "done" };

        var attempts = Enumerable.Range(0, 8).Select(agent => Task.Run(async () =>
        {
            try
            {
                await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, resolution, $"agent{agent}", default));
                return "completed";
            }
            catch (RuntimeConflictException)
            {
                return "conflict";
            }
        }));
        var outcomes = await Task.WhenAll(attempts);

        outcomes.Count(o => o == "completed").Should().Be(1);
        outcomes.Count(o => o == "conflict").Should().Be(7);
        var stored = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.SingleAsync(i => i.Id == instance.Id));
        stored.Status.Should().Be(InstanceRunStatus.Completed);
        var journal = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.CountAsync(j => j.InstanceId == instance.Id && j.Kind == "TaskCompleted"));
        journal.Should().Be(1, "the losing attempts were rolled back, not half-written");
    }

    [Fact]
    public async Task Timer_and_completion_racing_on_one_instance_both_take_effect()
    {
        var instance = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand(
            "incident-triage", Variables: new Dictionary<string, object?> { ["impact"] = 3L, ["urgency"] = 3L, ["shortDescription"] = "Slow" }), default));
        var (taskId, timerId) = await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<WorkflowDbContext>();
            var task = await db.HumanTasks.Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync();
            var timer = await db.Bookmarks.Where(b => b.InstanceId == instance.Id && b.Kind == "Timer").SingleAsync();
            // Make the SLA timer due now, as if eight hours had passed.
            timer.DueAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
            return (task, timer.Id);
        });

        await Task.WhenAll(
            Task.Run(() => InScopeAsync(async s => { await s.GetRequiredService<WorkflowRuntime>().FireTimerAsync(timerId, default); return 0; })),
            Task.Run(() => InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(
                taskId, new Dictionary<string, object?> { ["resolutionCode"] = "fixed", ["resolutionNotes"] = "done" }, "bo", default))));

        var stored = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.SingleAsync(i => i.Id == instance.Id));
        var task = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.SingleAsync(t => t.Id == taskId));
        task.Status.Should().Be(HumanTaskStatus.Completed);
        stored.Status.Should().Be(InstanceRunStatus.Completed, "whichever ran first, the other was applied to its result");
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
