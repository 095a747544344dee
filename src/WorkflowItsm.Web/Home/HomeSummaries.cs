using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Incidents;
using WorkflowItsm.Web.Workspace;

namespace WorkflowItsm.Web.Home;

/// <summary>An agent's start of the day: her work, her groups' queues, the clocks about to run out, the major incidents.</summary>
public sealed record AgentSummary(
    int MyTasks, int MyOverdueTasks, int MyIncidents, IReadOnlyList<GroupQueue> Groups, IReadOnlyList<SlaAtRisk> AtRisk,
    IReadOnlyList<MajorIncidentItem> MajorIncidents);

/// <summary>One of the agent's groups: its open incidents, those nobody has taken yet, and its tasks waiting for a taker.</summary>
public sealed record GroupQueue(string Key, string Name, int OpenIncidents, int UnassignedIncidents, int UnclaimedTasks);

/// <summary>An open incident whose SLA clock runs out (or ran out) soon.</summary>
public sealed record SlaAtRisk(string Number, string ShortDescription, int Priority, string ClockName, DateTime DueAt, string? AssignedTo);

public sealed record MajorIncidentItem(string Number, string ShortDescription, int Priority, IncidentState State, DateTime OpenedAt);

/// <summary>A process owner's view: what runs, what failed, what is waiting to be published.</summary>
public sealed record OwnerSummary(int Running, int OpenFaults, int UnpublishedDrafts, IReadOnlyList<ProcessOverview> NeedingAttention);

/// <summary>An administrator's view: is the platform well, are jobs failing, what is not set up yet.</summary>
public sealed record AdminSummary(
    IReadOnlyList<HealthLine> Health, JobCounts Jobs, IReadOnlyList<SetupGap> SetupGaps);

public sealed record HealthLine(string Name, bool Healthy, string? Detail);

public sealed record JobCounts(long Enqueued, long Scheduled, long Processing, long Failed, long Servers, long Recurring);

/// <summary>Something the product needs and does not have yet, with the page where it is set up.</summary>
public sealed record SetupGap(string Text, string Href);

