using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// A trigger in its own transaction makes its closing save without EF Core's savepoint (a round trip per save that a
/// trigger, which rolls back whole on failure, does not need); in a caller's transaction the caller's setting stands.
/// The saves of handlers inside the trigger keep theirs (HandlerSavesInTriggerOnPostgreSqlTests shows why).
/// </summary>
public sealed class TriggerSavepointTests : IAsyncLifetime
{
    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_start_a_claim_and_a_completion_in_their_own_transactions_set_no_savepoint_and_leave_the_setting_as_it_was()
    {
        using var commands = new EfCommandLog();
        var (sent, settingAfter) = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<WorkflowDbContext>();
            var runtime = s.GetRequiredService<WorkflowRuntime>();
            var instance = await runtime.StartAsync(new StartProcessCommand("incident-triage", Variables: RuntimeTestHost.HighImpact), default);
            var taskId = await db.HumanTasks.Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync();
            await s.GetRequiredService<HumanTaskCommands>().ClaimAsync(taskId, "bo", default);
            await runtime.CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "bo", default);
            return (commands.By(db), db.Database.AutoSavepointsEnabled);
        });

        sent.Should().Contain(c => c.Text.Contains("INSERT INTO \"ProcessInstances\"", StringComparison.Ordinal), "the log saw this context's saves");
        sent.Should().NotContain(c => c.IsSavepoint);
        settingAfter.Should().BeTrue("the context's own setting is back once the trigger's transaction has ended");
    }

    [Fact]
    public async Task A_start_inside_a_callers_transaction_keeps_the_callers_savepoint()
    {
        using var commands = new EfCommandLog();
        var sent = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<WorkflowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("incident-triage", Variables: RuntimeTestHost.HighImpact), default);
            await transaction.CommitAsync();
            return commands.By(db);
        });

        sent.Should().Contain(c => c.IsSavepoint, "the caller's transaction may go on after a failed save, so EF Core's savepoint stays");
    }
}
