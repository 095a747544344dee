using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>An admin manages the directory in a real browser: a new group, a new person in it, who can then sign in.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class DirectoryBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task An_admin_adds_a_group_and_a_person_in_it_who_can_sign_in()
    {
        browser.SkipIfUnavailable();
        var page = await browser.SignedInPageAsync("admin", WebHostFactory.AdminPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "directory", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "admin/directory");

            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Groups" }).ClickAsync();
            await page.GetByTestId("group-key").FillAsync("network");
            await page.GetByTestId("group-name").FillAsync("Network team");
            await page.GetByTestId("add-group").ClickAsync();
            await page.Locator("[data-testid=group-row][data-key=network]").WaitForAsync();

            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "People" }).ClickAsync();
            await page.GetByTestId("person-username").FillAsync("nina.network");
            await page.GetByTestId("person-displayname").FillAsync("Nina Network");
            await page.GetByTestId("person-email").FillAsync("nina@example.test");
            await page.GetByTestId("person-password").FillAsync("Nina-Network-1!");
            await page.GetByTestId("new-person").Locator(".mud-select").Nth(2).ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").GetByText("Network team").ClickAsync();
            await BrowserHost.CloseOpenSelectAsync(page);
            await page.GetByTestId("add-person").ClickAsync();
            await page.Locator("[data-testid=person-row][data-username='nina.network']").WaitForAsync();
        });

        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().GroupsOfAsync("nina.network", TestContext.Current.CancellationToken))
                .Should().Equal("network");
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
            (await users.GetRolesAsync((await users.FindByNameAsync("nina.network"))!)).Should().Equal(Roles.Agent);
        }

        var nina = await browser.SignedInPageAsync("nina.network", "Nina-Network-1!");
        (await nina.GetByTestId("signed-in-user").InnerTextAsync()).Should().Be("nina.network");
    }
}
