using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>The agent's journey in a real browser: a task appears in the inbox, is claimed and worked through its form.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class WorkspaceBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    // Moving to the next task (or the inbox) is Blazor's own navigation: a page of it may never fire "load", so the
    // address counts once the navigation is committed.

    private const string Agent = "alex.agent";
    private const string AgentPassword = "Alex-Agent-1!";

    [Fact]
    public async Task An_agent_sees_a_new_task_claims_it_and_completes_its_form_after_a_field_error()
    {
        browser.SkipIfUnavailable();
        await EnsureAgentAsync();

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
            // Done, the agent moves on (the queue's next task, or the inbox): no read-only page of a finished task.
            await page.WaitForAddressAsync(url => !url.Contains(taskId, StringComparison.Ordinal));

            var task = await TaskAsync(taskId);
            task.Status.Should().Be(HumanTaskStatus.Completed);
            task.CompletedBy.Should().Be(Agent);
        });
    }

    [Fact]
    public async Task A_request_from_the_portal_is_worked_by_an_agent_and_the_requester_sees_it_completed()
    {
        browser.SkipIfUnavailable();
        await EnsureAgentAsync();
        await browser.Host.CreateUserAsync("rita.requester", "Rita-Requester-1!", Roles.Requester);
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var drafts = scope.ServiceProvider.GetRequiredService<WorkflowItsm.Runtime.Deployments.ProcessDrafts>();
            var saved = await drafts.SaveAsync("laptop-order", LaptopOrder, 0, "admin", TestContext.Current.CancellationToken);
            await drafts.PublishAsync("laptop-order", saved.Revision, "portal test", "admin", TestContext.Current.CancellationToken);
        }

        // The requester asks for a laptop; the start form's rules are the server's.
        var requester = await browser.SignedInPageAsync("rita.requester", "Rita-Requester-1!");
        string requestUrl = "";
        await BrowserHost.WithScreenshotOnFailureAsync(requester, "portal-request", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(requester, "portal");
            await requester.Locator("[data-testid=offer][data-key=laptop-order]").GetByText("Request", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await requester.GetByTestId("submit-request").WaitForAsync();
            await requester.Locator("[data-field-id=reason] input").FillAsync("My old one broke");
            await requester.GetByTestId("submit-request").ClickAsync();
            await requester.Locator("[data-field-id=model]").GetByText("required", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            await requester.Locator("[data-field-id=model] .mud-select").First.ClickAsync();
            await requester.Locator(".mud-popover-open .mud-list-item").GetByText("Pro", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await requester.GetByTestId("submit-request").ClickAsync();
            await requester.GetByTestId("request-status").GetByText("In progress").WaitForAsync();
            requestUrl = requester.Url;
        });

        // The agent works it from the inbox: once without the required note, then with it.
        var agent = await browser.SignedInPageAsync(Agent, AgentPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(agent, "portal-agent", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(agent, "tasks");
            await agent.GetByTestId("inbox-task").GetByText("Prepare laptop").ClickAsync();
            await agent.GetByTestId("claim").ClickAsync();
            await agent.GetByTestId("complete").ClickAsync();
            await agent.Locator("[data-field-id=note]").GetByText("required", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            await agent.Locator("[data-field-id=note] input").FillAsync("Pro model, serial 42");
            var taskUrl = agent.Url;
            await agent.GetByTestId("complete").ClickAsync();
            await agent.WaitForAddressAsync(url => url != taskUrl);
        });

        // The requester's page follows: completed, with what happened.
        await BrowserHost.WithScreenshotOnFailureAsync(requester, "portal-completed", async () =>
        {
            await requester.GetByTestId("request-status").GetByText("Completed").WaitForAsync();
            await requester.GetByTestId("request-history").GetByText("Prepare laptop: done").WaitForAsync();
            // ...and the bell has the news.
            await requester.WaitForFunctionAsync("() => document.querySelector('[data-testid=bell-count]')?.textContent === '1'");
            await requester.GetByTestId("bell-button").ClickAsync();
            await requester.GetByTestId("notification").GetByText("is completed", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            await BrowserHost.GoToInteractiveAsync(requester, "portal/requests");
            await requester.GetByTestId("requests").GetByText("Completed").WaitForAsync();
        });

        // Another requester guessing the address gets nothing.
        await browser.Host.CreateUserAsync("otto.other", "Otto-Other-1!", Roles.Requester);
        var other = await browser.SignedInPageAsync("otto.other", "Otto-Other-1!");
        await other.GotoAsync(requestUrl);
        await other.GetByText("No such request.").WaitForAsync();
    }

    [Fact]
    public async Task Script_and_html_in_text_fields_are_shown_as_text()
    {
        browser.SkipIfUnavailable();
        await EnsureAgentAsync();
        const string Payload = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">";
        string taskId;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var variables = new Dictionary<string, object?> { ["impact"] = 3L, ["urgency"] = 3L, ["shortDescription"] = Payload };
            var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>()
                .StartAsync(new StartProcessCommand("incident-triage", BusinessKey: "INC<b>9</b><img src=x onerror=window.__xss=3>", Variables: variables), TestContext.Current.CancellationToken);
            taskId = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().HumanTasks
                .Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var page = await browser.SignedInPageAsync(Agent, AgentPassword);
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await BrowserHost.WithScreenshotOnFailureAsync(page, "xss", async () =>
        {
            // The inbox shows the incident the process made from the start form: its short description is the payload.
            await BrowserHost.GoToInteractiveAsync(page, "tasks");
            await page.Locator("tr").Filter(new LocatorFilterOptions { Has = page.Locator($"[data-task-id='{taskId}']") }).GetByTestId("inbox-record-title")
                .GetByText(Payload, new LocatorGetByTextOptions { Exact = false }).WaitForAsync();

            await BrowserHost.GoToInteractiveAsync(page, $"tasks/{taskId}");
            await page.GetByTestId("comments").Locator("textarea").FillAsync(Payload);
            await page.GetByTestId("add-comment").ClickAsync();
            await page.GetByTestId("comments").GetByText(Payload).WaitForAsync();
            await page.GetByTestId("task-subject-title").GetByText(Payload).WaitForAsync();

            (await page.EvaluateAsync<bool>("() => window.__xss === undefined")).Should().BeTrue("no script or handler from the data ran");
            (await page.Locator("[data-testid=comments] img").CountAsync()).Should().Be(0);
            dialogs.Should().Be(0);
        });
    }

    private const string LaptopOrder = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="laptop-order" name="Order a laptop" isExecutable="true">
            <bpmn:startEvent id="Start" camunda:initiator="requester">
              <bpmn:extensionElements><camunda:formData>
                <camunda:formField id="reason" label="Why do you need it?" type="string"><camunda:validation><camunda:constraint name="required" /></camunda:validation></camunda:formField>
                <camunda:formField id="model" label="Model" type="enum"><camunda:value id="standard" name="Standard" /><camunda:value id="pro" name="Pro" /><camunda:validation><camunda:constraint name="required" /></camunda:validation></camunda:formField>
              </camunda:formData></bpmn:extensionElements>
            </bpmn:startEvent>
            <bpmn:userTask id="Prepare" name="Prepare laptop" camunda:candidateGroups="service-desk">
              <bpmn:extensionElements><camunda:formData>
                <camunda:formField id="note" label="Handover note" type="string"><camunda:validation><camunda:constraint name="required" /></camunda:validation></camunda:formField>
              </camunda:formData></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Prepare" />
            <bpmn:sequenceFlow id="f2" sourceRef="Prepare" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private async Task EnsureAgentAsync()
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DirectoryUser>>().FindByNameAsync(Agent) is null)
        {
            await browser.Host.CreateUserAsync(Agent, AgentPassword, Roles.Agent);
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync("service-desk", Agent, TestContext.Current.CancellationToken);
        }
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
