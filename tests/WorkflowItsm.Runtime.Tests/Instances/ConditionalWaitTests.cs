using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// Issue 24: a conditional catch event waits as a stored bookmark; setting the instance's variables (the operator's
/// set-variables) re-evaluates it from the stored state and moves the instance on.
/// </summary>
public sealed class ConditionalWaitTests : IAsyncLifetime
{
    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="urn:test">
          <bpmn:process id="wait-for-approval" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="approved">
              <bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${approved == true}</bpmn:condition></bpmn:conditionalEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="done" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approved" />
            <bpmn:sequenceFlow id="f2" sourceRef="approved" targetRef="done" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployAsync(Model);
    }

    [Fact]
    public async Task Setting_variables_releases_a_stored_conditional_wait()
    {
        var instance = await host.StartProcessAsync("wait-for-approval", variables: new() { ["approved"] = false });
        instance.Status.Should().Be(InstanceRunStatus.Running);
        (await host.BookmarksAsync(instance.Id)).Should().ContainSingle().Which.Kind.Should().Be("Conditional");

        var unchanged = await host.RuntimeAsync(r => r.SetVariablesAsync(instance.Id, new Dictionary<string, object?> { ["other"] = 1L }, "ops", default));
        unchanged.Status.Should().Be(InstanceRunStatus.Running);

        var released = await host.RuntimeAsync(r => r.SetVariablesAsync(instance.Id, new Dictionary<string, object?> { ["approved"] = true }, "ops", default));

        released.Status.Should().Be(InstanceRunStatus.Completed);
        (await host.BookmarksAsync(instance.Id)).Should().BeEmpty();
        (await host.DetailsAsync(instance.Id))!.Journal.Should().Contain(j => j.Kind == "ConditionMet" && j.ElementId == "approved");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
