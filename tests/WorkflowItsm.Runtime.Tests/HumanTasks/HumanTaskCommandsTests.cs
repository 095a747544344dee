using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Tests.Instances;

namespace WorkflowItsm.Runtime.Tests.HumanTasks;

public sealed class HumanTaskCommandsTests : IAsyncLifetime
{
    private RuntimeTestHost host = null!;
    private string taskId = null!;
    private string instanceId = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();
        instanceId = (await host.StartTriageAsync()).Id;
        taskId = await host.OpenTaskIdAsync(instanceId);
    }

    private Task<HumanTaskRecord> Run(Func<HumanTaskCommands, Task<HumanTaskRecord>> command) =>
        host.InScopeAsync(s => command(s.GetRequiredService<HumanTaskCommands>()));

    [Fact]
    public async Task Claim_takes_an_unassigned_task_and_refuses_when_someone_else_holds_it()
    {
        var claimed = await Run(c => c.ClaimAsync(taskId, "ana", default));
        var again = await Run(c => c.ClaimAsync(taskId, "ana", default));
        var other = () => Run(c => c.ClaimAsync(taskId, "bo", default));

        claimed.Assignee.Should().Be("ana");
        again.Assignee.Should().Be("ana", "claiming your own task again is harmless");
        await other.Should().ThrowAsync<RuntimeConflictException>().WithMessage("*already claimed by ana*");
    }

    [Fact]
    public async Task Unclaim_and_assign_move_the_task_between_people()
    {
        await Run(c => c.ClaimAsync(taskId, "ana", default));

        var unclaimed = await Run(c => c.UnclaimAsync(taskId, "ana", default));
        var assigned = await Run(c => c.AssignAsync(taskId, "cy", "lead", default));

        unclaimed.Assignee.Should().BeNull();
        assigned.Assignee.Should().Be("cy");
        var journal = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal
            .Where(j => j.InstanceId == instanceId && j.UserId != null).Select(j => j.Kind).ToListAsync());
        journal.Should().Equal("TaskClaimed", "TaskUnclaimed", "TaskAssigned");
    }

    [Fact]
    public async Task Delegating_keeps_the_owner()
    {
        await Run(c => c.ClaimAsync(taskId, "ana", default));

        var delegated = await Run(c => c.DelegateAsync(taskId, "dan", "ana", default));

        delegated.Assignee.Should().Be("dan");
        delegated.Owner.Should().Be("ana");
    }

    [Fact]
    public async Task Comments_are_kept_in_order_and_empty_ones_refused()
    {
        await host.InScopeAsync(s => s.GetRequiredService<HumanTaskCommands>().AddCommentAsync(taskId, "ana", "Called the user", default));
        await host.InScopeAsync(s => s.GetRequiredService<HumanTaskCommands>().AddCommentAsync(taskId, "bo", "Escalated to network team", default));
        var empty = () => host.InScopeAsync(s => s.GetRequiredService<HumanTaskCommands>().AddCommentAsync(taskId, "bo", "  ", default));

        var comments = await host.InScopeAsync(s => s.GetRequiredService<HumanTaskCommands>().ListCommentsAsync(taskId, default));

        comments.Select(c => (c.Author, c.Text)).Should().Equal(("ana", "Called the user"), ("bo", "Escalated to network team"));
        await empty.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task A_completed_task_cannot_be_claimed_and_unknown_tasks_are_not_found()
    {
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "ana", default));

        var claim = () => Run(c => c.ClaimAsync(taskId, "bo", default));
        var unknown = () => Run(c => c.ClaimAsync("nope", "bo", default));

        await claim.Should().ThrowAsync<RuntimeConflictException>().WithMessage("*completed*");
        await unknown.Should().ThrowAsync<RuntimeNotFoundException>();
    }

    [Fact]
    public async Task A_suspended_instance_takes_no_completion_until_resumed()
    {
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().SuspendAsync(instanceId, "admin", default));

        var complete = () => host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "ana", default));
        await complete.Should().ThrowAsync<RuntimeConflictException>().WithMessage("*suspended*");

        await host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().ResumeAsync(instanceId, "admin", default));
        (await complete()).Status.Should().Be(InstanceRunStatus.Completed);
    }

    [Fact]
    public async Task Set_variables_changes_the_instance_and_is_journaled()
    {
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().SetVariablesAsync(
            instanceId, new Dictionary<string, object?> { ["priority"] = 2L, ["note"] = "VIP caller" }, "lead", default));

        var details = await host.InScopeAsync(s => s.GetRequiredService<InstanceQueries>().GetAsync(instanceId, default));

        details!.Variables["priority"].Should().Be(2L);
        details.Variables["note"].Should().Be("VIP caller");
        details.Journal.Should().Contain(j => j.Kind == "VariableSet" && j.Detail == "note");
    }

    [Fact]
    public async Task Due_dates_move_one_or_many_at_a_time_and_tasks_no_longer_open_keep_theirs()
    {
        var other = await host.OpenTaskIdAsync((await host.StartTriageAsync()).Id);
        var done = await host.OpenTaskIdAsync((await host.StartTriageAsync()).Id);
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(done, RuntimeTestHost.Resolution, "ana", default));
        var christmas = new DateTime(2026, 12, 24, 12, 0, 0, DateTimeKind.Utc);
        var dueDates = new Dictionary<string, DateTime?> { [taskId] = christmas, [other] = christmas, [done] = christmas };

        var moved = await host.InScopeAsync(s => s.GetRequiredService<HumanTaskCommands>().SetDueDatesAsync(dueDates, "sla", default));
        var movedAgain = await host.InScopeAsync(s => s.GetRequiredService<HumanTaskCommands>().SetDueDatesAsync(dueDates, "sla", default));
        var cleared = await Run(c => c.SetDueDateAsync(taskId, null, "sla", default));

        moved.Should().Be(2, "the completed task is left as it was");
        movedAgain.Should().Be(0, "nothing differs any more");
        cleared.DueDate.Should().BeNull();
        var stored = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks
            .Where(t => t.Id == taskId || t.Id == other || t.Id == done).ToDictionaryAsync(t => t.Id, t => t.DueDate));
        stored.Should().Equal(new Dictionary<string, DateTime?> { [taskId] = null, [other] = christmas, [done] = null });
        var journal = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal
            .Where(j => j.InstanceId == instanceId && j.Kind == "TaskDueDateChanged").OrderBy(j => j.Id).Select(j => j.Detail).ToListAsync());
        journal.Should().Equal("2026-12-24T12:00:00.0000000Z", "no due date");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
