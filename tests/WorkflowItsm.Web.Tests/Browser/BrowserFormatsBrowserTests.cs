using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>Dates show in the browser's time zone and its language's format, never the server's (which runs in UTC here).</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class BrowserFormatsBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Formats-Pass-1!";

    [Theory]
    [InlineData("en-GB", "Europe/Berlin")]
    [InlineData("en-US", "America/New_York")]
    public async Task The_incident_list_shows_when_an_incident_was_opened_in_the_browsers_zone_and_format(string locale, string zone)
    {
        browser.SkipIfUnavailable();
        var agent = $"fay.{locale.ToLowerInvariant()}";
        await browser.Host.CreateUserAsync(agent, Password, Roles.Agent);
        Incident incident;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            incident = await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(new NewIncident
            {
                ShortDescription = $"Clock shows the wrong hour ({locale})", Caller = agent, Impact = 3, Urgency = 3,
            }, agent, TestContext.Current.CancellationToken);
        }

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(), Locale = locale, TimezoneId = zone, ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await BrowserHost.WithScreenshotOnFailureAsync(page, $"formats-{locale}", async () =>
        {
            // The sign-in page is where the browser first tells its zone.
            await page.GotoAsync("account/login");
            await page.FillAsync("#username", agent);
            await page.FillAsync("#password", Password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync("[data-testid=signed-in-user]");

            await BrowserHost.GoToInteractiveAsync(page, $"incidents?q={incident.Number}");
            var row = page.Locator("tr").Filter(new LocatorFilterOptions { HasText = incident.Number });
            await row.WaitForAsync();
            var opened = TimeZoneInfo.ConvertTimeFromUtc(incident.OpenedAt, TimeZoneInfo.FindSystemTimeZoneById(zone))
                .ToString("g", CultureInfo.GetCultureInfo(locale));
            (await row.InnerTextAsync()).Should().Contain(opened);
        });
        await context.CloseAsync();
    }
}
