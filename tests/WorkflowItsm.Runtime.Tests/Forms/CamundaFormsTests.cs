using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Forms;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Tests.Instances;

namespace WorkflowItsm.Runtime.Tests.Forms;

/// <summary>
/// Camunda Forms deployed with their processes, as Camunda 7's CamundaFormDefinitionDeployerTest and
/// RetrieveCamundaFormRefTest use them: which version a task shows by binding, and the server's check of what it submits.
/// </summary>
public sealed class CamundaFormsTests : IAsyncLifetime
{
    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await RuntimeTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static string Form(string id, string label = "Amount", string extra = "") => $$"""
        {
          "id": "{{id}}",
          "type": "default",
          "components": [
            { "key": "amount", "label": "{{label}}", "type": "number", "validate": { "required": true, "min": 1, "max": 1000 } },
            { "key": "invoiceNumber", "label": "Invoice number", "type": "textfield", "validate": { "pattern": "^C-[0-9]+$" } },
            { "key": "approver", "label": "Approver", "type": "select", "values": [ { "label": "Ann", "value": "ann" }, { "label": "Bo", "value": "bo" } ] }
            {{extra}}
          ]
        }
        """;

    private static string Process(string key, string taskAttributes, string startAttributes = "") => RuntimeTestHost.Bpmn("", $"""
        <bpmn:process id="{key}" isExecutable="true">
          <bpmn:startEvent id="start" {startAttributes} />
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
          <bpmn:userTask id="review" name="Review invoice" {taskAttributes} />
          <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
          <bpmn:endEvent id="end" />
        </bpmn:process>
        """);

