using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>Issue 18: an approver approves from "My approvals" in a real browser, at desktop and phone widths; another by the signed email link (test 7: once, for him only).</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class ApprovalsBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Mona-Cab-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Test2_an_approver_approves_from_my_approvals_with_a_comment()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("mona.cab", Password, Roles.CabMember);
        await browser.Host.CreateUserAsync("max.cab", Password, Roles.CabMember);
        string number;
        string maxToken;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var groups = scope.ServiceProvider.GetRequiredService<DirectoryGroups>();
            await groups.EnsureAsync("browser-cab", "Browser CAB", null, Ct);
            await groups.AddMemberAsync("browser-cab", "mona.cab", Ct);
            await groups.AddMemberAsync("browser-cab", "max.cab", Ct);
            await scope.ServiceProvider.GetRequiredService<ApprovalRules>().CreateAsync(new ApprovalRuleInput
            {
                Key = "browser-review", Name = "Change advisory board", RecordKind = "INC", Policy = ApprovalPolicy.All, CabGroup = "browser-cab",
                DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.AutoReject,
            }, "admin", Ct);
            number = (await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(
                new NewIncident { ShortDescription = "Replace the core switch in building B" }, "mona.cab", Ct)).Number;
            var approval = await scope.ServiceProvider.GetRequiredService<ApprovalService>().RequestAsync(number, "browser-review", new Dictionary<string, object?>(), null, "rita", Ct);
            await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().SaveChangesAsync(Ct);
            maxToken = await scope.ServiceProvider.GetRequiredService<ApprovalLinks>().IssueAsync(approval, "max.cab", Ct);
        }

        var page = await browser.SignedInPageAsync("mona.cab", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "my-approvals", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "approvals/mine");
            var item = page.GetByTestId("pending-approval").Filter(new LocatorFilterOptions { HasText = number });
            await item.GetByTestId("approve").WaitForAsync();
            await Screenshot(page, "my-approvals-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "my-approvals-390");
            await BrowserHost.DesktopWidthAsync(page);

            // A rejection without a comment is refused next to the comment field.
            await item.GetByTestId("reject").ClickAsync();
            await item.GetByText("A rejection needs a comment").WaitForAsync();

            await item.GetByTestId("vote-comment").FillAsync("Window and back-out plan are fine.");
            await item.GetByTestId("approve").ClickAsync();
            await item.Locator("[data-testid=approver][data-user='mona.cab']").GetByText("Window and back-out plan are fine.").WaitForAsync();
            (await item.GetByTestId("approval-state").InnerTextAsync()).Should().Be("Waiting for votes", "all of the board must approve; max has not voted");
            (await item.GetByTestId("approve").CountAsync()).Should().Be(0, "she voted: the buttons are gone");
            await Screenshot(page, "my-approvals-voted-1440");

            // Test 7 in the browser: mona cannot use max's emailed link.
            await BrowserHost.GoToInteractiveAsync(page, $"approvals/vote/{maxToken}");
            await page.GetByTestId("link-refused").GetByText("sent to someone else").WaitForAsync();
        });

        var max = await browser.SignedInPageAsync("max.cab", Password, 390, 844);
        await BrowserHost.WithScreenshotOnFailureAsync(max, "approval-link", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(max, $"approvals/vote/{maxToken}");
            await max.GetByTestId("record-summary").GetByText("Replace the core switch in building B").WaitForAsync();
            await Screenshot(max, "approval-link-390");
            await max.GetByTestId("approve").ClickAsync();
            await max.GetByTestId("link-used").WaitForAsync();
            (await max.GetByTestId("approval-state").InnerTextAsync()).Should().Be("Approved", "all of the board approved");
            await BrowserHost.GoToInteractiveAsync(max, $"approvals/vote/{maxToken}");
            await max.GetByTestId("link-refused").GetByText("already used").WaitForAsync();
        });
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
