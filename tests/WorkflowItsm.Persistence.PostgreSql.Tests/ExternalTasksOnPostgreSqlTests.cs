using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>Workers racing for external tasks over real PostgreSQL connections: every task goes to exactly one worker.</summary>
public sealed class ExternalTasksOnPostgreSqlTests(PostgreSqlServer server) : IAsyncLifetime
{
    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
          <bpmn:process id="pg-charge" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="pg-payments"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Charge" />
            <bpmn:sequenceFlow id="f2" sourceRef="Charge" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        services = await RuntimeOnPostgreSql.StartAsync(server, "external");
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("pg-charge.bpmn", Model)], "test", null, TestContext.Current.CancellationToken);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    [Fact]
    public async Task Four_workers_draining_one_topic_never_get_the_same_task()
    {
        for (var i = 0; i < 20; i++)
        {
            await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("pg-charge", BusinessKey: $"ORD-{i}"), default));
        }

        var drained = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var mine = new List<LockedExternalTask>();
            while (await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().FetchAndLockAsync(
                       $"worker-{worker}", ["pg-payments"], 3, TimeSpan.FromMinutes(5), default)) is { Count: > 0 } batch)
            {
                mine.AddRange(batch);
            }

            return mine;
        }, TestContext.Current.CancellationToken)));

        var ids = drained.SelectMany(d => d.Select(t => t.Id)).ToList();
        ids.Should().OnlyHaveUniqueItems().And.HaveCount(20);
        var owners = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks
            .Where(b => b.Kind == "ExternalTask").ToDictionaryAsync(b => b.Id, b => b.LockOwner));
        drained.SelectMany(d => d).Where(t => owners[t.Id] != t.WorkerId).Should().BeEmpty("the stored lock is the one each worker was given");
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