    private Task<IReadOnlyList<DeployedProcess>> DeployAsync(params BpmnFile[] files) =>
        host.InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync(files, "olga", null, default));

    private Task<HumanTaskForm?> TaskFormAsync(string taskId) => host.InScopeAsync(s => s.GetRequiredService<HumanTaskForms>().GetAsync(taskId, default));

    private async Task<string> StartAndOpenTaskAsync(string key)
    {
        var instance = await host.StartProcessAsync(key);
        return await host.OpenTaskIdAsync(instance.Id);
    }

    [Fact]
    public async Task Forms_deploy_with_their_process_and_a_new_content_is_the_next_version()
    {
        var first = await DeployAsync(new BpmnFile("invoice.bpmn", Process("invoice", "camunda:formRef=\"invoiceForm\"")), new BpmnFile("forms/invoice.form", Form("invoiceForm")));
        var same = await DeployAsync(new BpmnFile("forms/invoice.form", Form("invoiceForm")));
        var changed = await DeployAsync(new BpmnFile("forms/invoice.form", Form("invoiceForm", "Total")));

        first.Should().ContainEquivalentOf(new { Key = "invoiceForm", Version = 1, Name = "invoice.form", IsNewVersion = true, Kind = DeployedKinds.Form });
        same.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Version = 1, IsNewVersion = false });
        changed.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Version = 2, IsNewVersion = true });
        var forms = await host.InScopeAsync(s => s.GetRequiredService<CamundaForms>().ListAsync(default));
        forms.Should().ContainSingle().Which.Should().BeEquivalentTo(new { FormId = "invoiceForm", LatestVersion = 2, FileName = "invoice.form" });
    }

    [Theory]
    [InlineData("{ \"id\": \"f\", \"components\": [ { \"key\": \"a\" } ] }", "no \"type\"")]
    [InlineData("{ \"id\": \"f\" }", "no \"components\"")]
    [InlineData("{ \"id\": \"f\", ", "not valid JSON")]
    [InlineData("{ \"id\": \"f\", \"components\": [ { \"key\": \"a\", \"type\": \"textfield\" }, { \"key\": \"a\", \"type\": \"number\" } ] }", "two fields with the key 'a'")]
    public async Task A_file_that_is_no_form_is_refused_naming_it_and_nothing_is_stored(string json, string reason)
    {
        var deploy = () => DeployAsync(new BpmnFile("p.bpmn", Process("p", "")), new BpmnFile("broken.form", json));

        var refused = (await deploy.Should().ThrowAsync<DeploymentRejectedException>()).Which;
        refused.Problems.Should().ContainSingle(p => p.IsError).Which.Should().BeEquivalentTo(new { FileName = "broken.form", Code = "FORM001" });
        refused.Problems[0].Message.Should().Contain(reason);
        (await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessDefinitions.CountAsync())).Should().Be(0, "all or nothing");
    }

    [Fact]
    public async Task Latest_follows_new_versions_deployment_keeps_the_one_deployed_with_the_process_and_version_pins_one()
    {
        await DeployAsync(new BpmnFile("invoice.form", Form("invoiceForm", "Amount v1")));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await DeployAsync(
            new BpmnFile("latest.bpmn", Process("latest", "camunda:formRef=\"invoiceForm\"")),
            new BpmnFile("deployment.bpmn", Process("deployment", "camunda:formRef=\"invoiceForm\" camunda:formRefBinding=\"deployment\"")),
            new BpmnFile("pinned.bpmn", Process("pinned", "camunda:formRef=\"invoiceForm\" camunda:formRefBinding=\"version\" camunda:formRefVersion=\"1\"")),
            new BpmnFile("invoice.form", Form("invoiceForm", "Amount v2")));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await DeployAsync(new BpmnFile("invoice.form", Form("invoiceForm", "Amount v3")));

        async Task<string> LabelShownBy(string key) => (await TaskFormAsync(await StartAndOpenTaskAsync(key)))!.CamundaForm!.Inputs[0].Label;

        (await LabelShownBy("latest")).Should().Be("Amount v3");
        (await LabelShownBy("deployment")).Should().Be("Amount v2");
        (await LabelShownBy("pinned")).Should().Be("Amount v1");
    }

    [Fact]
    public async Task A_camunda_forms_deployment_key_names_the_file_deployed_with_the_process()
    {
        await DeployAsync(new BpmnFile("invoice.bpmn", Process("invoice", "camunda:formKey=\"camunda-forms:deployment:forms/task.form\"")), new BpmnFile("forms/task.form", Form("taskForm")));

        var form = await TaskFormAsync(await StartAndOpenTaskAsync("invoice"));

        form!.CamundaForm.Should().BeEquivalentTo(new { FormId = "taskForm", Version = 1, FileName = "task.form" });
        form.MissingForm.Should().BeNull();
    }

    [Fact]
    public async Task A_form_without_an_id_is_found_by_its_file_name()
    {
        const string NoId = """{ "components": [ { "key": "creditor", "label": "Creditor", "type": "textfield", "validate": { "required": true } } ], "type": "default" }""";
        var deployed = await DeployAsync(new BpmnFile("invoice.bpmn", Process("invoice", "camunda:formKey=\"camunda-forms:app:task-form.form\"")), new BpmnFile("task-form.form", NoId));

        var form = await TaskFormAsync(await StartAndOpenTaskAsync("invoice"));

        deployed.Should().ContainEquivalentOf(new { Key = "task-form.form", Version = 1, Kind = DeployedKinds.Form });
        form!.CamundaForm!.Inputs.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Key = "creditor", Label = "Creditor", Required = true });
    }

    [Fact]
    public async Task A_task_whose_form_is_not_deployed_says_which_form_is_missing()
    {
        await DeployAsync(new BpmnFile("invoice.bpmn", Process("invoice", "camunda:formRef=\"nowhere\"")));

        var form = await TaskFormAsync(await StartAndOpenTaskAsync("invoice"));

        form!.CamundaForm.Should().BeNull();
        form.MissingForm.Should().Be("form 'nowhere' (latest version)");
    }

    [Fact]
    public async Task Completing_checks_the_values_against_the_form_on_the_server_whatever_path_completes_it()
    {
        await DeployAsync(new BpmnFile("invoice.bpmn", Process("invoice", "camunda:formRef=\"invoiceForm\"")), new BpmnFile("invoice.form", Form("invoiceForm")));
        var taskId = await StartAndOpenTaskAsync("invoice");

        var invalid = () => host.RuntimeAsync(r => r.CompleteTaskAsync(taskId,
            new Dictionary<string, object?> { ["amount"] = 5000L, ["invoiceNumber"] = "123", ["approver"] = "eve" }, "ann", default));
        var missing = () => host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, new Dictionary<string, object?>(), "ann", default));

        var rejected = (await invalid.Should().ThrowAsync<FormRejectedException>()).Which;
        rejected.Errors.Should().BeEquivalentTo(new[]
        {
            new FormFieldError("amount", "Amount must be at most 1000."),
            new FormFieldError("invoiceNumber", "Invoice number must match the pattern ^C-[0-9]+$."),
            new FormFieldError("approver", "Approver does not offer 'eve'."),
        });
        (await missing.Should().ThrowAsync<FormRejectedException>()).Which.Errors.Should().ContainSingle()
            .Which.Should().Be(new FormFieldError("amount", "Amount is required."));
        (await host.InstanceAsync((await TaskFormAsync(taskId))!.Task.InstanceId)).Status.Should().Be(InstanceRunStatus.Running, "nothing was completed");

        var done = await host.RuntimeAsync(r => r.CompleteTaskAsync(taskId,
            new Dictionary<string, object?> { ["amount"] = 250L, ["invoiceNumber"] = "C-17", ["approver"] = "bo" }, "ann", default));
        done.Status.Should().Be(InstanceRunStatus.Completed);
    }

    [Fact]
    public async Task The_portal_offers_a_process_whose_start_event_names_a_deployed_form_and_checks_its_values()
    {
        await DeployAsync(new BpmnFile("invoice.bpmn", Process("invoice", "", "camunda:formRef=\"startForm\" camunda:formRefBinding=\"deployment\"")),
            new BpmnFile("start.form", Form("startForm")));
        await DeployAsync(new BpmnFile("orphan.bpmn", Process("orphan", "", "camunda:formRef=\"notDeployed\"")));

        var offers = await host.InScopeAsync(s => s.GetRequiredService<StartForms>().ListAsync(default));

        var offer = offers.Should().ContainSingle("a start form that is not deployed has nothing to show").Subject;
        offer.Key.Should().Be("invoice");
        offer.CamundaForm!.FormId.Should().Be("startForm");
        offer.Declares("amount").Should().BeTrue();
        offer.Declares("caller").Should().BeFalse("a requester gives only what the form asks for");
        var invalid = () => offer.CheckCamundaForm(new Dictionary<string, object?> { ["amount"] = 0L });
        invalid.Should().Throw<FormRejectedException>().Which.Errors.Should().ContainSingle().Which.FieldId.Should().Be("amount");
        offer.CheckCamundaForm(new Dictionary<string, object?> { ["amount"] = 3L });
    }
}
