using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Hosting;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

using static WorkflowItsm.LoadTest.RuntimeServices;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Drives the runtime in process: C workers each run start → find the task → claim → complete lifecycles of incident-triage against a real
/// database, with the SLA timer scheduled and cancelled in Hangfire's storage as in the host.
/// </summary>
internal static class InProcessLoad
{
    public static async Task<IReadOnlyList<double>> RunAsync(IDatabaseProvider provider, string connectionString, LoadDriver driver, LatencyRecorder latencies, bool withHangfire = true)
    {
        // Without Hangfire the database part is measured alone: timers are not handed to Hangfire.
        await using var services = RuntimeServices.Build(provider, connectionString,
            withHangfire ? null : collection => collection.AddScoped<WorkflowItsm.Runtime.Timers.ITimerScheduler, NoTimerScheduler>());
        await RuntimeServices.MigrateAndDeployAsync(services, await LifecycleFileAsync());

        var resolution = new Dictionary<string, object?> { ["resolutionCode"] = "fixed", ["resolutionNotes"] = "load test" };
        return await driver.RunAsync(async (i, latencies) =>
        {
            var variables = new Dictionary<string, object?> { ["impact"] = (long)(1 + (i % 3)), ["urgency"] = (long)(1 + (i / 3 % 3)), ["shortDescription"] = "load" };
            var instance = await latencies.TimeAsync("start", () => InScope(services, s => s.GetRequiredService<WorkflowRuntime>()
                .StartAsync(new StartProcessCommand("incident-triage", BusinessKey: $"LOAD{i}", Variables: variables), default)));
            var taskId = await latencies.TimeAsync("find-task", () => InScope(services, s => s.GetRequiredService<WorkflowDbContext>().HumanTasks
                .Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync()));
            await latencies.TimeAsync("claim", () => InScope(services, s => s.GetRequiredService<HumanTaskCommands>().ClaimAsync(taskId, "load", default)));
            await latencies.TimeAsync("complete", () => InScope(services, s => s.GetRequiredService<WorkflowRuntime>()
                .CompleteTaskAsync(taskId, resolution, "load", default)));
        }, latencies);
    }

    /// <summary>Migrates the database and deploys the load's lifecycle (a script task, then a user task with a non-interrupting SLA timer).</summary>
    public static async Task DeployAsync(IDatabaseProvider provider, string connectionString)
    {
        await using var services = RuntimeServices.Build(provider, connectionString);
        await RuntimeServices.MigrateAndDeployAsync(services, await LifecycleFileAsync());
    }

    private static async Task<BpmnFile> LifecycleFileAsync() =>
        new("incident-triage.bpmn", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "incident-triage.bpmn")));
}

internal sealed class NoTimerScheduler : WorkflowItsm.Runtime.Timers.ITimerScheduler
{
    public string Schedule(string bookmarkId, DateTimeOffset due) => bookmarkId;

    public void Cancel(string jobId)
    {
    }
}
