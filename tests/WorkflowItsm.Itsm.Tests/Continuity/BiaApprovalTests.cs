using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Continuity;

/// <summary>
/// A business impact analysis goes through the approval engine (rule continuity-bia): draft → in review → approved, or
/// back to draft with the approver's reason; only what was approved feeds the plan's RTO.
/// </summary>
public sealed class BiaApprovalTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ContinuityTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ContinuityTestHost.StartAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => CancellationToken.None;

    private Task<BusinessImpactAnalysis> SaveAsync(BiaInput? input = null) =>
        host.Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis>(b => b.SaveAsync(host.Service, input ?? BusinessImpactTests.Test1Analysis, ContinuityTestHost.By, Ct));

    private Task<BusinessImpactAnalysis> SubmitAsync() =>
        host.Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis>(b => b.SubmitAsync(host.Service, ContinuityTestHost.By, Ct));

    private Task<Approval> VoteAsync(string approvalId, string user, ApprovalDecision decision, string? comment = null) =>
        host.Continuity<ApprovalService, Approval>(a => a.VoteAsync(approvalId, user, decision, comment, Ct));

    private async Task<BusinessImpactAnalysis> ReadAsync() => (await host.Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis?>(b => b.FindAsync(host.Service, Ct)))!;

    private Task<ContinuityPlan> PlanAsync() => host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(new NewContinuityPlan
    {
        Service = host.Service, Title = "Payments recovery", Owner = ContinuityTestHost.Owner, Steps = ContinuityPlanTests.SixHourSteps,
    }, ContinuityTestHost.By, Ct));

    [Fact]
    public async Task A_submitted_analysis_approved_by_a_continuity_manager_is_approved_and_only_then_feeds_the_plan_its_RTO()
    {
        var draft = await SaveAsync();
        draft.Number.Should().StartWith("BIA");
        draft.State.Should().Be(BiaState.Draft);
        var plan = await PlanAsync();
        plan.Compliant.Should().BeNull("a draft analysis gives the plan no RTO yet");

        var submitted = await SubmitAsync();
        submitted.State.Should().Be(BiaState.InReview);
        var approvalId = await host.PendingApprovalAsync(submitted.Number);
        var approval = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.Include(a => a.Approvers).AsNoTracking().SingleAsync(a => a.Id == approvalId));
        approval.RuleKey.Should().Be(BusinessImpactAnalyses.ApprovalRule);
        approval.Approvers.Select(a => a.UserName).Should().Contain(ContinuityTestHost.Owner);

        (await VoteAsync(approvalId, ContinuityTestHost.Owner, ApprovalDecision.Approved)).State.Should().Be(ApprovalState.Approved);

        var approved = await ReadAsync();
        approved.State.Should().Be(BiaState.Approved);
        (approved.ApprovedRtoMinutes, approved.ApprovedRpoMinutes, approved.ApprovedBy).Should().Be((480, 60, ContinuityTestHost.Owner));
        var view = (await host.Continuity<ContinuityQueries, PlanView?>(q => q.PlanAsync(plan.Id, Ct)))!;
        view.RtoLabel.Should().Be("8 h");
        view.ComplianceLabel.Should().Be("Compliant", "approving the analysis checks the service's plans against its RTO");
        (await host.Continuity<ContinuityQueries, BiaView?>(q => q.BiaAsync(host.Service, Ct)))!.StateLabel.Should().Be("Approved");

        // A revision (regulatory now intolerable at 4 h) is a draft again; the plan keeps the approved 8 h until it is approved.
        var revised = await SaveAsync(BusinessImpactTests.Test1Analysis with
        {
            Ratings = [.. BusinessImpactTests.Test1Analysis.Ratings!, new("legal-regulatory", 240, ImpactRating.Severe, Intolerable: true)],
        });
        revised.State.Should().Be(BiaState.Draft);
        revised.RtoMinutes.Should().Be(240);
        (await host.Continuity<ContinuityQueries, PlanView?>(q => q.PlanAsync(plan.Id, Ct)))!.RtoLabel.Should().Be("8 h");
    }

    [Fact]
    public async Task A_rejected_analysis_goes_back_to_draft_with_the_reason_and_a_non_approver_may_not_vote()
    {
        await SaveAsync();
        var submitted = await SubmitAsync();
        var approvalId = await host.PendingApprovalAsync(submitted.Number);

        var stranger = () => VoteAsync(approvalId, ContinuityTestHost.By, ApprovalDecision.Approved);
        await stranger.Should().ThrowAsync<ApprovalForbiddenException>();

        await VoteAsync(approvalId, ContinuityTestHost.Owner, ApprovalDecision.Rejected, "Workforce impact is not rated.");

        var returned = await ReadAsync();
        returned.State.Should().Be(BiaState.Draft);
        returned.ReturnReason.Should().Be("Workforce impact is not rated.");
        returned.ApprovedRtoMinutes.Should().BeNull();
        (await host.Continuity<ContinuityQueries, BiaView?>(q => q.BiaAsync(host.Service, Ct)))!.ReturnReason.Should().Be("Workforce impact is not rated.");

        // Submitted again, the reason goes; a second submit while in review is refused naming the allowed moves.
        (await SubmitAsync()).ReturnReason.Should().BeNull();
        var twice = SubmitAsync;
        await twice.Should().ThrowAsync<RecordTransitionException>();
    }

    [Fact]
    public async Task Changing_an_analysis_in_review_cancels_its_approval_and_makes_it_a_draft()
    {
        await SaveAsync();
        var submitted = await SubmitAsync();
        var approvalId = await host.PendingApprovalAsync(submitted.Number);

        (await SaveAsync(BusinessImpactTests.Test1Analysis with { RpoMinutes = 30 })).State.Should().Be(BiaState.Draft);

        var approval = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking().SingleAsync(a => a.Id == approvalId));
        approval.State.Should().Be(ApprovalState.Cancelled);
    }
}
