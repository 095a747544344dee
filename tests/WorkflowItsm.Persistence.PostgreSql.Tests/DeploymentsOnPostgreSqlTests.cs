using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>The runtime's deployment queries translate to PostgreSQL (grouping by key, latest version per key).</summary>
public sealed class DeploymentsOnPostgreSqlTests(PostgreSqlServer server)
{
    [Fact]
    public async Task Deploying_twice_versions_the_changed_file_and_keeps_the_identical_one()
    {
        await using var services = await RuntimeOnPostgreSql.StartAsync(server, "deploy");

        static BpmnFile File(string id, string name) => new($"{id}.bpmn", $"""
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
              <bpmn:process id="{id}" name="{name}" isExecutable="true">
                <bpmn:startEvent id="s"><bpmn:outgoing>f</bpmn:outgoing></bpmn:startEvent>
                <bpmn:endEvent id="e"><bpmn:incoming>f</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />
              </bpmn:process>
            </bpmn:definitions>
            """);

        async Task<IReadOnlyList<DeployedProcess>> DeployAsync(params BpmnFile[] files)
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync(files, "olga", null, TestContext.Current.CancellationToken);
        }

        await DeployAsync(File("one", "One"), File("two", "Two"));
        var second = await DeployAsync(File("one", "One"), File("two", "Two, renamed"));

        second.Should().BeEquivalentTo([new DeployedProcess("one", 1, "One", false), new DeployedProcess("two", 2, "Two, renamed", true)]);
        await using var read = services.CreateAsyncScope();
        var keys = await read.ServiceProvider.GetRequiredService<ProcessDefinitionQueries>().ListKeysAsync(TestContext.Current.CancellationToken);
        keys.Select(k => (k.Key, k.LatestVersion)).Should().Equal(("one", 1), ("two", 2));
    }
}
