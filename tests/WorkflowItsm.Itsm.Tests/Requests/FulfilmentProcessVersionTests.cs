using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Runtime.Deployments;
using static WorkflowItsm.Itsm.Tests.Requests.CatalogSamples;

namespace WorkflowItsm.Itsm.Tests.Requests;

/// <summary>
/// The fulfilment seam: a requested item starts the process its item version names when it is deployed, and keeps the
/// process version it started with when a newer one is deployed (issue 20 test 4's "process version"); without the
/// process deployed it is fulfilled by hand.
/// </summary>
public sealed class FulfilmentProcessVersionTests : IAsyncLifetime
{
    private const string Process = "catalog-fulfilment-test";
    private CatalogTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await CatalogTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>One user task; <paramref name="taskName"/> differs between versions so that each deployment is a new version.</summary>
    private static string Bpmn(string taskName) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            id="fulfilment-defs" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="{Process}" name="Fulfilment (test)" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fulfil" />
            <bpmn:userTask id="fulfil" name="{taskName}" camunda:candidateGroups="service-desk" />
            <bpmn:sequenceFlow id="f2" sourceRef="fulfil" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private Task<IReadOnlyList<DeployedProcess>> DeployAsync(string taskName) => host.InScopeAsync(s =>
        s.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("fulfilment.bpmn", Bpmn(taskName))], "test", null, CancellationToken.None));

    private Task<RequestedItem> ItemAsync(string number) =>
        host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<RequestedItem>().AsNoTracking().SingleAsync(i => i.Number == number));

    [Fact]
    public async Task Items_in_flight_keep_the_process_version_they_started_with_new_orders_start_the_newest()
    {
        await host.InScopeAsync(async s =>
        {
            var admin = s.GetRequiredService<CatalogAdministration>();
            await admin.SaveItemAsync("monitor", MonitorItem with { FulfilmentProcessKey = Process }, CatalogTestHost.Admin, CancellationToken.None);
            await admin.PublishAsync("monitor", CatalogTestHost.Admin, CancellationToken.None);
        });
        var byHand = (await host.OrderAsync(CatalogTestHost.Ana, new OrderLine("monitor", null, 1, null))).Items.Single().Number;
        await DeployAsync("Deliver the monitor");
        var first = (await host.OrderAsync(CatalogTestHost.Ana, new OrderLine("monitor", null, 1, null))).Items.Single().Number;
        await DeployAsync("Deliver and mount the monitor");
        var second = (await host.OrderAsync(CatalogTestHost.Ana, new OrderLine("monitor", null, 1, null))).Items.Single().Number;

        (await ItemAsync(byHand)).Should().Match<RequestedItem>(i => i.ProcessInstanceId == null && i.ProcessVersion == null && i.State == RequestedItemState.Fulfilment,
            "without the process deployed the item is fulfilled by hand");
        var started = await ItemAsync(first);
        started.ProcessVersion.Should().Be(1);
        started.ProcessInstanceId.Should().NotBeNull();
        (await ItemAsync(second)).ProcessVersion.Should().Be(2);
        var instance = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == started.ProcessInstanceId));
        instance.Should().Match<Runtime.Instances.ProcessInstanceRecord>(i => i.DefinitionVersion == 1 && i.BusinessKey == first);
    }
}
