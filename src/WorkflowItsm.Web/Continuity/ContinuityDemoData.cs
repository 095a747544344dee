using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Continuity;

/// <summary>
/// The demo's continuity data, on the ERP service of the demo CMDB (or its first business service): its business
/// impact analysis (revenue intolerable at 8 h, regulatory at 24 h: RTO 8 h, business critical), submitted and approved
/// by the admin as a continuity manager (so its RTO feeds the plan), recovery
/// capabilities of what it depends on (the first one 12 h: a gap), a plan owned by the admin with four steps (6 h along
/// its critical path), a quarterly tabletop drill schedule and two risks. Made through the real services; nothing
/// happens when a plan is there already (or the CMDB has no service).
/// </summary>
internal static class ContinuityDemoData
{
    private const string By = "admin";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.Set<ContinuityPlan>().AnyAsync(cancellationToken))
        {
            return;
        }

        var service = await db.ConfigurationItems.AsNoTracking()
            .Where(c => db.CiClasses.Any(k => k.Id == c.ClassId && k.Key == CmdbSeed.BusinessService))
            .OrderBy(c => c.ShortDescription == "ERP" ? 0 : 1).ThenBy(c => c.Id).Select(c => c.Number).FirstOrDefaultAsync(cancellationToken);
        if (service is null)
        {
            return;
        }

        var bias = services.GetRequiredService<BusinessImpactAnalyses>();
        await bias.EnsureDefaultCategoriesAsync(cancellationToken);
        await bias.SaveAsync(service, new BiaInput
        {
            RpoMinutes = 60,
            Ratings =
            [
                new("revenue", 60, ImpactRating.Minor), new("revenue", 240, ImpactRating.Moderate), new("revenue", 480, ImpactRating.Major, Intolerable: true),
                new("legal-regulatory", 480, ImpactRating.Moderate), new("legal-regulatory", 1440, ImpactRating.Severe, Intolerable: true),
                new("reputation", 240, ImpactRating.Minor), new("reputation", 1440, ImpactRating.Major),
            ],
        }, By, cancellationToken);
        await ApproveAsync(services, service, cancellationToken);

        var dependencies = await services.GetRequiredService<ImpactAnalysis>().UpstreamAsync(service, 3, cancellationToken);
        foreach (var (dependency, i) in dependencies.Items.Take(4).Select((d, i) => (d, i)))
        {
            await bias.SetRecoveryCapabilityAsync(dependency.Number, i == 0 ? 720 : 240, By, cancellationToken);
        }

        var plans = services.GetRequiredService<ContinuityPlans>();
        var plan = await plans.CreateAsync(new NewContinuityPlan
        {
            Service = service, Title = "ERP recovery", Owner = By, Contacts = "ERP on-call: +41 44 555 01 01; vendor support: +41 44 555 09 09",
            Cis = [.. dependencies.Items.Take(4).Select(d => d.Number)],
            Steps =
            [
                new() { Order = 1, Name = "Restore the database from the last backup", Owner = By, EstimateMinutes = 120, Runbook = "Runbook DB-07: restore the nightly backup, then replay the logs.", RequiredEvidence = "Restore log with the last transaction time" },
                new() { Order = 2, Name = "Start the application servers", EstimateMinutes = 180, DependsOn = [1], Runbook = "Start the cluster nodes one by one; wait for the health check.", RequiredEvidence = "Health check output" },
                new() { Order = 3, Name = "Reconnect the interfaces", EstimateMinutes = 60, DependsOn = [1], Runbook = "Re-enable the bank and payroll interfaces." },
                new() { Order = 4, Name = "Verify with a test posting", Owner = By, EstimateMinutes = 60, DependsOn = [2, 3], RequiredEvidence = "Document number of the test posting" },
            ],
        }, By, cancellationToken);
        await plans.ActivateAsync(plan.Id, By, cancellationToken);
        await services.GetRequiredService<ContinuityDrills>().AddScheduleAsync(plan.Id, new DrillScheduleInput(DrillType.Tabletop, "0 9 1 */3 *", null), By, cancellationToken);

        var risks = services.GetRequiredService<ContinuityRisks>();
        var review = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddMonths(6);
        await risks.CreateAsync(new ContinuityRiskInput
        {
            Title = "Ransomware encrypts the ERP database", Likelihood = 3, Impact = 5, Owner = By, Mitigations = "Immutable backups; restore drilled every quarter.",
            ReviewDate = review, Services = [service], Plans = [plan.Id],
        }, By, cancellationToken);
        await risks.CreateAsync(new ContinuityRiskInput
        {
            Title = "Loss of the primary data centre", Likelihood = 1, Impact = 5, Owner = By, Mitigations = "Second site with replicated storage.", ReviewDate = review, Services = [service],
        }, By, cancellationToken);
    }

    /// <summary>Submits the analysis and approves it as the admin, made a continuity manager for it.</summary>
    private static async Task ApproveAsync(IServiceProvider services, string service, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<ContinuityApprovalDefaults>().EnsureAsync(cancellationToken);
        var groups = services.GetRequiredService<WorkflowItsm.Itsm.Directory.DirectoryGroups>();
        if (!(await groups.MembersOfAsync([BusinessImpactAnalyses.ManagersGroup], cancellationToken)).Contains(By))
        {
            await groups.AddMemberAsync(BusinessImpactAnalyses.ManagersGroup, By, cancellationToken);
        }

        var analysis = await services.GetRequiredService<BusinessImpactAnalyses>().SubmitAsync(service, By, cancellationToken);
        var db = services.GetRequiredService<ItsmDbContext>();
        var approval = await db.Approvals.AsNoTracking().Where(a => a.RecordNumber == analysis.Number && a.State == WorkflowItsm.Itsm.Approvals.ApprovalState.Pending)
            .Select(a => a.Id).FirstAsync(cancellationToken);
        await services.GetRequiredService<WorkflowItsm.Itsm.Approvals.ApprovalService>()
            .VoteAsync(approval, By, WorkflowItsm.Itsm.Approvals.ApprovalDecision.Approved, "Reviewed with the ERP service owner.", cancellationToken);
    }
}
