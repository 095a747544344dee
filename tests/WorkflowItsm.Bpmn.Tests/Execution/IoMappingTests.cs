using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.Tests.Support;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

public class IoMappingTests
{
    [Fact]
    public async Task Inputs_of_every_kind_are_local_and_outputs_decide_what_leaves_the_activity()
    {
        var handler = new RecordingHandler(c => ServiceTaskResult.With(("status", 201L), ("body", "created")));
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="post" camunda:class="http">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="url">https://cmdb/{Expr("ci")}</camunda:inputParameter>
                  <camunda:inputParameter name="retries">3</camunda:inputParameter>
                  <camunda:inputParameter name="tags"><camunda:list><camunda:value>prod</camunda:value><camunda:value>{Expr("region")}</camunda:value></camunda:list></camunda:inputParameter>
                  <camunda:inputParameter name="headers"><camunda:map><camunda:entry key="x-user">{Expr("user")}</camunda:entry></camunda:map></camunda:inputParameter>
                  <camunda:inputParameter name="size"><camunda:script scriptFormat="javascript">region.length * 10</camunda:script></camunda:inputParameter>
                  <camunda:inputParameter name="nothing" />
                  <camunda:outputParameter name="ok">{Expr("status == 201")}</camunda:outputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "post")}{Flow("f2", "post", "e")}
            """), ("http", handler));

        await runner.StartAsync(new() { ["ci"] = "CI42", ["region"] = "eu", ["user"] = "ann" });

        handler.Calls.Single().Inputs.Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["url"] = "https://cmdb/CI42",
            ["retries"] = "3",
            ["tags"] = new List<object?> { "prod", "eu" },
            ["headers"] = new Dictionary<string, object?> { ["x-user"] = "ann" },
            ["size"] = 20L,
            ["nothing"] = null,
        });
        runner.Variables["ok"].Should().Be(true);
        runner.Variables.Should().NotContainKeys("status", "body", "url", "tags");
    }

    [Fact]
    public async Task User_task_completion_variables_go_through_output_mappings()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="approve">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="limit">{Expr("budget / 2")}</camunda:inputParameter>
                  <camunda:outputParameter name="approvedAmount">{Expr("amount lt limit ? amount : limit")}</camunda:outputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "approve")}{Flow("f2", "approve", "e")}
            """));
        await runner.StartAsync(new() { ["budget"] = 1000L });
        runner.TokensAt("approve").Single().Locals.Should().Contain("limit", 500L);

        await runner.CompleteTaskAsync("approve", new() { ["amount"] = 800L });

        runner.Variables.Should().Contain("approvedAmount", 500L).And.NotContainKeys("amount", "limit");
    }

    [Fact]
    public async Task Sub_process_outputs_see_the_locals_as_the_sub_process_left_them()
    {
        var runner = ProcessRunner.FromXml(Process($"""
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="sub">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="draft">{Expr("title")}</camunda:inputParameter>
                  <camunda:outputParameter name="finalTitle">{Expr("draft")}</camunda:outputParameter>
                </camunda:inputOutput>
                <camunda:executionListener event="end"><camunda:script scriptFormat="javascript">execution.setVariable('draft', draft + '!')</camunda:script></camunda:executionListener>
              </bpmn:extensionElements>
              <bpmn:startEvent id="subStart" />
              <bpmn:scriptTask id="edit" scriptFormat="javascript"><bpmn:script>execution.setVariable('draft', draft + ' (edited)')</bpmn:script></bpmn:scriptTask>
              <bpmn:endEvent id="subEnd" />
              {Flow("i1", "subStart", "edit")}{Flow("i2", "edit", "subEnd")}
            </bpmn:subProcess>
            <bpmn:userTask id="after" />
            <bpmn:endEvent id="e" />
            {Flow("f1", "s", "sub")}{Flow("f2", "sub", "after")}{Flow("f3", "after", "e")}
            """));

        await runner.StartAsync(new() { ["title"] = "Disk full" });

        runner.Variables["finalTitle"].Should().Be("Disk full (edited)!", "the end listener and then the output see the sub-process scope as it ends");
        runner.Variables.Should().NotContainKey("draft", "the input's local vanishes with the sub-process");
        runner.State.Scopes.Should().ContainSingle("the sub-process scope is gone once its outputs are applied");
        runner.TokenPositions.Should().Equal("after");
    }
}
