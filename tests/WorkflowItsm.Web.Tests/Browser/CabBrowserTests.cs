using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 18, test 5 in a real browser: the change manager builds the next agenda of the board and runs the meeting
/// item by item — the board's vote (through the approval engine, on the meeting page) decides one change by itself,
/// the chair defers the other — and closes it; the decisions are stored.
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
            // The board votes through the approval engine: anyone of the group decides.
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync("cab-browser", "carl.chair", Ct);
            await scope.ServiceProvider.GetRequiredService<ApprovalRules>().CreateAsync(new ApprovalRuleInput
            {
                Key = "browser-cab", Name = "Browser CAB vote", RecordKind = "CHG", Policy = ApprovalPolicy.Anyone, CabGroup = "cab-browser",
            }, "test", Ct);
            var approvals = scope.ServiceProvider.GetRequiredService<ApprovalService>();
            foreach (var number in new[] { "CHG0009101", "CHG0009102" })
            {
                await approvals.RequestAsync(number, "browser-cab", new Dictionary<string, object?>(), null, "test", Ct);
            }

            await db.SaveChangesAsync(Ct);
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
            await first.GetByTestId("vote-comment").FillAsync("Back-out plan reviewed.");
            await first.GetByTestId("approve").ClickAsync();
            await first.GetByTestId("decision").GetByText("Approved").WaitForAsync();
            await first.GetByText("Approved by the board's vote").WaitForAsync();
            var second = page.Locator("[data-testid=agenda-item][data-change=CHG0009102]");
            await second.GetByTestId("approval-panel").WaitForAsync();
            await Screenshot(page, "cab-meeting-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "cab-meeting-390");
            await BrowserHost.DesktopWidthAsync(page);

            await second.GetByTestId("decision-note").FillAsync("Storage vendor not confirmed yet.");
            await second.GetByTestId("defer").ClickAsync();
            await second.GetByTestId("decision").GetByText("Deferred").WaitForAsync();
            await page.GetByTestId("minutes").FillAsync("Firmware approved; storage move deferred.");
            await page.GetByTestId("close-meeting").ClickAsync();
            await page.GetByTestId("meeting-state").GetByText("Held").WaitForAsync();
            await page.GetByTestId("meeting-minutes").GetByText("storage move deferred").WaitForAsync();
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        var items = await check.ServiceProvider.GetRequiredService<ItsmDbContext>().CabMeetings.Where(m => m.CabDefinitionId == boardId)
            .SelectMany(m => m.Items).OrderBy(i => i.Position).Select(i => new { i.ChangeNumber, i.Decision, i.DecidedBy }).ToListAsync(Ct);
        items.Should().Equal([new { ChangeNumber = "CHG0009101", Decision = CabDecision.Approved, DecidedBy = (string?)null },
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
