using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// An agent files an incident choosing the caller, the group and the assignee by typing parts of their names; the
/// record and the list then show display names and labelled fields ("3 – One person"), and the caller's contact card.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class LookupsBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Lookup-Browser-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task CreatePersonAsync(string userName, string displayName, string role, string? group = null)
    {
        await browser.Host.CreateUserAsync(userName, Password, role);
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        user.DisplayName = displayName;
        user.PhoneNumber = "+44 20 7946 0000";
        (await users.UpdateAsync(user)).Succeeded.Should().BeTrue();
        if (group is not null)
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync(group, userName, Ct);
        }
    }

    private static async Task ChooseAsync(IPage page, string testId, string typed, string option)
    {
        var input = page.GetByTestId(testId);
        await input.ClickAsync();
        await input.PressSequentiallyAsync(typed, new LocatorPressSequentiallyOptions { Delay = 30 });
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(input).ToHaveValueAsync(option);
        // Under load an earlier keystroke's search can answer after the pick and open the list again; its overlay would swallow the next click.
        await page.WaitForTimeoutAsync(400);
        await BrowserHost.CloseOpenSelectAsync(page);
        await Assertions.Expect(input).ToHaveValueAsync(option);
    }

    private static Task<string[]> FieldValuesAsync(IPage page, string fields) =>
        page.Locator($"[data-testid={fields}] input").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }

    [Fact]
    public async Task An_agent_chooses_caller_group_and_assignee_by_typing_and_the_record_shows_names_and_labels()
    {
        browser.SkipIfUnavailable();
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("lookup-desk", "Lookup desk", null, Ct);
        }

        await CreatePersonAsync("lena.lookup", "Lena Lookup", Roles.Agent, "lookup-desk");
        await CreatePersonAsync("omar.owens", "Omar Owens", Roles.Agent, "lookup-desk");
        await CreatePersonAsync("omar.outis", "Omar Outis", Roles.Agent);
        await CreatePersonAsync("carla.caller", "Carla Calloway", Roles.Requester);

        var page = await browser.SignedInPageAsync("lena.lookup", Password, 1440, 900);
        string number = "";
        await BrowserHost.WithScreenshotOnFailureAsync(page, "lookups-journey", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "incidents/new");
            await page.GetByTestId("incident-short-description").FillAsync("Badge reader at the side door rejects every card");
            await ChooseAsync(page, "incident-caller", "callo", "Carla Calloway");
            await ChooseAsync(page, "incident-assignment-group", "kup d", "Lookup desk");

            // The assignee lookup offers only the group's members: one Omar, not the other.
            await page.GetByTestId("incident-assigned-to").ClickAsync();
            await page.GetByTestId("incident-assigned-to").PressSequentiallyAsync("omar", new LocatorPressSequentiallyOptions { Delay = 30 });
            var offered = page.Locator(".mud-popover-open [data-testid=person-option]");
            // Opening the list shows every member; the typed "omar" then narrows it (after the debounce).
            await Assertions.Expect(offered).ToHaveCountAsync(1);
            (await offered.AllInnerTextsAsync()).Should().ContainSingle().Which.Should().Contain("omar.owens");
            await offered.GetByText("Omar Owens", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("incident-assigned-to")).ToHaveValueAsync("Omar Owens");
            await page.WaitForTimeoutAsync(400);
            await BrowserHost.CloseOpenSelectAsync(page);
            await ScreenshotAsync(page, "lookups-new-incident-1440");

            await page.GetByTestId("create-incident").ClickAsync();
            // Blazor navigates inside the page (no load event): the record's header says it has arrived.
            await page.GetByTestId("incident-number").WaitForAsync();
            number = (await page.GetByTestId("incident-number").InnerTextAsync()).Trim();
            number.Should().StartWith("INC");
            await page.GetByTestId("incident-fields").WaitForAsync();
            await BrowserHost.WaitForInteractiveAsync(page);
            await Assertions.Expect(page.GetByTestId("incident-caller")).ToHaveValueAsync("Carla Calloway");
            (await FieldValuesAsync(page, "incident-fields")).Should().Contain(["3 – One person", "3 – Can wait", "Carla Calloway", "Lookup desk", "Omar Owens"]);

            // The caller's contact card, on hover of the read-only field.
            await page.GetByTestId("incident-caller").HoverAsync();
            var card = page.GetByTestId("contact-card");
            await card.GetByText("carla.caller@example.test").WaitForAsync();
            (await card.InnerTextAsync()).Should().Contain("Carla Calloway").And.Contain("+44 20 7946 0000").And.Contain("In no group");
            await page.WaitForTimeoutAsync(300); // the card fades in
            await ScreenshotAsync(page, "lookups-incident-1440");

            // The list, filtered by the caller's lookup value, shows names, not keys.
            await BrowserHost.GoToInteractiveAsync(page, "incidents?caller=carla.caller");
            await Assertions.Expect(page.GetByTestId("filter-caller")).ToHaveValueAsync("Carla Calloway");
            var row = page.Locator("tr").Filter(new LocatorFilterOptions { HasText = number });
            await row.WaitForAsync();
            (await row.InnerTextAsync()).Should().Contain("Lookup desk").And.Contain("Omar Owens").And.Contain("Carla Calloway").And.NotContain("lookup-desk");
            await ScreenshotAsync(page, "lookups-incident-list-1440");
        });

        // On a phone: the form's lookups and the record's names (a page opened at that size, as a phone does).
        var phone = await browser.SignedInPageAsync("lena.lookup", Password, 390, 844);
        await BrowserHost.WithScreenshotOnFailureAsync(phone, "lookups-phone", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(phone, "incidents/new");
            await ChooseAsync(phone, "incident-assignment-group", "lookup", "Lookup desk");
            await ChooseAsync(phone, "incident-assigned-to", "owens", "Omar Owens");
            await ScreenshotAsync(phone, "lookups-new-incident-390");
            await BrowserHost.GoToInteractiveAsync(phone, $"incidents/{number}");
            await Assertions.Expect(phone.GetByTestId("incident-assigned-to")).ToHaveValueAsync("Omar Owens");
            await ScreenshotAsync(phone, "lookups-incident-390");
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<ItsmDbContext>().Incidents.AsNoTracking().SingleAsync(i => i.Number == number, Ct);
        stored.Should().BeEquivalentTo(new { Caller = "carla.caller", AssignmentGroup = "lookup-desk", AssignedTo = "omar.owens", Impact = 3, Urgency = 3 });
    }
}
