using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>
/// Claims on PostgreSQL, which are one statement (the task's conditional update and its journal line together):
/// one winner among agents racing, the journal in step with the task, and the same errors as the general path.
/// </summary>
public sealed class ClaimsOnPostgreSqlTests(PostgreSqlServer server) : IAsyncLifetime
{
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        services = await RuntimeOnPostgreSql.StartAsync(server, "claims");
        await services.DeployIncidentTriageAsync();
    }

    private Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => services.InScopeAsync(action);

    private async Task<string> OpenTaskAsync()
    {
        var instance = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand(
            "incident-triage", Variables: new Dictionary<string, object?> { ["impact"] = 2L, ["urgency"] = 2L, ["shortDescription"] = "Printer" }), default));
        return await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync());
    }

    private Task<HumanTaskRecord> ClaimAsync(string taskId, string user) =>
        InScopeAsync(s => s.GetRequiredService<HumanTaskCommands>().ClaimAsync(taskId, user, default));

    private Task<HumanTaskRecord> StoredAsync(string taskId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.AsNoTracking().SingleAsync(t => t.Id == taskId));

    private Task<List<Runtime.Journal.JournalRecord>> ClaimLinesAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.Where(j => j.InstanceId == instanceId && j.Kind == "TaskClaimed").ToListAsync());

    [Fact]
    public async Task A_claim_takes_the_task_bumps_its_revision_and_writes_one_journal_line()
    {
        var taskId = await OpenTaskAsync();
        var before = await StoredAsync(taskId);

        var claimed = await ClaimAsync(taskId, "bo");

        claimed.Assignee.Should().Be("bo");
        claimed.Revision.Should().Be(before.Revision + 1);
        claimed.ElementId.Should().Be(before.ElementId);
        claimed.CreatedAt.Kind.Should().Be(DateTimeKind.Utc, "the row read back goes through the same converters as any query");
        claimed.CreatedAt.Should().Be(before.CreatedAt);
        var stored = await StoredAsync(taskId);
        stored.Assignee.Should().Be("bo");
        stored.Revision.Should().Be(before.Revision + 1);
        var lines = await ClaimLinesAsync(stored.InstanceId);
        lines.Should().ContainSingle().Which.Should().Match<Runtime.Journal.JournalRecord>(line => line.UserId == "bo" && line.Detail == "bo" && line.ElementId == stored.ElementId);
    }

    [Fact]
    public async Task Eight_agents_claiming_one_task_at_once_leave_one_holder_and_one_journal_line()
    {
        var taskId = await OpenTaskAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(agent => Task.Run(async () =>
        {
            try
            {
                await ClaimAsync(taskId, $"agent{agent}");
                return $"agent{agent}";
            }
            catch (RuntimeConflictException)
            {
                return "conflict";
            }
        })));

        outcomes.Count(o => o == "conflict").Should().Be(7);
        var winner = outcomes.Single(o => o != "conflict");
        var stored = await StoredAsync(taskId);
        stored.Assignee.Should().Be(winner);
        (await ClaimLinesAsync(stored.InstanceId)).Should().ContainSingle().Which.UserId.Should().Be(winner, "a losing claim writes no journal line");
    }

    [Fact]
    public async Task Claims_that_cannot_succeed_give_the_general_paths_errors_and_change_nothing()
    {
        var taskId = await OpenTaskAsync();
        await ClaimAsync(taskId, "bo");

        (await ClaimAsync(taskId, "bo")).Assignee.Should().Be("bo", "the holder may claim again");
        var byOther = () => ClaimAsync(taskId, "ann");
        (await byOther.Should().ThrowAsync<RuntimeConflictException>()).WithMessage("*already claimed by bo*");
        var unknown = () => ClaimAsync("no-such-task", "ann");
        await unknown.Should().ThrowAsync<RuntimeNotFoundException>();

        await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(
            taskId, new Dictionary<string, object?> { ["resolutionCode"] = "fixed", ["resolutionNotes"] = "done" }, "bo", default));
        var completed = () => ClaimAsync(taskId, "bo");
        (await completed.Should().ThrowAsync<RuntimeConflictException>()).WithMessage("*completed*");

        var stored = await StoredAsync(taskId);
        stored.Assignee.Should().Be("bo");
        stored.Status.Should().Be(HumanTaskStatus.Completed);
        (await ClaimLinesAsync(stored.InstanceId)).Should().HaveCount(2, "the first claim and the holder's second; the refused ones wrote nothing");
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
