using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>The bell as a requester and an agent use it, on a desktop and a phone, and the page where each chooses how she is told.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class NotificationBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Bell-Browser-Pass-1!";

    /// <summary>Picks <paramref name="choice"/> for <paramref name="kind"/> on the "How I am notified" page and saves.</summary>
    internal static async Task ChooseAsync(IPage page, string kind, string choice)
    {
        await BrowserHost.WaitForInteractiveAsync(page);
        await page.Locator($"[data-testid=notification-kind][data-kind={kind}] .mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(choice, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await page.GetByTestId("save-notification-settings").ClickAsync();
        await page.GetByText("Your choices are saved.").WaitForAsync();
    }

    private async Task NotifyAsync(string recipient, string title, string? link, DateTime at, string kind = NotificationKinds.Escalation)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        db.Notifications.Add(new NotificationRecord { Recipient = recipient, Kind = kind, Title = title, Body = title, Link = link, CreatedAt = at });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png") });
    }

    private static ILocator Rows(IPage page) => page.GetByTestId("notification");

    [Fact]
    public async Task A_requester_sees_one_row_per_request_linked_to_the_portal_and_Escape_closes_the_bell()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("rhea", Password, Roles.Requester);
        Incident incident;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            incident = await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(
                new NewIncident { ShortDescription = "Laptop will not start", Caller = "rhea", Impact = 3, Urgency = 3 }, "rhea", TestContext.Current.CancellationToken);
        }

        var now = DateTime.UtcNow;
        await NotifyAsync("rhea", $"Assigned to you: confirm the resolution of {incident.Number}", $"/incidents/{incident.Number}", now.AddMinutes(-30), NotificationKinds.TaskAssigned);
        await NotifyAsync("rhea", $"Your request {incident.Number} is resolved", $"/incidents/{incident.Number}", now.AddMinutes(-5), NotificationKinds.TaskAssigned);
        await NotifyAsync("rhea", "A message about an incident of someone else", "/incidents/INC0999998", now.AddMinutes(-10));

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await browser.SignedInPageAsync("rhea", Password, width, height);
            await BrowserHost.WithScreenshotOnFailureAsync(page, $"bell-requester-{width}", async () =>
            {
                await BrowserHost.GoToInteractiveAsync(page, "portal");
                if (width == 1440)
                {
                    // Two rows, both unread: the badge counts rows, not messages.
                    await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=bell-count]')?.textContent === '2'");
                }

                await page.GetByTestId("bell-button").ClickAsync();
                await Rows(page).First.WaitForAsync();
                await ShotAsync(page, $"bell-requester-{width}x{height}");
                (await Rows(page).CountAsync()).Should().Be(2);
                var own = Rows(page).First;
                (await own.InnerTextAsync()).Should().Contain("is resolved").And.Contain("2 messages");
                (await own.GetAttributeAsync("data-link")).Should().Be($"/portal/requests/{incident.ProcessInstanceId}", "her request page, not the agents' incident page");
                var others = Rows(page).Nth(1);
                (await others.GetAttributeAsync("data-link")).Should().BeEmpty();
                (await others.InnerTextAsync()).Should().Contain("nothing to open");

                await page.Keyboard.PressAsync("Escape");
                await page.GetByTestId("bell-menu").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });

                if (width == 1440)
                {
                    await page.GetByTestId("bell-button").ClickAsync();
                    await own.ClickAsync();
                    // Blazor's own navigation may never fire "load": the address counts once the navigation commits.
                    await page.WaitForAddressAsync($"**/portal/requests/{incident.ProcessInstanceId}");
                    await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=bell-count]')?.textContent === '1'");
                }
            });
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task An_agent_sees_messages_about_one_incident_as_one_row_marks_all_read_and_chooses_how_she_is_told()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("aria", Password, Roles.Agent);
        var now = DateTime.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            await NotifyAsync("aria", $"Escalation on INC0000501 ({i + 1})", "/incidents/INC0000501", now.AddMinutes(-60 + i));
        }

        await NotifyAsync("aria", "SLA warning on INC0000502: P2 resolution in 8 business hours", "/incidents/INC0000502", now.AddMinutes(-2), NotificationKinds.SlaWarning);
        await NotifyAsync("aria", "Overdue: Resolve incident", "/tasks/no-such-task", now.AddMinutes(-90), NotificationKinds.TaskOverdue);

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await browser.SignedInPageAsync("aria", Password, width, height);
            await BrowserHost.WithScreenshotOnFailureAsync(page, $"bell-agent-{width}", async () =>
            {
                await BrowserHost.GoToInteractiveAsync(page, "");
                await page.GetByTestId("bell-button").ClickAsync();
                await Rows(page).First.WaitForAsync();
                await ShotAsync(page, $"bell-agent-{width}x{height}");
                var titles = await Rows(page).AllInnerTextsAsync();
                titles.Should().HaveCount(3, "three messages about one incident are one row");
                titles[0].Should().Contain("SLA warning on INC0000502", "newest first");
                titles[1].Should().Contain("Escalation on INC0000501 (3)").And.Contain("3 messages");
                titles[2].Should().Contain("Overdue");
                (await Rows(page).First.GetAttributeAsync("data-link")).Should().Be("/incidents/INC0000502");

                if (width == 1440)
                {
                    await page.GetByTestId("mark-all-read").ClickAsync();
                    await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=bell-count]')?.textContent === '0'");
                    // The menu closes once all is read; the settings are one more click on the bell away.
                    await page.GetByTestId("bell-menu").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });
                    await page.GetByTestId("bell-button").ClickAsync();
                    await page.GetByTestId("notification-settings").ClickAsync();
                    await page.WaitForAddressAsync("**/notifications/settings");
                    await page.GetByTestId("notification-kind").First.WaitForAsync();
                    await ShotAsync(page, "notification-settings-1440x900");
                    (await page.GetByTestId("notification-kind").CountAsync()).Should().Be(NotificationKinds.All.Count, "an agent is sent every kind");
                    (await page.Locator("body").InnerTextAsync()).Should().NotContain("sla-warning", "kinds are named in words");
                    await ChooseAsync(page, NotificationKinds.SlaWarning, "By email only");
                }
                else
                {
                    var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                    overflow.Should().BeLessThanOrEqualTo(390, "the open bell fits a phone");
                    await BrowserHost.GoToInteractiveAsync(page, "notifications/settings");
                    await page.GetByTestId("notification-kind").First.WaitForAsync();
                    await ShotAsync(page, "notification-settings-390x844");
                    (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the settings fit a phone");
                }
            });
            await page.Context.CloseAsync();
        }

        await using var scope = browser.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<NotificationPreferences>().GetAsync("aria", TestContext.Current.CancellationToken))[NotificationKinds.SlaWarning]
            .Should().Be(NotificationDelivery.Email);
    }
}
