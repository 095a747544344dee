using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// An agent sees what their tasks are about without opening the records: the inbox's rows and the task page show
/// the incident (number, short description, caller, P1–P5, SLA time left); the search finds a task by its record's
/// words; a claim shows at once; completing a task leads to the queue's next one, and after the last to the inbox.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class AgentContextBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    // Moving to the next task (or the inbox) is Blazor's own navigation: a page of it may never fire "load", so the
    // address counts once the navigation is committed.

    private const string Agent = "ada.agent";
    private const string Password = "Ada-Agent-Pass-1!";

    /// <summary>A queue of this class's own, so that "the next task" is one of the two made here.</summary>
    private const string Queue = "context-queue";

    [Fact]
    public async Task An_agent_works_two_incidents_from_the_inbox_with_their_context_and_lands_back_in_the_inbox()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync(Agent, Password, Roles.Agent);
        await browser.Host.CreateUserAsync("cora.caller", Password, Roles.Requester);
        Incident vpn, monitor;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var groups = scope.ServiceProvider.GetRequiredService<DirectoryGroups>();
            await groups.EnsureAsync(Queue, "Context queue", null, TestContext.Current.CancellationToken);
            await groups.AddMemberAsync(Queue, Agent, TestContext.Current.CancellationToken);
            var incidents = scope.ServiceProvider.GetRequiredService<IncidentService>();
            vpn = await incidents.CreateAsync(new NewIncident
            {
                ShortDescription = "VPN drops every ten minutes", Description = "Since Monday the VPN client disconnects; reconnecting works for a while.",
                Caller = "cora.caller", AssignmentGroup = Queue, Impact = 2, Urgency = 2,
            }, "cora.caller", TestContext.Current.CancellationToken);
            monitor = await incidents.CreateAsync(new NewIncident
            {
                ShortDescription = "Second monitor flickers", Description = "The left screen flickers when the laptop is docked.",
                Caller = "cora.caller", AssignmentGroup = Queue, Impact = 3, Urgency = 3,
            }, "cora.caller", TestContext.Current.CancellationToken);
        }

        var page = await browser.SignedInPageAsync(Agent, Password);
        await BrowserHost.DesktopWidthAsync(page);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "agent-context", async () =>
        {
            // The inbox's row names the incident: number (a link to it), short description, caller, its P-priority and SLA time left.
            await BrowserHost.GoToInteractiveAsync(page, "tasks");
            var vpnRow = page.Locator("tr").Filter(new LocatorFilterOptions { HasText = vpn.Number });
            await vpnRow.GetByTestId("inbox-record-title").GetByText("VPN drops every ten minutes").WaitForAsync();
            (await vpnRow.GetByTestId("inbox-record-number").GetAttributeAsync("href")).Should().EndWith($"incidents/{vpn.Number}");
            (await vpnRow.GetByTestId("inbox-record-caller").InnerTextAsync()).Should().Contain("cora.caller");
            (await vpnRow.GetByTestId("inbox-priority").InnerTextAsync()).Should().Be($"P{vpn.Priority}");
            (await vpnRow.GetByTestId("inbox-sla").InnerTextAsync()).Should().EndWith("left");
            await ScreenshotAsync(page, "inbox-1440x900");

            // The search finds the task by its record's words, in any case, and leaves the other out.
            await page.GetByTestId("inbox-search").FillAsync("flickers");
            await page.Locator("tr").Filter(new LocatorFilterOptions { HasText = vpn.Number }).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await page.Locator("tr").Filter(new LocatorFilterOptions { HasText = monitor.Number }).WaitForAsync();
            await page.GetByTestId("inbox-search").FillAsync("");
            await vpnRow.WaitForAsync();

            await BrowserHost.PhoneWidthAsync(page);
            await vpnRow.GetByTestId("inbox-priority").WaitForAsync();
            await ScreenshotAsync(page, "inbox-390x844");
            await BrowserHost.DesktopWidthAsync(page);

            // The task page: the record at the top, the diagram a closed detail.
            await vpnRow.GetByTestId("inbox-task").ClickAsync();
            var summary = page.GetByTestId("task-subject");
            await summary.GetByTestId("task-subject-title").GetByText("VPN drops every ten minutes").WaitForAsync();
            (await summary.GetByTestId("task-record").InnerTextAsync()).Should().Be(vpn.Number);
            (await summary.GetByTestId("task-subject-caller").InnerTextAsync()).Should().Contain("cora.caller");
            (await summary.GetByTestId("task-subject-priority").InnerTextAsync()).Should().StartWith($"P{vpn.Priority} –");
            (await summary.GetByTestId("task-subject-state").InnerTextAsync()).Should().Be("New");
            (await summary.GetByTestId("task-subject-sla").InnerTextAsync()).Should().EndWith("left");
            (await summary.GetByTestId("task-subject-description").InnerTextAsync()).Should().Contain("Since Monday the VPN client disconnects");
            (await page.GetByTestId("task-diagram").CountAsync()).Should().Be(0, "the diagram is drawn only when its panel is opened");
            // The process is named as it was published, not by its key.
            var process = await page.GetByTestId("task-process").InnerTextAsync();
            process.Should().NotBeNullOrWhiteSpace().And.NotContain("-", "a process key (incident-…) is not a name");
            (await page.GetByTestId("task-process").GetAttributeAsync("title")).Should().NotBe(process);
            await page.GetByTestId("task-status").GetByText("Open").WaitForAsync();

            // A claim shows at once.
            await page.GetByTestId("claim").ClickAsync();
            await page.GetByTestId("task-status").GetByText("Claimed by you").WaitForAsync();
            await ScreenshotAsync(page, "task-1440x900");
            await BrowserHost.PhoneWidthAsync(page);
            await ScreenshotAsync(page, "task-390x844");
            await BrowserHost.DesktopWidthAsync(page);

            // The diagram is there for who wants it.
            await page.GetByTestId("task-diagram-panel").GetByText("Process diagram").ClickAsync();
            await page.GetByTestId("task-diagram").Locator("svg").First.WaitForAsync();

            // Completing it leads to the queue's next task: the other incident.
            await CompleteAsync(page, "Reset the VPN profile");
            await page.GetByTestId("task-subject").GetByTestId("task-subject-title").GetByText("Second monitor flickers").WaitForAsync();
            page.Url.Should().Contain("/tasks/");
            await page.GetByTestId("task-status").GetByText("Open").WaitForAsync();
            (await page.GetByTestId("task-diagram").CountAsync()).Should().Be(0, "the next task starts with its diagram closed");

            // After the last one of the queue: back to the inbox.
            await page.GetByTestId("claim").ClickAsync();
            await page.GetByTestId("task-status").GetByText("Claimed by you").WaitForAsync();
            await CompleteAsync(page, "Replaced the cable");
            await page.GetByText("Nothing else in this queue for you.").WaitForAsync();
            await page.WaitForAddressAsync(url => url.EndsWith("/tasks", StringComparison.Ordinal));
            await page.GetByTestId("inbox").WaitForAsync();
        });
    }

    private static async Task CompleteAsync(IPage page, string notes)
    {
        await page.GetByTestId("complete").WaitForAsync();
        await page.Locator("[data-field-id=resolutionCode] .mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("Fixed", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        // On a busy machine the choice reaches the server after the click returns: the form is sent once it shows.
        await Assertions.Expect(page.Locator("[data-field-id=resolutionCode] input").First).ToHaveValueAsync("fixed");
        await page.Locator("[data-field-id=resolutionNotes] input").FillAsync(notes);
        await page.GetByTestId("complete").ClickAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        // The layout follows a new window size with a transition (the menu slides): the picture is taken after it.
        await page.WaitForTimeoutAsync(800);
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"agent-context-{name}.png"), FullPage = true });
    }
}
