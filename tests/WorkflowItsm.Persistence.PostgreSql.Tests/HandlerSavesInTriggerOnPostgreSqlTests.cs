using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>
/// A handler runs inside its trigger's transaction and may catch a save the database refused (a unique index another
/// host won) and go on. On PostgreSQL a refused statement spoils the whole transaction unless a savepoint was set
/// before it, so the handlers' saves keep EF Core's savepoint; only the trigger's closing save goes without.
/// </summary>
public sealed class HandlerSavesInTriggerOnPostgreSqlTests(PostgreSqlServer server) : IAsyncLifetime
{
    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
          <bpmn:process id="pg-refused-save" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:serviceTask id="Register" camunda:delegateExpression="${pg.save-refused-once}"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:userTask id="Review"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
            <bpmn:serviceTask id="RegisterAgain" camunda:delegateExpression="${pg.save-refused-once}"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:endEvent id="End"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Register" />
            <bpmn:sequenceFlow id="f2" sourceRef="Register" targetRef="Review" />
            <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="RegisterAgain" />
            <bpmn:sequenceFlow id="f4" sourceRef="RegisterAgain" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        services = await RuntimeOnPostgreSql.StartAsync(server, "refusedsave",
            configure: s => s.AddBpmnEngine(typeof(HandlerSavesInTriggerOnPostgreSqlTests).Assembly));
        await InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("pg-refused-save.bpmn", Model)], "test", null, default));
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    [Fact]
    public async Task A_handler_that_catches_a_refused_save_lets_its_start_and_its_completion_commit()
    {
        var started = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("pg-refused-save", BusinessKey: "REF-1"), default));
        var taskId = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.Where(t => t.InstanceId == started.Id).Select(t => t.Id).SingleAsync());
        var completed = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, null, "bo", default));

        started.Status.Should().Be(InstanceRunStatus.Running, "the start committed with the handler's refused save caught");
        completed.Status.Should().Be(InstanceRunStatus.Completed, "the completion committed too");
        var stored = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == started.Id));
        stored.Status.Should().Be(InstanceRunStatus.Completed);
        var task = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.AsNoTracking().SingleAsync(t => t.Id == taskId));
        task.Status.Should().Be(HumanTaskStatus.Completed);
    }
}

/// <summary>Saves a second version 1 of the deployed process, which the unique index refuses, and goes on as a handler racing another host would.</summary>
[ServiceTask("pg.save-refused-once")]
public sealed class SaveRefusedOnceHandler(WorkflowDbContext db) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var duplicate = new ProcessDefinitionRecord { Key = "pg-refused-save", Version = 1, Xml = "<duplicate/>", ContentHash = "duplicate" };
        db.Add(duplicate);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            throw new InvalidOperationException("The unique index on the process key and version should have refused the duplicate.");
        }
        catch (DbUpdateException)
        {
            db.Entry(duplicate).State = EntityState.Detached;
        }

        return ServiceTaskResult.With(("registered", true));
    }
}
