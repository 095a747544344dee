using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>The agent's journey in a real browser: a task appears in the inbox, is claimed and worked through its form.</summary>
public sealed class WorkspaceBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Agent = "alex.agent";
    private const string AgentPassword = "Alex-Agent-1!";

    [Fact]
    public async Task An_agent_sees_a_new_task_claims_it_and_completes_its_form_after_a_field_error()
    {
        browser.SkipIfUnavailable();
        await browser.Host.CreateUserAsync(Agent, AgentPassword, Roles.Agent);
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync("service-desk", Agent, TestContext.Current.CancellationToken);
        }

        var page = await browser.SignedInPageAsync(Agent, AgentPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "agent-journey", async () =>
        {
            // The inbox is open before the incident exists: the task must appear without a reload.
            await BrowserHost.GoToInteractiveAsync(page, "tasks");
            await page.GetByTestId("inbox").WaitForAsync();
            var taskId = await StartLowPriorityIncidentAsync();
            var row = page.Locator($"[data-testid=inbox-task][data-task-id='{taskId}']");
            await row.WaitForAsync();
            await row.ClickAsync();

            // Claim, then submit once without the required notes: the server's message shows at that field.
            await page.GetByTestId("claim").ClickAsync();
            await page.GetByTestId("complete").WaitForAsync();
            await page.Locator("[data-field-id=resolutionCode] .mud-select").First.ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").GetByText("Fixed", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await page.GetByTestId("complete").ClickAsync();
            await page.Locator("[data-field-id=resolutionNotes]").GetByText("required", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            (await TaskAsync(taskId)).Status.Should().Be(HumanTaskStatus.Open);

            await page.Locator("[data-field-id=resolutionNotes] input").FillAsync("Replaced the toner");
            await page.GetByTestId("complete").ClickAsync();
            await page.GetByTestId("task-status").GetByText("Completed").WaitForAsync();

            var task = await TaskAsync(taskId);
            task.Status.Should().Be(HumanTaskStatus.Completed);
            task.CompletedBy.Should().Be(Agent);
        });
    }

    private async Task<string> StartLowPriorityIncidentAsync()
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var variables = new Dictionary<string, object?> { ["impact"] = 3L, ["urgency"] = 3L, ["shortDescription"] = "Printer out of toner" };
        var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>()
            .StartAsync(new StartProcessCommand("incident-triage", BusinessKey: "INC0009001", Variables: variables), TestContext.Current.CancellationToken);
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().HumanTasks
            .Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private async Task<HumanTaskRecord> TaskAsync(string taskId)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().HumanTasks.AsNoTracking().SingleAsync(t => t.Id == taskId, TestContext.Current.CancellationToken);
    }
}
