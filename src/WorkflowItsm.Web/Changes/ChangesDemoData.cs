using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Risk;
using WorkflowItsm.Itsm.Changes.Templates;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Changes;

/// <summary>
/// The demo's changes: a standard change template (and a change from it), risk settings (a condition, two questions,
/// a threshold) and eight changes across the states, on CIs of the demo CMDB, one closed unsuccessful (with its
/// incident). Made through the real services; nothing happens when changes are there already.
/// </summary>
internal static class ChangesDemoData
{
    private const string By = "admin";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.Changes.AnyAsync(cancellationToken))
        {
            return;
        }

        var settings = services.GetRequiredService<ChangeRiskSettings>();
        await settings.AddConditionAsync(new RiskConditionInput(10, "Critical CI touched", RiskConditionKind.AffectedCiCriticality, "Critical", ChangeRisk.High), cancellationToken);
        await settings.AddQuestionAsync(new RiskQuestionInput(10, "Is there a tested back-out?", [new("Yes, tested", 0), new("Yes, untested", 2), new("No", 4)]), cancellationToken);
        await settings.AddQuestionAsync(new RiskQuestionInput(20, "Will users notice an outage?", [new("No", 0), new("Briefly", 2), new("Yes", 4)]), cancellationToken);
        await settings.SetThresholdAsync(new RiskThresholdInput(4, ChangeRisk.Moderate), cancellationToken);
        await settings.SetThresholdAsync(new RiskThresholdInput(7, ChangeRisk.High), cancellationToken);

        var group = await db.Groups.AnyAsync(g => g.Key == "network", cancellationToken) ? "network" : ChangeService.DefaultGroup;
        var template = await services.GetRequiredService<StandardChangeCatalog>().CreateAsync(new StandardChangeTemplateInput(
            "Monthly OS patching of a server", "Apply the monthly OS patches", Category: null, Reason: "Security patches of the month.",
            ImplementationPlan: "Drain the server, apply the patches, reboot, put it back.", BackoutPlan: "Uninstall the patches and reboot.",
            TestPlan: "Health check green, service responds.", AssignmentGroup: group, DurationMinutes: 90), By, cancellationToken);

        var cis = await db.ConfigurationItems.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Number).Take(8).ToListAsync(cancellationToken);
        string? Ci(int i) => cis.Count == 0 ? null : cis[i % cis.Count];
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var tonight = now.Date.AddDays(1).AddHours(22);
        var changes = services.GetRequiredService<ChangeService>();

        async Task AddAsync(NewChange change, ChangeState target, ChangeCloseCode? closeCode = null)
        {
            var created = await changes.CreateAsync(change with
            {
                AffectedCis = change.ConfigurationItem is { } ci ? [ci] : null,
                ImplementationPlan = change.ImplementationPlan ?? "Follow the vendor's runbook step by step.",
                BackoutPlan = change.BackoutPlan ?? "Restore the snapshot taken before the work.",
                TestPlan = change.TestPlan ?? "Smoke test of the service.",
            }, By, cancellationToken);
            await MoveAsync(services, created.Number, target, closeCode, cancellationToken);
        }

        await AddAsync(new NewChange { TemplateId = template.TemplateId, ConfigurationItem = Ci(0), PlannedStart = tonight }, ChangeState.Scheduled);
        await AddAsync(new NewChange { ShortDescription = "Upgrade the core switch firmware", ConfigurationItem = Ci(1), Impact = 2, AssignmentGroup = group,
            PlannedStart = tonight.AddDays(3), PlannedEnd = tonight.AddDays(3).AddHours(2) }, ChangeState.Authorize);
        await AddAsync(new NewChange { ShortDescription = "Add memory to the ERP database server", ConfigurationItem = Ci(2), AssignmentGroup = group,
            PlannedStart = tonight.AddDays(5), PlannedEnd = tonight.AddDays(5).AddHours(1) }, ChangeState.Assess);
        await AddAsync(new NewChange { ShortDescription = "Renew the VPN gateway certificate", ConfigurationItem = Ci(3), AssignmentGroup = group,
            PlannedStart = tonight.AddDays(-2), PlannedEnd = tonight.AddDays(-2).AddHours(1) }, ChangeState.Closed, ChangeCloseCode.Successful);
        await AddAsync(new NewChange { ShortDescription = "Migrate the mail relay to the new cluster", ConfigurationItem = Ci(4), AssignmentGroup = group, Impact = 2,
            PlannedStart = tonight.AddDays(-5), PlannedEnd = tonight.AddDays(-5).AddHours(3) }, ChangeState.Closed, ChangeCloseCode.Unsuccessful);
        await AddAsync(new NewChange { Type = ChangeType.Emergency, ShortDescription = "Block the exploited port on the firewall", ConfigurationItem = Ci(5), Impact = 1,
            AssignmentGroup = group, PlannedStart = now.AddHours(1), PlannedEnd = now.AddHours(2) }, ChangeState.Implement);
        await AddAsync(new NewChange { ShortDescription = "Decommission the old print server", ConfigurationItem = Ci(6) }, ChangeState.New);
        await AddAsync(new NewChange { ShortDescription = "Rebalance the Wi-Fi channels on floor 3", ConfigurationItem = Ci(7), AssignmentGroup = group,
            PlannedStart = tonight.AddDays(-1), PlannedEnd = tonight.AddDays(-1).AddHours(1) }, ChangeState.Review);
    }

    /// <summary>Moves a change along its type's happy path to <paramref name="target"/> (its workflow may have moved it some steps already).</summary>
    private static async Task MoveAsync(IServiceProvider services, string number, ChangeState target, ChangeCloseCode? closeCode, CancellationToken cancellationToken)
    {
        var changes = services.GetRequiredService<ChangeService>();
        var db = services.GetRequiredService<ItsmDbContext>();
        for (var guard = 0; guard < 10; guard++)
        {
            var change = await db.Changes.AsNoTracking().FirstAsync(c => c.Number == number, cancellationToken);
            var path = ChangeLifecycle.HappyPath(change.Type);
            var at = path.ToList().IndexOf(change.State);
            if (at < 0 || at >= path.ToList().IndexOf(target))
            {
                return;
            }

            var next = path[at + 1];
            await changes.TransitionAsync(number, new ChangeTransition(next, next == ChangeState.Closed ? closeCode : null,
                next == ChangeState.Closed ? (closeCode == ChangeCloseCode.Unsuccessful ? "The relay dropped mail for an hour; rolled back." : "Done as planned.") : null), By, cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
