using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// The CMDB pages on the demo estate, at 1440×900 and 390×844: the CI list, a CI's page (attributes with their
/// source, relations in words, the business services its outage hits, what it depends on) and the classes page.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class CmdbBrowserTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    private const string Password = "Cmdb-Browser-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> NumberOfAsync(string name)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().ConfigurationItems.Where(c => c.ShortDescription == name).Select(c => c.Number).SingleAsync(Ct);
    }

    [Fact]
    public async Task An_incident_on_the_core_switch_shows_the_services_it_affects()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("cole.agent", Password, Roles.Agent);
        var coreSwitch = await NumberOfAsync("core-sw-01");
        var wifi = await NumberOfAsync("Wi-Fi");
        string number;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            number = (await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Itsm.Incidents.IncidentService>().CreateAsync(
                new WorkflowItsm.Itsm.Incidents.NewIncident { ShortDescription = "Wi-Fi drops on floor 2", Service = wifi, ConfigurationItem = coreSwitch }, "cole.agent", Ct)).Number;
        }

        var page = await browser.SignedInPageAsync("cole.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "incident-affected-services", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, $"incidents/{number}");
            var affected = page.GetByTestId("affected-services");
            await affected.GetByText("ERP", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            var lines = (await affected.GetByTestId("affected-service").AllInnerTextsAsync()).Select(l => l.Trim()).ToList();
            lines[0].Should().StartWith("Wi-Fi").And.Contain("The service of the record", "the incident's service");
            lines.Should().Contain(l => l.StartsWith("ERP", StringComparison.Ordinal) && l.Contains("Needs core-sw-01", StringComparison.Ordinal));
            await Screenshot(page, "incident-affected-services-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "incident-affected-services-390");
        });
    }

    [Fact]
    public async Task An_incident_whose_CI_is_chosen_by_lookup_shows_the_affected_services()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("lea.agent", Password, Roles.Agent);
        var erpDatabase = await NumberOfAsync("erpdb");
        var page = await browser.SignedInPageAsync("lea.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "incident-ci-lookup", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "incidents/new");
            await page.GetByTestId("incident-short-description").FillAsync("Month-end postings time out");

            // The service offers business services only; the CI any CI, by a part of its name.
            var service = page.GetByTestId("incident-service");
            await service.ClickAsync();
            // The list opens with every choice first; text typed before it has come is overwritten by it.
            var offered = page.Locator(".mud-popover-open [data-testid=ci-option]");
            await offered.First.WaitForAsync();
            await service.PressSequentiallyAsync("mai", new LocatorPressSequentiallyOptions { Delay = 30 });
            // vm-mail-01 and Exchange Server have "mai" in their names too, but are no business services.
            await Assertions.Expect(offered).ToHaveCountAsync(1);
            (await offered.First.InnerTextAsync()).Should().Contain("Email").And.Contain("Business service");
            await offered.GetByText("Email", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await Assertions.Expect(service).ToHaveValueAsync("Email");
            await page.WaitForTimeoutAsync(400);
            await BrowserHost.CloseOpenSelectAsync(page);

            var item = page.GetByTestId("incident-configuration-item");
            await item.ClickAsync();
            await offered.First.WaitForAsync();
            await item.PressSequentiallyAsync("erpd", new LocatorPressSequentiallyOptions { Delay = 30 });
            await Assertions.Expect(offered).ToHaveCountAsync(1);
            (await offered.First.InnerTextAsync()).Should().Contain("erpdb").And.Contain("Database").And.Contain(erpDatabase);
            await Screenshot(page, "incident-ci-lookup-1440");
            await offered.GetByText("erpdb", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await Assertions.Expect(item).ToHaveValueAsync("erpdb");
            await page.WaitForTimeoutAsync(400);
            await BrowserHost.CloseOpenSelectAsync(page);
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "incident-ci-lookup-390");
            await BrowserHost.DesktopWidthAsync(page);

            await page.GetByTestId("create-incident").ClickAsync();
            await page.WaitForAddressAsync("**/incidents/INC*");
            var affected = page.GetByTestId("affected-services");
            await affected.GetByText("ERP", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            var lines = (await affected.GetByTestId("affected-service").AllInnerTextsAsync()).Select(l => l.Trim()).ToList();
            lines.Should().Contain(l => l.StartsWith("Email", StringComparison.Ordinal) && l.Contains("The service of the record", StringComparison.Ordinal));
            lines.Should().Contain(l => l.StartsWith("ERP", StringComparison.Ordinal) && l.Contains("Needs erpdb", StringComparison.Ordinal), "an outage of the chosen CI hits ERP");
            await Assertions.Expect(page.GetByTestId("incident-configuration-item")).ToHaveValueAsync("erpdb");
            await Screenshot(page, "incident-ci-chosen-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "incident-ci-chosen-390");
        });

        await using var scope = browser.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Incidents.SingleAsync(i => i.ShortDescription == "Month-end postings time out", Ct))
            .ConfigurationItem.Should().Be(erpDatabase);
    }

    [Fact]
    public async Task An_agent_lists_CIs_opens_the_core_switch_and_sees_the_business_services_its_outage_hits()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("cora.agent", Password, Roles.Agent);
        var page = await browser.SignedInPageAsync("cora.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "cmdb", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "configuration");
            await page.GetByTestId("ci-list").GetByText("core-sw-01").WaitForAsync();
            await Screenshot(page, "cmdb-list-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "cmdb-list-390");
            await BrowserHost.DesktopWidthAsync(page);

            var coreSwitch = await NumberOfAsync("core-sw-01");
            await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = coreSwitch }).ClickAsync();
            await page.WaitForAddressAsync($"**/configuration/{coreSwitch}");
            var impact = page.GetByTestId("ci-impact");
            await impact.GetByText("ERP", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            (await impact.InnerTextAsync()).Should().Contain("Email").And.Contain("VPN").And.Contain("Wi-Fi").And.Contain("Printing").And.NotContain("Laptops");
            (await page.GetByTestId("ci-attributes").InnerTextAsync()).Should().Contain("Switch").And.Contain("from discovery");
            (await page.GetByTestId("ci-relations").InnerTextAsync()).Should().Contain("Connected from").And.Contain("Contained by");
            await Screenshot(page, "cmdb-ci-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "cmdb-ci-390");
            await BrowserHost.DesktopWidthAsync(page);

            await BrowserHost.GoToInteractiveAsync(page, $"configuration/{await NumberOfAsync("ERP")}");
            var dependsOn = page.GetByTestId("ci-depends-on");
            await dependsOn.GetByText("ERP application cluster", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            (await dependsOn.InnerTextAsync()).Should().Contain("vm-erp-app-02").And.Contain("core-sw-01");
            await Screenshot(page, "cmdb-service-1440");
        });
    }

    [Fact]
    public async Task The_classes_page_shows_the_tree_and_marks_inherited_attributes()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("cleo.admin", Password, Roles.Admin);
        var page = await browser.SignedInPageAsync("cleo.admin", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "cmdb-classes", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "configuration/classes");
            await page.GetByTestId("ci-class-tree").GetByText("Virtual machine").ClickAsync();
            var attributes = page.GetByTestId("ci-class-attributes");
            await attributes.GetByText("Hypervisor").WaitForAsync();
            (await attributes.InnerTextAsync()).Should().Contain("RAM (GB)").And.Contain("inherited from Server").And.Contain("VMware ESXi");
            await Screenshot(page, "cmdb-classes-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "cmdb-classes-390");
        });
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
