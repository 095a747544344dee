using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 18, test 8 (the calendar's part): the change calendar on the demo data at 1440×900 and 390×844 shows the
/// two demo changes of tonight, the Exchange upgrade marked as conflicting, its conflicts in words and its next free
/// slot; the windows and freezes pages list the demo's; the demo's coming CAB meeting on the calendar (test 5); the
/// change, calendar and CAB pages as an agent and as the change manager carl at both widths.
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
            await page.WaitForAddressAsync("**/changes/freezes/FRZ*");
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

    [Fact]
    public async Task Test5_the_calendar_shows_the_coming_CAB_meeting_in_its_own_colour_and_the_change_pages_read_well_for_an_agent_and_the_change_manager()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("cab.agent", Password, Roles.Agent);
        string unplanned;
        string demoChange;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            unplanned = await scope.ServiceProvider.GetRequiredService<RecordNumbers>().NextAsync(RecordNumbers.Change, Ct);
            db.Changes.Add(new Change
            {
                Number = unplanned, ShortDescription = "Replace the UPS batteries", OpenedBy = "carl", State = ChangeState.Authorize, Type = ChangeType.Normal,
                AssignmentGroup = ChangeService.DefaultGroup, ImplementationPlan = "One string at a time.", BackoutPlan = "Put the old ones back.",
                OpenedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
            demoChange = await db.Changes.AsNoTracking().Where(c => c.ShortDescription == "Upgrade the core switch firmware").Select(c => c.Number).SingleAsync(Ct);
        }

        var carl = await browser.SignedInPageAsync("carl", DemoBrowserHost.DemoPassword, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(carl, "cab-calendar", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(carl, "changes/calendar");
            var meeting = carl.Locator(".wi-cab-meeting").Filter(new LocatorFilterOptions { HasText = "Weekly CAB meeting" }).First;
            await meeting.WaitForAsync();
            (await meeting.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor")).Should().Be("rgb(173, 20, 87)", "CAB meetings have their own colour");
            (await carl.GetByTestId("legend-cab-meeting").InnerTextAsync()).Should().Be("CAB meeting");
            await Screenshot(carl, "cab-calendar-carl-1440");
            await meeting.ClickAsync();
            await carl.WaitForAddressAsync(url => url.Contains("/changes/cab/meetings/", StringComparison.Ordinal));
            (await carl.GetByTestId("meeting-title").InnerTextAsync()).Should().StartWith("Weekly CAB");
            await Screenshot(carl, "cab-meeting-carl-1440");
            await BrowserHost.PhoneWidthAsync(carl);
            await Screenshot(carl, "cab-meeting-carl-390");
            await BrowserHost.GoToInteractiveAsync(carl, "changes/cab");
            await Screenshot(carl, "cab-page-carl-390");
            await BrowserHost.DesktopWidthAsync(carl);
            await BrowserHost.GoToInteractiveAsync(carl, "changes/cab");
            // The board reads in words and names: its schedule, and the chair's name runs on in its sentence.
            (await carl.GetByTestId("board-schedule-text").First.InnerTextAsync()).Should().StartWith("Meets Tuesdays at");
            var board = await carl.GetByTestId("board").First.InnerTextAsync();
            board.Should().Contain("Chaired by Carl; members:").And.NotContain("for colin");
            await Screenshot(carl, "cab-page-carl-1440");
        });

        await BrowserHost.WithScreenshotOnFailureAsync(carl, "change-unplanned", async () =>
        {
            // Scheduling a change without its window is refused on the page, on both fields.
            await BrowserHost.GoToInteractiveAsync(carl, $"changes/{unplanned}");
            await carl.GetByTestId("action-Scheduled").ClickAsync();
            var startField = carl.Locator(".mud-input-control").Filter(new LocatorFilterOptions { Has = carl.GetByTestId("change-planned-start") });
            await startField.GetByText("Give the planned start before scheduling.").WaitForAsync();
            var endField = carl.Locator(".mud-input-control").Filter(new LocatorFilterOptions { Has = carl.GetByTestId("change-planned-end") });
            (await endField.InnerTextAsync()).Should().Contain("Give the planned end before scheduling.");
            (await carl.GetByTestId("change-state").InnerTextAsync()).Should().Be(ChangeLabels.State(ChangeState.Authorize));
            await Screenshot(carl, "change-unplanned-carl-1440");

            await BrowserHost.GoToInteractiveAsync(carl, $"changes/{demoChange}");
            await carl.GetByTestId("change-risk-reason").WaitForAsync();
            (await carl.GetByTestId("change-risk-reason").InnerTextAsync()).Should().NotContain("group network");
            (await carl.GetByTestId("change-activity").InnerTextAsync()).Should().Contain("Planned start:").And.NotContain("UTC");
            await Screenshot(carl, "change-record-carl-1440");
            await BrowserHost.PhoneWidthAsync(carl);
            await Screenshot(carl, "change-record-carl-390");
        });

        var agent = await browser.SignedInPageAsync("cab.agent", Password, 390, 844);
        await BrowserHost.WithScreenshotOnFailureAsync(agent, "change-agent", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(agent, $"changes/{demoChange}");
            await agent.GetByTestId("change-risk-reason").WaitForAsync();
            await Screenshot(agent, "change-record-agent-390");
            await BrowserHost.GoToInteractiveAsync(agent, "changes/calendar");
            await agent.Locator(".fc-list, .fc-list-empty").First.WaitForAsync();
            await Screenshot(agent, "cab-calendar-agent-390");
            await BrowserHost.GoToInteractiveAsync(agent, "changes/cab");
            await Screenshot(agent, "cab-page-agent-390");
            await BrowserHost.DesktopWidthAsync(agent);
            await BrowserHost.GoToInteractiveAsync(agent, $"changes/{demoChange}");
            await agent.GetByTestId("change-risk-reason").WaitForAsync();
            await Screenshot(agent, "change-record-agent-1440");
            await BrowserHost.GoToInteractiveAsync(agent, "changes/cab");
            await Screenshot(agent, "cab-page-agent-1440");
        });
    }


    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
