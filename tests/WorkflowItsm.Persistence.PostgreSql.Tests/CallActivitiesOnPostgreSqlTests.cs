using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>Call activities on PostgreSQL: the child's rows, the parent moved on by the child's last step, cancellation down the tree.</summary>
public sealed class CallActivitiesOnPostgreSqlTests(PostgreSqlServer server) : IAsyncLifetime
{
    private static readonly BpmnFile Parent = new("change.bpmn", """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
          <bpmn:process id="change" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:callActivity id="CallApproval" calledElement="approve-change" camunda:calledElementBinding="deployment">
              <bpmn:extensionElements><camunda:in businessKey="#{execution.processBusinessKey}" /><camunda:out source="approved" target="approved" /></bpmn:extensionElements>
              <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
            </bpmn:callActivity>
            <bpmn:userTask id="After"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
            <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="CallApproval" />
            <bpmn:sequenceFlow id="f2" sourceRef="CallApproval" targetRef="After" />
            <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """);

    private static readonly BpmnFile Child = new("approve-change.bpmn", """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
          <bpmn:process id="approve-change" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:userTask id="Approve"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Approve" />
            <bpmn:sequenceFlow id="f2" sourceRef="Approve" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """);

    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        services = await RuntimeOnPostgreSql.StartAsync(server, "calls");
        await InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync([Parent, Child], "test", null, TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private Task<ProcessInstanceRecord> StartAsync(string businessKey) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("change", BusinessKey: businessKey), default));

    private Task<ProcessInstanceRecord> ChildOfAsync(string parentId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.AsNoTracking().SingleAsync(i => i.ParentInstanceId == parentId));

    private Task<List<HumanTaskRecord>> TasksOfAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.AsNoTracking().Where(t => t.InstanceId == instanceId).ToListAsync());

    [Fact]
    public async Task The_childs_last_step_moves_the_parent_on()
    {
        var parent = await StartAsync("CHG1");
        var child = await ChildOfAsync(parent.Id);
        child.BusinessKey.Should().Be("CHG1");
        child.ParentCallActivityId.Should().Be("CallApproval");

        await InScopeAsync(async s => await s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(
            (await TasksOfAsync(child.Id)).Single().Id, new Dictionary<string, object?> { ["approved"] = true }, "cab", default));

        (await TasksOfAsync(parent.Id)).Should().ContainSingle().Which.ElementId.Should().Be("After");
        var details = await InScopeAsync(s => s.GetRequiredService<InstanceQueries>().GetAsync(parent.Id, default));
        details!.Variables.Should().Contain("approved", true);
        details.Children.Should().ContainSingle().Which.Status.Should().Be(InstanceRunStatus.Completed);
    }

    [Fact]
    public async Task Cancelling_the_parent_cancels_the_child()
    {
        var parent = await StartAsync("CHG2");
        var child = await ChildOfAsync(parent.Id);

        await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CancelAsync(parent.Id, "withdrawn", default));

        (await ChildOfAsync(parent.Id)).Status.Should().Be(InstanceRunStatus.Cancelled);
        (await TasksOfAsync(child.Id)).Should().ContainSingle().Which.Status.Should().Be(HumanTaskStatus.Cancelled);
    }
}
