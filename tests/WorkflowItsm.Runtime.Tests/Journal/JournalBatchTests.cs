using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Tests.Instances;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Runtime.Tests.Journal;

/// <summary>A trigger's journal lines go to the database as one statement, in the engine's order, inside its transaction.</summary>
public sealed class JournalBatchTests : IAsyncLifetime
{
    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_start_and_a_completion_each_write_their_journal_lines_with_one_statement_in_order()
    {
        using var commands = new EfCommandLog();
        int JournalInsertsOf(string instanceId) =>
            commands.Entries.Count(c => c.Text.Contains("INSERT INTO \"Journal\"", StringComparison.Ordinal) && c.ParameterValues.Contains(instanceId, StringComparison.Ordinal));

        var instance = await host.StartTriageAsync();
        var afterStart = JournalInsertsOf(instance.Id);
        var taskId = await host.OpenTaskIdAsync(instance.Id);
        await host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "bo", default));

        afterStart.Should().Be(1, "the start's lines are one INSERT");
        JournalInsertsOf(instance.Id).Should().Be(2, "the completion's lines are one more");
        var lines = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.AsNoTracking()
            .Where(j => j.InstanceId == instance.Id).OrderBy(j => j.Id).ToListAsync());
        lines.Count.Should().BeGreaterThan(4);
        lines[0].Kind.Should().Be("InstanceStarted");
        lines[^1].Kind.Should().Be("InstanceCompleted");
        lines.Select(l => l.At).Should().BeInAscendingOrder("the ids follow the engine's order");
        lines.Should().OnlyContain(l => l.At.Kind == DateTimeKind.Utc, "the lines' times are read back as the UTC they were written as");
    }
}
