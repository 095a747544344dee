using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 18, test 8 (the calendar's part): the change calendar on the demo data at 1440×900 and 390×844 shows the
/// two demo changes of tonight, the Exchange upgrade marked as conflicting, its conflicts in words and its next free
/// slot; the windows and freezes pages list the demo's.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class ChangeCalendarBrowserTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    private const string Password = "Change-Calendar-Browser-1!";

    [Fact]
    public async Task Scenario_8_the_change_calendar_shows_a_conflict_and_the_next_free_slot_at_desktop_and_phone_width()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("cal.agent", Password, Roles.Agent);
        var page = await browser.SignedInPageAsync("cal.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "change-calendar", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "changes/calendar");
            var conflicting = page.Locator(".wi-change-conflict").Filter(new LocatorFilterOptions { HasText = "Upgrade Exchange Server" }).First;
            await conflicting.WaitForAsync();
            (await conflicting.InnerTextAsync()).Should().Contain("⚠");
            (await page.GetByTestId("change-calendar").InnerTextAsync()).Should().Contain("Patch vm-mail-01");

            var upgrade = page.GetByTestId("conflict-change").Filter(new LocatorFilterOptions { HasText = "Upgrade Exchange Server" });
            (await upgrade.InnerTextAsync()).Should().Contain("Exchange Server runs on vm-mail-01").And.Contain("outside its maintenance window").And.Contain("ben works on");
            await upgrade.GetByTestId("find-free-slot").ClickAsync();
            await upgrade.GetByTestId("free-slot").WaitForAsync();
            (await upgrade.GetByTestId("free-slot").InnerTextAsync()).Should().Contain("First free slot");
            await Screenshot(page, "change-calendar-1440");

            await BrowserHost.PhoneWidthAsync(page);
            await BrowserHost.GoToInteractiveAsync(page, "changes/calendar");
            await page.Locator(".fc-list").WaitForAsync();
            await page.Locator(".fc-list-event").Filter(new LocatorFilterOptions { HasText = "Upgrade Exchange Server" }).First.WaitForAsync();
            await Screenshot(page, "change-calendar-390");
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).Should().BeTrue("the calendar fits a phone");

            await BrowserHost.DesktopWidthAsync(page);
            await BrowserHost.GoToInteractiveAsync(page, "changes/windows");
            (await page.GetByTestId("window-list").InnerTextAsync()).Should().Contain("Mail Sunday night").And.Contain("Year-end freeze");
            await Screenshot(page, "change-windows-1440");
            await BrowserHost.GoToInteractiveAsync(page, "changes/freezes");
            // Its state depends on whether the approval test of this class ran first.
            (await page.GetByTestId("freeze-list").InnerTextAsync()).Should().Contain("Quarter-end lockdown");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "change-freezes-390");
        });
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Scenario_4_a_change_manager_approves_the_submitted_freeze_on_its_page_and_it_is_enforced(int width, int height)
    {
        browser.SkipIfUnavailable();
        var page = await browser.SignedInPageAsync("carl", DemoBrowserHost.DemoPassword, width, height);
        await BrowserHost.WithScreenshotOnFailureAsync(page, $"change-freeze-approval-{width}", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "changes/freezes");
            var link = page.GetByTestId("freeze-link").Filter(new LocatorFilterOptions { HasText = "Quarter-end lockdown" });
            await link.ClickAsync();
            await page.WaitForURLAsync("**/changes/freezes/FRZ*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
            await page.GetByTestId("approval-panel").WaitForAsync();
            var header = page.GetByTestId("freeze-state");
            if (width == 1440)
            {
                (await header.InnerTextAsync()).Should().Contain("Awaiting approval");
                (await page.GetByTestId("approval").InnerTextAsync()).Should().Contain("Change freeze");
                await Screenshot(page, "change-freeze-awaiting-1440");
                await page.GetByTestId("approve").ClickAsync();
                await page.GetByTestId("freeze-enforced").WaitForAsync();
                (await header.InnerTextAsync()).Should().Contain("Enforced");
                (await page.GetByTestId("freeze-activity").InnerTextAsync()).Should().Contain("Enforced");
            }

            await Screenshot(page, $"change-freeze-{width}");
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).Should().BeTrue("the freeze page fits the screen");
        });
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
