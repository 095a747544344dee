using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.Sqlite.Tests;

/// <summary>
/// The runtime keeps one writer connection open per SQLite file between triggers. An open connection goes on writing
/// to a file deleted under it, silently; the writer asks SQLite whether its file is still the one at the path before
/// each trigger, so a database made again at the same path gets the next trigger's rows.
/// </summary>
public sealed class ReplacedFileTests : IAsyncDisposable
{
    private const string Process = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="waits" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
            <bpmn:userTask id="Wait" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly string folder = TestEnvironment.CreateTempFolder("sqlite-replaced");
    private readonly SqliteDatabaseProvider provider = new();
    private readonly ServiceProvider services;

    public ReplacedFileTests()
    {
        services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<ItsmDbContext>(options => provider.ConfigureDbContext(options, ConnectionString))
            .AddScoped<WorkflowDbContext>(sp => sp.GetRequiredService<ItsmDbContext>())
            .AddSingleton<ITimerScheduler, NoTimerJobs>()
            .AddItsm()
            .BuildServiceProvider();
    }

    private string DatabaseFile => Path.Combine(folder, "data", "workflowitsm.db");

    // Pooled, as the product's connection string is.
    private string ConnectionString => $"Data Source={DatabaseFile}";

    private async Task MakeDatabaseAsync()
    {
        provider.PrepareStorage(ConnectionString);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Database.MigrateAsync(TestContext.Current.CancellationToken);
        await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("waits.bpmn", Process)], "test", null, TestContext.Current.CancellationToken);
    }

    private async Task<string> StartAsync()
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("waits"), TestContext.Current.CancellationToken)).Id;
    }

    /// <summary>The instance ids in the file now at the path, read over a connection of the test's own.</summary>
    private async Task<List<string>> InstancesInFileAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\" FROM \"ProcessInstances\"";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [Fact]
    public async Task A_trigger_after_the_file_was_deleted_and_made_again_writes_to_the_new_file()
    {
        await MakeDatabaseAsync();
        var first = await StartAsync();
        (await InstancesInFileAsync()).Should().Equal(first);

        // Within the writer's idle time, so it is still open on the old file.
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(DatabaseFile)!, "workflowitsm.db*"))
        {
            File.Delete(file);
        }

        await MakeDatabaseAsync();
        var second = await StartAsync();

        (await InstancesInFileAsync()).Should().Equal([second], "the trigger wrote to the file at the path, not to the deleted one");
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private sealed class NoTimerJobs : ITimerScheduler
    {
        public string Schedule(string bookmarkId, DateTimeOffset due) => throw new InvalidOperationException("The test's process has no timers.");

        public void Cancel(string jobId)
        {
        }
    }
}
