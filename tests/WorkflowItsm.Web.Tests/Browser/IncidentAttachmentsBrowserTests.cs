using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>An agent attaches files on the incident page: an accepted one is listed with its download link, a disguised one is refused with the reason.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class IncidentAttachmentsBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Agent = "ada.agent";
    private const string Password = "Ada-Agent-Pass-1!";

    [Fact]
    public async Task An_agent_attaches_a_log_and_sees_why_a_disguised_program_is_refused()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync(Agent, Password, Roles.Agent);
        Incident incident;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            incident = await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(
                new NewIncident { ShortDescription = "Backup job fails at night" }, Agent, TestContext.Current.CancellationToken);
        }

        var page = await browser.SignedInPageAsync(Agent, Password);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "incident-attachments", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, $"incidents/{incident.Number}");
            await page.GetByText("Attachments (0)").ClickAsync();
            var row = page.GetByTestId("incident-attachment");
            await PickAsync(page, new FilePayload { Name = "backup.log", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("02:00 backup failed: disk full\n") },
                row.GetByText("backup.log"));
            (await row.GetByRole(AriaRole.Link).GetAttributeAsync("href")).Should().EndWith($"api/incidents/{incident.Number}/attachments/{(await AttachmentIdAsync(incident.Number))}");

            await PickAsync(page, new FilePayload { Name = "invoice.png", MimeType = "image/png", Buffer = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00] },
                page.GetByTestId("attachment-error").GetByText("invoice.png: The content is not image/png", new LocatorGetByTextOptions { Exact = false }));
            (await page.GetByTestId("attachment-error").InnerTextAsync()).Should().Contain("(415)");
            (await row.CountAsync()).Should().Be(1);
        });
    }

    /// <summary>
    /// Picks a file in the upload's input until <paramref name="outcome"/> shows: an input just rendered may not be
    /// wired to the circuit yet, and a pick before that is lost. MudFileUpload adds a fresh input after each pick
    /// (so the same file can be picked again): the last one is live.
    /// </summary>
    private static async Task PickAsync(IPage page, FilePayload file, ILocator outcome)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId("attachment-upload").Locator("input[type=file]").Last.SetInputFilesAsync(file);
            try
            {
                await outcome.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    private async Task<long> AttachmentIdAsync(string number)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<RecordAttachments>().ListAsync(number, TestContext.Current.CancellationToken)).Single().Id;
    }
}
