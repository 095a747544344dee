using System.Text.Json;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Bpmn.Tests.Support;

namespace WorkflowItsm.Bpmn.Tests.State;

public class InstanceStateSerializerTests
{
    [Fact]
    public async Task A_waiting_instance_round_trips_and_continues_from_the_copy()
    {
        var runner = ProcessRunner.FromXml(BpmnXml.Workflow("incident-triage.bpmn"), ("notify.sla-warning", new RecordingHandler()));
        await runner.StartAsync(new() { ["impact"] = 1L, ["urgency"] = 1L, ["shortDescription"] = "VPN down" }, businessKey: "INC0001001");

        var json = InstanceStateSerializer.Serialize(runner.State);
        var copy = InstanceStateSerializer.Deserialize(json);

        InstanceStateSerializer.Serialize(copy).Should().Be(json);
        copy.Should().BeEquivalentTo(runner.State);
        json.Should().Contain("\"formatVersion\":1").And.Contain("\"phase\":\"Waiting\"").And.Contain("\"kind\":\"UserTask\"");

        var taskId = copy.Bookmarks.Single(b => b.Kind == BookmarkKind.UserTask).Id;
        var result = await runner.Engine.TriggerAsync(runner.Process, copy, new UserTaskCompleted(taskId, new Dictionary<string, object?> { ["resolutionCode"] = "fixed", ["resolutionNotes"] = "ok" }), TestContext.Current.CancellationToken);
        result.Status.Should().Be(ExecutionStatus.Completed);
    }

    [Fact]
    public void Variable_values_keep_their_types()
    {
        var state = new InstanceState
        {
            InstanceId = "i",
            ProcessId = "p",
            Scopes =
            [
                new ScopeState
                {
                    Id = "s1",
                    Variables = new Dictionary<string, object?>
                    {
                        ["long"] = 42L,
                        ["double"] = 2.0,
                        ["fraction"] = 0.25,
                        ["text"] = "ü \"quoted\"",
                        ["flag"] = false,
                        ["nothing"] = null,
                        ["list"] = new List<object?> { 1L, "two", null, new List<object?> { 3.5 } },
                        ["map"] = new Dictionary<string, object?> { ["nested"] = new Dictionary<string, object?> { ["deep"] = true } },
                    },
                },
            ],
        };

        var copy = InstanceStateSerializer.Deserialize(InstanceStateSerializer.SerializeToUtf8Bytes(state));

        var variables = copy.Variables;
        variables["long"].Should().BeOfType<long>().And.Be(42L);
        variables["double"].Should().BeOfType<double>().And.Be(2.0);
        variables["fraction"].Should().Be(0.25);
        variables["text"].Should().Be("ü \"quoted\"");
        variables["flag"].Should().Be(false);
        variables.Should().ContainKey("nothing").WhoseValue.Should().BeNull();
        variables["list"].Should().BeEquivalentTo(new List<object?> { 1L, "two", null, new List<object?> { 3.5 } });
        ((Dictionary<string, object?>)((Dictionary<string, object?>)variables["map"]!)["nested"]!)["deep"].Should().Be(true);
    }

    [Fact]
    public void A_newer_format_is_refused()
    {
        var json = InstanceStateSerializer.Serialize(new InstanceState { InstanceId = "i", ProcessId = "p" })
            .Replace("\"formatVersion\":1", "\"formatVersion\":99", StringComparison.Ordinal);

        var act = () => InstanceStateSerializer.Deserialize(json);

        act.Should().Throw<JsonException>().WithMessage("*format 99*");
    }
}
