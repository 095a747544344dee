using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>An admin sets up service levels in a real browser: an SLA definition in typed fields that then times a new incident; a calendar as a week.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class ServiceLevelAdminBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Sam-Admin-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_adds_an_SLA_definition_that_then_applies_to_a_new_incident()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("sam.admin", Password, Roles.Admin);
        var page = await browser.SignedInPageAsync("sam.admin", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "sla-definition-journey", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "admin/service-levels");
            (await page.TitleAsync()).Should().StartWith("SLA definitions");
            await page.GetByTestId("add-sla-definition").ClickAsync();
            var form = page.GetByTestId("sla-definition-form");

            // Saved empty: the server names the field by its label.
            await page.GetByTestId("sla-name").FillAsync("");
            await page.GetByTestId("save-sla-definition").ClickAsync();
            await form.GetByText("Name: give a name of 1 to 200 characters.").First.WaitForAsync();

            await page.GetByTestId("sla-name").FillAsync("Hardware fixed in 2 business days");
            await ChooseAsync(page, form, "Category", "Hardware");
            await page.GetByTestId("sla-target").FillAsync("2");
            await form.Locator(".mud-input-control").Filter(new LocatorFilterOptions { HasText = "Precedence" }).Locator("input").FillAsync("5");
            await form.GetByTestId("sla-target-explained").GetByText("= 20 business hours", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            await Screenshot(page, "sla-definition-form-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "sla-definition-form-390");
            await BrowserHost.DesktopWidthAsync(page);
            await page.GetByTestId("save-sla-definition").ClickAsync();

            var row = page.GetByTestId("sla-definitions").Locator("tr").Filter(new LocatorFilterOptions { HasText = "Hardware fixed in 2 business days" });
            await row.GetByTestId("sla-definition-target").GetByText("2 business days").WaitForAsync();
            (await row.InnerTextAsync()).Should().Contain("Time to resolve").And.Contain("Hardware").And.Contain("Service desk hours");
            await Screenshot(page, "sla-definitions-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "sla-definitions-390");
            await BrowserHost.DesktopWidthAsync(page);

            // A new hardware incident is timed by it.
            await BrowserHost.GoToInteractiveAsync(page, "incidents/new");
            await page.GetByTestId("incident-short-description").FillAsync("Docking station does not charge the laptop");
            await page.Locator(".mud-select").Filter(new LocatorFilterOptions { HasText = "Category" }).First.ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").GetByText("Hardware", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await page.GetByTestId("create-incident").ClickAsync();
            var clock = page.Locator("[data-testid=sla-clock][data-kind=Resolution]");
            await clock.GetByText("Hardware fixed in 2 business days").WaitForAsync();
            // The target reads in the calendar's business days, as the definition was given, not as "20 h 0 min".
            (await clock.GetByTestId("sla-clock-target").InnerTextAsync()).Should().Contain("used of 2 business days");
        });

        await using var scope = browser.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        var saved = await db.SlaDefinitions.SingleAsync(d => d.Name == "Hardware fixed in 2 business days", Ct);
        saved.Should().BeEquivalentTo(new { Kind = SlaKind.Resolution, Category = "hardware", TargetSeconds = 20 * 3600L, CalendarKey = BusinessCalendars.BusinessHours, Order = 5, IsActive = true });
        (await db.SlaClocks.CountAsync(c => c.DefinitionId == saved.Id, Ct)).Should().Be(1);
    }

    [Fact]
    public async Task A_calendar_is_a_week_grid_with_Friday_and_Saturday_and_saves_changed_days_and_holidays()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("cal.admin", Password, Roles.Admin);
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SlaAdministration>().SaveCalendarAsync("lisbon-office",
                new CalendarInput("Lisbon office", "Europe/Lisbon", [.. Enumerable.Range(1, 5).Select(d => new CalendarHours((DayOfWeek)d, "09:00", "17:00"))], [], null), "test", Ct);
        }

        var page = await browser.SignedInPageAsync("cal.admin", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "calendar-week", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "admin/service-levels");
            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Business calendars" }).ClickAsync();
            var calendar = page.Locator("[data-testid=calendar][data-key=lisbon-office]");
            var days = calendar.GetByTestId("calendar-day");
            await days.Last.WaitForAsync();
            (await days.GetByTestId("day-name").AllInnerTextsAsync()).Should().Equal("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
            var friday = calendar.Locator("[data-testid=calendar-day][data-day=Friday]");
            var saturday = calendar.Locator("[data-testid=calendar-day][data-day=Saturday]");
            (await friday.GetByTestId("day-to").InputValueAsync()).Should().Be("17:00");
            await saturday.GetByTestId("day-closed").WaitForAsync();

            // Friday closes at 15:00, Saturday opens 10:00–13:00, Friday 12 June is a holiday.
            await friday.GetByTestId("day-to").FillAsync("15:00");
            await saturday.GetByText("Open").ClickAsync();
            await saturday.GetByTestId("day-from").FillAsync("10:00");
            await saturday.GetByTestId("day-to").FillAsync("13:00");
            await calendar.GetByTestId("add-holiday").ClickAsync();
            var holiday = calendar.GetByTestId("holiday").Last;
            await holiday.Locator("input[type=date]").FillAsync("2026-06-12");
            await holiday.Locator(".mud-input-control").Filter(new LocatorFilterOptions { HasText = "Holiday" }).Locator("input").FillAsync("Santo António");
            await Screenshot(page, "calendar-week-1440");
            await calendar.GetByTestId("save-calendar").ClickAsync();
            await page.GetByText("Calendar saved", new PageGetByTextOptions { Exact = false }).First.WaitForAsync();
            await BrowserHost.PhoneWidthAsync(page);
            await page.Locator("[data-testid=calendar][data-key=lisbon-office]").ScrollIntoViewIfNeededAsync();
            await Screenshot(page, "calendar-week-390");
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        var view = await check.ServiceProvider.GetRequiredService<BusinessCalendars>().GetViewAsync("lisbon-office", Ct);
        view!.Hours.Should().ContainEquivalentOf(new CalendarHours(DayOfWeek.Friday, "09:00", "15:00"))
            .And.ContainEquivalentOf(new CalendarHours(DayOfWeek.Saturday, "10:00", "13:00"))
            .And.HaveCount(6);
        view.Holidays.Should().Equal(new CalendarHoliday(new DateOnly(2026, 6, 12), "Santo António"));
    }

    /// <summary>Picks an option of the form's select with the given label.</summary>
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
