using System.Security.Claims;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Tests.Modules;

/// <summary>The host assembled from its modules: the same menu, record links and recurring jobs as when one file listed them.</summary>
public sealed class WebModulesTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public void The_menu_lists_every_module_entry_in_order_for_its_roles()
    {
        var entries = host.Services.GetRequiredService<MainMenu>().Entries;

        entries.Select(entry => (entry.Label, entry.Href, entry.Roles ?? (entry.Public ? "everyone" : "signed in"))).Should().Equal(
            ("Home", "", "everyone"),
            ("Self-service", "portal", "signed in"),
            ("Service catalog", "portal/catalog", "signed in"),
            ("Processes", "processes", "process-owner,admin"),
            ("Tasks", "tasks", "agent,process-owner,change-manager,cab-member,admin"),
            ("Incidents", "incidents", "agent,process-owner,change-manager,cab-member,admin"),
            ("Requests", "requests", "agent,process-owner,change-manager,cab-member,admin"),
            ("On-call schedules", "escalations/schedules", "agent,process-owner,change-manager,cab-member,admin"),
            ("Escalation policies", "escalations/policies", "agent,process-owner,change-manager,cab-member,admin"),
            ("Escalation reports", "escalations/reports", "agent,process-owner,change-manager,cab-member,admin"),
            ("My on-call", "escalations/me", "agent,process-owner,change-manager,cab-member,admin"),
            ("My approvals", "approvals/mine", "agent,process-owner,change-manager,cab-member,admin"),
            ("Problems", "problems", "agent,process-owner,change-manager,cab-member,admin"),
            ("Changes", "changes", "agent,process-owner,change-manager,cab-member,admin"),
            ("Change calendar", "changes/calendar", "agent,process-owner,change-manager,cab-member,admin"),
            ("CAB meetings", "changes/cab", "agent,process-owner,change-manager,cab-member,admin"),
            ("Change windows", "changes/windows", "agent,process-owner,change-manager,cab-member,admin"),
            ("Change freezes", "changes/freezes", "agent,process-owner,change-manager,cab-member,admin"),
            ("Releases", "releases", "agent,process-owner,change-manager,cab-member,admin"),
            ("Configuration", "configuration", "agent,process-owner,change-manager,cab-member,admin"),
            ("Assets", "assets", "agent,process-owner,change-manager,cab-member,admin"),
            ("Software", "software", "agent,process-owner,change-manager,cab-member,admin"),
            ("SLA compliance", "reports/service-levels", "agent,process-owner,change-manager,cab-member,admin"),
            ("Service continuity", "continuity", "agent,process-owner,change-manager,cab-member,admin"),
            ("Instances", "instances", "process-owner,admin"),
            ("Directory", "admin/directory", "admin"),
            ("Notification templates", "admin/notifications", "admin"),
            ("SLA definitions", "admin/service-levels", "admin"),
            ("Routing rules", "admin/routing-rules", "admin"),
            ("Categories", "admin/categories", "admin"),
            ("Jobs (Hangfire)", "hangfire", "admin"),
            ("Service accounts", "admin/service-accounts", "admin"),
            ("Webhooks", "admin/webhooks", "admin"),
            ("Inbound mail", "admin/inbound-mail", "admin"),
            ("API reference", "api/docs", "admin"),
            ("Approval rules", "approvals/rules", "change-manager,admin"));
    }

    [Fact]
    public void The_menu_folds_change_work_and_administration_into_sections_and_leaves_out_what_a_person_does_not_see()
    {
        var menu = host.Services.GetRequiredService<MainMenu>();
        static ClaimsPrincipal Person(params string[] roles) => new(new ClaimsIdentity(
            [new(ClaimTypes.Name, "someone"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));
        static string Shape(IReadOnlyList<MenuItem> items) =>
            string.Join(" | ", items.Select(i => i.Section is null ? i.Entries[0].Label : $"{i.Section}: {string.Join(", ", i.Entries.Select(e => e.Label))}"));

        Shape(menu.For(Person("admin"))).Should().Be(
            "Home | Self-service | Service catalog | Processes | Tasks | Incidents | Requests"
            + " | On call and escalation: On-call schedules, Escalation policies, Escalation reports, My on-call | My approvals | Problems"
            + " | Change and release: Changes, Change calendar, CAB meetings, Change windows, Change freezes, Releases"
            + " | Configuration | Assets | Software | SLA compliance | Service continuity | Instances"
            + " | Administration: Directory, Notification templates, SLA definitions, Routing rules, Categories, Jobs (Hangfire), Service accounts, Webhooks, Inbound mail, API reference, Approval rules");
        Shape(menu.For(Person("change-manager"))).Should().EndWith("Software | SLA compliance | Service continuity | Administration: Approval rules");
        Shape(menu.For(Person("requester"))).Should().Be("Home | Self-service | Service catalog");
        Shape(menu.For(new ClaimsPrincipal(new ClaimsIdentity()))).Should().Be("Home");
    }

    [Fact]
    public void A_record_number_links_to_the_page_of_the_module_showing_its_kind()
    {
        var links = host.Services.GetRequiredService<RecordPages>();

        links.Of("INC0001001").Should().Be("incidents/INC0001001");
        links.Of("PRB0001002").Should().Be("problems/PRB0001002");
        links.Of("CI0001003").Should().Be("configuration/CI0001003");
        links.Of("AST0001004").Should().Be("assets/AST0001004");
        links.Of("CHG0001001").Should().Be("changes/CHG0001001");
        links.Of("REL0001001").Should().Be("releases/REL0001001");
        links.Of("REQ0001001").Should().Be("requests/REQ0001001");
        links.Of("RITM0001001").Should().Be("requested-items/RITM0001001");
    }

    [Fact]
    public void The_longest_prefix_wins_when_one_prefix_starts_another()
    {
        var links = new RecordPages(
        [
            new WebModule("Requests") { RecordPages = [new RecordPage("REQ", "requests")] },
            new WebModule("Request items") { RecordPages = [new RecordPage("REQI", "request-items")] },
        ]);

        links.Of("REQI0001001").Should().Be("request-items/REQI0001001");
        links.Of("REQ0001001").Should().Be("requests/REQ0001001");
    }

    [Fact]
    public void Each_module_declares_its_recurring_jobs_at_start()
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();

        var declared = connection.GetRecurringJobs().Select(job => job.Id).ToList();
        declared.Should().NotContain(Runtime.Timers.TimerPumpJob.ReplacedRecurringJobId, "the timer pump replaced the timer reconciliation");
        declared.Should().Contain(
        [
            Runtime.Timers.TimerPumpJob.RecurringJobId,
            Itsm.ServiceLevels.SlaReconciliationJob.RecurringJobId,
            Itsm.Problems.RecurringIncidentDetectionJob.RecurringJobId,
        ]);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
