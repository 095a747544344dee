using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>Signals broadcast from outside and thrown by instances: catch events, signal starts, no echo, bounded forwarding.</summary>
public sealed class SignalBroadcastTests : IAsyncLifetime
{
    private const string OutageSignal = """<bpmn:signal id="Sig_Outage" name="outage" />""";

    /// <summary>Waits for the outage signal, then notifies.</summary>
    private static readonly string WaitForOutage = RuntimeTestHost.Bpmn(OutageSignal, """
        <bpmn:process id="wait-for-outage" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:intermediateCatchEvent id="Outage"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:signalEventDefinition signalRef="Sig_Outage" /></bpmn:intermediateCatchEvent>
          <bpmn:userTask id="Notify"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
          <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Outage" />
          <bpmn:sequenceFlow id="f2" sourceRef="Outage" targetRef="Notify" />
          <bpmn:sequenceFlow id="f3" sourceRef="Notify" targetRef="End" />
        </bpmn:process>
        """);

    /// <summary>A major-incident process the outage signal starts.</summary>
    private static readonly string MajorIncident = RuntimeTestHost.Bpmn(OutageSignal, """
        <bpmn:process id="major-incident" isExecutable="true">
          <bpmn:startEvent id="OutageStart"><bpmn:outgoing>f1</bpmn:outgoing><bpmn:signalEventDefinition signalRef="Sig_Outage" /></bpmn:startEvent>
          <bpmn:userTask id="Coordinate"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
          <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="OutageStart" targetRef="Coordinate" />
          <bpmn:sequenceFlow id="f2" sourceRef="Coordinate" targetRef="End" />
        </bpmn:process>
        """);

    /// <summary>Throws the outage signal, then itself waits for one: only a later outage may move it on.</summary>
    private static readonly string DeclareOutage = RuntimeTestHost.Bpmn(OutageSignal, """
        <bpmn:process id="declare-outage" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:intermediateThrowEvent id="Declare"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:signalEventDefinition signalRef="Sig_Outage" /></bpmn:intermediateThrowEvent>
          <bpmn:intermediateCatchEvent id="NextOutage"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing><bpmn:signalEventDefinition signalRef="Sig_Outage" /></bpmn:intermediateCatchEvent>
          <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Declare" />
          <bpmn:sequenceFlow id="f2" sourceRef="Declare" targetRef="NextOutage" />
          <bpmn:sequenceFlow id="f3" sourceRef="NextOutage" targetRef="End" />
        </bpmn:process>
        """);

    /// <summary>Started by "ping", throws "ping": without a bound every instance would start the next one for ever.</summary>
    private static readonly string PingPong = RuntimeTestHost.Bpmn("""<bpmn:signal id="Sig_Ping" name="ping" />""", """
        <bpmn:process id="ping-pong" isExecutable="true">
          <bpmn:startEvent id="PingStart"><bpmn:outgoing>f1</bpmn:outgoing><bpmn:signalEventDefinition signalRef="Sig_Ping" /></bpmn:startEvent>
          <bpmn:endEvent id="PingAgain"><bpmn:incoming>f1</bpmn:incoming><bpmn:signalEventDefinition signalRef="Sig_Ping" /></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="PingStart" targetRef="PingAgain" />
        </bpmn:process>
        """);

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployAsync(WaitForOutage);
        await host.DeployAsync(MajorIncident);
    }

    private Task<SignalBroadcastResult> BroadcastAsync(string name, Dictionary<string, object?>? variables = null) =>
        host.RuntimeAsync(r => r.BroadcastSignalAsync(name, variables, default));

    [Fact]
    public async Task A_broadcast_reaches_every_waiting_instance_and_starts_signal_start_processes()
    {
        var first = await host.StartProcessAsync("wait-for-outage");
        var second = await host.StartProcessAsync("wait-for-outage");

        var result = await BroadcastAsync("outage", new() { ["service"] = "mail" });

        result.ReceivedInstanceIds.Should().BeEquivalentTo([first.Id, second.Id]);
        result.StartedInstanceIds.Should().ContainSingle();
        result.Count.Should().Be(3);
        (await host.InstanceAsync(first.Id)).ActiveElements.Should().Be("Notify");
        (await host.DetailsAsync(second.Id))!.Variables.Should().ContainKey("service").WhoseValue.Should().Be("mail");
        var started = (await host.InstancesOfAsync("major-incident")).Should().ContainSingle().Subject;
        started.ActiveElements.Should().Be("Coordinate");
    }

    [Fact]
    public async Task A_signal_nobody_listens_to_reaches_no_one()
    {
        var waiting = await host.StartProcessAsync("wait-for-outage");

        var result = await BroadcastAsync("maintenance");

        result.Count.Should().Be(0);
        (await host.InstanceAsync(waiting.Id)).ActiveElements.Should().Be("Outage");
    }

    [Fact]
    public async Task A_thrown_signal_reaches_the_other_instances_after_commit_but_never_the_thrower()
    {
        await host.DeployAsync(DeclareOutage);
        var waiting = await host.StartProcessAsync("wait-for-outage");

        var thrower = await host.StartProcessAsync("declare-outage");

        (await host.InstanceAsync(waiting.Id)).ActiveElements.Should().Be("Notify");
        (await host.InstancesOfAsync("major-incident")).Should().ContainSingle("the signal start listens too");
        (await host.InstanceAsync(thrower.Id)).ActiveElements.Should().Be("NextOutage", "its own signal was thrown before it waited for the next one");
    }

    [Fact]
    public async Task Signals_that_keep_starting_each_other_stop_after_the_depth_limit()
    {
        await host.DeployAsync(PingPong);

        var result = await BroadcastAsync("ping");

        result.StartedInstanceIds.Should().ContainSingle();
        (await host.InstancesOfAsync("ping-pong")).Should().HaveCount(1 + WorkflowRuntime.MaxForwardingDepth)
            .And.OnlyContain(i => i.Status == InstanceRunStatus.Completed);
        var notForwarded = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal
            .Where(j => j.Kind == "SignalNotForwarded").ToListAsync());
        notForwarded.Should().ContainSingle().Which.Detail.Should().Contain("'ping'");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
