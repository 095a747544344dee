using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Continuity;

/// <summary>Issue 21 test 1 (BIA → RTO, tier and a CMDB gap) and the BIA's bad input.</summary>
public sealed class BusinessImpactTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ContinuityTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ContinuityTestHost.StartAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>Revenue moderate (tolerable) at 4 h and intolerable at 8 h; regulatory intolerable at 24 h.</summary>
    public static BiaInput Test1Analysis => new()
    {
        RpoMinutes = 60,
        Ratings =
        [
            new("revenue", 60, ImpactRating.Minor), new("revenue", 240, ImpactRating.Moderate), new("revenue", 480, ImpactRating.Major, Intolerable: true),
            new("revenue", 1440, ImpactRating.Severe, Intolerable: true),
            new("legal-regulatory", 60, ImpactRating.None), new("legal-regulatory", 480, ImpactRating.Moderate),
            new("legal-regulatory", 1440, ImpactRating.Severe, Intolerable: true),
        ],
    };

    [Fact]
    public async Task Test1_revenue_intolerable_at_8h_and_regulatory_at_24h_give_RTO_8h_business_critical_and_a_dependency_recovering_in_12h_is_a_gap()
    {
        var analysis = await host.ApprovedAnalysisAsync(Test1Analysis);

        analysis.MtpdMinutes.Should().Be(480);
        analysis.RtoMinutes.Should().Be(480);
        analysis.RpoMinutes.Should().Be(60);
        analysis.Tier.Should().Be(RecoveryTier.BusinessCritical);
        analysis.ReviewDue.Should().Be(new DateOnly(2027, 12, 7));
        var view = (await host.Continuity<ContinuityQueries, BiaView?>(q => q.BiaAsync(host.Service, Ct)))!;
        view.TierLabel.Should().Be("Business critical");
        view.RtoLabel.Should().Be("8 h");
        view.Ratings.Should().Contain(r => r.CategoryName == "Revenue" && r.DurationLabel == "8 h" && r.Intolerable);

        // The application recovers in 4 h (within the RTO); the server it runs on in 12 h: a gap, found through the CMDB.
        await host.Continuity<BusinessImpactAnalyses, CiRecoveryCapability>(b => b.SetRecoveryCapabilityAsync(host.App, 240, ContinuityTestHost.By, Ct));
        await host.Continuity<BusinessImpactAnalyses, CiRecoveryCapability>(b => b.SetRecoveryCapabilityAsync(host.Server, 720, ContinuityTestHost.By, Ct));
        var gaps = await host.Continuity<BusinessImpactAnalyses, GapAnalysis>(b => b.GapsAsync(host.Service, Ct));

        gaps.DependenciesChecked.Should().Be(2);
        gaps.Gaps.Should().ContainSingle().Which.Number.Should().Be(host.Server);
        gaps.Gaps[0].Reason.Should().Contain("12 h").And.Contain("8 h");
        gaps.Gaps[0].Via.Should().Be(host.App);
        gaps.WithoutCapability.Should().BeEmpty();
    }

    [Fact]
    public void Tiers_follow_the_RTO_bounds()
    {
        BusinessImpactAnalyses.TierOf(240).Should().Be(RecoveryTier.MissionCritical);
        BusinessImpactAnalyses.TierOf(241).Should().Be(RecoveryTier.BusinessCritical);
        BusinessImpactAnalyses.TierOf(1440).Should().Be(RecoveryTier.BusinessCritical);
        BusinessImpactAnalyses.TierOf(4320).Should().Be(RecoveryTier.Essential);
        BusinessImpactAnalyses.TierOf(10080).Should().Be(RecoveryTier.Essential);
        BusinessImpactAnalyses.TierOf(null).Should().Be(RecoveryTier.NonEssential);
        ContinuityLabels.Tier(RecoveryTier.NonEssential).Should().Be("Non-essential");
        ContinuityLabels.Duration(430).Should().Be("7 h 10 min");
    }

    [Fact]
    public async Task A_BIA_without_ratings_or_with_an_unknown_category_or_an_RTO_above_the_MTPD_is_refused_and_nothing_is_stored()
    {
        var empty = () => host.Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis>(b => b.SaveAsync(host.Service, new BiaInput { Ratings = [] }, ContinuityTestHost.By, Ct));
        (await empty.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("ratings");

        var wrong = () => host.Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis>(b => b.SaveAsync(host.Service,
            Test1Analysis with { RtoMinutes = 600, Ratings = [.. Test1Analysis.Ratings!, new("weather", 60, ImpactRating.Minor)] }, ContinuityTestHost.By, Ct));
        var errors = (await wrong.Should().ThrowAsync<RecordValidationException>()).Which.Errors;
        errors["ratings"].Should().ContainSingle(m => m.Contains("weather"));
        errors["rtoMinutes"].Should().ContainSingle(m => m.Contains("8 h"));

        var onApp = () => host.Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis>(b => b.SaveAsync(host.App, Test1Analysis, ContinuityTestHost.By, Ct));
        (await onApp.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("service");

        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<BusinessImpactAnalysis>().CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Admins_add_impact_categories_and_a_duplicate_key_is_refused()
    {
        var added = await host.Continuity<BusinessImpactAnalyses, ContinuityImpactCategory>(b => b.AddCategoryAsync(new NewImpactCategory("Safety", "Health and safety"), Ct));
        added.Key.Should().Be("safety");
        var categories = await host.Continuity<BusinessImpactAnalyses, IReadOnlyList<ContinuityImpactCategory>>(b => b.CategoriesAsync(Ct));
        categories.Select(c => c.Key).Should().Equal("revenue", "legal-regulatory", "reputation", "workforce", "customers", "safety");

        var again = () => host.Continuity<BusinessImpactAnalyses, ContinuityImpactCategory>(b => b.AddCategoryAsync(new NewImpactCategory("safety", "Safety"), Ct));
        (await again.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("key");
    }
}
