using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Forms;

/// <summary>
/// camunda:formRef on user tasks and start events, as Camunda 7's UserTaskCamundaFormDefinitionParseTest and
/// StartEventCamundaFormDefinitionParseTest read it; the task carries the form as its form key.
/// </summary>
public sealed class CamundaFormReferenceTests
{
    private static string WithTask(string taskAttributes, string startAttributes = "") => Process($"""
        <bpmn:startEvent id="s" {startAttributes} />
        <bpmn:userTask id="review" {taskAttributes} />
        <bpmn:endEvent id="e" />
        {Flow("f1", "s", "review")}
        {Flow("f2", "review", "e")}
        """);

    private static List<BpmnProblem> Errors(string xml) =>
        new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(new BpmnParser().Parse(xml))
            .Where(p => p.Severity == BpmnProblemSeverity.Error).ToList();

    private static async Task<string?> FormKeyOfTaskAsync(string taskAttributes, Dictionary<string, object?>? variables = null)
    {
        var runner = ProcessRunner.FromXml(WithTask(taskAttributes));
        var result = await runner.StartAsync(variables ?? []);
        return result.CreatedTasks.Should().ContainSingle().Subject.FormKey;
    }

    [Theory]
    [InlineData("camunda:formRef=\"myTaskForm\"", "camunda-forms:ref:latest:myTaskForm")]
    [InlineData("camunda:formRef=\"myTaskForm\" camunda:formRefBinding=\"latest\"", "camunda-forms:ref:latest:myTaskForm")]
    [InlineData("camunda:formRef=\"myTaskForm\" camunda:formRefBinding=\"deployment\"", "camunda-forms:ref:deployment:myTaskForm")]
    [InlineData("camunda:formRef=\"myTaskForm\" camunda:formRefBinding=\"version\" camunda:formRefVersion=\"2\"", "camunda-forms:ref:version:2:myTaskForm")]
    public async Task A_task_carries_its_form_reference_as_its_form_key(string attributes, string formKey)
    {
        Errors(WithTask(attributes)).Should().BeEmpty();
        (await FormKeyOfTaskAsync(attributes)).Should().Be(formKey);
        CamundaFormKey.Parse(formKey)!.ToString().Should().Be(formKey, "the key reads back as written");
    }

    [Fact]
    public async Task The_form_id_and_version_may_be_expressions_evaluated_when_the_task_is_created()
    {
        var formKey = await FormKeyOfTaskAsync($"camunda:formRef=\"{Expr("key")}\" camunda:formRefBinding=\"version\" camunda:formRefVersion=\"{Expr("ver")}\"",
            new() { ["key"] = "invoiceForm", ["ver"] = 3L });

        formKey.Should().Be("camunda-forms:ref:version:3:invoiceForm");
        CamundaFormKey.Parse(formKey).Should().Be(CamundaFormKey.ForReference("invoiceForm", FormRefBinding.Version, 3));
    }

    [Fact]
    public void The_start_event_reads_its_form_reference()
    {
        var parsed = new BpmnParser().Parse(WithTask("", "camunda:formRef=\"myStartForm\" camunda:formRefBinding=\"version\" camunda:formRefVersion=\"1\""));

        var start = parsed.Definitions!.Processes[0].Graph.Nodes.OfType<StartEvent>().Single();
        start.FormRef.Should().BeEquivalentTo(new { Binding = FormRefBinding.Version });
        start.FormRef!.FormRef.Raw.Should().Be("myStartForm");
        start.FormRef.Version!.Raw.Should().Be("1");
    }

    [Theory]
    [InlineData("camunda:formRef=\"f\" camunda:formKey=\"embedded:app:forms/f.html\"", "both camunda:formKey and camunda:formRef")]
    [InlineData("camunda:formRef=\"f\" camunda:formRefBinding=\"version\"", "no camunda:formRefVersion")]
    [InlineData("camunda:formRef=\"\"", "empty camunda:formRef")]
    public void A_task_form_reference_Camunda_refuses_is_refused_naming_the_task(string attributes, string reason)
    {
        Errors(WithTask(attributes)).Should().Contain(p => p.ElementId == "review" && p.Code == BpmnProblemCodes.InvalidFormRef && p.Message.Contains(reason));
    }

    [Fact]
    public void An_unknown_binding_is_refused_naming_the_choices()
    {
        Errors(WithTask("camunda:formRef=\"f\" camunda:formRefBinding=\"unsupported\""))
            .Should().Contain(p => p.ElementId == "review" && p.Message.Contains("latest, deployment, version"));
    }

    [Fact]
    public void A_start_event_cannot_name_its_form_by_an_expression()
    {
        Errors(WithTask("", $"camunda:formRef=\"{Expr("key")}\""))
            .Should().Contain(p => p.ElementId == "s" && p.Code == BpmnProblemCodes.InvalidFormRef && p.Message.Contains("no variables"));
        Errors(WithTask("", "camunda:formRef=\"startForm\"")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("camunda-forms:deployment:forms/task.form", "task.form", null, FormRefBinding.Deployment)]
    [InlineData("camunda-forms:app:task-form.form", "task-form.form", null, FormRefBinding.Latest)]
    [InlineData("camunda-forms:start.form", "start.form", null, FormRefBinding.Latest)]
    [InlineData("camunda-forms:ref:deployment:invoice", null, "invoice", FormRefBinding.Deployment)]
    public void Camunda_forms_form_keys_name_a_file_or_a_form(string formKey, string? fileName, string? formId, FormRefBinding binding)
    {
        CamundaFormKey.Parse(formKey).Should().Be(new CamundaFormKey(fileName, formId, binding));
    }

    [Theory]
    [InlineData("embedded:app:forms/task.html")]
    [InlineData("camunda-forms:deployment:")]
    [InlineData("camunda-forms:ref:version:x:form")]
    [InlineData(null)]
    public void Other_form_keys_name_no_Camunda_Form(string? formKey)
    {
        CamundaFormKey.Parse(formKey).Should().BeNull();
    }
}
