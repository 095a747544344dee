using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

using static WorkflowItsm.LoadTest.RuntimeServices;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// The database floor of the incident-triage lifecycle on PostgreSQL: the same rows the runtime writes (instance
/// with its state, bookmarks, task and candidate, journal lines; the task claimed and completed, the instance
/// ended) written by hand-made SQL in the fewest round trips the semantics allow — start one batch, find one
/// query, claim one batch, complete one read and one batch — with no engine, no EF Core and no Hangfire. What this
/// mode reaches on a machine bounds what any runtime over that database can reach there.
/// </summary>
internal static class FloorLoad
{
    public static async Task<IReadOnlyList<double>> RunAsync(string connectionString, LoadDriver driver, LatencyRecorder latencies)
    {
        var template = await RealLifecycleAsync(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);

        return await driver.RunAsync(async (i, latencies) =>
        {
            var instanceId = Guid.NewGuid().ToString("N");
            var taskId = Guid.NewGuid().ToString("N");
            var now = DateTime.UtcNow;

            await latencies.TimeAsync("start", async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var batch = new NpgsqlBatch(connection);
                batch.BatchCommands.Add(Command("""
                    INSERT INTO "ProcessInstances" ("Id", "ActiveElements", "BusinessKey", "DefinitionId", "DefinitionKey", "DefinitionVersion", "IsSuspended", "Revision", "StartedAt", "StateJson", "Status")
                    VALUES ($1, $2, $3, $4, 'incident-triage', 1, false, 1, $5, $6, 'Running')
                    """, instanceId, template.ActiveElements, $"FLOOR{i}", template.DefinitionId, now, template.StartedState));
                batch.BatchCommands.Add(Command("""
                    INSERT INTO "Bookmarks" ("Id", "CreatedAt", "DueAt", "ElementId", "InstanceId", "Kind", "Retries")
                    VALUES ($1, $2, NULL, 'WorkIncident', $3, 'UserTask', 0), ($4, $2, $5, 'SlaWarning', $3, 'Timer', 0)
                    """, taskId, now, instanceId, Guid.NewGuid().ToString("N"), now.AddHours(4)));
                batch.BatchCommands.Add(Command("""
                    INSERT INTO "HumanTasks" ("Id", "BusinessKey", "CandidateGroups", "CreatedAt", "DefinitionKey", "DefinitionVersion", "ElementId", "InstanceId", "Name", "Priority", "Revision", "Status")
                    VALUES ($1, $2, 'service-desk', $3, 'incident-triage', 1, 'WorkIncident', $4, 'Work incident', 50, 0, 'Open')
                    """, taskId, $"FLOOR{i}", now, instanceId));
                batch.BatchCommands.Add(Command("""INSERT INTO "HumanTaskCandidates" ("Kind", "Name", "TaskId") VALUES ('group', 'service-desk', $1)""", taskId));
                batch.BatchCommands.Add(JournalInsert(instanceId, now, template.StartJournalLines));
                await batch.ExecuteNonQueryAsync();
            });

            var foundTaskId = await latencies.TimeAsync("find-task", async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var command = new NpgsqlCommand("""SELECT "Id" FROM "HumanTasks" WHERE "InstanceId" = $1""", connection) { Parameters = { new() { Value = instanceId } } };
                return (string)(await command.ExecuteScalarAsync())!;
            });

            await latencies.TimeAsync("claim", async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var batch = new NpgsqlBatch(connection);
                batch.BatchCommands.Add(Command("""UPDATE "HumanTasks" SET "Assignee" = 'load', "Revision" = "Revision" + 1 WHERE "Id" = $1 AND "Status" = 'Open' AND "Assignee" IS NULL""", foundTaskId));
                batch.BatchCommands.Add(JournalInsert(instanceId, now, 1));
                await batch.ExecuteNonQueryAsync();
            });

