using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// The incident and problem pages are built from the same record parts (Web/Records): header, fields, activity stream,
/// linked records. Both are checked on a desktop and on a phone, where nothing may be wider than the window; the
/// screenshots are kept under TestResults/screenshots/record-pages for a person to look at.
/// </summary>
public sealed class RecordPagesBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Agent = "rhea.agent";
    private const string Password = "Rhea-Agent-Pass-1!";

    [Fact]
    public async Task Incident_and_problem_pages_show_the_shared_record_parts_and_fit_a_phone()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync(Agent, Password, Roles.Agent);
        var cancel = TestContext.Current.CancellationToken;
        Incident incident;
        Problem problem;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var incidents = scope.ServiceProvider.GetRequiredService<IncidentService>();
            incident = await incidents.CreateAsync(new NewIncident { ShortDescription = "Mail server rejects attachments over 5 MB since the upgrade", Category = "software" }, "admin", cancel);
            await incidents.CreateAsync(new NewIncident { ShortDescription = "Cannot send the quarterly report by mail", Parent = incident.Number }, "admin", cancel);
            await incidents.AddNoteAsync(incident.Number, RecordNoteKind.Comment, "We are looking into it.", Agent, cancel);
            await incidents.AddNoteAsync(incident.Number, RecordNoteKind.WorkNote, "The upgrade reset the size limit to its default.", Agent, cancel);
            var problems = scope.ServiceProvider.GetRequiredService<ProblemService>();
            problem = await problems.CreateAsync(new NewProblem { ShortDescription = "Mail size limit reset by upgrades", Category = "software" }, "admin", cancel);
            await problems.LinkIncidentAsync(problem.Number, incident.Number, "admin", cancel);
        }

        var page = await browser.SignedInPageAsync(Agent, Password);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "record-pages", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, $"incidents/{incident.Number}");
            await page.GetByTestId("incident-number").GetByText(incident.Number).WaitForAsync();
            await page.GetByTestId("incident-state").GetByText("New").WaitForAsync();
            // One time line: the notes and the field changes of the record's opening, newest first.
            var notes = page.GetByTestId("incident-note");
            await notes.First.GetByText("The upgrade reset the size limit", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            (await notes.CountAsync()).Should().Be(2);
            await page.Locator("[data-testid=activity-item][data-kind=FieldChange]").GetByText("Short description: Mail server rejects", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            // The filter narrows it to one kind.
            await page.GetByTestId("activity-filter").Locator(".mud-select").First.ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").GetByText("Work notes", new LocatorGetByTextOptions { Exact = false }).ClickAsync();
            await page.Locator("[data-testid=activity-item]").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            (await notes.CountAsync()).Should().Be(1, "only the work note is left");
            await page.GetByTestId("incident-links").GetByText("Child:", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            await KeepScreenshotsAsync(page, "incident");

            await BrowserHost.GoToInteractiveAsync(page, $"problems/{problem.Number}");
            await page.GetByTestId("problem-number").GetByText(problem.Number).WaitForAsync();
            await page.GetByTestId("problem-state").GetByText("New").WaitForAsync();
            await page.GetByTestId("problem-links").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = incident.Number }).WaitForAsync();
            await page.GetByTestId("problem-activity").GetByText($"Incident {incident.Number} linked").WaitForAsync();
            // Its actions are verbs, not the names of the states they lead to ("Assessed", "Cancelled").
            (await page.GetByTestId("action-Assessed").InnerTextAsync()).Should().BeEquivalentTo("Mark assessed");
            (await page.GetByTestId("action-Cancelled").InnerTextAsync()).Should().BeEquivalentTo("Cancel problem");
            await KeepScreenshotsAsync(page, "problem");
        });
    }

    [Fact]
    public async Task Once_an_agent_chose_work_note_her_next_notes_stay_work_notes_until_she_switches_back()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync("wendy.agent", Password, Roles.Agent);
        var cancel = TestContext.Current.CancellationToken;
        Incident incident;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            incident = await scope.ServiceProvider.GetRequiredService<IncidentService>()
                .CreateAsync(new NewIncident { ShortDescription = "Badge reader at gate B rejects every badge" }, "admin", cancel);
        }

        var page = await browser.SignedInPageAsync("wendy.agent", Password);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "record-work-notes", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, $"incidents/{incident.Number}");
            // MudSwitch puts the test id on its input or on its wrapper, depending on the version.
            var workNote = page.Locator("[data-testid=note-work] input, input[data-testid=note-work]");
            await workNote.CheckAsync();
            foreach (var text in new[] { "Vendor says the firmware update broke it.", "Rolled the reader back to 2.1." })
            {
                await page.GetByTestId("note-text").FillAsync(text);
                await page.GetByTestId("add-note").ClickAsync();
                await page.GetByTestId("incident-note").GetByText(text).WaitForAsync();
                // Posting must not turn a work note (staff only) into a comment the caller reads.
                (await workNote.IsCheckedAsync()).Should().BeTrue();
            }
        });

        await using var check = browser.Host.Services.CreateAsyncScope();
        var notes = await check.ServiceProvider.GetRequiredService<ItsmDbContext>().RecordNotes.AsNoTracking()
            .Where(n => n.RecordNumber == incident.Number).Select(n => n.Kind).ToListAsync(cancel);
        notes.Should().HaveCount(2).And.AllBeEquivalentTo(RecordNoteKind.WorkNote);
    }

    // The page at 1440×900 and at 390×844; on the phone nothing may stick out sideways.
    private static async Task KeepScreenshotsAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserHost.ScreenshotFolder, "record-pages");
        Directory.CreateDirectory(folder);
        await BrowserHost.DesktopWidthAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-1440.png"), FullPage = true });
        await BrowserHost.PhoneWidthAsync(page);
        await page.WaitForFunctionAsync("document.documentElement.clientWidth <= 390");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-390.png"), FullPage = true });
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        width.Should().BeLessThanOrEqualTo(390, $"the {name} page fits a phone");
        await page.SetViewportSizeAsync(1600, 1000);
    }
}
