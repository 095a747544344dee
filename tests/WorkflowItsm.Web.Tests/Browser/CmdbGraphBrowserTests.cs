using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// The CMDB graph view and health page on the demo estate, at 1440×900 and 390×844: a business service's graph,
/// expanded on demand, with what it depends on highlighted; the core switch's graph with what its outage hits; the
/// health page's counts linking to the CI list filtered by the finding; the CI list fits a phone's width.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class CmdbGraphBrowserTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    private const string Password = "Cmdb-Graph-Browser-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> NumberOfAsync(string name)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().ConfigurationItems.Where(c => c.ShortDescription == name).Select(c => c.Number).SingleAsync(Ct);
    }

    private static ILocator Node(IPage page, string name) =>
        page.GetByTestId("graph-node").Filter(new LocatorFilterOptions { Has = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = name, Exact = true }) });

    [Fact]
    public async Task The_graph_view_of_a_service_and_its_impact()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("gina.agent", Password, Roles.Agent);
        var erp = await NumberOfAsync("ERP");
        var page = await browser.SignedInPageAsync("gina.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "cmdb-graph", async () =>
        {
            // From the service's record page to its graph: the service and what it directly depends on.
            await BrowserHost.GoToInteractiveAsync(page, $"configuration/{erp}");
            await page.GetByTestId("ci-graph").ClickAsync();
            await page.WaitForAddressAsync($"**/configuration/{erp}/graph");
            await Node(page, "ERP suite").WaitForAsync();
            (await page.GetByTestId("graph-canvas").GetAttributeAsync("aria-label")).Should().StartWith("Relations graph of ERP");
            (await page.GetByTestId("graph-canvas").Locator("canvas").CountAsync()).Should().BeGreaterThan(0, "cytoscape draws on the canvas");
            (await page.GetByTestId("graph-relations").InnerTextAsync()).Should().Contain("ERP depends on ERP suite");

            // Expanding the application shows what it runs on and the database it needs.
            await Node(page, "ERP suite").GetByTestId("graph-expand").ClickAsync();
            await Node(page, "ERP application cluster").WaitForAsync();
            (await page.GetByTestId("graph-relations").InnerTextAsync()).Should().Contain("ERP suite runs on ERP application cluster").And.Contain("ERP suite depends on erpdb");

            // What the service depends on, down to the switch: highlighted in the list (and on the canvas).
            await page.GetByText("What it depends on", new PageGetByTextOptions { Exact = true }).ClickAsync();
            await Node(page, "core-sw-01").And(page.Locator("[data-highlight=dependency]")).WaitForAsync();
            (await Node(page, "vm-erp-app-02").GetAttributeAsync("data-highlight")).Should().Be("dependency");
            (await Node(page, "ERP").GetAttributeAsync("data-highlight")).Should().Be("none", "the service itself is where the analysis starts");
            (await page.GetByTestId("graph-status").InnerTextAsync()).Should().Contain("ERP depends on");
            await Screenshot(page, "cmdb-graph-service-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "cmdb-graph-service-390");
            await BrowserHost.DesktopWidthAsync(page);

            // The core switch's outage: the business services it hits are highlighted, Laptops (in the cloud) is not there.
            var coreSwitch = await NumberOfAsync("core-sw-01");
            await BrowserHost.GoToInteractiveAsync(page, $"configuration/{coreSwitch}/graph");
            await Node(page, "esx-01").WaitForAsync();
            await page.GetByText("Show impact", new PageGetByTextOptions { Exact = true }).ClickAsync();
            await Node(page, "ERP").And(page.Locator("[data-highlight=impacted]")).WaitForAsync();
            foreach (var hit in new[] { "Email", "VPN", "Wi-Fi", "Printing", "ERP application cluster", "esx-02" })
            {
                (await Node(page, hit).GetAttributeAsync("data-highlight")).Should().Be("impacted", hit);
            }

            (await Node(page, "Laptops").CountAsync()).Should().Be(0);
            (await page.GetByTestId("graph-status").InnerTextAsync()).Should().Contain("An outage of core-sw-01 impacts");
            await Screenshot(page, "cmdb-graph-impact-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "cmdb-graph-impact-390");
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).Should().BeTrue("the graph page fits a phone");
        });
    }

    [Fact]
    public async Task The_health_page_counts_link_to_the_CI_list_filtered_and_the_list_fits_a_phone()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("hal.agent", Password, Roles.Agent);
        var page = await browser.SignedInPageAsync("hal.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "cmdb-health", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "configuration");
            await page.GetByTestId("ci-health-link").ClickAsync();
            await page.WaitForAddressAsync("**/configuration/health");
            var duplicates = page.GetByTestId("health-duplicate");
            await duplicates.WaitForAsync();
            int.Parse(await duplicates.Locator(".wi-tile-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(2);
            int.Parse(await page.GetByTestId("health-stale").Locator(".wi-tile-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(1);
            int.Parse(await page.GetByTestId("health-orphan").Locator(".wi-tile-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(1);
            await Screenshot(page, "cmdb-health-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "cmdb-health-390");
            await BrowserHost.DesktopWidthAsync(page);

            await duplicates.ClickAsync();
            await page.WaitForAddressAsync("**/configuration?health=duplicate");
            var list = page.GetByTestId("ci-list");
            await list.GetByText("SW-Floor-3", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            await list.GetByText("sw-floor-3", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            (await list.InnerTextAsync()).Should().NotContain("core-sw-01");
            (await page.GetByTestId("ci-health-filter").InnerTextAsync()).Should().Contain("Duplicates");

            await BrowserHost.GoToInteractiveAsync(page, "configuration?health=stale");
            await list.GetByText("vm-legacy-01", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            await BrowserHost.GoToInteractiveAsync(page, "configuration?health=orphan");
            await list.GetByText("Timesheet (legacy)", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();

            await BrowserHost.GoToInteractiveAsync(page, "configuration");
            await list.GetByText("core-sw-01", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            await BrowserHost.PhoneWidthAsync(page);
            await BrowserHost.GoToInteractiveAsync(page, "configuration");
            await list.GetByText("core-sw-01", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            await Screenshot(page, "cmdb-list-fits-390");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            overflow.Should().BeLessThanOrEqualTo(0, "the CI list does not scroll sideways on a phone");
        });
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
