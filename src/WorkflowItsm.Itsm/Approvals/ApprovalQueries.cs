using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Approvals;

public sealed record ApproverView(string UserName, string? DisplayName, string Source, bool IsActive, ApprovalDecision? Decision, string? Comment, DateTime? DecidedAt);

public sealed record ApprovalView(
    string Id, string RecordNumber, string RuleKey, string RuleName, ApprovalState State, string PolicyText, DateTime RequestedAt, string RequestedBy,
    DateTime? Due, DateTime? DecidedAt, string? Outcome, string? EscalateTo, IReadOnlyList<ApproverView> Approvers)
{
    public bool IsOpen => State is ApprovalState.Pending or ApprovalState.Escalated;

    /// <summary>Whether <paramref name="user"/> may vote now: an active approver who has not voted, on an open approval.</summary>
    public bool CanVote(string user) => IsOpen && Approvers.Any(a => a.UserName == user && a.IsActive && a.Decision is null);
}

/// <summary>An approval waiting for one person's vote, as "My approvals" lists it.</summary>
public sealed record PendingApprovalView(string Id, string RecordNumber, string? RecordSummary, string RuleName, ApprovalState State, DateTime RequestedAt, string RequestedBy, DateTime? Due);

/// <summary>Approvals as pages and the API read them.</summary>
public sealed class ApprovalQueries(ItsmDbContext db)
{
    /// <summary>A record's approvals, newest first, each with its approvers and votes.</summary>
    public async Task<IReadOnlyList<ApprovalView>> OfRecordAsync(string recordNumber, CancellationToken cancellationToken) =>
        await ViewsAsync(db.Approvals.Where(a => a.RecordNumber == recordNumber), cancellationToken);

    public async Task<ApprovalView?> GetAsync(string id, CancellationToken cancellationToken) =>
        await ViewsAsync(db.Approvals.Where(a => a.Id == id), cancellationToken) is [var approval, ..] ? approval : null;

    /// <summary>The open approvals waiting for <paramref name="user"/>'s vote, the soonest due first.</summary>
    public async Task<Page<PendingApprovalView>> PendingForAsync(string user, int page, int pageSize, CancellationToken cancellationToken)
    {
        var mine = db.Approvals.AsNoTracking()
            .Where(a => (a.State == ApprovalState.Pending || a.State == ApprovalState.Escalated)
                && a.Approvers.Any(p => p.UserName == user && p.IsActive && p.Decision == null));
        var total = await mine.CountAsync(cancellationToken);
        var rows = await mine.OrderBy(a => a.Due == null).ThenBy(a => a.Due).ThenBy(a => a.RequestedAt)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new { a.Id, a.RecordNumber, a.RuleName, a.State, a.RequestedAt, a.RequestedBy, a.Due })
            .ToListAsync(cancellationToken);
        var summaries = await SummariesAsync(rows.Select(r => r.RecordNumber).ToList(), cancellationToken);
        return new Page<PendingApprovalView>(
            rows.Select(r => new PendingApprovalView(r.Id, r.RecordNumber, summaries.GetValueOrDefault(r.RecordNumber), r.RuleName, r.State, r.RequestedAt, r.RequestedBy, r.Due)).ToList(),
            total, page, pageSize);
    }

    /// <summary>The short descriptions of records of any kind, by number (the approval engine knows records by number only).</summary>
    public async Task<IReadOnlyDictionary<string, string>> SummariesAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes().Where(t => typeof(Records.Record).IsAssignableFrom(t.ClrType) && t.BaseType is null && !t.ClrType.IsAbstract))
        {
            var query = (IQueryable<Records.Record>)typeof(ApprovalQueries).GetMethod(nameof(Set), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(entity.ClrType).Invoke(this, null)!;
            foreach (var row in await query.Where(r => numbers.Contains(r.Number)).Select(r => new { r.Number, r.ShortDescription }).ToListAsync(cancellationToken))
            {
                found[row.Number] = row.ShortDescription;
            }

            if (found.Count == numbers.Count)
            {
                break;
            }
        }

        return found;
    }

    private IQueryable<Records.Record> Set<TRecord>()
        where TRecord : Records.Record => db.Set<TRecord>().AsNoTracking();

    private const string GroupSource = "group ";

    private async Task<IReadOnlyList<ApprovalView>> ViewsAsync(IQueryable<Approval> approvals, CancellationToken cancellationToken)
    {
        var rows = await approvals.AsNoTracking().Include(a => a.Approvers).OrderByDescending(a => a.RequestedAt).Take(100).ToListAsync(cancellationToken);
        var names = rows.SelectMany(a => a.Approvers).Select(a => a.UserName).Distinct(StringComparer.Ordinal).ToList();
        var displayNames = await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName!))
            .Select(u => new { u.UserName, u.DisplayName }).ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, StringComparer.Ordinal, cancellationToken);
        // An approver from a group reads as the group's name ("group Change managers"), not its key.
        var groupKeys = rows.SelectMany(a => a.Approvers).Select(a => a.Source).Where(s => s.StartsWith(GroupSource, StringComparison.Ordinal))
            .Select(s => s[GroupSource.Length..]).Distinct(StringComparer.Ordinal).ToList();
        var groupNames = await db.Groups.AsNoTracking().Where(g => groupKeys.Contains(g.Key))
            .ToDictionaryAsync(g => g.Key, g => g.DisplayName, StringComparer.Ordinal, cancellationToken);
        string SourceOf(string source) =>
            source.StartsWith(GroupSource, StringComparison.Ordinal) && groupNames.TryGetValue(source[GroupSource.Length..], out var name) ? GroupSource + name : source;
        return rows.Select(a => new ApprovalView(a.Id, a.RecordNumber, a.RuleKey, a.RuleName, a.State,
            ApprovalTally.Describe(a.Policy, a.PolicyValue, a.Rejection, a.RejectionValue), a.RequestedAt, a.RequestedBy, a.Due, a.DecidedAt, a.Outcome, a.EscalateTo,
            a.Approvers.OrderBy(p => p.Id).Select(p => new ApproverView(p.UserName, displayNames.GetValueOrDefault(p.UserName), SourceOf(p.Source), p.IsActive, p.Decision, p.Comment, p.DecidedAt)).ToList()))
            .ToList();
    }
}
