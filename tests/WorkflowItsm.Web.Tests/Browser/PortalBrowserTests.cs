using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// A requester's whole journey on a phone, in the portal only: she reports something broken, talks with the desk,
/// and confirms the fix — the incident closes and no engine word (process key, task name, state name) reaches her.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class PortalBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Password = "Una-Requester-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_requester_on_a_phone_reports_something_broken_talks_with_the_desk_and_confirms_the_fix_without_leaving_the_portal()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("una", Password, Roles.Requester);
        var page = await browser.SignedInPageAsync("una", Password, 390, 844);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "portal-phone", async () =>
        {
            // Her home is the portal, not the agents' shell.
            await page.WaitForURLAsync("**/portal");
            await BrowserHost.WaitForInteractiveAsync(page);
            // The catalogue speaks her words (the process's portalTitle), not the process's name.
            await page.Locator("[data-testid=offer][data-key=incident-triage] [data-testid=offer-title]").GetByText("Report something broken").WaitForAsync();
            await KeepScreenshotAsync(page, "portal-390");
            await page.Locator("[data-testid=offer][data-key=incident-triage]").GetByText("Request", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await page.GetByTestId("submit-request").WaitForAsync();
            await page.Locator("[data-field-id=shortDescription] input").FillAsync("Laptop screen flickers");
            await page.GetByTestId("submit-request").ClickAsync();
            await page.GetByTestId("request-status").GetByText("Received").WaitForAsync();
            await page.GetByTestId("request-title").GetByText("Laptop screen flickers").WaitForAsync();
            var number = (await page.GetByTestId("promise-number").TextContentAsync())!;

            // The desk asks her something (and keeps a note for itself), then she answers from the request page.
            await DeskAsync((incidents, by) => incidents.AddNoteAsync(number, RecordNoteKind.Comment, "Does it flicker on battery too?", by, Ct));
            await DeskAsync((incidents, by) => incidents.AddNoteAsync(number, RecordNoteKind.WorkNote, "Probably the display cable.", by, Ct));
            await page.Locator("[data-testid=conversation-message][data-from=desk]").Filter(new LocatorFilterOptions { HasText = "Does it flicker on battery too?" }).WaitForAsync();
            await page.GetByTestId("comment-text").FillAsync("Yes, on battery too.");
            await page.GetByTestId("send-comment").ClickAsync();
            await page.Locator("[data-testid=conversation-message][data-from=you]").Filter(new LocatorFilterOptions { HasText = "Yes, on battery too." }).WaitForAsync();

            // Resolved: she is asked on the page itself, and her "yes" closes it.
            await DeskAsync((incidents, by) => incidents.TransitionAsync(number,
                new IncidentTransition(IncidentState.Resolved, ResolutionCode: "fixed", ResolutionNotes: "Replaced the display cable."), by, Ct));
            await page.GetByTestId("request-confirm").WaitForAsync();
            await page.GetByTestId("promise-resolution").GetByText("Replaced the display cable.", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            await KeepScreenshotAsync(page, "request-resolved-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the request page fits a phone");

            await page.GetByTestId("confirm").ClickAsync();
            await page.GetByTestId("request-status").GetByText("Closed").WaitForAsync();
            await page.Locator("[data-testid=conversation-message][data-from=you]").Filter(new LocatorFilterOptions { HasText = "Confirmed: it works again." }).WaitForAsync();
            await KeepScreenshotAsync(page, "request-closed-390");

            var shown = await page.Locator(".mud-main-content").InnerTextAsync();
            shown.Should().NotContainAny(["incident-triage", "Resolve incident", "Confirm resolution", "InProgress", "Probably the display cable"],
                "a requester reads her words and the desk's public ones, never the engine's or a work note");

            // My requests names it by what she reported, with its state.
            await page.GotoAsync("portal/requests");
            await page.GetByTestId("request").GetByText("Laptop screen flickers").WaitForAsync();
            await page.GetByTestId("request-row-status").GetByText("Closed").WaitForAsync();
            await BrowserHost.DesktopWidthAsync(page);
            await KeepScreenshotAsync(page, "my-requests-1440");
        });
    }

    private async Task DeskAsync(Func<IncidentService, string, Task> act)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        await act(scope.ServiceProvider.GetRequiredService<IncidentService>(), "ana");
    }

    private static async Task KeepScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserHost.ScreenshotFolder, "portal");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}
