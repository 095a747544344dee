using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.Tests.Support;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>
/// Fixtures/change-review.bpmn: parallel fork/join, a multi-instance review with a completion condition, an
/// inclusive split/join and an interrupting message event sub-process working together.
/// </summary>
public class ChangeReviewTests
{
    private readonly RecordingHandler _assess = new(_ => ServiceTaskResult.With(("risk", "medium")));

    private ProcessRunner Runner() => ProcessRunner.FromXml(BpmnXml.Fixture("change-review.bpmn"), ("change.assess-risk", _assess));

    private static Dictionary<string, object?> Submission(bool notify) => new()
    {
        ["cabMembers"] = new List<object?> { "ann", "bob", "cid" },
        ["notify"] = notify,
    };

    [Fact]
    public async Task Review_runs_to_approval()
    {
        var runner = Runner();
        var started = await runner.StartAsync(Submission(notify: true));

        _assess.Calls.Should().ContainSingle();
        started.CreatedTasks.Select(t => t.Assignee).Should().Equal("ann", "bob", "cid");
        runner.TokensAt("Join").Should().ContainSingle("the risk branch already waits at the join");

        await runner.TriggerAsync(new UserTaskCompleted(started.CreatedTasks[0].Id, new Dictionary<string, object?> { ["vote"] = "yes" }));
        var secondVote = await runner.TriggerAsync(new UserTaskCompleted(started.CreatedTasks[2].Id));

        secondVote.CancelledTaskIds.Should().Equal(started.CreatedTasks[1].Id);
        secondVote.SentMessages.Should().ContainSingle().Which.MessageName.Should().Be("change-approved");
        runner.TokenPositions.Should().Equal("NeedsDone", "PlanImplementation");
        secondVote.CreatedTasks.Should().ContainSingle().Which.CandidateGroups.Should().Equal("change-managers");

        var done = await runner.CompleteTaskAsync("PlanImplementation");

        done.Status.Should().Be(ExecutionStatus.Completed);
        runner.Variables.Should().Contain("risk", "medium").And.Contain("vote", "yes");
    }

    [Fact]
    public async Task Withdrawal_message_cancels_the_whole_review()
    {
        var runner = Runner();
        var started = await runner.StartAsync(Submission(notify: false));
        var subscription = runner.BookmarkAt("WithdrawalRequested");
        subscription.MessageName.Should().Be("change-withdrawn");

        var withdrawn = await runner.TriggerAsync(new MessageReceived(subscription.Id));

        withdrawn.Status.Should().Be(ExecutionStatus.Completed);
        withdrawn.CancelledTaskIds.Should().BeEquivalentTo(started.CreatedTasks.Select(t => t.Id));
        runner.Journal.Should().Contain(j => j.Kind == JournalEntryKind.ElementCompleted && j.ElementId == "ChangeWithdrawn");
    }
}