            await latencies.TimeAsync("complete", async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                int revision;
                await using (var read = new NpgsqlCommand("""
                    SELECT p."Revision", p."StateJson", h."Status" FROM "HumanTasks" AS h JOIN "ProcessInstances" AS p ON h."InstanceId" = p."Id" WHERE h."Id" = $1
                    """, connection, transaction) { Parameters = { new() { Value = foundTaskId } } })
                await using (var reader = await read.ExecuteReaderAsync())
                {
                    await reader.ReadAsync();
                    revision = reader.GetInt32(0);
                    _ = reader.GetString(1);
                }

                await using var batch = new NpgsqlBatch(connection, transaction);
                batch.BatchCommands.Add(Command("""DELETE FROM "Bookmarks" WHERE "InstanceId" = $1""", instanceId));
                batch.BatchCommands.Add(Command("""UPDATE "HumanTasks" SET "Status" = 'Completed', "CompletedAt" = $2, "CompletedBy" = 'load', "Revision" = "Revision" + 1 WHERE "Id" = $1""", foundTaskId, now));
                batch.BatchCommands.Add(Command("""
                    UPDATE "ProcessInstances" SET "StateJson" = $2, "Status" = 'Completed', "EndedAt" = $3, "ActiveElements" = '', "Revision" = $4 + 1 WHERE "Id" = $1 AND "Revision" = $4
                    """, instanceId, template.CompletedState, now, revision));
                batch.BatchCommands.Add(JournalInsert(instanceId, now, template.CompleteJournalLines));
                await batch.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            });
        }, latencies);
    }

    private sealed record Template(Guid DefinitionId, string ActiveElements, string StartedState, string CompletedState, int StartJournalLines, int CompleteJournalLines);

    /// <summary>Runs one lifecycle through the real runtime and keeps what it wrote, so the floor writes rows of the same size.</summary>
    private static async Task<Template> RealLifecycleAsync(string connectionString)
    {
        await using var services = RuntimeServices.Build(new PostgreSqlDatabaseProvider(), connectionString,
            collection => collection.AddScoped<WorkflowItsm.Runtime.Timers.ITimerScheduler, NoTimerScheduler>());
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "incident-triage.bpmn"));
        await MigrateAndDeployAsync(services, new BpmnFile("incident-triage.bpmn", xml));
        var variables = new Dictionary<string, object?> { ["impact"] = 2L, ["urgency"] = 2L, ["shortDescription"] = "load" };
        var started = await InScope(services, s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("incident-triage", BusinessKey: "FLOOR-TEMPLATE", Variables: variables), default));
        var startLines = await InScope(services, s => s.GetRequiredService<WorkflowDbContext>().Journal.CountAsync(j => j.InstanceId == started.Id));
        var taskId = await InScope(services, s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.Where(t => t.InstanceId == started.Id).Select(t => t.Id).SingleAsync());
        await InScope(services, s => s.GetRequiredService<HumanTaskCommands>().ClaimAsync(taskId, "load", default));
        var resolution = new Dictionary<string, object?> { ["resolutionCode"] = "fixed", ["resolutionNotes"] = "load test" };
        var completed = await InScope(services, s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, resolution, "load", default));
        var allLines = await InScope(services, s => s.GetRequiredService<WorkflowDbContext>().Journal.CountAsync(j => j.InstanceId == started.Id));
        return new Template(started.DefinitionId, started.ActiveElements ?? "", started.StateJson, completed.StateJson, startLines, allLines - startLines - 1);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>The journal lines of one trigger as one multi-row INSERT (the runtime sends one INSERT ... RETURNING per line).</summary>
    private static NpgsqlBatchCommand JournalInsert(string instanceId, DateTime at, int lines)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO "Journal" ("At", "InstanceId", "Kind", "ElementId", "TokenId", "Detail")
            SELECT $2, $1, 'ElementEntered', 'Element' || n, md5(n::text), NULL FROM generate_series(1, $3) AS n
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = lines });
        return command;
    }
}
