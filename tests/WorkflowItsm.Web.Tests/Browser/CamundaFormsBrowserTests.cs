using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Camunda Forms (form-js) in a real browser: a requester starts a process from the portal through its start form, an
/// agent works the task through its task form; the browser's checks and the server's both hold.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class CamundaFormsBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Agent = "fay.forms";
    private const string AgentPassword = "Fay-Forms-1!";
    private const string Requester = "ruth.requester";
    private const string RequesterPassword = "Ruth-Requester-1!";

    // The start form by reference, the task form by its file in the deployment: the two ways Camunda 7 models name one.
    private const string InvoiceApproval = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="invoice-approval" name="Approve an invoice" isExecutable="true">
            <bpmn:startEvent id="Start" name="Invoice received" camunda:formRef="invoiceStart" camunda:formRefBinding="deployment" />
            <bpmn:userTask id="Approve" name="Approve invoice" camunda:formKey="camunda-forms:deployment:forms/approve-invoice.form" camunda:candidateGroups="service-desk" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Approve" />
            <bpmn:sequenceFlow id="f2" sourceRef="Approve" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string StartForm = """
        {
          "id": "invoiceStart", "type": "default",
          "components": [
            { "key": "creditor", "label": "Creditor", "type": "textfield", "validate": { "required": true } },
            { "key": "amount", "label": "Amount", "type": "number", "validate": { "required": true, "min": 1 } },
            { "key": "invoiceNumber", "label": "Invoice number", "type": "textfield", "description": "In the format C-123.", "validate": { "pattern": "^C-[0-9]+$" } }
          ]
        }
        """;

    private const string TaskForm = """
        {
          "type": "default",
          "components": [
            { "key": "creditor", "label": "Creditor", "type": "textfield", "readonly": true },
            { "key": "amount", "label": "Amount", "type": "number", "readonly": true },
            { "key": "decision", "label": "Decision", "type": "radio", "validate": { "required": true },
              "values": [ { "label": "Approve", "value": "approve" }, { "label": "Reject", "value": "reject" } ] },
            { "key": "approverNote", "label": "Note for accounting", "type": "textarea", "validate": { "maxLength": 200 } }
          ]
        }
        """;

    [Fact]
    public async Task A_requester_starts_through_the_start_form_and_an_agent_completes_the_task_form()
    {
        browser.SkipIfUnavailable();
        await SetUpAsync();

        // The requester: the browser refuses the empty form, then the filled one starts the process.
        var requester = await browser.SignedInPageAsync(Requester, RequesterPassword, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(requester, "camunda-start-form", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(requester, "portal/start/invoice-approval");
            var form = requester.GetByTestId("camunda-form");
            await form.Locator(".fjs-form").WaitForAsync();
            await requester.GetByTestId("submit-request").ClickAsync();
            await form.Locator(".fjs-form-field-error").First.WaitForAsync();
            (await InstancesAsync()).Should().Be(0, "form-js refused the empty form in the browser");
            await Shot(requester, "camunda-start-form-desktop");

            await form.GetByLabel("Creditor").FillAsync("Great Pizza for Everyone Inc.");
            await form.GetByLabel("Amount").FillAsync("30");
            await form.GetByLabel("Invoice number").FillAsync("C-17");
            await BrowserHost.PhoneWidthAsync(requester);
            (await requester.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the start form fits a phone");
            await Shot(requester, "camunda-start-form-phone");
            await requester.GetByTestId("submit-request").ClickAsync();
            await requester.GetByTestId("request-status").GetByText("In progress").WaitForAsync();
        });
        (await InstancesAsync()).Should().Be(1);

        // The agent: the task form shows the request's values, refuses a missing decision, then completes.
        var taskId = await OpenTaskIdAsync();
        var agent = await browser.SignedInPageAsync(Agent, AgentPassword, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(agent, "camunda-task-form", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(agent, $"tasks/{taskId}");
            await agent.GetByTestId("claim").ClickAsync();
            var form = agent.GetByTestId("camunda-form");
            await agent.GetByTestId("complete").WaitForAsync();
            await Assertions.Expect(form.GetByLabel("Creditor")).ToHaveValueAsync("Great Pizza for Everyone Inc.");
            await agent.GetByTestId("complete").ClickAsync();
            await form.Locator(".fjs-form-field-error").First.WaitForAsync();
            (await TaskAsync(taskId)).Status.Should().Be(HumanTaskStatus.Open);
            await Shot(agent, "camunda-task-form-desktop");

            await form.GetByLabel("Approve", new LocatorGetByLabelOptions { Exact = true }).CheckAsync();
            await form.GetByLabel("Note for accounting").FillAsync("Pizza for the CAB");
            await BrowserHost.PhoneWidthAsync(agent);
            (await agent.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the task form fits a phone");
            await Shot(agent, "camunda-task-form-phone");
            await agent.GetByTestId("complete").ClickAsync();
            await agent.WaitForAddressAsync(url => !url.Contains(taskId, StringComparison.Ordinal));
        });

        var task = await TaskAsync(taskId);
        task.Status.Should().Be(HumanTaskStatus.Completed);
        var variables = await VariablesAsync(task.InstanceId);
        variables.Should().Contain(new KeyValuePair<string, object?>("decision", "approve"));
        variables.Should().Contain(new KeyValuePair<string, object?>("approverNote", "Pizza for the CAB"));
        variables["amount"].Should().BeOneOf(30L, 30.0, "the start form's number");
        variables.Should().Contain(new KeyValuePair<string, object?>("invoiceNumber", "C-17"), "the field typed last before submitting is kept");
    }

    /// <summary>
    /// The agent claims while form-js is still drawing the form (a busy browser or server): the page's re-render for the
    /// claim came while the form was being drawn read-only, and the form stayed read-only. form-js then refused the
    /// submit, and that error ended the whole page ("Something went wrong", as in a CI run).
    /// </summary>
    [Fact]
    public async Task A_task_claimed_while_its_form_is_still_loading_can_be_filled_and_completed()
    {
        browser.SkipIfUnavailable();
        await SetUpAsync();
        const string key = "invoice-approval-direct";
        string taskId;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync(
                [new BpmnFile("invoice-approval-direct.bpmn", InvoiceApproval.Replace("\"invoice-approval\"", $"\"{key}\"", StringComparison.Ordinal)),
                    new BpmnFile("forms/invoice-start.form", StartForm), new BpmnFile("forms/approve-invoice.form", TaskForm)],
                "admin", "browser test", TestContext.Current.CancellationToken);
            var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(
                new StartProcessCommand(key, Variables: new Dictionary<string, object?> { ["creditor"] = "Slow Networks Ltd", ["amount"] = 12L }),
                TestContext.Current.CancellationToken);
            taskId = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().HumanTasks
                .Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var agent = await browser.SignedInPageAsync(Agent, AgentPassword, 1440, 900);
        // form-js's drawing of the form is held (the bundle is served with a wait before its importSchema) until the claim
        // has been answered: the render call is on its way with the task still unclaimed, so read-only.
        await agent.AddInitScriptAsync("window.__formsRenderGate = new Promise(release => window.__releaseFormsRender = release);");
        await agent.RouteAsync("**/forms/dist/camundaforms.js", async route =>
        {
            var original = await route.FetchAsync();
            var held = System.Text.RegularExpressions.Regex.Replace(await original.TextAsync(), @"await (\w+)\.importSchema\(",
                "window.__formsRenderWaiting=!0;await window.__formsRenderGate;await $1.importSchema(");
            await route.FulfillAsync(new RouteFulfillOptions { Response = original, Body = held });
        });
        await BrowserHost.WithScreenshotOnFailureAsync(agent, "camunda-task-form-claimed-while-loading", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(agent, $"tasks/{taskId}");
            // (Polled: Playwright's WaitForFunction evaluates a string, which the page's CSP forbids.)
            for (var waited = 0; !await agent.EvaluateAsync<bool>("window.__formsRenderWaiting === true"); waited += 50)
            {
                waited.Should().BeLessThan(15_000, "form-js starts drawing the form");
                await Task.Delay(50);
            }

            await agent.GetByTestId("claim").ClickAsync();
            await agent.GetByTestId("complete").WaitForAsync();
            await agent.EvaluateAsync("window.__releaseFormsRender()");

            var form = agent.GetByTestId("camunda-form");
            await Assertions.Expect(form.GetByLabel("Creditor")).ToHaveValueAsync("Slow Networks Ltd");
            await form.GetByLabel("Approve", new LocatorGetByLabelOptions { Exact = true }).CheckAsync(new LocatorCheckOptions { Timeout = 10_000 });
            await agent.GetByTestId("complete").ClickAsync();
            await agent.WaitForAddressAsync(url => !url.Contains(taskId, StringComparison.Ordinal), "the inbox or the next task");
        });

        var task = await TaskAsync(taskId);
        task.Status.Should().Be(HumanTaskStatus.Completed);
        (await VariablesAsync(task.InstanceId)).Should().Contain(new KeyValuePair<string, object?>("decision", "approve"));
    }

    private static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"{name}.png"), FullPage = true });

    private async Task SetUpAsync()
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DirectoryUser>>().FindByNameAsync(Agent) is null)
        {
            await browser.Host.CreateUserAsync(Agent, AgentPassword, Roles.Agent);
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().AddMemberAsync("service-desk", Agent, TestContext.Current.CancellationToken);
            await browser.Host.CreateUserAsync(Requester, RequesterPassword, Roles.Requester);
        }

        await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync(
            [new BpmnFile("invoice-approval.bpmn", InvoiceApproval), new BpmnFile("forms/invoice-start.form", StartForm), new BpmnFile("forms/approve-invoice.form", TaskForm)],
            "admin", "browser test", TestContext.Current.CancellationToken);
    }

    private async Task<int> InstancesAsync()
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().ProcessInstances.CountAsync(i => i.DefinitionKey == "invoice-approval", TestContext.Current.CancellationToken);
    }

    private async Task<string> OpenTaskIdAsync()
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().HumanTasks
            .Where(t => t.DefinitionKey == "invoice-approval" && t.Status == HumanTaskStatus.Open).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private async Task<HumanTaskRecord> TaskAsync(string taskId)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().HumanTasks.AsNoTracking().SingleAsync(t => t.Id == taskId, TestContext.Current.CancellationToken);
    }

    private async Task<Dictionary<string, object?>> VariablesAsync(string instanceId)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var state = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().ProcessInstances.AsNoTracking()
            .Where(i => i.Id == instanceId).Select(i => i.StateJson).SingleAsync(TestContext.Current.CancellationToken);
        return InstanceStateSerializer.Deserialize(state).Variables;
    }
}
