using Microsoft.Playwright;
using WorkflowItsm.Web.Tests.Accessibility;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 21, test 7: the owner of the demo's ERP plan (the admin) opens the continuity overview, finds the ERP service
/// business critical with a compliant plan, opens the plan, runs a tabletop drill from it and works its steps in
/// dependency order — the first one is refused without its evidence (said beside the field), then done with it —
/// until the drill ends and its measured recovery time and outcome appear. Screenshots at 1440×900 and 390×844.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class ContinuityBrowserTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    [Fact]
    public async Task Test7_an_owner_runs_a_tabletop_drill_from_the_plan_page_to_its_outcome()
    {
        browser.SkipIfUnavailable();
        var owner = await browser.SignedInPageAsync("admin", WebHostFactory.AdminPassword, 1440, 900);

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-overview", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(owner, "continuity");
            var erp = owner.Locator("[data-testid=continuity-services] tbody tr").Filter(new LocatorFilterOptions { HasText = "ERP recovery" });
            await Assertions.Expect(erp).ToHaveCountAsync(1);
            (await erp.GetByTestId("continuity-tier").InnerTextAsync()).Should().Be("Business critical");
            (await erp.GetByTestId("continuity-compliance").InnerTextAsync()).Should().Be("Compliant");
            (await erp.GetByTestId("continuity-last-drill").InnerTextAsync()).Should().Be("Never drilled");
            (await erp.GetByTestId("continuity-gaps").InnerTextAsync()).Should().Be("1", "the demo's first dependency of ERP recovers in 12 h against an RTO of 8 h");
            (await erp.InnerTextAsync()).Should().Contain("8 h").And.Contain("1 h").And.NotContain("BusinessCritical");
            await CheckAccessibilityAsync(owner, "The continuity overview");
            await Screenshot(owner, "continuity-overview-1440");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-overview-390");
            await BrowserHost.DesktopWidthAsync(owner);
            await erp.GetByTestId("continuity-plan-link").ClickAsync();
        });

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-plan", async () =>
        {
            await WaitForTextAsync(owner.GetByTestId("plan-title"), "ERP recovery");
            await BrowserHost.WaitForInteractiveAsync(owner);
            (await owner.GetByTestId("plan-compliance").InnerTextAsync()).Should().Be("Compliant");
            (await owner.GetByTestId("plan-compliance-why").InnerTextAsync()).Should().Contain("6 h").And.Contain("8 h").And.Contain("7 h");
            (await owner.GetByTestId("plan-step").CountAsync()).Should().Be(4);
            (await owner.Locator("[data-testid=plan-step][data-step='4'] [data-testid=plan-step-facts]").InnerTextAsync()).Should().Contain("depends on step 2, step 3");
            (await owner.GetByTestId("plan-gap").CountAsync()).Should().Be(1);
            (await owner.GetByTestId("plan-risk").CountAsync()).Should().Be(2);
            await CheckAccessibilityAsync(owner, "The plan page");
            await Screenshot(owner, "continuity-plan-1440");

            // The type is chosen among labels, then the drill starts through the domain: the steps depending on nothing are ready.
            await owner.GetByTestId("drill-type").Locator("..").ClickAsync();
            await owner.Locator(".mud-popover-open .mud-list-item").GetByText("Tabletop", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await owner.Locator(".mud-popover-open").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await owner.GetByTestId("start-drill").ClickAsync();
            await WaitForTextAsync(owner.GetByTestId("running-drill"), "Tabletop drill");
            (await StepState(owner, 1).InnerTextAsync()).Should().Be("Ready");
            (await StepState(owner, 2).InnerTextAsync()).Should().Be("Waiting");
        });

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-drill", async () =>
        {
            // Step 1 asks for the restore log: without it the server refuses, and says so beside the field.
            await Step(owner, 1).GetByTestId("start-step").ClickAsync();
            await WaitForTextAsync(StepState(owner, 1), "In progress");
            await Step(owner, 1).GetByTestId("complete-step").ClickAsync();
            await Step(owner, 1).GetByTestId("confirm-complete").ClickAsync();
            await Step(owner, 1).GetByTestId("complete-form").GetByText("cannot complete without its evidence", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            (await StepState(owner, 1).InnerTextAsync()).Should().Be("In progress", "nothing was stored");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-drill-refused-390");
            await BrowserHost.DesktopWidthAsync(owner);
            await Step(owner, 1).GetByTestId("step-evidence").FillAsync("Restore log: last transaction 02:14:09");
            await Step(owner, 1).GetByTestId("confirm-complete").ClickAsync();
            await WaitForTextAsync(StepState(owner, 1), "Done");
            // Steps 2 and 3 waited only on step 1: both are ready now, step 4 still waits for them.
            await WaitForTextAsync(StepState(owner, 2), "Ready");
            (await StepState(owner, 3).InnerTextAsync()).Should().Be("Ready");
            (await StepState(owner, 4).InnerTextAsync()).Should().Be("Waiting");
            await Screenshot(owner, "continuity-drill-1440");

            await CompleteAsync(owner, 2, "Health check: all 4 nodes green");
            await CompleteAsync(owner, 3, null);
            await WaitForTextAsync(StepState(owner, 4), "Ready");
            await CompleteAsync(owner, 4, "Test posting 5100000123", waitForDone: false);
        });

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-drill-ended", async () =>
        {
            // The last step ended the drill: its measured time against the RTO and its outcome appear, and the history keeps it.
            await WaitForTextAsync(owner.GetByTestId("drill-result"), "passed");
            (await owner.GetByTestId("drill-result").InnerTextAsync()).Should().Contain("tabletop").And.Contain("min").And.Contain("RTO of 8 h");
            await Assertions.Expect(owner.GetByTestId("running-drill")).ToHaveCountAsync(0);
            await Assertions.Expect(owner.GetByTestId("run-drill")).ToHaveCountAsync(1);
            (await owner.GetByTestId("drill-outcome").InnerTextAsync()).Should().Be("Passed");
            (await owner.GetByTestId("drill-measured").InnerTextAsync()).Should().EndWith("min");
            await CheckAccessibilityAsync(owner, "The plan page after a drill");
            await Screenshot(owner, "continuity-drill-ended-1440");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-plan-390");
            await BrowserHost.DesktopWidthAsync(owner);

            // The overview shows the drill as the service's last one.
            await BrowserHost.GoToInteractiveAsync(owner, "continuity");
            var erp = owner.Locator("[data-testid=continuity-services] tbody tr").Filter(new LocatorFilterOptions { HasText = "ERP recovery" });
            await WaitForTextAsync(erp.GetByTestId("continuity-last-drill"), "Tabletop");
            (await erp.GetByTestId("continuity-last-drill").InnerTextAsync()).Should().Contain("Passed");
        });
    }

    private static ILocator Step(IPage page, int order) => page.Locator($"[data-testid=drill-step][data-step='{order}']");

    private static ILocator StepState(IPage page, int order) => Step(page, order).GetByTestId("drill-step-state");

    private static async Task CompleteAsync(IPage page, int order, string? evidence, bool waitForDone = true)
    {
        await Step(page, order).GetByTestId("complete-step").ClickAsync();
        if (evidence is not null)
        {
            await Step(page, order).GetByTestId("step-evidence").FillAsync(evidence);
        }

        await Step(page, order).GetByTestId("confirm-complete").ClickAsync();
        if (waitForDone)
        {
            await WaitForTextAsync(StepState(page, order), "Done");
        }
    }

    private static Task WaitForTextAsync(ILocator locator, string expected) =>
        Assertions.Expect(locator).ToContainTextAsync(expected, new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });

    private static async Task CheckAccessibilityAsync(IPage page, string what)
    {
        if (Axe.UnavailableReason is null)
        {
            // The confirmations fade out on their own; half faded, their text is too faint for the contrast check.
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
            (await Axe.CheckAsync(page)).Should().BeEmpty($"{what} has names for every control and enough contrast");
        }
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
