using Microsoft.Playwright;
using WorkflowItsm.Web.Tests.Accessibility;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 21, test 7: the owner of the demo's ERP plan (the admin) opens the continuity overview, finds the ERP service
/// business critical with a compliant plan, opens the plan, runs a tabletop drill from it and works its steps in
/// dependency order as the tasks of workflows/continuity-drill.bpmn — the first one on its task page, refused without
/// its evidence (said beside the field), then done with it; the others from the plan page, which completes the same
/// tasks — until the drill ends, its outcome appears and its archived report prints; then the drill page and the risk
/// heat map. Screenshots at 1440×900 and 390×844.
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

            // The type is chosen among labels, then the drill starts its workflow: the step depending on nothing is a task at once.
            await owner.GetByTestId("drill-type").Locator("..").ClickAsync();
            await owner.Locator(".mud-popover-open .mud-list-item").GetByText("Tabletop", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await owner.Locator(".mud-popover-open").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await owner.GetByTestId("start-drill").ClickAsync();
            await WaitForTextAsync(owner.GetByTestId("running-drill"), "Tabletop drill");
            (await StepState(owner, 1).InnerTextAsync()).Should().Be("In progress");
            (await StepState(owner, 2).InnerTextAsync()).Should().Be("Waiting");
            await Assertions.Expect(Step(owner, 2).GetByTestId("drill-step-task")).ToHaveCountAsync(0);
        });

        var planPage = owner.Url;
        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-drill-task", async () =>
        {
            // Step 1 is a task of the drill's workflow: its page shows the drill, the plan and the step.
            await Step(owner, 1).GetByTestId("drill-step-task").ClickAsync();
            await owner.WaitForAddressAsync("**/tasks/**");
            await BrowserHost.WaitForInteractiveAsync(owner);
            await WaitForTextAsync(owner.GetByTestId("task-record"), "step 1");
            (await owner.GetByTestId("task-subject-title").InnerTextAsync()).Should().Contain("Restore the database").And.Contain("ERP recovery");
            (await owner.GetByTestId("task-subject-description").InnerTextAsync()).Should().Contain("Evidence required: Restore log");

            // Without the restore log the continuity module refuses the completion, and says so beside the field.
            await owner.GetByTestId("complete").ClickAsync();
            var evidence = owner.Locator("[data-testid=field][data-field-id=evidence]");
            await WaitForTextAsync(evidence, "cannot complete without its evidence");
            await Screenshot(owner, "continuity-drill-task-refused-1440");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-drill-task-refused-390");
            await BrowserHost.DesktopWidthAsync(owner);
            await evidence.Locator("input").FillAsync("Restore log: last transaction 02:14:09");
            var taskUrl = owner.Url;
            await owner.GetByTestId("complete").ClickAsync();
            // Completed: the page moves on to the next task of the queue, or the inbox.
            await owner.WaitForAddressAsync(url => url != taskUrl);
        });

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-drill", async () =>
        {
            await owner.GotoAsync(planPage, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await BrowserHost.WaitForInteractiveAsync(owner);
            await WaitForTextAsync(StepState(owner, 1), "Done");
            // Steps 2 and 3 waited only on step 1: both are tasks now, step 4 still waits for them.
            await WaitForTextAsync(StepState(owner, 2), "In progress");
            (await StepState(owner, 3).InnerTextAsync()).Should().Be("In progress");
            (await StepState(owner, 4).InnerTextAsync()).Should().Be("Waiting");
            await Assertions.Expect(Step(owner, 2).GetByTestId("drill-step-task")).ToHaveCountAsync(1);
            await Screenshot(owner, "continuity-drill-1440");

            // Completing on the plan page completes the same tasks.
            await CompleteAsync(owner, 2, "Health check: all 4 nodes green");
            await CompleteAsync(owner, 3, null);
            await WaitForTextAsync(StepState(owner, 4), "In progress");
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

        await BrowserHost.WithScreenshotOnFailureAsync(owner, "continuity-drill-report", async () =>
        {
            // From the plan's history to the archived report, printable.
            await owner.GotoAsync(planPage, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await BrowserHost.WaitForInteractiveAsync(owner);
            await owner.GetByTestId("drill-history-report").First.ClickAsync();
            await owner.WaitForAddressAsync("**/report");
            await WaitForTextAsync(owner.GetByTestId("report-title"), "ERP recovery");
            (await owner.GetByTestId("report-outcome").InnerTextAsync()).Should().Be("Passed");
            (await owner.GetByTestId("report-time").InnerTextAsync()).Should().Contain("against an RTO of 8 h: within");
            (await owner.GetByTestId("report-archived").InnerTextAsync()).Should().StartWith("Archived on the plan");
            (await owner.GetByTestId("report-step").CountAsync()).Should().Be(4);
            (await owner.GetByTestId("report-steps").InnerTextAsync()).Should().Contain("Restore log: last transaction 02:14:09");
            await CheckAccessibilityAsync(owner, "The drill report");
            await Screenshot(owner, "continuity-report-1440");
            await owner.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await Assertions.Expect(owner.Locator(".mud-appbar")).ToBeHiddenAsync();
            await Screenshot(owner, "continuity-report-print");
            await owner.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-report-390");
            await BrowserHost.DesktopWidthAsync(owner);

            // The drill page lists the steps with their stored times.
            await owner.GetByText("Back to the drill").ClickAsync();
            await owner.WaitForAddressAsync("**/continuity/drills/*");
            await BrowserHost.WaitForInteractiveAsync(owner);
            await WaitForTextAsync(owner.GetByTestId("drill-state"), "Passed");
            (await owner.GetByTestId("drill-page-step").CountAsync()).Should().Be(4);
            await CheckAccessibilityAsync(owner, "The drill page");
            await Screenshot(owner, "continuity-drill-page-1440");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-drill-page-390");
            await BrowserHost.DesktopWidthAsync(owner);

            await BrowserHost.GoToInteractiveAsync(owner, "continuity/risks");
            await Assertions.Expect(owner.Locator("[data-testid=risk-cell][data-likelihood='3'][data-impact='5'] [data-testid=risk-in-cell]")).ToHaveCountAsync(1);
            await CheckAccessibilityAsync(owner, "The risk heat map");
            await Screenshot(owner, "continuity-risks-1440");
            await BrowserHost.PhoneWidthAsync(owner);
            await Screenshot(owner, "continuity-risks-390");
            await BrowserHost.DesktopWidthAsync(owner);
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

    internal static Task WaitForTextAsync(ILocator locator, string expected) =>
        Assertions.Expect(locator).ToContainTextAsync(expected, new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });

    internal static async Task CheckAccessibilityAsync(IPage page, string what)
    {
        if (Axe.UnavailableReason is null)
        {
            // The confirmations fade out on their own; half faded, their text is too faint for the contrast check.
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
            (await Axe.CheckAsync(page)).Should().BeEmpty($"{what} has names for every control and enough contrast");
        }
    }

    internal static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
