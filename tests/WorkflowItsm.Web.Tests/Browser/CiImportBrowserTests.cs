using System.Text;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>The CI import page (a CSV, its plan, the import) and the de-duplication page on the demo estate, at 1440×900 and 390×844.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class CiImportBrowserTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    private const string Password = "Import-Browser-Pass-1!";

    [Fact]
    public async Task An_agent_uploads_a_CSV_sees_the_plan_imports_it_and_the_new_CI_appears()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("ivo.agent", Password, Roles.Agent);
        var page = await browser.SignedInPageAsync("ivo.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "ci-import", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "configuration");
            await page.GetByTestId("ci-import-link").ClickAsync();
            await page.WaitForAddressAsync("**/configuration/import");
            var csv = "class,name,serialNumber,ramGb\nserver,srv-import-01,SN-IMPORT-01,64\nserver,esx-01,cz2150a1,256\nmainframe,big-iron,,\n";
            await page.GetByTestId("import-file").Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload
            {
                Name = "servers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
            });

            var plan = page.GetByTestId("import-plan");
            await plan.GetByText("big-iron").WaitForAsync();
            (await page.GetByTestId("import-counts").InnerTextAsync()).Should().Contain("New: 1").And.Contain("Unchanged: 1").And.Contain("Invalid: 1");
            (await plan.InnerTextAsync()).Should().Contain("New item").And.Contain("There is no class 'mainframe'")
                .And.Contain("kept: written by Discovery (priority 80)", "esx-01's RAM came from discovery, which outranks a spreadsheet");
            (await page.GetByTestId("import-commit").IsDisabledAsync()).Should().BeTrue("nothing is imported while a row is invalid");
            await Screenshot(page, "ci-import-plan-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "ci-import-plan-390");
            await BrowserHost.DesktopWidthAsync(page);

            await page.GetByTestId("import-file").Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload
            {
                Name = "servers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.Replace("mainframe,big-iron,,\n", "", StringComparison.Ordinal)),
            });
            await page.GetByTestId("import-invalid").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await page.GetByTestId("import-commit").ClickAsync();
            await page.GetByTestId("import-done").WaitForAsync();
            (await page.GetByTestId("import-done").InnerTextAsync()).Should().Contain("1 new");
            await Screenshot(page, "ci-import-done-1440");

            var created = plan.GetByTestId("import-number").First;
            var number = (await created.InnerTextAsync()).Trim();
            await created.ClickAsync();
            await page.WaitForAddressAsync($"**/configuration/{number}");
            await page.GetByText("srv-import-01").First.WaitForAsync();
            (await page.GetByTestId("ci-attributes").InnerTextAsync()).Should().Contain("SN-IMPORT-01").And.Contain("from spreadsheet");
        });
    }

    [Fact]
    public async Task An_agent_sees_the_demo_s_open_deduplication_task_with_both_candidates()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("dora.agent", Password, Roles.Agent);
        var page = await browser.SignedInPageAsync("dora.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "ci-duplicates", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "configuration/duplicates");
            var task = page.GetByTestId("duplicate-task").First;
            await task.WaitForAsync();
            (await task.InnerTextAsync()).Should().Contain("ap-floor-3").And.Contain("Network device").And.Contain("From Discovery").And.Contain("Device type: access-point");
            (await task.GetByTestId("duplicate-candidate").CountAsync()).Should().Be(2);
            await Screenshot(page, "ci-duplicates-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "ci-duplicates-390");
        });
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
