using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Software;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Software and licences in a real browser, on the demo software: the list with each product's compliance, the
/// over-used office suite's page with its true-up cost, and the licences ending soon — wide and at phone width.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class SoftwareBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Sofia-Agent-Pass-1!";

    [Fact]
    public async Task An_agent_sees_compliance_per_product_a_products_true_up_cost_and_the_licences_ending_soon_at_1440_and_390()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("sofia.agent", Password, Roles.Agent);
        await browser.Host.CreateUserAsync("dana", Password, Roles.Agent);
        await browser.Host.CreateUserAsync("ana", Password, Roles.Agent);
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await SoftwareDemoData.SeedAsync(scope.ServiceProvider, TestContext.Current.CancellationToken);
        }

        var page = await browser.SignedInPageAsync("sofia.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "software", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "software");
            var list = page.GetByTestId("software-list");
            await list.GetByText("Over-used: 2 devices short").WaitForAsync();
            await list.GetByText("Under-used: 4 spare").WaitForAsync();
            await Screenshot(page, "software-list-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "software-list-390");
            await BrowserHost.DesktopWidthAsync(page);

            await list.GetByText("Microsoft 365 Apps").ClickAsync();
            await page.WaitForAddressAsync("**/software/products/*");
            await page.GetByTestId("product-compliance").WaitForAsync();
            (await page.GetByTestId("compliance-used").InnerTextAsync()).Should().Be("14 devices");
            (await page.GetByTestId("compliance-true-up").InnerTextAsync()).Should().Contain("528.00");
            await page.GetByTestId("product-installations").GetByText("LT-THINKPAD-001").WaitForAsync();
            await Screenshot(page, "software-product-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "software-product-390");
            await BrowserHost.DesktopWidthAsync(page);

            await BrowserHost.GoToInteractiveAsync(page, "software/expiring");
            var expiring = page.GetByTestId("expiring-list");
            await expiring.GetByText("Sophos Endpoint Protection").WaitForAsync();
            await expiring.GetByText("Adobe Acrobat Pro").WaitForAsync();
            (await expiring.GetByText("SQL Server").CountAsync()).Should().Be(0, "it ends in 60 days, after the 30 shown");
            await Screenshot(page, "software-expiring-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "software-expiring-390");
        });
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
