using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 22: the acknowledge link of a page (bell and email) opens a page that says what it is about — the incident,
/// the policy, the level — and acknowledges only on its button; then the link is used; another person's link is refused.
/// At 1440×900 and 390×844.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class EscalationAcknowledgeBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Paged-Agent-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_paged_agent_opens_her_link_sees_the_incident_and_acknowledges_once()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("petra", Password, Roles.Agent);
        await browser.Host.CreateUserAsync("paul", Password, Roles.Agent);
        string number, link;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<ItsmDbContext>();
            var sla = await db.SlaDefinitions.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(Ct);
            await services.GetRequiredService<EscalationPolicies>().CreateAsync(new NewEscalationPolicy
            {
                Name = "Page Petra on breach", SlaDefinitionId = sla, OnSlaBreach = true,
                Levels = [new NewEscalationLevel { TimeoutMinutes = 5, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.Person, UserName = "petra" }] }],
            }, "admin", Ct);
            number = (await services.GetRequiredService<IncidentService>().CreateAsync(
                new NewIncident { ShortDescription = "Payroll export fails", Impact = 2, Urgency = 2, AssignmentGroup = "service-desk" }, "petra", Ct)).Number;
            (await services.GetRequiredService<EscalationService>().StartAsync(number, EscalationTrigger.SlaBreach, sla, "Resolution", Ct)).Should().NotBeNull();
            link = await db.Notifications.Where(n => n.Recipient == "petra" && n.Link!.StartsWith(EscalationService.LinkPrefix)).Select(n => n.Link!).SingleAsync(Ct);
        }

        var page = await browser.SignedInPageAsync("petra", Password);
        await BrowserHost.DesktopWidthAsync(page);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "escalation-acknowledge", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, link.TrimStart('/'));
            (await page.GetByTestId("acknowledge-record").InnerTextAsync()).Should().Be(number);
            (await page.GetByTestId("acknowledge-escalation").InnerTextAsync()).Should().Contain("Payroll export fails").And.Contain("Page Petra on breach").And.Contain("level 1");
            await KeepScreenshotAsync(page, "acknowledge-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await KeepScreenshotAsync(page, "acknowledge-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
            await BrowserHost.DesktopWidthAsync(page);

            await page.GetByTestId("acknowledge").ClickAsync();
            await page.GetByTestId("acknowledge-done").WaitForAsync();
            (await page.GetByTestId("acknowledge-state").InnerTextAsync()).Should().Be(EscalationLabels.State(EscalationState.Acknowledged));

            await BrowserHost.GoToInteractiveAsync(page, link.TrimStart('/'));
            (await page.GetByTestId("acknowledge-closed").InnerTextAsync()).Should().Contain("Acknowledged by petra");
            (await page.GetByTestId("acknowledge").CountAsync()).Should().Be(0, "a used link acknowledges nothing again");
        });

        var paul = await browser.SignedInPageAsync("paul", Password);
        await BrowserHost.WithScreenshotOnFailureAsync(paul, "escalation-acknowledge-other", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(paul, link.TrimStart('/'));
            await paul.GetByTestId("acknowledge-refused").WaitForAsync();
            (await paul.GetByTestId("acknowledge-escalation").CountAsync()).Should().Be(0, "another person's link shows nothing of the incident");
        });
    }

    private static async Task KeepScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserHost.ScreenshotFolder, "escalations");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}
