using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Each role lands on its own home: an agent on her work, her groups' queues, the SLAs about to run out and the major
/// incidents, each count a link to the filtered list; an administrator also on the processes and the platform. From
/// anywhere, the app bar's search ("/") finds records, people and processes; on a phone the menu is a drawer.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class HomeBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Home-Page-Pass-1!";
    private const string Queue = "home-queue";

    [Fact]
    public async Task An_agent_starts_from_home_with_her_queue_the_clocks_at_risk_and_the_major_incidents_and_goes_on_to_the_list()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("hana.agent", Password, Roles.Agent);
        var ct = TestContext.Current.CancellationToken;
        Incident printer, mail;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var groups = scope.ServiceProvider.GetRequiredService<DirectoryGroups>();
            await groups.EnsureAsync(Queue, "Home queue", null, ct);
            await groups.AddMemberAsync(Queue, "hana.agent", ct);
            var incidents = scope.ServiceProvider.GetRequiredService<IncidentService>();
            printer = await incidents.CreateAsync(new NewIncident
            {
                ShortDescription = "Third-floor printer jams", Caller = "hana.agent", AssignmentGroup = Queue, Impact = 3, Urgency = 3,
            }, "hana.agent", ct);
            mail = await incidents.CreateAsync(new NewIncident
            {
                ShortDescription = "Mail is down for everyone", Caller = "hana.agent", AssignmentGroup = Queue, Impact = 1, Urgency = 1,
            }, "hana.agent", ct);

            // The mail outage is major and its resolution clock runs out within the hour, whatever the business hours of today;
            // the printer's clocks run out in two days. Left to the calendar, a printer reported during business hours has its
            // 4-business-hour response due within the page's 4-hour horizon, and it was "at risk" when the suite ran by day.
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            await db.Incidents.Where(i => i.Id == mail.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.IsMajor, true), ct);
            await db.SlaClocks.Where(c => c.IncidentId == mail.Id && c.State == SlaClockState.Running)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.DueAt, DateTime.UtcNow.AddMinutes(50)), ct);
            await db.SlaClocks.Where(c => c.IncidentId == printer.Id && c.State == SlaClockState.Running)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.DueAt, DateTime.UtcNow.AddDays(2)), ct);
        }

        var page = await browser.SignedInPageAsync("hana.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "home-agent", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "");
            var queue = page.GetByTestId("home-queues").Locator("tr").Filter(new LocatorFilterOptions { HasText = "Home queue" });
            (await queue.Locator("td").AllInnerTextsAsync()).Should().Equal("Home queue", "2", "2", await queue.Locator("td").Nth(3).InnerTextAsync());
            (await page.GetByTestId("home-at-risk").InnerTextAsync()).Should().Contain(mail.Number).And.Contain("Mail is down for everyone").And.NotContain(printer.Number);
            (await page.GetByTestId("home-majors").InnerTextAsync()).Should().Contain(mail.Number);
            (await page.GetByTestId("home-major-count").InnerTextAsync()).Should().StartWith("1");
            (await page.GetByTestId("home-owner").CountAsync()).Should().Be(0, "an agent is not shown the process owner's section");
            (await page.GetByTestId("home-admin").CountAsync()).Should().Be(0, "nor the administrator's");
            await ScreenshotAsync(page, "agent-1440x900");
            await BrowserHost.PhoneWidthAsync(page);
            await ScreenshotAsync(page, "agent-390x844");
            await BrowserHost.DesktopWidthAsync(page);

            // "Not assigned yet" opens the incident list filtered to the group's untaken incidents.
            await queue.Locator("td").Nth(2).GetByRole(AriaRole.Link).ClickAsync();
            await page.WaitForAddressAsync(url => url.Contains("unassigned=true", StringComparison.Ordinal) && url.Contains($"group={Queue}", StringComparison.Ordinal));
            await page.Locator("tr").Filter(new LocatorFilterOptions { HasText = printer.Number }).WaitForAsync();
            await page.Locator("tr").Filter(new LocatorFilterOptions { HasText = mail.Number }).WaitForAsync();
        });

        // Once the agent takes the printer, the queue's "not assigned yet" drops to the mail outage alone.
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Incidents.Where(i => i.Id == printer.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.AssignedTo, "hana.agent"), ct);
        }

        await BrowserHost.GoToInteractiveAsync(page, "incidents?group=" + Queue + "&unassigned=true");
        await page.Locator("tr").Filter(new LocatorFilterOptions { HasText = mail.Number }).WaitForAsync();
        (await page.Locator("tr").Filter(new LocatorFilterOptions { HasText = printer.Number }).CountAsync()).Should().Be(0);
        await BrowserHost.GoToInteractiveAsync(page, "");
        (await page.GetByTestId("home-my-incidents").InnerTextAsync()).Should().StartWith("1");
    }

    [Fact]
    public async Task An_administrator_sees_the_processes_and_the_platform_health_jobs_and_setup_gaps()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("hal.admin", Password, Roles.Admin);
        var page = await browser.SignedInPageAsync("hal.admin", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "home-admin", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "");
            (await page.GetByTestId("home-health").InnerTextAsync()).Should().Contain("Database: working").And.Contain("Job scheduler (Hangfire): working");
            await page.GetByTestId("home-owner").GetByTestId("home-running").WaitForAsync();
            (await page.GetByTestId("home-failed-jobs").GetAttributeAsync("href")).Should().EndWith("hangfire/jobs/failed");
            (await page.GetByTestId("home-agent").CountAsync()).Should().Be(0, "an administrator in no group has no queue of her own");
            // The test host sends no mail: the gap is named, with where it is set up.
            (await page.GetByTestId("home-setup-gaps").InnerTextAsync()).Should().Contain("No mail server is set");
            await ScreenshotAsync(page, "admin-1440x900");
            await BrowserHost.PhoneWidthAsync(page);
            await ScreenshotAsync(page, "admin-390x844");
        });
    }

    [Fact]
    public async Task The_menu_folds_change_work_and_administration_into_groups_that_open_on_their_own_pages_and_on_a_click()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("ada.admin", Password, Roles.Admin);
        var page = await browser.SignedInPageAsync("ada.admin", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "home-menu-sections", async () =>
        {
            var drawer = page.Locator(".mud-drawer");
            ILocator Link(string name) => drawer.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = name, Exact = true });

            await BrowserHost.GoToInteractiveAsync(page, "changes/calendar");
            await Link("Change freezes").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            (await Link("Directory").IsVisibleAsync()).Should().BeFalse("the administration group is folded on a page not its own");
            (await page.Locator(".mud-navmenu a[href='admin/directory']").CountAsync()).Should().Be(1, "a folded link stays in the page (the page crawl reads the menu's links)");
            (await Link("Change calendar").GetAttributeAsync("class")).Should().Contain("active");
            (await Link("Changes").GetAttributeAsync("class")).Should().NotContain("active", "the calendar is not the list of changes");
            await ScreenshotAsync(page, "menu-sections-1440x900");

            await page.GetByTestId("menu-section-administration").GetByText("Administration").ClickAsync();
            await Link("Directory").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            await Link("Directory").ClickAsync();
            await page.WaitForURLAsync("**/admin/directory");
            await Link("Categories").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        });
    }

    [Fact]
    public async Task On_a_phone_the_menu_is_a_drawer_that_opens_over_the_page_and_closes_again()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("pia.agent", Password, Roles.Agent);
        var page = await browser.SignedInPageAsync("pia.agent", Password, 390, 844);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "home-phone-menu", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "");
            var menu = page.Locator(".mud-drawer").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Tasks" });
            await DrawerAsync(page, shown: false);
            (await page.GetByTestId("home-title").BoundingBoxAsync())!.X.Should().BeLessThan(40);
            await ScreenshotAsync(page, "phone-start");

            await page.GetByTestId("menu-toggle").ClickAsync();
            await DrawerAsync(page, shown: true);
            await ScreenshotAsync(page, "phone-menu-open");
            await page.GetByTestId("menu-toggle").ClickAsync();
            await DrawerAsync(page, shown: false);

            // A tap beside the drawer closes it.
            await page.GetByTestId("menu-toggle").ClickAsync();
            await DrawerAsync(page, shown: true);
            await page.Mouse.ClickAsync(370, 600);
            await DrawerAsync(page, shown: false);

            // Choosing an entry closes the drawer too, and the page gets the whole width.
            await page.GetByTestId("menu-toggle").ClickAsync();
            await menu.ClickAsync();
            await page.GetByTestId("inbox").WaitForAsync();
            await DrawerAsync(page, shown: false);
        });
    }

    [Fact]
    public async Task The_app_bar_search_finds_a_record_by_its_words_and_a_person_and_opens_what_is_chosen()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("sam.agent", Password, Roles.Agent);
        await browser.Host.CreateUserAsync("quentin.quill", Password, Roles.Requester);
        Incident scanner;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            scanner = await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(new NewIncident
            {
                ShortDescription = "Scanner sends blank pages", Caller = "quentin.quill", Impact = 3, Urgency = 3,
            }, "quentin.quill", TestContext.Current.CancellationToken);
        }

        var page = await browser.SignedInPageAsync("sam.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "home-search", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "tasks");
            // "/" puts the cursor in the search box, from any page.
            await page.Keyboard.PressAsync("/");
            var box = page.GetByTestId("global-search").Locator("input");
            (await box.EvaluateAsync<bool>("input => input === document.activeElement")).Should().BeTrue();
            await page.Keyboard.TypeAsync("blank pages");
            var hit = page.GetByTestId("global-search-hit").Filter(new LocatorFilterOptions { HasText = scanner.Number });
            await hit.WaitForAsync();
            // Every word typed stays in the box (the list opening must not select, and so replace, what was typed).
            (await box.InputValueAsync()).Should().Be("blank pages");
            await ScreenshotAsync(page, "search-1440x900");
            await hit.ClickAsync();
            await page.WaitForAddressAsync(url => url.EndsWith($"incidents/{scanner.Number}", StringComparison.Ordinal));

            // A person is found by name and leads to the incidents she reported.
            await box.FillAsync("quill");
            var person = page.GetByTestId("global-search-hit").Filter(new LocatorFilterOptions { HasText = "quentin.quill" });
            (await person.InnerTextAsync()).Should().Contain("Person").And.Contain("quentin.quill@example.test");
            await person.ClickAsync();
            await page.Locator("tr").Filter(new LocatorFilterOptions { HasText = scanner.Number }).WaitForAsync();
            page.Url.Should().Contain("caller=quentin.quill");

            // On a phone the box gives way to a search page with every result.
            await BrowserHost.PhoneWidthAsync(page);
            await BrowserHost.GoToInteractiveAsync(page, "search?q=scanner");
            (await page.GetByTestId("search-incident").InnerTextAsync()).Should().Contain(scanner.Number);
            (await page.GetByTestId("search-process").CountAsync()).Should().Be(0, "an agent does not design processes, so none are offered");
            await ScreenshotAsync(page, "search-390x844");
        });
    }

    /// <summary>Waits until the menu drawer is in the window (or out of it): a closed drawer slides out rather than vanish.</summary>
    private static async Task DrawerAsync(IPage page, bool shown) =>
        await page.WaitForFunctionAsync(
            "shown => { const d = document.querySelector('.mud-drawer'); const r = d && d.getBoundingClientRect(); return shown ? !!r && r.left >= 0 && r.width > 0 : !r || r.right <= 1 || r.width === 0; }",
            shown, new PageWaitForFunctionOptions { Timeout = 5_000 });

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        // The layout follows a new window size with a transition (the menu slides): the picture is taken after it.
        await page.WaitForTimeoutAsync(800);
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"home-{name}.png"), FullPage = true });
    }
}
