using MudBlazor;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Approvals;

internal static class ApprovalsSetup
{
    /// <summary>Change managers and admins define approval rules.</summary>
    public const string RuleEditors = Roles.ChangeManager + "," + Roles.Admin;

    /// <summary>The approval engine: its domain module, "My approvals" for staff, the rules page, its API, the signed email-link page.</summary>
    public static WebApplicationBuilder AddApprovalsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddApprovals();
        builder.Services.AddWebModule(new WebModule("Approvals")
        {
            Menu =
            [
                new MenuEntry(450, "My approvals", Icons.Material.Filled.HowToVote, "approvals/mine") { Roles = MenuRoles.Staff },
                new MenuEntry(1450, "Approval rules", Icons.Material.Filled.Rule, "approvals/rules") { Roles = RuleEditors },
            ],
            Api = api => api.MapApprovalsApi(),
            // The page of a signed link: the crawl opens it with a link that is no longer valid.
            CrawlEntries = [new CrawlEntry("approvals/vote/expired-demo-link", MenuRoles.Staff)],
            DemoData = SeedDemoAsync,
        });
        return builder;
    }

    /// <summary>
    /// The change approval rules of the demo: the change manager alone for low risk, the CAB (60 % approve, 2
    /// rejections reject, due in 2 business days, then the change manager decides) and the ECAB for emergencies.
    /// </summary>
    private static async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var rules = services.GetRequiredService<ApprovalRules>();
        if ((await rules.ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var groups = services.GetRequiredService<DirectoryGroups>();
        await groups.EnsureAsync("change-managers", "Change managers", "Authorize low-risk changes; decide escalated approvals.", cancellationToken);
        await groups.EnsureAsync("cab", "Change advisory board", "Authorizes moderate- and high-risk changes.", cancellationToken);
        await groups.EnsureAsync("ecab", "Emergency CAB", "Authorizes emergency changes within hours.", cancellationToken);
        (string Group, string[] People)[] members = [("change-managers", ["carl"]), ("cab", ["carl", "cora", "colin", "dana", "eli"]), ("ecab", ["carl", "dana"])];
        foreach (var (group, people) in members)
        {
            foreach (var person in people)
            {
                try
                {
                    await groups.AddMemberAsync(group, person, cancellationToken);
                }
                catch (KeyNotFoundException)
                {
                    // A demo without that person (a trimmed directory): the group simply has fewer members.
                }
            }
        }

        await rules.CreateAsync(new ApprovalRuleInput
        {
            Key = "change-manager", Name = "Change manager", RecordKind = "CHG", Policy = ApprovalPolicy.Anyone, ApproverGroups = ["change-managers"],
            DuePeriod = 1, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.None,
        }, "demo", cancellationToken);
        await rules.CreateAsync(new ApprovalRuleInput
        {
            Key = "change-cab", Name = "Change advisory board", RecordKind = "CHG", Policy = ApprovalPolicy.Percent, PolicyValue = 60,
            Rejection = RejectionPolicy.Count, RejectionValue = 2, CabGroup = "cab",
            DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.Escalate, EscalateTo = "change-managers",
        }, "demo", cancellationToken);
        await rules.CreateAsync(new ApprovalRuleInput
        {
            Key = "change-ecab", Name = "Emergency CAB", RecordKind = "CHG", Policy = ApprovalPolicy.Anyone, CabGroup = "ecab",
            DuePeriod = 4, DueUnit = DueUnit.BusinessHours, DueAction = DueAction.Escalate, EscalateTo = "change-managers",
        }, "demo", cancellationToken);
    }
}
