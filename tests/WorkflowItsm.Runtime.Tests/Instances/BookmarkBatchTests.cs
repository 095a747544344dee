using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// A trigger's new bookmarks go to the database as one statement, and its removed ones go as one more, inside its
/// transaction; a removed bookmark that a worker locked meanwhile is not deleted.
/// </summary>
public sealed class BookmarkBatchTests : IAsyncLifetime
{
    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_start_inserts_its_task_and_timer_bookmarks_with_one_statement_and_a_completion_deletes_them_with_one()
    {
        using var commands = new EfCommandLog();
        var instance = await host.StartTriageAsync();
        var bookmarks = await host.BookmarksAsync(instance.Id);
        int Statements(string start) => commands.Entries.Count(c =>
            c.Text.StartsWith(start, StringComparison.Ordinal) && bookmarks.Any(b => c.ParameterValues.Contains(b.Id, StringComparison.Ordinal)));

        bookmarks.Select(b => b.Kind).Should().BeEquivalentTo(["UserTask", "Timer"], "the triage task waits with its SLA timer");
        bookmarks.Single(b => b.Kind == "Timer").DueAt.Should().Be(host.Clock.GetUtcNow().UtcDateTime.AddHours(4), "the row holds the timer's due time as written");
        Statements("INSERT INTO \"Bookmarks\"").Should().Be(1, "both bookmarks are one INSERT");

        var taskId = await host.OpenTaskIdAsync(instance.Id);
        await host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "bo", default));

        Statements("DELETE FROM \"Bookmarks\"").Should().Be(1, "both bookmarks go with one DELETE");
        (await host.BookmarksAsync(instance.Id)).Should().BeEmpty();
        (await host.InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Completed);
    }

    [Fact]
    public async Task A_removed_bookmark_a_worker_locked_meanwhile_stays_and_the_completion_changes_nothing()
    {
        var instance = await host.StartTriageAsync();
        var bookmarkIds = (await host.BookmarksAsync(instance.Id)).Select(b => b.Id).ToList();
        var taskId = await host.OpenTaskIdAsync(instance.Id);

        // Just before each attempt's DELETE a worker takes the lock (in the trigger's own transaction, as if committed before it).
        using var worker = new LockBeforeDelete(bookmarkIds);
        var completing = () => host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "bo", default));

        await completing.Should().ThrowAsync<DbUpdateConcurrencyException>();
        worker.Locks.Should().BeGreaterThan(1, "each conflict rolls back and the trigger starts over");
        (await host.BookmarksAsync(instance.Id)).Select(b => b.Id).Should().BeEquivalentTo(bookmarkIds, "nothing of the failed completion stays");
        (await host.InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Running);
    }

    [Fact]
    public async Task A_completion_scans_its_unit_of_work_for_changes_once_in_its_save()
    {
        var instance = await host.StartTriageAsync();
        var taskId = await host.OpenTaskIdAsync(instance.Id);
        using var log = new EfCommandLog();

        var scans = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<WorkflowDbContext>();
            await s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "bo", default);
            return log.By(db).Count(entry => entry.IsChangeScan);
        });

        scans.Should().Be(1, "only the save scans: the journal's and the bookmarks' batches, and the look for bookmarks added earlier in " +
            "the trigger, read the rows that Add and Remove marked (4 scans before)");
        (await host.InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Completed);
    }

    [Fact]
    public async Task A_start_with_a_timer_scans_its_unit_of_work_for_changes_once_in_its_save()
    {
        using var log = new EfCommandLog();

        var (instance, scans) = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<WorkflowDbContext>();
            var started = await s.GetRequiredService<WorkflowRuntime>().StartAsync(
                new StartProcessCommand("incident-triage", BusinessKey: "INC0001002", Variables: RuntimeTestHost.HighImpact), default);
            return (started, log.By(db).Count(entry => entry.IsChangeScan));
        });

        scans.Should().Be(1, "only the save scans: the look for the SLA timer's bookmark reads the rows that Add marked (2 scans before)");
        (await host.BookmarksAsync(instance.Id)).Should().ContainSingle(b => b.Kind == "Timer");
    }

    /// <summary>Locks the bookmarks for a worker whenever EF Core is about to delete them.</summary>
    private sealed class LockBeforeDelete : IDisposable
    {
        private readonly IReadOnlyList<string> bookmarkIds;
        private readonly EfCommandLog commands;

        public LockBeforeDelete(IReadOnlyList<string> bookmarkIds)
        {
            this.bookmarkIds = bookmarkIds;
            commands = new EfCommandLog(beforeCommand: Lock);
        }

        public int Locks { get; private set; }

        private void Lock(DbCommand delete)
        {
            if (!delete.CommandText.StartsWith("DELETE FROM \"Bookmarks\"", StringComparison.Ordinal)
                || !delete.Parameters.Cast<DbParameter>().Any(p => bookmarkIds.Contains(p.Value as string)))
            {
                return;
            }

            using var take = delete.Connection!.CreateCommand();
            take.Transaction = delete.Transaction;
            take.CommandText = $"UPDATE \"Bookmarks\" SET \"LockOwner\" = 'worker-7' WHERE \"Id\" = '{bookmarkIds[0]}'";
            take.ExecuteNonQuery();
            Locks++;
        }

        public void Dispose() => commands.Dispose();
    }
}
