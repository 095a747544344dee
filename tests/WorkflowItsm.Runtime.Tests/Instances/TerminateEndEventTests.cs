using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// A terminate end event completes the instance, as in Camunda 7 (issue 14, section 4); rows stored as Terminated
/// before read, and filter, as completed.
/// </summary>
public sealed class TerminateEndEventTests : IAsyncLifetime
{
    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:test">
          <bpmn:process id="stop-early" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="work" />
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            <bpmn:endEvent id="done" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="work" />
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="kill" />
            <bpmn:sequenceFlow id="f4" sourceRef="work" targetRef="done" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployAsync(Model);
    }

    private Task<Page<InstanceSummary>> ListAsync(InstanceRunStatus status) =>
        host.InScopeAsync(s => s.GetRequiredService<InstanceQueries>().ListAsync(new InstanceFilter(Key: "stop-early", Status: status), 1, 50, default));

    [Fact]
    public async Task An_instance_ended_by_a_terminate_end_event_is_completed_and_its_journal_names_the_end_event()
    {
        var instance = await host.StartProcessAsync("stop-early");

        instance.Status.Should().Be(InstanceRunStatus.Completed);
        instance.EndedAt.Should().NotBeNull();
        var details = (await host.DetailsAsync(instance.Id))!;
        details.Instance.Status.Should().Be(InstanceRunStatus.Completed);
        details.Journal.Should().ContainSingle(j => j.Kind == "InstanceTerminated").Which.ElementId.Should().Be("kill");
        (await ListAsync(InstanceRunStatus.Completed)).Items.Select(i => i.Id).Should().Equal(instance.Id);
    }

    [Fact]
    public async Task A_row_stored_as_terminated_before_reads_and_filters_as_completed()
    {
        var instance = await host.StartProcessAsync("stop-early");
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Database
            .ExecuteSqlRawAsync("UPDATE ProcessInstances SET Status = 'Terminated' WHERE Id = {0}", instance.Id));

        (await host.InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Completed);
        (await ListAsync(InstanceRunStatus.Completed)).Items.Should().ContainSingle()
            .Which.Should().Match<InstanceSummary>(i => i.Id == instance.Id && i.Status == InstanceRunStatus.Completed);
        (await ListAsync(InstanceRunStatus.Running)).Items.Should().BeEmpty();
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
