using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>An agent records a problem in a real browser: from the problem list, and from an incident (filled in from it and linked to it).</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class NewProblemBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Pia-Agent-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_creates_a_problem_from_the_problem_list()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("pia.agent", Password, Roles.Agent);
        var page = await browser.SignedInPageAsync("pia.agent", Password, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "new-problem", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "problems");
            await page.GetByTestId("new-problem").ClickAsync();
            await page.GetByTestId("problem-short-description").WaitForAsync();
            await BrowserHost.WaitForInteractiveAsync(page);

            // Without a short description the server names the field.
            await page.GetByTestId("create-problem").ClickAsync();
            await page.GetByText("required", new PageGetByTextOptions { Exact = false }).First.WaitForAsync();

            await page.GetByTestId("problem-short-description").FillAsync("VPN drops every 20 minutes for home workers");
            await Screenshot(page, "new-problem-1440");
            await BrowserHost.PhoneWidthAsync(page);
            await Screenshot(page, "new-problem-390");
            await BrowserHost.DesktopWidthAsync(page);
            await page.GetByTestId("create-problem").ClickAsync();
            await page.GetByTestId("record-header").GetByText("VPN drops every 20 minutes for home workers").WaitForAsync();
            (await page.GetByTestId("problem-number").InnerTextAsync()).Should().StartWith("PRB");
        });
    }

    [Fact]
    public async Task An_agent_creates_a_problem_from_an_incident_filled_in_from_it_and_linked_to_it()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("pat.agent", Password, Roles.Agent);
        Incident incident;
        string erp;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            erp = (await scope.ServiceProvider.GetRequiredService<CiService>().CreateAsync(
                new NewConfigurationItem { Name = "Payroll", Class = CmdbSeed.BusinessService }, "pat.agent", Ct)).Number;
            incident = await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(
                new NewIncident { ShortDescription = "Payroll export fails at month end", Category = "software", Service = erp, Impact = 2, Urgency = 2 }, "pat.agent", Ct);
        }

        var page = await browser.SignedInPageAsync("pat.agent", Password, 1440, 900);
        string problemNumber = "";
        await BrowserHost.WithScreenshotOnFailureAsync(page, "problem-from-incident", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, $"incidents/{incident.Number}");
            await page.GetByTestId("create-problem-from-incident").ClickAsync();
            await page.GetByTestId("problem-from-incident").WaitForAsync();
            await BrowserHost.WaitForInteractiveAsync(page);
            (await page.GetByTestId("problem-short-description").InputValueAsync()).Should().Be("Payroll export fails at month end");
            (await page.GetByTestId("problem-incidents").InputValueAsync()).Should().Be(incident.Number);
            await Screenshot(page, "problem-from-incident-1440");
            await page.GetByTestId("create-problem").ClickAsync();
            await page.GetByTestId("problem-links").GetByText(incident.Number).WaitForAsync();
            problemNumber = await page.GetByTestId("problem-number").InnerTextAsync();
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ItsmDbContext>();
        (await db.RecordLinks.AnyAsync(l => l.FromNumber == problemNumber && l.ToNumber == incident.Number && l.Kind == RecordLinkKinds.Causes, Ct)).Should().BeTrue();
        (await db.Problems.SingleAsync(p => p.Number == problemNumber, Ct)).Should().BeEquivalentTo(new { Category = "software", Service = erp, Impact = 2, Urgency = 2 });
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });
    }
}
