using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>An admin keeps the routing rules in a real browser: adds one with choices from lists, moves it first, changes it, removes it.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class RoutingRulesBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Rob-Admin-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_adds_moves_changes_and_removes_a_routing_rule()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("rob.admin", Password, Roles.Admin);
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("network", "Network team", null, Ct);
        }

        var page = await browser.SignedInPageAsync("rob.admin", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "routing-rules", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "admin/routing-rules");
            (await page.TitleAsync()).Should().StartWith("Routing rules");
            await page.GetByTestId("add-routing-rule").ClickAsync();
            var form = page.GetByTestId("routing-rule-form");
            await ChooseAsync(page, form, "Category", "Network");
            await ChooseAsync(page, form, "Goes to group", "Network team");
            await page.GetByTestId("save-routing-rule").ClickAsync();
            var rows = page.GetByTestId("routing-rules").Locator("tbody tr");
            await rows.Nth(1).GetByText("Network team").WaitForAsync();

            await rows.Nth(1).GetByTestId("move-up").ClickAsync();
            await rows.Nth(0).GetByText("Network team").WaitForAsync();

            await rows.Nth(0).GetByTestId("edit-routing-rule").ClickAsync();
            await ChooseAsync(page, page.GetByTestId("routing-rule-form"), "Up to priority", "P1 to P3");
            await page.GetByTestId("save-routing-rule").ClickAsync();
            await rows.Nth(0).GetByText("P1 to P3").WaitForAsync();
            await Screenshot(page, "routing-rules-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "routing-rules-390");
            await BrowserHost.DesktopWidthAsync(page);

            await using (var scope = browser.Host.Services.CreateAsyncScope())
            {
                (await scope.ServiceProvider.GetRequiredService<IncidentRouting>().GroupForAsync("network", 3, Ct)).Should().Be("network");
                (await scope.ServiceProvider.GetRequiredService<IncidentRouting>().GroupForAsync("network", 4, Ct)).Should().Be(IncidentRouting.FallbackGroup);
            }

            await rows.Nth(0).GetByTestId("remove-routing-rule").ClickAsync();
            await page.GetByTestId("routing-rules").GetByText("Network team").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<IncidentRoutingRules>().ListAsync(Ct)).Select(r => r.AssignmentGroup).Should().Equal("service-desk-l2");
    }

    private static async Task ChooseAsync(IPage page, ILocator form, string label, string option)
    {
        await form.Locator(".mud-select").Filter(new LocatorFilterOptions { HasText = label }).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await BrowserHost.CloseOpenSelectAsync(page);
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
