using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Tests.Instances;

namespace WorkflowItsm.Runtime.Tests.Journal;

/// <summary>A model that loops thousands of steps in one trigger keeps the beginning and end of its journal, not every step.</summary>
public sealed class LoopJournalTests : IAsyncLifetime
{
    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="urn:test">
          <bpmn:process id="busy-loop" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:scriptTask id="count" scriptFormat="javascript" camunda:resultVariable="n"><bpmn:script>n + 1</bpmn:script></bpmn:scriptTask>
            <bpmn:exclusiveGateway id="again" default="loop" />
            <bpmn:userTask id="done" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="count" />
            <bpmn:sequenceFlow id="f2" sourceRef="count" targetRef="again" />
            <bpmn:sequenceFlow id="loop" sourceRef="again" targetRef="count" />
            <bpmn:sequenceFlow id="out" sourceRef="again" targetRef="done"><bpmn:conditionExpression>${n >= 800}</bpmn:conditionExpression></bpmn:sequenceFlow>
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
    public async Task A_loop_of_800_rounds_in_one_trigger_stores_a_bounded_journal_that_says_what_it_left_out()
    {
        var instance = await host.StartProcessAsync("busy-loop", variables: new Dictionary<string, object?> { ["n"] = 0L });

        instance.ActiveElements.Should().Be("done", "the loop ran to its end");
        var journal = await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.AsNoTracking()
            .Where(j => j.InstanceId == instance.Id).OrderBy(j => j.Id).ToListAsync());
        journal.Should().HaveCountLessThanOrEqualTo(WorkflowRuntime.MaxJournalEntriesPerTrigger + 1);
        journal.Should().ContainSingle(j => j.Kind == WorkflowRuntime.JournalEntriesOmittedKind)
            .Which.Detail.Should().MatchRegex("^[0-9]+ journal entries of this step were left out");
        journal.Should().Contain(j => j.Kind == "InstanceStarted", "the beginning is kept");
        journal.Should().Contain(j => j.Kind == "TaskCreated", "and so is the end");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
