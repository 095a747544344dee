using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 18, test 5 in a real browser: the change manager builds the next agenda of the board, runs the meeting
/// item by item (a rejection needs a note) and closes it; the decisions are stored.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class CabBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Carl-Chair-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Test5_the_change_manager_runs_the_cab_meeting_item_by_item_and_closes_it()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("carl.chair", Password, Roles.ChangeManager);
        long boardId;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("cab-browser", "Browser test CAB", null, Ct);
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            var soon = DateTime.UtcNow.AddDays(2);
            db.Changes.AddRange(
                Change("CHG0009101", "Upgrade the core switch firmware", ChangeRisk.High, soon),
                Change("CHG0009102", "Move the ERP database to new storage", ChangeRisk.Moderate, soon.AddHours(3)));
            await db.SaveChangesAsync(Ct);
            boardId = (await scope.ServiceProvider.GetRequiredService<CabDefinitions>().AddAsync(
                new CabDefinitionInput("Browser CAB", "0 3 * * 1", "UTC", 60, 15, "carl.chair", "cab-browser"), Ct)).Id;
        }

        var page = await browser.SignedInPageAsync("carl.chair", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "cab", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "changes/cab");
            (await page.TitleAsync()).Should().StartWith("Change advisory boards");
            var board = page.GetByTestId("board").Filter(new LocatorFilterOptions { HasText = "Browser CAB" });
            await board.GetByTestId("build-agenda").ClickAsync();
            var meeting = page.GetByTestId("meeting").Filter(new LocatorFilterOptions { HasText = "Browser CAB" });
            await meeting.GetByText("2 changes on the agenda.").WaitForAsync();
            await meeting.GetByTestId("meeting-link").ClickAsync();
            await page.GetByTestId("agenda-item").First.WaitForAsync();
            (await page.GetByTestId("agenda-item").Locator("a").AllInnerTextsAsync()).Should().Equal("CHG0009101", "CHG0009102");

            await page.GetByTestId("start-meeting").ClickAsync();
            await page.GetByTestId("meeting-state").GetByText("In progress").WaitForAsync();
            var first = page.Locator("[data-testid=agenda-item][data-change=CHG0009101]");
            await first.GetByTestId("reject").ClickAsync();
            await first.GetByText("Say why the change is rejected.").WaitForAsync();
            await first.GetByTestId("decision-note").FillAsync("Back-out plan reviewed.");
            await first.GetByTestId("approve").ClickAsync();
            await first.GetByTestId("decision").GetByText("Approved").WaitForAsync();
            await Screenshot(page, "cab-meeting-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "cab-meeting-390");
            await BrowserHost.DesktopWidthAsync(page);

            await page.GetByTestId("minutes").FillAsync("Firmware approved; storage move not reached.");
            await page.GetByTestId("close-meeting").ClickAsync();
            await page.GetByTestId("meeting-state").GetByText("Held").WaitForAsync();
            await page.GetByTestId("meeting-minutes").GetByText("storage move not reached").WaitForAsync();
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        var items = await check.ServiceProvider.GetRequiredService<ItsmDbContext>().CabMeetings.Where(m => m.CabDefinitionId == boardId)
            .SelectMany(m => m.Items).OrderBy(i => i.Position).Select(i => new { i.ChangeNumber, i.Decision, i.DecidedBy }).ToListAsync(Ct);
        items.Should().Equal([new { ChangeNumber = "CHG0009101", Decision = CabDecision.Approved, DecidedBy = (string?)"carl.chair" },
            new { ChangeNumber = "CHG0009102", Decision = CabDecision.Deferred, DecidedBy = (string?)"carl.chair" }]);
    }

    private static Change Change(string number, string title, ChangeRisk risk, DateTime start) => new()
    {
        Number = number, ShortDescription = title, OpenedBy = "carl.chair", Type = ChangeType.Normal, Risk = risk, State = ChangeState.Authorize,
        PlannedStart = start, PlannedEnd = start.AddHours(1),
    };

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
