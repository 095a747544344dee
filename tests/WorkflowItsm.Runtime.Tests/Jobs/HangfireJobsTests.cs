using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Runtime.Tests.Jobs;

/// <summary>
/// The after-commit rule of the Hangfire adapter, watched at Hangfire's client (the web tests watch it at the real
/// job storage): planned in a transaction, work reaches Hangfire when it commits and never when it rolls back;
/// planned outside one, at once. The runtime's own timers follow the same rule inside a caller's transaction.
/// </summary>
public sealed class HangfireJobsTests : IAsyncLifetime
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly RecordingJobClient client = new();
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        await connection.OpenAsync();
        services = new ServiceCollection()
            .AddDbContext<WorkflowDbContext>(options => options.UseSqlite(connection))
            .AddSingleton<TimeProvider>(TimeProvider.System)
            .AddSingleton<IBackgroundJobClient>(client)
            .AddBpmnEngine(typeof(HangfireJobsTests).Assembly)
            .AddWorkflowRuntime()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Database.EnsureCreatedAsync();
        await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync(
            [new BpmnFile("minute.bpmn", TimerProcesses.StartWaitEnd("wait-a-minute", "PT1M")), new BpmnFile("day.bpmn", TimerProcesses.StartWaitEnd("wait-a-day", "P1D"))], "test", null, default);
    }

    [Fact]
    public async Task Work_planned_outside_a_transaction_is_handed_over_at_once()
    {
        await using var scope = services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<IJobs>();

        var id = jobs.Enqueue<TimerJob>(job => job.FireAsync("b-1", CancellationToken.None));

        id.Should().NotBeNull("the job exists once planned");
        client.Created.Should().ContainSingle().Which.Job.Args[0].Should().Be("b-1");
    }

    [Fact]
    public async Task Work_planned_in_a_transaction_waits_for_its_commit_and_is_handed_over_once()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<IJobs>();
        var at = DateTimeOffset.UtcNow.AddHours(1);

        await using (var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            jobs.Schedule<TimerJob>(job => job.FireAsync("b-1", CancellationToken.None), at).Should().BeNull("the id is known only once handed over");
            jobs.Enqueue<TimerJob>(job => job.FireAsync("b-2", CancellationToken.None));
            jobs.Delete("old-job");
            client.Created.Should().BeEmpty("nothing is handed over before the commit");
            client.Deleted.Should().BeEmpty();

            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        client.Created.Select(c => (string)c.Job.Args[0]!).Should().BeEquivalentTo(["b-1", "b-2"]);
        client.Created.Single(c => Equals(c.Job.Args[0], "b-1")).State.Should().BeOfType<ScheduledState>()
            .Which.EnqueueAt.Should().BeCloseTo(at.UtcDateTime, TimeSpan.FromSeconds(1));
        client.Deleted.Should().Equal("old-job");

        await using (var next = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await next.CommitAsync(TestContext.Current.CancellationToken);
        }

        client.Created.Should().HaveCount(2, "a later commit hands nothing over again");
    }

    [Fact]
    public async Task Work_planned_in_a_transaction_that_rolls_back_never_reaches_the_job_engine()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<IJobs>();

        await using (var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            jobs.Enqueue<TimerJob>(job => job.FireAsync("rolled-back", CancellationToken.None));
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        await using (var abandoned = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            jobs.Enqueue<TimerJob>(job => job.FireAsync("abandoned", CancellationToken.None));
            // disposed without commit: a rollback
        }

        await using (var next = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            jobs.Enqueue<TimerJob>(job => job.FireAsync("committed", CancellationToken.None));
            await next.CommitAsync(TestContext.Current.CancellationToken);
        }

        client.Created.Select(c => c.Job.Args[0]).Should().Equal(["committed"], "only the committed transaction's work is handed over");
    }

    [Fact]
    public async Task A_timer_of_a_trigger_inside_the_callers_transaction_is_scheduled_when_the_caller_commits_and_never_on_rollback()
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("wait-a-minute", BusinessKey: "rolled-back"), TestContext.Current.CancellationToken);
            client.Created.Should().BeEmpty("the caller has not committed");
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        client.Created.Should().BeEmpty("the instance and its timer were rolled back");

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("wait-a-minute", BusinessKey: "kept"), TestContext.Current.CancellationToken);
            client.Created.Should().BeEmpty("the caller has not committed");
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        var timer = client.Created.Should().ContainSingle().Which;
        timer.Job.Type.Should().Be<TimerJob>();
        timer.State.Should().BeOfType<ScheduledState>();
    }

    [Fact]
    public async Task A_triggers_own_transaction_schedules_its_timer_after_its_commit_and_notes_the_job_on_the_bookmark()
    {
        await using var scope = services.CreateAsyncScope();
        var instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("wait-a-minute"), TestContext.Current.CancellationToken);

        client.Created.Should().ContainSingle();
        var bookmark = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking().SingleAsync(b => b.InstanceId == instance.Id, TestContext.Current.CancellationToken);
        bookmark.JobId.Should().Be(client.Created.Single().Id, "the job can be cancelled with its bookmark");
    }

    [Fact]
    public async Task A_timer_scheduled_on_the_callers_commit_is_marked_so_the_pump_does_not_hand_it_over_again()
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("wait-a-minute", BusinessKey: "in-caller"), TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TimerPumpJob>().RunAsync(TestContext.Current.CancellationToken);
            var bookmark = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            bookmark.JobId.Should().Be(TimerJobIds.AfterCallerCommit, "its job's id is not known inside the caller's transaction");
        }

        client.Created.Should().ContainSingle("the pump does not hand a timer with a job over again");
    }

    [Fact]
    public async Task A_timer_beyond_the_horizon_reaches_no_job_table_and_cancelling_it_deletes_no_job()
    {
        await using var scope = services.CreateAsyncScope();
        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        var instance = await runtime.StartAsync(new StartProcessCommand("wait-a-day"), TestContext.Current.CancellationToken);
        var bookmark = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking().SingleAsync(b => b.InstanceId == instance.Id, TestContext.Current.CancellationToken);
        await scope.ServiceProvider.GetRequiredService<TimerPumpJob>().RunAsync(TestContext.Current.CancellationToken);

        await runtime.CancelAsync(instance.Id, "no longer needed", TestContext.Current.CancellationToken);

        bookmark.JobId.Should().BeNull();
        client.Created.Should().BeEmpty("a timer a day away is its bookmark row alone");
        client.Deleted.Should().BeEmpty("and has no job to delete");
    }

    [Fact]
    public void A_job_method_marked_with_its_retries_gets_Hangfires_retry_filter_in_place_of_the_global_one()
    {
        var filters = JobFilterProviders.Providers.GetFilters(Job.FromExpression<TimerJob>(job => job.FireAsync("b", CancellationToken.None)))
            .Select(f => f.Instance).OfType<AutomaticRetryAttribute>().ToList();

        filters.Should().ContainSingle().Which.Attempts.Should().Be(5);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>Hangfire's client as the adapter sees it, recording what it is handed.</summary>
    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public ConcurrentQueue<(string Id, Job Job, IState State)> Created { get; } = new();
        public ConcurrentQueue<string> Deleted { get; } = new();

        public string Create(Job job, IState state)
        {
            var id = $"hangfire-{Created.Count + 1}";
            Created.Enqueue((id, job, state));
            return id;
        }

        public bool ChangeState(string jobId, IState state, string expectedState)
        {
            if (state is DeletedState)
            {
                Deleted.Enqueue(jobId);
            }

            return true;
        }
    }
}
