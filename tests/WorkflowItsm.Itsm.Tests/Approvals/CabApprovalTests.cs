using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Approvals;

/// <summary>
/// Issue 18, test 2 (its approval part) on the real workflow runtime through the approval contract: a CAB of five
/// with "60 % approve, any 2 rejections reject" — 3 approvals authorize, 2 rejections reject, no quorum by the due
/// date escalates to the change manager, and every vote with its comment is in the record's history.
/// </summary>
public sealed class CabApprovalTests : IAsyncLifetime
{
    // A Monday, 10:00 in Berlin: the due date is 2 business days (of 10 hours) later, Wednesday 10:00 Berlin.
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ApprovalTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ApprovalTestHost.StartAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Test2_cab_of_five_three_approvals_authorize_and_every_vote_with_its_comment_is_in_the_history()
    {
        var change = await host.ChangeAsync(1);
        var instance = await host.StartAsync(change);
        var id = await host.ApprovalIdAsync(change);

        (await host.OpenTasksAsync(instance)).Select(t => t.Assignee).Should().Equal(ApprovalTestHost.Cab);
        var asked = await host.ApprovalAsync(id);
        asked.State.Should().Be(ApprovalState.Pending);
        asked.Due.Should().Be(new DateTime(2026, 12, 9, 9, 0, 0, DateTimeKind.Utc), "2 business days of 08:00–18:00 Berlin from Monday 10:00");

        await host.VoteAsync(id, "ana", ApprovalDecision.Approved, "Back-out plan is solid.");
        await host.VoteAsync(id, "ben", ApprovalDecision.Rejected, "Clashes with the payroll run.");
        await host.VoteAsync(id, "cleo", ApprovalDecision.Approved, "Fine by the network team.");
        (await host.ApprovalAsync(id)).State.Should().Be(ApprovalState.Pending, "2 approvals of 5 are not 60 %");
        await host.VoteAsync(id, "dan", ApprovalDecision.Approved, null);

        var decided = await host.ApprovalAsync(id);
        decided.State.Should().Be(ApprovalState.Approved);
        decided.Outcome.Should().Be("3 of 5 approvers approved (3 needed).");
        (await host.OpenTasksAsync(instance)).Select(t => t.ElementId).Should().Equal(["schedule"], "eve's task ends with the decision and the gateway takes the approved path");

        var notes = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RecordNotes.AsNoTracking()
            .Where(n => n.RecordNumber == change).OrderBy(n => n.Id).Select(n => n.Text).ToListAsync());
        notes.Should().Contain(["Ana approved: Back-out plan is solid.", "Ben rejected: Clashes with the payroll run.", "Cleo approved: Fine by the network team.", "Dan approved."]);
        var audit = await host.InScopeAsync(s => s.GetRequiredService<RecordTimeline>().AuditAsync(change, CancellationToken.None));
        audit.Where(a => a.Field == "approvalVote").Select(a => (a.ChangedBy, a.NewValue)).Should().Equal(
            ("ana", "approved (Change advisory board): Back-out plan is solid."),
            ("ben", "rejected (Change advisory board): Clashes with the payroll run."),
            ("cleo", "approved (Change advisory board): Fine by the network team."),
            ("dan", "approved (Change advisory board)"));
        audit.Should().ContainSingle(a => a.Field == "approval" && a.OldValue == "Pending" && a.NewValue == "Approved" && a.ChangedBy == "dan");
    }

    [Fact]
    public async Task Test2_cab_of_five_two_rejections_reject_and_the_workflow_takes_the_rejected_path()
    {
        var change = await host.ChangeAsync(2);
        var instance = await host.StartAsync(change);
        var id = await host.ApprovalIdAsync(change);

        await host.VoteAsync(id, "ana", ApprovalDecision.Rejected, "No test plan.");
        await host.VoteAsync(id, "eve", ApprovalDecision.Rejected, "Too close to year end.");

        var decided = await host.ApprovalAsync(id);
        decided.State.Should().Be(ApprovalState.Rejected);
        decided.Outcome.Should().Be("2 of 5 approvers rejected (2 reject).");
        (await host.OpenTasksAsync(instance)).Select(t => t.ElementId).Should().Equal("rework");
    }

    [Fact]
    public async Task Test2_cab_without_quorum_by_the_due_date_escalates_to_the_change_manager_who_decides_alone()
    {
        var change = await host.ChangeAsync(3);
        var instance = await host.StartAsync(change);
        var id = await host.ApprovalIdAsync(change);
        await host.VoteAsync(id, "ana", ApprovalDecision.Approved, "OK for me.");

        host.Time.Advance(TimeSpan.FromHours(47)); // Wednesday 08:00 UTC: not due yet
        await host.RunJobsAsync<ApprovalDueJob>();
        (await host.ApprovalAsync(id)).State.Should().Be(ApprovalState.Pending);
        host.Time.Advance(TimeSpan.FromHours(2));
        await host.RunJobsAsync<ApprovalDueJob>();

        var escalated = await host.ApprovalAsync(id);
        escalated.State.Should().Be(ApprovalState.Escalated);
        escalated.Approvers.Where(a => a.IsActive).Select(a => a.UserName).Should().Equal("chris");
        escalated.Approvers.Single(a => a.UserName == "ana").Comment.Should().Be("OK for me.", "earlier votes stay on record");
        (await host.OpenTasksAsync(instance)).Select(t => (t.ElementId, t.Assignee)).Should().Equal(("vote", "chris"));

        var lateVote = () => host.VoteAsync(id, "ben", ApprovalDecision.Approved);
        await lateVote.Should().ThrowAsync<ApprovalForbiddenException>();
        await host.VoteAsync(id, "chris", ApprovalDecision.Approved, "Approved on behalf of the CAB.");

        (await host.ApprovalAsync(id)).State.Should().Be(ApprovalState.Approved);
        (await host.OpenTasksAsync(instance)).Select(t => t.ElementId).Should().Equal("schedule");
    }

    [Fact]
    public async Task Bad_input_a_vote_by_a_non_approver_is_forbidden_a_second_vote_conflicts_and_a_rejection_needs_a_comment()
    {
        var change = await host.ChangeAsync(4);
        await host.StartAsync(change);
        var id = await host.ApprovalIdAsync(change);

        var outsider = () => host.VoteAsync(id, "rita", ApprovalDecision.Approved);
        await outsider.Should().ThrowAsync<ApprovalForbiddenException>();
        var silentRejection = () => host.VoteAsync(id, "ana", ApprovalDecision.Rejected, "  ");
        (await silentRejection.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("comment");
        await host.VoteAsync(id, "ana", ApprovalDecision.Approved);
        var again = () => host.VoteAsync(id, "ana", ApprovalDecision.Rejected, "Changed my mind.");
        await again.Should().ThrowAsync<ApprovalConflictException>();

        await host.VoteAsync(id, "ben", ApprovalDecision.Rejected, "No.");
        await host.VoteAsync(id, "cleo", ApprovalDecision.Rejected, "No.");
        var onDecided = () => host.VoteAsync(id, "dan", ApprovalDecision.Approved);
        (await onDecided.Should().ThrowAsync<ApprovalConflictException>()).Which.State.Should().Be(ApprovalState.Rejected);
        (await host.ApprovalAsync(id)).Approvers.Count(a => a.Decision is not null).Should().Be(3, "nothing of a refused vote is stored");
    }

    [Fact]
    public async Task Rules_name_each_invalid_field_and_nothing_is_stored()
    {
        var act = () => host.InScopeAsync(s => s.GetRequiredService<ApprovalRules>().CreateAsync(new ApprovalRuleInput
        {
            Key = "bad key", Name = "", RecordKind = "XYZ", Policy = ApprovalPolicy.Percent, PolicyValue = 150, CabGroup = "nobody",
            DueAction = DueAction.Escalate, EscalateTo = "ghost",
        }, "admin", CancellationToken.None));

        (await act.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys
            .Should().BeEquivalentTo("key", "name", "recordKind", "policyValue", "cabGroup", "duePeriod", "escalateTo");
        (await host.InScopeAsync(s => s.GetRequiredService<ApprovalRules>().ListAsync(CancellationToken.None))).Should().ContainSingle();
    }
}
