using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Approvals;

/// <summary>
/// The domain and the real workflow runtime on an in-memory SQLite database with a fake clock: a CAB of five
/// (ana, ben, cleo, dan, eve), the change manager chris, the rule change-cab (60 % approve, 2 rejections reject, due
/// in 2 business days, escalating to chris) and <see cref="ApprovalContract"/>, the approval contract other workflows use.
/// </summary>
internal sealed class ApprovalTestHost : IAsyncDisposable
{
    public static readonly string[] Cab = ["ana", "ben", "cleo", "dan", "eve"];

    private readonly SqliteConnection connection = new("Data Source=:memory:");

    private ApprovalTestHost(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        connection.Open();
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IJobs>(Jobs)
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public RecordingJobs Jobs { get; } = new();

    public ServiceProvider Services { get; }

    public static async Task<ApprovalTestHost> StartAsync(DateTimeOffset start)
    {
        var host = new ApprovalTestHost(start);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Groups.Add(new DirectoryGroup { Key = "cab", DisplayName = "Change advisory board" });
        db.Groups.Add(new DirectoryGroup { Key = "change-managers", DisplayName = "Change managers" });
        foreach (var name in Cab.Append("chris").Append("rita"))
        {
            var user = new DirectoryUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.test", DisplayName = char.ToUpperInvariant(name[0]) + name[1..] };
            db.Users.Add(user);
            if (Cab.Contains(name))
            {
                db.GroupMembers.Add(new DirectoryGroupMember { GroupKey = "cab", UserId = user.Id });
            }
            else if (name == "chris")
            {
                db.GroupMembers.Add(new DirectoryGroupMember { GroupKey = "change-managers", UserId = user.Id });
            }
        }

        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<ApprovalRules>().CreateAsync(new ApprovalRuleInput
        {
            Key = "change-cab", Name = "Change advisory board", RecordKind = "CHG",
            Policy = ApprovalPolicy.Percent, PolicyValue = 60, Rejection = RejectionPolicy.Count, RejectionValue = 2,
            CabGroup = "cab", DuePeriod = 2, DueUnit = DueUnit.BusinessDays, DueAction = DueAction.Escalate, EscalateTo = "chris",
        }, "admin", CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("approval-contract.bpmn", ApprovalContract.Bpmn)], "test", null, CancellationToken.None);
        return host;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>A normal change, numbered CHG000100n, stored directly (the change service is another part of the issue).</summary>
    public Task<string> ChangeAsync(int n) => InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<ItsmDbContext>();
        var change = new Change { Number = $"CHG{1000 + n:0000000}", ShortDescription = $"Upgrade the mail cluster ({n})", OpenedBy = "rita", OpenedAt = Time.GetUtcNow().UtcDateTime };
        db.Changes.Add(change);
        await db.SaveChangesAsync();
        return change.Number;
    });

    /// <summary>Starts the contract process for the record under the rule; returns the instance id.</summary>
    public Task<string> StartAsync(string recordNumber, string rule = "change-cab") => InScopeAsync(async s =>
        (await s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("approval-contract", BusinessKey: recordNumber,
            Variables: new Dictionary<string, object?> { ["recordNumber"] = recordNumber, ["approvalRule"] = rule, ["requestedBy"] = "rita" }, StartedBy: "rita"), CancellationToken.None)).Id);

    public Task<string> ApprovalIdAsync(string recordNumber) =>
        InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.Where(a => a.RecordNumber == recordNumber).OrderByDescending(a => a.RequestedAt).Select(a => a.Id).FirstAsync());

    public Task<ApprovalView> ApprovalAsync(string id) => InScopeAsync(async s => (await s.GetRequiredService<ApprovalQueries>().GetAsync(id, CancellationToken.None))!);

    public Task<Approval> VoteAsync(string id, string user, ApprovalDecision decision, string? comment = null) =>
        InScopeAsync(s => s.GetRequiredService<ApprovalService>().VoteAsync(id, user, decision, comment, CancellationToken.None));

    /// <summary>The open tasks of the instance: (element, assignee, candidate groups).</summary>
    public Task<List<HumanTaskRecord>> OpenTasksAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().HumanTasks.AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Status == HumanTaskStatus.Open).OrderBy(t => t.Assignee).ToListAsync());

    public Task<ProcessInstanceRecord> InstanceAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ProcessInstances.AsNoTracking().FirstAsync(i => i.Id == instanceId));

    /// <summary>Runs every job of class <typeparamref name="TJob"/> planned so far (as the job engine would when they are due).</summary>
    public async Task RunJobsAsync<TJob>()
    {
        foreach (var job in Jobs.Of<TJob>())
        {
            await RecordingJobs.RunAsync(job, Services);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await connection.DisposeAsync();
    }
}
