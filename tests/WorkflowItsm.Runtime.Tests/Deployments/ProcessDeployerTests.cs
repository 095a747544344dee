using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Tests.Deployments;

public sealed class ProcessDeployerTests : IAsyncLifetime
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        await connection.OpenAsync();
        services = new ServiceCollection()
            .AddDbContext<WorkflowDbContext>(options => options.UseSqlite(connection))
            .AddBpmnEngine(typeof(ProcessDeployerTests).Assembly)
            .AddWorkflowRuntime()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Database.EnsureCreatedAsync();
    }

    private async Task<IReadOnlyList<DeployedProcess>> DeployAsync(params BpmnFile[] files)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProcessDeployer>()
            .DeployAsync(files, "olga", "test", TestContext.Current.CancellationToken);
    }

    private async Task<List<ProcessDefinitionRecord>> StoredAsync()
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().ProcessDefinitions
            .OrderBy(d => d.Key).ThenBy(d => d.Version).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static string Process(string id, string taskName = "Work it", string extra = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_{id}" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="{id}" name="Process {id}" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:userTask id="Work" name="{taskName}"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
            {extra}
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
            <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task First_deployment_is_version_1_with_who_when_and_comment()
    {
        var deployed = await DeployAsync(new BpmnFile("a.bpmn", Process("a")));

        deployed.Should().ContainSingle().Which.Should().Be(new DeployedProcess("a", 1, "Process a", IsNewVersion: true));
        var stored = (await StoredAsync()).Single();
        stored.DeployedBy.Should().Be("olga");
        stored.Comment.Should().Be("test");
        stored.ContentHash.Should().HaveLength(64);
    }

    [Fact]
    public async Task Identical_content_keeps_its_version_and_changed_content_becomes_the_next()
    {
        await DeployAsync(new BpmnFile("a.bpmn", Process("a")));

        var same = await DeployAsync(new BpmnFile("a.bpmn", Process("a")));
        var changed = await DeployAsync(new BpmnFile("a.bpmn", Process("a", taskName: "Work it well")));

        same.Single().Should().Be(new DeployedProcess("a", 1, "Process a", IsNewVersion: false));
        changed.Single().Should().Be(new DeployedProcess("a", 2, "Process a", IsNewVersion: true));
        (await StoredAsync()).Select(d => d.Version).Should().Equal(1, 2);
    }

    [Fact]
    public async Task One_invalid_file_refuses_the_whole_deployment_with_every_problem_located()
    {
        var broken = Process("b", extra: """<bpmn:sequenceFlow id="dangling" sourceRef="Work" targetRef="Nowhere" />""");

        var act = () => DeployAsync(new BpmnFile("good.bpmn", Process("a")), new BpmnFile("broken.bpmn", broken));

        var rejected = await act.Should().ThrowAsync<DeploymentRejectedException>();
        var expectedLine = broken.Split('\n').ToList().FindIndex(l => l.Contains("id=\"dangling\"", StringComparison.Ordinal)) + 1;
        rejected.Which.Problems.Should().Contain(p => p.FileName == "broken.bpmn" && p.ElementId == "dangling" && p.IsError && p.Line == expectedLine);
        (await StoredAsync()).Should().BeEmpty("nothing is half-stored");
    }

    [Fact]
    public async Task Malformed_xml_is_a_problem_not_an_exception()
    {
        var act = () => DeployAsync(new BpmnFile("junk.bpmn", "<bpmn:definitions"));

        (await act.Should().ThrowAsync<DeploymentRejectedException>()).Which.Problems
            .Should().Contain(p => p.FileName == "junk.bpmn" && p.IsError);
    }

    [Fact]
    public async Task Unknown_service_task_handler_is_refused_with_the_element_id()
    {
        var model = Process("c", extra: """
            <bpmn:serviceTask id="CallIt" camunda:delegateExpression="${no.such.handler}" />
            """);

        var act = () => DeployAsync(new BpmnFile("c.bpmn", model));

        (await act.Should().ThrowAsync<DeploymentRejectedException>()).Which.Problems
            .Should().Contain(p => p.ElementId == "CallIt" && p.IsError);
    }

    [Fact]
    public async Task A_file_without_an_executable_process_is_refused()
    {
        var act = () => DeployAsync(new BpmnFile("d.bpmn", Process("d").Replace("isExecutable=\"true\"", "isExecutable=\"false\"", StringComparison.Ordinal)));

        (await act.Should().ThrowAsync<DeploymentRejectedException>()).Which.Problems
            .Should().Contain(p => p.Code == "DEPLOY002");
    }

    [Fact]
    public async Task An_empty_deployment_is_refused()
    {
        var act = () => DeployAsync();

        (await act.Should().ThrowAsync<DeploymentRejectedException>()).Which.Problems.Should().ContainSingle(p => p.Code == "DEPLOY001");
    }

    [Fact]
    public async Task Queries_list_keys_versions_and_xml()
    {
        await DeployAsync(new BpmnFile("a.bpmn", Process("a")));
        await DeployAsync(new BpmnFile("a.bpmn", Process("a", "v2")));
        await using var scope = services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<ProcessDefinitionQueries>();

        var keys = await queries.ListKeysAsync(TestContext.Current.CancellationToken);
        var versions = await queries.ListVersionsAsync("a", TestContext.Current.CancellationToken);
        var xml = await queries.GetXmlAsync("a", 1, TestContext.Current.CancellationToken);

        keys.Should().ContainSingle().Which.Should().Match<ProcessKeySummary>(k => k.Key == "a" && k.LatestVersion == 2 && k.VersionCount == 2);
        versions.Select(v => v.Version).Should().Equal(2, 1);
        xml.Should().Contain("Work it");
        (await queries.GetXmlAsync("a", 3, TestContext.Current.CancellationToken)).Should().BeNull();
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>A handler the deployer must know about (scanned from this assembly).</summary>
[ServiceTask("test.known")]
public sealed class KnownHandler : IServiceTaskHandler
{
    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ServiceTaskResult.Empty);
}
