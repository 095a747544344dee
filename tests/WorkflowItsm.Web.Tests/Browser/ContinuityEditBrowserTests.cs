using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using static WorkflowItsm.Web.Tests.Browser.ContinuityBrowserTests;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// The continuity editing pages on the demo data: the owner (admin) opens the ERP service's impact analysis from the
/// overview, sees its approved objectives, marks revenue intolerable at 4 h and watches RTO and tier follow, then
/// submits it for approval; the plan's edit form refuses a step cycle naming its steps beside them and saves new
/// contacts; the plan page's drill schedule form names an invalid cron beside its field and shows when a valid one
/// next runs. A process owner (staff who only reads) opens the same pages read-only. Screenshots at 1440×900 and 390×844.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class ContinuityEditBrowserTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    private const string Reader = "continuity-reader";

    [Fact]
    public async Task The_owner_edits_the_analysis_and_the_plan_and_schedules_drills_and_a_reader_sees_them_read_only()
    {
        browser.SkipIfUnavailable();
        var owner = await browser.SignedInPageAsync("admin", WebHostFactory.AdminPassword, 1440, 900);
        string analysisUrl = "", planUrl = "";

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-bia", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(owner, "continuity");
            var erp = owner.Locator("[data-testid=continuity-services] tbody tr").Filter(new LocatorFilterOptions { HasText = "ERP recovery" });
            (await erp.GetByTestId("continuity-bia-state").InnerTextAsync()).Should().Be("Analysis: approved");
            await erp.GetByTestId("continuity-bia-link").ClickAsync();
            await owner.WaitForAddressAsync("**/continuity/analyses/**");
            await BrowserHost.WaitForInteractiveAsync(owner);
            analysisUrl = owner.Url;
            await WaitForTextAsync(owner.GetByTestId("bia-state"), "Approved");
            (await owner.GetByTestId("bia-approved").InnerTextAsync()).Should().Contain("RTO 8 h").And.Contain("RPO 1 h");
            (await owner.GetByTestId("bia-rto").InnerTextAsync()).Should().Contain("8 h");
            (await owner.GetByTestId("bia-tier").InnerTextAsync()).Should().Contain("Business critical");
            (await owner.GetByTestId("bia-grid").InnerTextAsync()).Should().Contain("Revenue").And.Contain("after 4 h").And.Contain("Major").And.NotContain("legal-regulatory");
            await CheckAccessibilityAsync(owner, "The impact analysis page");
            await Screenshot(owner, "continuity-bia-1440");

            // Revenue intolerable from 4 h: the MTPD, RTO and tier follow at once, before anything is saved.
            await Cell(owner, "revenue", 240).Locator("input[type=checkbox]").CheckAsync();
            await WaitForTextAsync(owner.GetByTestId("bia-rto"), "4 h");
            (await owner.GetByTestId("bia-tier").InnerTextAsync()).Should().Contain("Mission critical");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-bia-390");
            await BrowserHost.DesktopWidthAsync(owner);

            await owner.GetByTestId("bia-submit").ClickAsync();
            await WaitForTextAsync(owner.GetByTestId("bia-state"), "In review");
            (await owner.GetByTestId("bia-in-review").InnerTextAsync()).Should().Contain("waiting for");
            // The plan keeps the approved 8 h until the revision is approved.
            (await owner.GetByTestId("bia-approved").InnerTextAsync()).Should().Contain("RTO 8 h");
            await Screenshot(owner, "continuity-bia-in-review-1440");
        });

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-plan-edit", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(owner, "continuity");
            await owner.Locator("[data-testid=continuity-plan-link]").Filter(new LocatorFilterOptions { HasText = "ERP recovery" }).ClickAsync();
            await WaitForTextAsync(owner.GetByTestId("plan-title"), "ERP recovery");
            await BrowserHost.WaitForInteractiveAsync(owner);
            planUrl = owner.Url;
            await owner.GetByTestId("plan-edit").ClickAsync();
            await owner.WaitForAddressAsync("**/edit");
            await BrowserHost.WaitForInteractiveAsync(owner);
            await Assertions.Expect(owner.GetByTestId("plan-edit-step")).ToHaveCountAsync(4);
            await CheckAccessibilityAsync(owner, "The plan edit page");
            await Screenshot(owner, "continuity-plan-edit-1440");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-plan-edit-390");
            await BrowserHost.DesktopWidthAsync(owner);

            // Step 1 made to wait for step 4, which waits (through 2 and 3) for step 1: refused, the cycle named, nothing saved.
            await owner.GetByTestId("plan-edit-step").First.GetByTestId("plan-edit-step-depends").Locator("..").ClickAsync();
            await owner.Locator(".mud-popover-open .mud-list-item").GetByText("Step 4", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            // A multi-select stays open after a pick, and its overlay takes the next click (Escape only works while it has the focus).
            await BrowserHost.CloseOpenSelectAsync(owner);
            await owner.GetByTestId("plan-edit-save").ClickAsync();
            await WaitForTextAsync(owner.GetByTestId("plan-edit-steps-error").First, "cycle");
            (await owner.GetByTestId("plan-edit-steps-error").First.InnerTextAsync()).Should().Contain("→ 4").And.Contain("1 →");
            await Screenshot(owner, "continuity-plan-edit-cycle-1440");

            // Reloaded, the cycle is gone (nothing was stored); new contacts are saved and shown on the plan.
            await BrowserHost.GoToInteractiveAsync(owner, owner.Url);
            await Assertions.Expect(owner.GetByTestId("plan-edit-step")).ToHaveCountAsync(4);
            await owner.GetByTestId("plan-edit-contacts").FillAsync("ERP on-call: +41 44 555 01 02");
            await owner.GetByTestId("plan-edit-save").ClickAsync();
            await owner.WaitForAddressAsync(url => !url.EndsWith("/edit", StringComparison.Ordinal));
            await WaitForTextAsync(owner.GetByTestId("plan-facts"), "+41 44 555 01 02");
        });

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-schedule", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(owner, planUrl);
            await WaitForTextAsync(owner.GetByTestId("plan-title"), "ERP recovery");
            var before = await owner.GetByTestId("plan-schedule").CountAsync();
            await owner.GetByTestId("schedule-cron").FillAsync("every quarter");
            await owner.GetByTestId("add-schedule").ClickAsync();
            await WaitForTextAsync(owner.GetByTestId("plan-schedules"), "'every quarter'");
            await Assertions.Expect(owner.GetByTestId("plan-schedule")).ToHaveCountAsync(before);
            await Screenshot(owner, "continuity-schedule-invalid-1440");

            await owner.GetByTestId("schedule-cron").FillAsync("0 9 * * 1");
            await owner.GetByTestId("add-schedule").ClickAsync();
            await Assertions.Expect(owner.GetByTestId("plan-schedule")).ToHaveCountAsync(before + 1);
            var added = owner.GetByTestId("plan-schedule").Filter(new LocatorFilterOptions { HasText = "0 9 * * 1" });
            (await added.InnerTextAsync()).Should().Contain("next");
            (await owner.GetByTestId("plan-schedules").InnerTextAsync()).Should().NotContain("'every quarter'");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-schedule-390");
            await BrowserHost.DesktopWidthAsync(owner);
        });

        await browser.Host.CreateUserAsync(Reader, DemoBrowserHost.DemoPassword, Roles.ProcessOwner);
        var reader = await browser.SignedInPageAsync(Reader, DemoBrowserHost.DemoPassword, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(reader, "continuity-read-only", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(reader, analysisUrl);
            await WaitForTextAsync(reader.GetByTestId("bia-read-only"), "You can read");
            await Assertions.Expect(reader.GetByTestId("bia-submit")).ToHaveCountAsync(0);
            await CheckAccessibilityAsync(reader, "The impact analysis page, read only");
            await Screenshot(reader, "continuity-bia-reader-1440");
            await BrowserHost.PhoneWidthAsync(reader);
            await Screenshot(reader, "continuity-bia-reader-390");
            await BrowserHost.DesktopWidthAsync(reader);

            await BrowserHost.GoToInteractiveAsync(reader, planUrl + "/edit");
            await WaitForTextAsync(reader.GetByTestId("plan-edit-read-only"), "You can read");
            await Assertions.Expect(reader.GetByTestId("plan-edit-save")).ToHaveCountAsync(0);
            await Screenshot(reader, "continuity-plan-edit-reader-1440");
            await BrowserHost.PhoneWidthAsync(reader);
            await Screenshot(reader, "continuity-plan-edit-reader-390");
            await BrowserHost.DesktopWidthAsync(reader);

            await BrowserHost.GoToInteractiveAsync(reader, planUrl);
            await WaitForTextAsync(reader.GetByTestId("plan-title"), "ERP recovery");
            await Assertions.Expect(reader.GetByTestId("plan-edit")).ToHaveCountAsync(0);
            await Assertions.Expect(reader.GetByTestId("schedule-form")).ToHaveCountAsync(0);
        });
    }

    private static ILocator Cell(IPage page, string category, int duration) =>
        page.Locator($"[data-testid=bia-row][data-category='{category}'] [data-testid=bia-cell][data-duration='{duration}']");
}
