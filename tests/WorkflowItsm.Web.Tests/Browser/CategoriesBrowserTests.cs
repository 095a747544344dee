using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>An admin keeps the categories in a real browser, and an agent's new-incident form offers what she added.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class CategoriesBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Cara-Admin-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_adds_a_category_with_a_subcategory_deactivates_one_and_the_new_incident_form_offers_them()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("cara.admin", Password, Roles.Admin);

        var page = await browser.SignedInPageAsync("cara.admin", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "categories", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "admin/categories");
            (await page.TitleAsync()).Should().StartWith("Categories");
            await page.GetByTestId("add-category").ClickAsync();
            await page.GetByTestId("category-name").FillAsync("Facilities");
            await page.GetByTestId("save-category").ClickAsync();
            var facilities = page.Locator("[data-testid=category][data-code=facilities]");
            await facilities.WaitForAsync();

            await facilities.GetByTestId("add-subcategory").ClickAsync();
            await page.GetByTestId("category-name").FillAsync("Badge reader");
            await page.GetByTestId("save-category").ClickAsync();
            await facilities.GetByText("Badge reader").WaitForAsync();

            var other = page.Locator("[data-testid=category][data-code=other]");
            await other.GetByTestId("edit-category").ClickAsync();
            await page.GetByTestId("category-active").ClickAsync();
            await page.GetByTestId("save-category").ClickAsync();
            await other.GetByText("Not offered").WaitForAsync();

            await Screenshot(page, "categories-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "categories-390");
            await BrowserHost.DesktopWidthAsync(page);

            // The agents' form offers the new category and its subcategory, and no longer the deactivated one.
            await BrowserHost.GoToInteractiveAsync(page, "incidents/new");
            await page.GetByTestId("incident-category").Locator("..").ClickAsync();
            var options = page.Locator(".mud-popover-open .mud-list-item");
            await options.GetByText("Facilities", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            (await options.AllInnerTextsAsync()).Should().NotContain("Other");
            await options.GetByText("Facilities", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await BrowserHost.CloseOpenSelectAsync(page);
            await page.GetByTestId("incident-subcategory").Locator("..").ClickAsync();
            // The list is read once it is open (read at once it raced the popover and was empty in a CI run).
            var subcategories = page.Locator(".mud-popover-open .mud-list-item");
            await subcategories.First.WaitForAsync();
            (await subcategories.AllInnerTextsAsync()).Select(t => t.Trim()).Should().Equal("Badge reader");
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        var categories = await check.ServiceProvider.GetRequiredService<RecordCategories>().ListAsync(activeOnly: false, Ct);
        categories.Single(c => c.Code == "other").Active.Should().BeFalse("a category in use or not, the admin deactivated it");
        categories.Single(c => c.Code == "facilities").Subcategories.Select(s => s.Name).Should().Equal("Badge reader");
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
