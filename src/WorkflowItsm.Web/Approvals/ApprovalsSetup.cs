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
                new MenuEntry(1450, "Approval rules", Icons.Material.Filled.Rule, "approvals/rules") { Roles = RuleEditors, Section = MenuSections.Administration },
            ],
            Api = api => api.MapApprovalsApi(),
            // The page of a signed link: the crawl opens it with a link that is no longer valid.
            CrawlEntries = [new CrawlEntry("approvals/vote/expired-demo-link", MenuRoles.Staff)],
            DemoData = SeedDemoAsync,
        });
        return builder;
    }

    /// <summary>
    /// The demo's approvers, all in one place: the change managers are carl, admin and dana; the CAB is carl, cora,
    /// colin, dana and eli; the ECAB carl and dana (the groups and rules are the product's defaults, ensured at every start).
    /// </summary>
    private static async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var groups = services.GetRequiredService<DirectoryGroups>();
        (string Group, string[] People)[] members = [("change-managers", ["carl", "admin", "dana"]), ("cab", ["carl", "cora", "colin", "dana", "eli"]), ("ecab", ["carl", "dana"])];
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
    }
}
