using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>The process owner's journey in a real browser: model by clicking, fix a problem, publish, run, watch.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class DesignerBrowserTests(BrowserHost browser) : IClassFixture<BrowserHost>
{
    private const string Owner = "olivia.owner";
    private const string OwnerPassword = "Owner-Pass-1!";

    [Fact]
    public async Task An_owner_models_publishes_starts_and_watches_a_process()
    {
        browser.SkipIfUnavailable();
        await EnsureOwnerAsync();
        var page = await browser.SignedInPageAsync(Owner, OwnerPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "designer-journey", async () =>
        {
            // A new process from the processes list.
            await BrowserHost.GoToInteractiveAsync(page, "processes");
            await page.GetByTestId("new-process-key").FillAsync("laptop-request");
            await page.GetByTestId("new-process").ClickAsync();
            // Blazor navigates inside the page, so the designer's own elements say it has opened.
            var start = Shape("StartEvent_1");
            await page.Locator(start).WaitForAsync();

            // start → task, named by direct editing, then made a service task with no implementation: a deliberate error.
            await page.Locator(start).ClickAsync();
            await page.Locator(".djs-context-pad [data-action='append.append-task']").ClickAsync();
            await page.Keyboard.TypeAsync("Approve laptop");
            await ClickEmptyCanvasAsync(page);
            await ReplaceAsync(page, await IdOfFirstAsync(page, "bpmn:Task"), "replace-with-service-task");
            var serviceTaskId = await IdOfFirstAsync(page, "bpmn:ServiceTask");

            // The error shows as a marker on the element and in the list; clicking the problem selects the element.
            await page.Locator($"{Shape(serviceTaskId)}.wi-problem-error").WaitForAsync();
            var problem = page.Locator($"[data-testid=problem][data-element-id='{serviceTaskId}']").First;
            await problem.WaitForAsync();
            // The list names the element as the owner named it, with its type; the generated id is not shown.
            (await problem.GetByTestId("problem-element").InnerTextAsync()).Should().Be("Approve laptop");
            (await problem.GetByTestId("problem-element-detail").InnerTextAsync()).Should().Contain("(Service task)");
            (await problem.InnerTextAsync()).Should().NotContain(serviceTaskId);
            await ClickEmptyCanvasAsync(page);
            await problem.ClickAsync();
            await page.Locator($"{Shape(serviceTaskId)}.selected").WaitForAsync();

            // Publishing is refused while the error remains.
            await page.GetByTestId("publish").ClickAsync();
            await page.GetByText("Not published").WaitForAsync();
            (await VersionCountAsync("laptop-request")).Should().Be(0);

            // Fix: make it a user task, end the process after it, give it a candidate group in the properties panel.
            await ReplaceAsync(page, serviceTaskId, "replace-with-user-task");
            var userTaskId = await IdOfFirstAsync(page, "bpmn:UserTask");
            await page.Locator($"{Shape(userTaskId)}.wi-problem-error").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await SelectAsync(page, userTaskId);
            await page.Locator(".djs-context-pad [data-action='append.end-event']").ClickAsync();
            await SelectAsync(page, userTaskId);
            await page.Locator("[data-group-id='group-CamundaPlatform__UserAssignment'] .bio-properties-panel-group-header").ClickAsync();
            await page.Locator("#bio-properties-panel-candidateGroups").FillAsync("service-desk");
            await page.Locator("#bio-properties-panel-candidateGroups").BlurAsync();
            await page.GetByTestId("no-problems").WaitForAsync();

            await page.GetByTestId("publish-comment").FillAsync("first version");
            await page.GetByTestId("publish").ClickAsync();
            await page.GetByText("Published version 1").WaitForAsync();

            await using (var scope = browser.Host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
                var published = await db.ProcessDefinitions.SingleAsync(d => d.Key == "laptop-request", TestContext.Current.CancellationToken);
                published.Version.Should().Be(1);
                published.DeployedBy.Should().Be(Owner);
                published.Comment.Should().Be("first version");
                published.Xml.Should().Contain("camunda:candidateGroups=\"service-desk\"").And.Contain("name=\"Approve laptop\"");
            }

            // Start from the UI: the instance viewer shows the token on the user task.
            await page.GetByTestId("start-instance").ClickAsync();
            await page.GetByTestId("instance-diagram").WaitForAsync();
            await page.Locator($".wi-token[data-element-id='{userTaskId}']").WaitForAsync();
            await page.GetByTestId("instance-status").GetByText("Running").WaitForAsync();
            // The live view changes the chip's colour when the instance moves on: at once, not through a fade whose
            // in-between colours the page crawl's contrast check once caught (white on light grey).
            (await page.GetByTestId("instance-status").EvaluateAsync<string>("chip => getComputedStyle(chip).transitionProperty"))
                .Should().NotContain("background").And.NotBe("all");
            var instanceId = page.Url[(page.Url.LastIndexOf('/') + 1)..];

            // The task is completed (through the API, as an agent's inbox would); the live view follows to the end.
            using var client = browser.CreateApiClient();
            (await WebHostFactory.SignInAsync(client, Owner, OwnerPassword)).StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
            var details = await client.GetFromJsonAsync<InstanceDetailsDto>($"/api/process-instances/{instanceId}", TestContext.Current.CancellationToken);
            var completion = await client.PostAsJsonAsync($"/api/tasks/{details!.Tasks.Single().Id}/complete", new { variables = new { } }, TestContext.Current.CancellationToken);
            completion.IsSuccessStatusCode.Should().BeTrue(await completion.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

            await page.GetByTestId("instance-status").GetByText("Completed").WaitForAsync();
            var endId = await page.EvaluateAsync<string>("() => window.WorkflowItsmDesigner.latest().get('elementRegistry').filter(e => e.type === 'bpmn:EndEvent')[0].id");
            await page.Locator($"{Shape(endId)}.wi-taken").WaitForAsync();
            (await page.Locator(".wi-token").CountAsync()).Should().Be(0);
        });
    }

    [Fact]
    public async Task The_palette_offers_the_hosts_handlers_with_their_fields()
    {
        browser.SkipIfUnavailable();
        await EnsureOwnerAsync();
        var page = await browser.SignedInPageAsync(Owner, OwnerPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "designer-templates", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "designer/sla-notice?new=true");
            await page.Locator(Shape("StartEvent_1")).WaitForAsync();

            // "Notify SLA warning" from the palette, dropped on the canvas.
            var entry = page.Locator(".djs-palette [data-action='template.workflowitsm.notify.sla-warning']");
            (await entry.GetAttributeAsync("aria-label")).Should().StartWith("Notify SLA warning");
            (await entry.InnerTextAsync()).Should().Contain("Notify SLA warning");
            await entry.ClickAsync();
            await page.Locator(".djs-container svg").First.ClickAsync(new LocatorClickOptions { Position = new Position { X = 750, Y = 380 } });

            // The new service task is bound to the handler, and the panel shows the template's typed field.
            var xml = await page.EvaluateAsync<string>("async () => (await window.WorkflowItsmDesigner.latest().saveXML()).xml");
            xml.Should().Contain("camunda:delegateExpression=\"${notify.sla-warning}\"").And.Contain("camunda:modelerTemplate=\"workflowitsm.notify.sla-warning\"");
            await page.Locator(".bio-properties-panel-header-type").GetByText("Notify SLA warning", new LocatorGetByTextOptions { Exact = false }).WaitForAsync();
            await page.Locator(".bio-properties-panel").GetByText("Message").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

            // The server's check accepts the template's marks: the only problem is that nothing leads to the task yet.
            await page.GetByTestId("problem").GetByText("BPMN013").WaitForAsync();
            (await page.GetByTestId("problem").AllInnerTextsAsync()).Should().OnlyContain(text => text.Contains("BPMN013"));
        });
    }

    [Fact]
    public async Task The_second_of_two_owners_saving_the_same_draft_is_told_of_the_conflict_and_keeps_their_diagram()
    {
        browser.SkipIfUnavailable();
        await EnsureOwnerAsync();
        var first = await browser.SignedInPageAsync(Owner, OwnerPassword);
        var second = await browser.SignedInPageAsync(Owner, OwnerPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(second, "designer-conflict", async () =>
        {
            // Both open the same new process; the first saves.
            await BrowserHost.GoToInteractiveAsync(first, "designer/shared-draft?new=true");
            await BrowserHost.GoToInteractiveAsync(second, "designer/shared-draft?new=true");
            await first.Locator(Shape("StartEvent_1")).WaitForAsync();
            await second.Locator(Shape("StartEvent_1")).WaitForAsync();
            await first.GetByTestId("save-draft").ClickAsync();
            await first.GetByText("Draft saved (revision 1)").WaitForAsync();

            // The second adds a task and saves from the revision it opened: refused, with the reason and its work still there.
            await second.Locator(Shape("StartEvent_1")).ClickAsync();
            await second.Locator(".djs-context-pad [data-action='append.append-task']").ClickAsync();
            await second.Keyboard.TypeAsync("Mine");
            await ClickEmptyCanvasAsync(second);
            await second.GetByTestId("save-draft").ClickAsync();
            await second.GetByTestId("conflict").GetByText("were not saved").WaitForAsync();
            (await second.EvaluateAsync<int>("() => window.WorkflowItsmDesigner.latest().get('elementRegistry').filter(e => e.type === 'bpmn:Task').length")).Should().Be(1);

            await using var scope = browser.Host.Services.CreateAsyncScope();
            var stored = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().ProcessDrafts.SingleAsync(d => d.Key == "shared-draft", TestContext.Current.CancellationToken);
            stored.Revision.Should().Be(1);
            stored.Xml.Should().NotContain("Mine");
        });
    }

    [Fact]
    public async Task Two_versions_are_compared_a_malformed_file_is_refused_and_a_dry_run_simulates_tokens()
    {
        browser.SkipIfUnavailable();
        await EnsureOwnerAsync();
        await PublishAsync("compare-me", CompareModel("Triage", withReview: false), "v1");
        await PublishAsync("compare-me", CompareModel("Triage and route", withReview: true), "v2");
        var page = await browser.SignedInPageAsync(Owner, OwnerPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "designer-compare", async () =>
        {
            // v1 → v2: the task's new name is a change (old → new), the new task an addition, both marked on the v2 diagram.
            await BrowserHost.GoToInteractiveAsync(page, "designer/compare-me/diff?from=1&to=2");
            var rename = page.Locator("[data-testid=diff-changed][data-element-id='Work']");
            await rename.Locator("b").GetByText("Triage and route", new LocatorGetByTextOptions { Exact = true }).WaitForAsync();
            (await rename.GetByTestId("diff-attribute").AllInnerTextsAsync()).Select(text => text.Trim()).Should().Equal("name: “Triage” → “Triage and route”");
            await page.Locator("[data-testid=diff-added][data-element-id='Review']").WaitForAsync();
            // Only real changes: the renamed task and the flow that now leaves the review; no phantom entry for the process.
            (await page.GetByTestId("diff-changed").EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.elementId)"))
                .Should().BeEquivalentTo("Work", "f2");
            await page.GetByTestId("diff-after").Locator($"{Shape("Work")}.wi-diff-changed").WaitForAsync();
            await page.GetByTestId("diff-after").Locator($"{Shape("Review")}.wi-diff-added").WaitForAsync();

            // A malformed file never replaces the diagram: its problem is listed, the diagram stays.
            await BrowserHost.GoToInteractiveAsync(page, "designer/compare-me");
            await page.Locator(Shape("Review")).WaitForAsync();
            await page.GetByTestId("import").Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "broken.bpmn",
                MimeType = "application/xml",
                Buffer = System.Text.Encoding.UTF8.GetBytes("<bpmn:definitions><unclosed>"),
            });
            await page.GetByText("broken.bpmn was not opened").WaitForAsync();
            await page.GetByTestId("problem").GetByText("BPMN001").WaitForAsync();
            (await page.Locator(Shape("Review")).CountAsync()).Should().Be(1);

            // Token simulation: the toggle switches the modeler into a dry run; started, its token runs to the end event.
            await page.Locator(".bts-toggle-mode").ClickAsync();
            await page.Locator("[data-testid=designer] .simulation").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            await page.Locator(".bts-context-pad").First.ClickAsync(); // the only trigger: the start event's play button
            await page.Locator(".bts-element-notification").GetByText("Finished").WaitForAsync();
        });
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Every_palette_entry_is_reachable_inside_the_canvas_and_the_last_template_creates_its_task(int width, int height)
    {
        browser.SkipIfUnavailable();
        await EnsureOwnerAsync();
        var page = await browser.SignedInPageAsync(Owner, OwnerPassword, width, height);
        await BrowserHost.WithScreenshotOnFailureAsync(page, $"designer-palette-{width}", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, $"designer/palette-{width}?new=true");
            await page.Locator(Shape("StartEvent_1")).WaitForAsync();
            // Measured together once the page's layout has settled (the canvas takes its height after the first render).
            var boxes = await SettledBoxesAsync(page, "[data-testid=designer] .wi-canvas", ".djs-palette");
            var (canvas, palette) = (boxes[0], boxes[1]);
            palette.Top.Should().BeGreaterThanOrEqualTo(canvas.Top);
            palette.Bottom.Should().BeLessThanOrEqualTo(canvas.Bottom, "the palette ends inside the canvas");
            Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"designer-palette-{width}x{height}.png") });

            // The last entry is one of the product's templates; scrolled to inside the palette, it lies within the canvas.
            var last = page.Locator(".djs-palette .entry").Last;
            (await last.GetAttributeAsync("data-action")).Should().StartWith("template.");
            var action = (await last.GetAttributeAsync("data-action"))!;
            await last.ScrollIntoViewIfNeededAsync();
            var entry = await BoxAsync(last);
            entry.Y.Should().BeGreaterThanOrEqualTo(palette.Top - 1);
            (entry.Y + entry.Height).Should().BeLessThanOrEqualTo(palette.Bottom + 1);
            (entry.X + entry.Width).Should().BeLessThanOrEqualTo(palette.Right + 1, "the entry's name is not cut off at the side");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"designer-palette-{width}x{height}-scrolled.png") });

            // Clicked and placed, it creates a service task bound to its template.
            await last.ClickAsync();
            await page.Locator(".djs-container svg").First.ClickAsync(new LocatorClickOptions { Position = new Position { X = canvas.Right - canvas.Left - 60, Y = (canvas.Bottom - canvas.Top) / 2 } });
            var xml = await page.EvaluateAsync<string>("async () => (await window.WorkflowItsmDesigner.latest().saveXML()).xml");
            xml.Should().Contain($"camunda:modelerTemplate=\"{action["template.".Length..]}\"");
        });
    }

    [Fact]
    public async Task Compare_reports_old_to_new_and_nothing_for_a_version_that_only_reorders_the_file()
    {
        browser.SkipIfUnavailable();
        await EnsureOwnerAsync();
        var page = await browser.SignedInPageAsync(Owner, OwnerPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "designer-compare-order", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "designer/compare-order?new=true");
            await page.Locator(Shape("StartEvent_1")).WaitForAsync();
            var v1 = CompareModel("Triage", withReview: false, "compare-order");
            var reordered = Reordered(v1);
            var renamed = v1.Replace("name=\"Triage\"", "name=\"Triage and route\"");

            var same = await CompareXmlAsync(page, v1, reordered);
            (same.Added.Count + same.Removed.Count + same.Changed.Count + same.Moved.Count).Should().Be(0, "only the order of attributes, elements and whitespace differ");
            var rename = await CompareXmlAsync(page, v1, renamed);
            rename.Changed.Should().ContainSingle().Which.Attributes.Should().Equal(new ComparedAttribute("name", "Triage", "Triage and route"));
            var back = await CompareXmlAsync(page, renamed, v1);
            back.Changed.Single().Attributes.Should().Equal(new ComparedAttribute("name", "Triage and route", "Triage"));
            var withReview = await CompareXmlAsync(page, reordered, CompareModel("Triage", withReview: true, "compare-order"));
            withReview.Added.Select(e => e.Id).Should().BeEquivalentTo("Review", "f3");
            withReview.Changed.Should().ContainSingle().Which.Id.Should().Be("f2", "its source moved from Work to Review");
            withReview.Changed.Single().Attributes.Should().Equal(new ComparedAttribute("from", "Triage", "Review"));

            // The page: two published versions that differ only in order show no differences.
            await PublishAsync("compare-order", v1, "v1");
            await PublishAsync("compare-order", reordered, "v2, the same diagram reordered");
            await BrowserHost.GoToInteractiveAsync(page, "designer/compare-order/diff?from=1&to=2");
            await page.GetByTestId("diff-changes").GetByText("No differences.").WaitForAsync();
            (await page.Locator("[data-testid=diff-changes] > div").CountAsync()).Should().Be(0);

            // Screenshots of a real comparison at both sizes.
            await PublishAsync("compare-order", CompareModel("Triage and route", withReview: true, "compare-order"), "v3");
            foreach (var (w, h) in new[] { (1440, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(w, h);
                await BrowserHost.GoToInteractiveAsync(page, "designer/compare-order/diff?from=2&to=3");
                await page.Locator("[data-testid=diff-changed][data-element-id='Work']").WaitForAsync();
                Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, $"designer-compare-{w}x{h}.png"), FullPage = true });
            }
        });
    }

    [Fact]
    public async Task A_fault_shows_on_its_element_and_clicking_it_offers_the_error_and_a_retry()
    {
        browser.SkipIfUnavailable();
        await EnsureOwnerAsync();
        await PublishAsync("printing", """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="D" targetNamespace="http://workflowitsm.test">
              <bpmn:process id="printing" isExecutable="true">
                <bpmn:startEvent id="Start" />
                <bpmn:scriptTask id="Print" name="Print label" scriptFormat="javascript">
                  <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R1/PT1S</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
                  <bpmn:script>throw new Error("printer on fire");</bpmn:script>
                </bpmn:scriptTask>
                <bpmn:endEvent id="End" />
                <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Print" />
                <bpmn:sequenceFlow id="f2" sourceRef="Print" targetRef="End" />
              </bpmn:process>
              <bpmndi:BPMNDiagram id="Di"><bpmndi:BPMNPlane id="Plane" bpmnElement="printing">
                <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="Print_di" bpmnElement="Print"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """, "v1");
        string instanceId;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            instanceId = (await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Runtime.Instances.WorkflowRuntime>()
                .StartAsync(new WorkflowItsm.Runtime.Instances.StartProcessCommand("printing", StartedBy: Owner), TestContext.Current.CancellationToken)).Id;
        }

        var page = await browser.SignedInPageAsync(Owner, OwnerPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "instance-fault", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, $"instances/{instanceId}");
            var badge = page.Locator(".wi-fault-badge[data-element-id='Print']");
            await badge.WaitForAsync();
            await page.Locator($"{Shape("Print")}.wi-fault").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

            // One automatic retry a second later fails too; then the fault waits for an operator (the page follows live).
            await badge.ClickAsync();
            var fault = page.Locator("[data-testid=fault][data-element-id='Print']").Filter(new LocatorFilterOptions { HasText = "printer on fire" });
            await fault.WaitForAsync();
            await fault.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Retry" }).ClickAsync();
            await page.GetByText("Retrying Print").WaitForAsync();
        });
    }

    [Fact]
    public async Task The_instance_viewer_links_a_parent_to_its_called_child_and_back()
    {
        browser.SkipIfUnavailable();
        await EnsureOwnerAsync();
        string parentId;
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Runtime.Deployments.ProcessDeployer>().DeployAsync(
                [new WorkflowItsm.Runtime.Deployments.BpmnFile("viewer-call.bpmn", """
                    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
                      <bpmn:process id="viewer-parent" isExecutable="true">
                        <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
                        <bpmn:callActivity id="CallChild" calledElement="viewer-child"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:callActivity>
                        <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
                        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="CallChild" />
                        <bpmn:sequenceFlow id="f2" sourceRef="CallChild" targetRef="e" />
                      </bpmn:process>
                      <bpmn:process id="viewer-child" isExecutable="true">
                        <bpmn:startEvent id="cs"><bpmn:outgoing>c1</bpmn:outgoing></bpmn:startEvent>
                        <bpmn:userTask id="Work"><bpmn:incoming>c1</bpmn:incoming><bpmn:outgoing>c2</bpmn:outgoing></bpmn:userTask>
                        <bpmn:endEvent id="ce"><bpmn:incoming>c2</bpmn:incoming></bpmn:endEvent>
                        <bpmn:sequenceFlow id="c1" sourceRef="cs" targetRef="Work" />
                        <bpmn:sequenceFlow id="c2" sourceRef="Work" targetRef="ce" />
                      </bpmn:process>
                    </bpmn:definitions>
                    """)], Owner, null, TestContext.Current.CancellationToken);
            parentId = (await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Runtime.Instances.WorkflowRuntime>()
                .StartAsync(new WorkflowItsm.Runtime.Instances.StartProcessCommand("viewer-parent", StartedBy: Owner), TestContext.Current.CancellationToken)).Id;
        }

        var page = await browser.SignedInPageAsync(Owner, OwnerPassword);
        await BrowserHost.WithScreenshotOnFailureAsync(page, "instance-call", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, $"instances/{parentId}");
            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Called instances (1)" }).ClickAsync();
            var child = page.GetByTestId("instance-children").Locator("tr[data-instance-id] a");
            await child.ClickAsync();

            var parentLink = page.GetByTestId("instance-parent").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = parentId });
            await parentLink.WaitForAsync();
            (await page.GetByTestId("instance-parent").InnerTextAsync()).Should().Contain("CallChild");
            await parentLink.ClickAsync();
            // Back on the parent (the same page, shown anew): no parent line, its called instance listed again.
            await page.GetByTestId("instance-parent").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            page.Url.Should().EndWith($"/instances/{parentId}");
            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Called instances (1)" }).ClickAsync();
            await page.GetByTestId("instance-children").Locator("tr[data-instance-id] a").WaitForAsync();
        });
    }

    /// <summary>Start → Work → End, or with withReview Start → Work → Review → End.</summary>
    private static string CompareModel(string workName, bool withReview, string key = "compare-me") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="D" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="{key}" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Work" name="{workName}" />
            {(withReview ? "<bpmn:userTask id=\"Review\" name=\"Review\" />" : "")}
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
            <bpmn:sequenceFlow id="f2" sourceRef="{(withReview ? "Review" : "Work")}" targetRef="End" />
            {(withReview ? "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"Work\" targetRef=\"Review\" />" : "")}
          </bpmn:process>
          <bpmndi:BPMNDiagram id="Di"><bpmndi:BPMNPlane id="Plane" bpmnElement="{key}">
            <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
            <bpmndi:BPMNShape id="Work_di" bpmnElement="Work"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
            {(withReview ? "<bpmndi:BPMNShape id=\"Review_di\" bpmnElement=\"Review\"><dc:Bounds x=\"360\" y=\"78\" width=\"100\" height=\"80\" /></bpmndi:BPMNShape>" : "")}
            <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="520" y="100" width="36" height="36" /></bpmndi:BPMNShape>
            <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
            <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="{(withReview ? 460 : 300)}" y="118" /><di:waypoint x="520" y="118" /></bpmndi:BPMNEdge>
            {(withReview ? "<bpmndi:BPMNEdge id=\"f3_di\" bpmnElement=\"f3\"><di:waypoint x=\"300\" y=\"118\" /><di:waypoint x=\"360\" y=\"118\" /></bpmndi:BPMNEdge>" : "")}
          </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    /// <summary>The same diagram as another tool might write it: elements and attributes in another order, other whitespace.</summary>
    private static string Reordered(string xml)
    {
        var document = System.Xml.Linq.XDocument.Parse(xml);
        foreach (var element in document.Descendants().ToList())
        {
            var attributes = element.Attributes().Where(a => !a.IsNamespaceDeclaration).Reverse().ToList();
            var namespaces = element.Attributes().Where(a => a.IsNamespaceDeclaration).ToList();
            element.ReplaceAttributes(namespaces.Concat(attributes));
            if (element.Name.LocalName != "BPMNEdge")
            {
                element.ReplaceNodes(element.Elements().Reverse().ToList()); // an edge's waypoints are in drawing order
            }
        }

        return document.ToString(System.Xml.Linq.SaveOptions.None).Replace("><", ">\n\n   <");
    }

    private static async Task<ComparedVersions> CompareXmlAsync(IPage page, string before, string after) =>
        System.Text.Json.JsonSerializer.Deserialize<ComparedVersions>(
            await page.EvaluateAsync<string>("async ([a, b]) => JSON.stringify(await window.WorkflowItsmDesigner.compareXml(a, b))", new[] { before, after }),
            System.Text.Json.JsonSerializerOptions.Web)!;

    /// <summary>The boxes of the selectors' first matches, taken in one go when two readings 300 ms apart agree.</summary>
    private static async Task<Box[]> SettledBoxesAsync(IPage page, params string[] selectors)
    {
        const string Measure = "selectors => JSON.stringify(selectors.map(s => { const r = document.querySelector(s).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; }))";
        var last = "";
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var current = await page.EvaluateAsync<string>(Measure, selectors);
            if (current == last)
            {
                break;
            }

            last = current;
            await page.WaitForTimeoutAsync(300);
        }

        return System.Text.Json.JsonSerializer.Deserialize<Box[]>(last, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    private sealed record Box(float Top, float Bottom, float Left, float Right);

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("The element is not shown.");

    /// <summary>Saves and publishes a draft as the owner would (through the runtime's drafts service).</summary>
    private async Task PublishAsync(string key, string xml, string comment)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var drafts = scope.ServiceProvider.GetRequiredService<WorkflowItsm.Runtime.Deployments.ProcessDrafts>();
        var revision = (await drafts.GetAsync(key, default))?.Revision ?? 0;
        var saved = await drafts.SaveAsync(key, xml, revision, Owner, default);
        await drafts.PublishAsync(key, saved.Revision, comment, Owner, default);
    }

    private static string Shape(string elementId) => $"g.djs-element[data-element-id='{elementId}']";

    private static Task<string> IdOfFirstAsync(IPage page, string type) =>
        page.EvaluateAsync<string>("type => window.WorkflowItsmDesigner.latest().get('elementRegistry').filter(e => e.type === type)[0].id", type);

    /// <summary>Clicks where the diagram is empty: ends direct editing and clears the selection.</summary>
    private static Task ClickEmptyCanvasAsync(IPage page) =>
        page.Locator(".djs-container svg").First.ClickAsync(new LocatorClickOptions { Position = new Position { X = 900, Y = 620 } });

    /// <summary>Selects the element afresh by clicking it (clicking a selected element does not reopen its context pad).</summary>
    private static async Task SelectAsync(IPage page, string elementId)
    {
        await ClickEmptyCanvasAsync(page);
        await page.Locator(Shape(elementId)).ClickAsync();
        await page.Locator($"{Shape(elementId)}.selected").WaitForAsync();
    }

    /// <summary>Selects the element afresh (so its context pad opens), opens the replace menu from its context pad and picks <paramref name="entry"/>.</summary>
    private static async Task ReplaceAsync(IPage page, string elementId, string entry)
    {
        await SelectAsync(page, elementId);
        await page.Locator(".djs-context-pad [data-action='replace']").ClickAsync();
        await page.Locator($".djs-popup [data-id='{entry}']").ClickAsync();
        await page.Locator(".djs-popup").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    private async Task<int> VersionCountAsync(string key)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().ProcessDefinitions.CountAsync(d => d.Key == key);
    }

    private async Task EnsureOwnerAsync()
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DirectoryUser>>().FindByNameAsync(Owner) is null)
        {
            await browser.Host.CreateUserAsync(Owner, OwnerPassword, Roles.ProcessOwner);
        }
    }

    private sealed record InstanceDetailsDto(List<TaskDto> Tasks);

    private sealed record TaskDto(string Id);

    private sealed record ComparedVersions(List<ComparedElement> Added, List<ComparedElement> Removed, List<ComparedElement> Changed, List<ComparedElement> Moved);

    private sealed record ComparedElement(string Id, string Type, string? Name, List<ComparedAttribute>? Attributes);

    private sealed record ComparedAttribute(string Name, string? OldValue, string? NewValue);
}
