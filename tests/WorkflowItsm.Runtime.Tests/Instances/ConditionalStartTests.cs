using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// Issue 24: a process-level conditional start event starts its process when an evaluation of the start conditions
/// (Camunda 7's evaluateStartConditions) finds its condition true for the variables given; the latest version decides.
/// </summary>
public sealed class ConditionalStartTests : IAsyncLifetime
{
    private static string Model(string processId, string condition) => RuntimeTestHost.Bpmn("", $$"""
        <bpmn:process id="{{processId}}" isExecutable="true">
          <bpmn:startEvent id="whenMet">
            <bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">{{condition}}</bpmn:condition></bpmn:conditionalEventDefinition>
          </bpmn:startEvent>
          <bpmn:userTask id="act" />
          <bpmn:endEvent id="done" />
          <bpmn:sequenceFlow id="f1" sourceRef="whenMet" targetRef="act" />
          <bpmn:sequenceFlow id="f2" sourceRef="act" targetRef="done" />
        </bpmn:process>
        """);

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await RuntimeTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private Task<ConditionEvaluationResult> EvaluateAsync(Dictionary<string, object?>? variables, string? businessKey = null, string? processKey = null) =>
        host.RuntimeAsync(r => r.EvaluateStartConditionsAsync(variables, businessKey, processKey, default));

    [Fact]
    public async Task Each_process_whose_condition_holds_starts_with_the_variables_and_business_key_and_the_others_do_not()
    {
        await host.DeployAsync(Model("cool-server-room", "${temperature > 30}"));
        await host.DeployAsync(Model("heat-server-room", "${temperature lt 10}"));

        var hot = await EvaluateAsync(new() { ["temperature"] = 35L }, businessKey: "ROOM-4");

        var started = hot.StartedInstanceIds.Should().ContainSingle().Subject;
        var instance = await host.InstanceAsync(started);
        instance.DefinitionKey.Should().Be("cool-server-room");
        instance.BusinessKey.Should().Be("ROOM-4");
        instance.ActiveElements.Should().Contain("act");
        (await host.DetailsAsync(started))!.Variables.Should().Contain("temperature", 35L);

        var mild = await EvaluateAsync(new() { ["temperature"] = 20L });
        mild.StartedInstanceIds.Should().BeEmpty("neither condition holds at 20");
        var unknown = await EvaluateAsync(new() { ["humidity"] = 80L });
        unknown.StartedInstanceIds.Should().BeEmpty("a condition naming a variable not given is not met");
    }

    [Fact]
    public async Task The_latest_version_decides_and_one_process_may_be_named()
    {
        await host.DeployAsync(Model("cool-server-room", "${temperature > 30}"));
        await host.DeployAsync(Model("cool-server-room", "${temperature > 40}"));
        await host.DeployAsync(Model("heat-server-room", "${temperature > 0}"));

        var onlyCooling = await EvaluateAsync(new() { ["temperature"] = 35L }, processKey: "cool-server-room");
        onlyCooling.StartedInstanceIds.Should().BeEmpty("version 2 wants more than 40");

        var hotter = await EvaluateAsync(new() { ["temperature"] = 45L }, processKey: "cool-server-room");
        var instance = await host.InstanceAsync(hotter.StartedInstanceIds.Should().ContainSingle().Subject);
        instance.DefinitionVersion.Should().Be(2);
    }

    [Fact]
    public async Task Without_a_process_with_a_conditional_start_event_the_evaluation_is_not_found()
    {
        var none = () => EvaluateAsync(new() { ["temperature"] = 35L });
        await none.Should().ThrowAsync<RuntimeNotFoundException>().WithMessage("No deployed process has a conditional start event.");

        await host.DeployAsync(Model("cool-server-room", "${temperature > 30}"));
        var wrongKey = () => EvaluateAsync(new() { ["temperature"] = 35L }, processKey: "no-such-process");
        await wrongKey.Should().ThrowAsync<RuntimeNotFoundException>().WithMessage("*'no-such-process'*");
    }
}