/// <summary>
/// Reads the home page's figures, each with a bounded number of queries (counts in the database, never rows
/// loaded to be counted), for the person signed in.
/// </summary>
public sealed class HomeSummaries(
    ItsmDbContext db, DirectoryGroups groups, TaskSubjects tasks, ProcessDefinitionQueries processes, HealthCheckService health,
    JobStorage jobStorage, IOptions<SmtpOptions> smtp, TimeProvider time)
{
    /// <summary>How far ahead a running SLA clock counts as at risk.</summary>
    public static readonly TimeSpan AtRiskWithin = TimeSpan.FromHours(4);

    private const int ListLength = 8;

    /// <summary>The person's name as the directory has it ("Ana Agent"), or her user name when it has none.</summary>
    public async Task<string> DisplayNameAsync(string userName, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? userName;

    public async Task<AgentSummary> ForAgentAsync(string userName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var myGroupKeys = await groups.GroupsOfAsync(userName, cancellationToken);
        var myTasks = await tasks.CountAsync(new HumanTaskFilter(Assignee: userName), null, cancellationToken);
        var myOverdue = await tasks.CountAsync(new HumanTaskFilter(Assignee: userName, DueBefore: now), null, cancellationToken);
        var open = db.Incidents.AsNoTracking().Where(i => OpenStates.Contains(i.State));
        var myIncidents = await open.CountAsync(i => i.AssignedTo == userName, cancellationToken);

        var groupNames = await db.Groups.AsNoTracking().Where(g => myGroupKeys.Contains(g.Key))
            .ToDictionaryAsync(g => g.Key, g => g.DisplayName, cancellationToken);
        var perGroup = await open.Where(i => i.AssignmentGroup != null && myGroupKeys.Contains(i.AssignmentGroup))
            .GroupBy(i => i.AssignmentGroup!)
            .Select(g => new { Key = g.Key, Open = g.Count(), Unassigned = g.Count(i => i.AssignedTo == null) })
            .ToListAsync(cancellationToken);
        var queues = new List<GroupQueue>();
        foreach (var key in myGroupKeys.Order(StringComparer.Ordinal))
        {
            var counts = perGroup.SingleOrDefault(g => g.Key == key);
            var unclaimed = await tasks.CountAsync(new HumanTaskFilter(CandidateGroups: [key], Unassigned: true), null, cancellationToken);
            queues.Add(new GroupQueue(key, groupNames.GetValueOrDefault(key) ?? key, counts?.Open ?? 0, counts?.Unassigned ?? 0, unclaimed));
        }

        // The clocks of what the agent or her groups hold, due within the next hours or already past due.
        var horizon = now + AtRiskWithin;
        var atRisk = await (from clock in db.SlaClocks.AsNoTracking()
                            join incident in open on clock.IncidentId equals incident.Id
                            where clock.State == SlaClockState.Running && clock.DueAt != null && clock.DueAt <= horizon
                                && (incident.AssignedTo == userName || (incident.AssignmentGroup != null && myGroupKeys.Contains(incident.AssignmentGroup)))
                            orderby clock.DueAt
                            select new SlaAtRisk(incident.Number, incident.ShortDescription, incident.Priority, clock.Name, clock.DueAt!.Value, incident.AssignedTo))
            .Take(ListLength).ToListAsync(cancellationToken);

        var majors = await open.Where(i => i.IsMajor).OrderBy(i => i.Priority).ThenByDescending(i => i.OpenedAt)
            .Select(i => new MajorIncidentItem(i.Number, i.ShortDescription, i.Priority, i.State, i.OpenedAt))
            .Take(ListLength).ToListAsync(cancellationToken);
        return new AgentSummary(myTasks, myOverdue, myIncidents, queues, atRisk, majors);
    }

    public async Task<OwnerSummary> ForProcessOwnerAsync(CancellationToken cancellationToken)
    {
        var overview = await processes.ListOverviewAsync(cancellationToken);
        var unpublished = overview.Where(HasUnpublishedDraft).ToList();
        var needingAttention = overview.Where(p => p.OpenFaults > 0 || HasUnpublishedDraft(p))
            .OrderByDescending(p => p.OpenFaults).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        return new OwnerSummary(overview.Sum(p => p.RunningInstances), overview.Sum(p => p.OpenFaults), unpublished.Count, needingAttention);
    }

    public static bool HasUnpublishedDraft(ProcessOverview process) => process.DraftRevision is not null && !process.DraftIsPublished;

    public async Task<AdminSummary> ForAdminAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var lines = report.Entries
            .Select(entry => new HealthLine(HealthName(entry.Key), entry.Value.Status == HealthStatus.Healthy,
                entry.Value.Status == HealthStatus.Healthy ? null : entry.Value.Description ?? entry.Value.Exception?.Message ?? entry.Value.Status.ToString()))
            .ToList();

        var statistics = jobStorage.GetMonitoringApi().GetStatistics();
        var jobs = new JobCounts(statistics.Enqueued, statistics.Scheduled, statistics.Processing, statistics.Failed, statistics.Servers, statistics.Recurring);
        return new AdminSummary(lines, jobs, await SetupGapsAsync(cancellationToken));
    }

    private async Task<IReadOnlyList<SetupGap>> SetupGapsAsync(CancellationToken cancellationToken)
    {
        var gaps = new List<SetupGap>();
        if (string.IsNullOrWhiteSpace(smtp.Value.Host))
        {
            gaps.Add(new SetupGap("No mail server is set: notifications are shown in the app only (Smtp:Host in the settings).", "admin/notifications"));
        }

        if (!await db.SlaDefinitions.AnyAsync(cancellationToken))
        {
            gaps.Add(new SetupGap("No SLA definition: incidents get no response or resolution target.", "admin/service-levels"));
        }

        var emptyGroups = await db.Groups.AsNoTracking().Where(g => !db.GroupMembers.Any(m => m.GroupKey == g.Key))
            .OrderBy(g => g.DisplayName).Select(g => g.DisplayName).Take(ListLength).ToListAsync(cancellationToken);
        if (emptyGroups.Count > 0)
        {
            gaps.Add(new SetupGap($"Groups without members, whose work nobody sees: {string.Join(", ", emptyGroups)}.", "admin/directory"));
        }

        var routedTo = await db.IncidentRoutingRules.AsNoTracking().Select(r => r.AssignmentGroup).Distinct().ToListAsync(cancellationToken);
        var missing = routedTo.Append(IncidentRouting.FallbackGroup).Distinct(StringComparer.Ordinal)
            .Except(await db.Groups.AsNoTracking().Select(g => g.Key).ToListAsync(cancellationToken), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            gaps.Add(new SetupGap($"Incidents are routed to groups that do not exist: {string.Join(", ", missing)}.", "admin/directory"));
        }

        return gaps;
    }

    private static string HealthName(string check) => check switch
    {
        "database" => "Database",
        "hangfire-storage" => "Job scheduler (Hangfire)",
        _ => check,
    };

    private static readonly IncidentState[] OpenStates = [.. IncidentDisplay.OpenStates];
}
