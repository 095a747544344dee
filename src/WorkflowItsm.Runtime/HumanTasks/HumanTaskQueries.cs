using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.HumanTasks;

public sealed record HumanTaskView(
    string Id, string InstanceId, string DefinitionKey, int DefinitionVersion, string ElementId, string? Name, string? BusinessKey,
    string? Assignee, string? Owner, string? CandidateGroups, string? CandidateUsers, DateTime? DueDate, int Priority, HumanTaskStatus Status,
    DateTime CreatedAt, DateTime? CompletedAt, string? CompletedBy)
{
    /// <summary>The groups the task is offered to, from the stored comma-separated list (a method, so APIs keep the stored form).</summary>
    public IReadOnlyList<string> OfferedGroups() =>
        (CandidateGroups ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>How a task list is ordered.</summary>
public enum HumanTaskSort
{
    /// <summary>Due soonest (no due date last), then highest priority, then oldest.</summary>
    Urgency,

    /// <summary>Highest priority first, then due soonest.</summary>
    Priority,

    /// <summary>Newest first.</summary>
    Newest,
}

/// <summary>
/// Whose eyes a list is for: a person sees the tasks assigned to them, owned by them (delegated), or offered to
/// them or to one of their groups. Null in a filter: everything (admins, process owners).
/// </summary>
public sealed record TaskVisibility(string User, IReadOnlyCollection<string> Groups);

/// <summary>
/// Filters of a task list; all optional. <see cref="CandidateGroups"/> matches tasks offered to any of them;
/// <see cref="AvailableTo"/> the tasks a person may take on now: unassigned, or assigned to them.
/// </summary>
public sealed record HumanTaskFilter(
    HumanTaskStatus? Status = HumanTaskStatus.Open, string? Assignee = null, IReadOnlyCollection<string>? CandidateGroups = null,
    string? CandidateUser = null, bool? Unassigned = null, DateTime? DueBefore = null, string? InstanceId = null, string? DefinitionKey = null,
    HumanTaskSort Sort = HumanTaskSort.Urgency, TaskVisibility? VisibleTo = null, string? AvailableTo = null);

/// <summary>Reads human tasks for inboxes: by assignee, candidate group or user, due date; sorted and paged.</summary>
public sealed class HumanTaskQueries(WorkflowDbContext db)
{
    internal static readonly Expression<Func<HumanTaskRecord, HumanTaskView>> ToView = t => new HumanTaskView(
        t.Id, t.InstanceId, t.DefinitionKey, t.DefinitionVersion, t.ElementId, t.Name, t.BusinessKey, t.Assignee, t.Owner, t.CandidateGroups,
        t.CandidateUsers, t.DueDate, t.Priority, t.Status, t.CreatedAt, t.CompletedAt, t.CompletedBy);

    public Task<HumanTaskView?> GetAsync(string id, CancellationToken cancellationToken) =>
        db.HumanTasks.AsNoTracking().Where(t => t.Id == id).Select(ToView).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Whether the task exists and <paramref name="visibility"/> (null: anyone) may see it.</summary>
    public Task<bool> IsVisibleAsync(string taskId, TaskVisibility? visibility, CancellationToken cancellationToken) =>
        Visible(db.HumanTasks.AsNoTracking().Where(t => t.Id == taskId), visibility).AnyAsync(cancellationToken);

    /// <summary>Whether the instance has a task (open or done) that <paramref name="visibility"/> (null: anyone) may see.</summary>
    public Task<bool> HasVisibleTaskAsync(string instanceId, TaskVisibility? visibility, CancellationToken cancellationToken) =>
        Visible(db.HumanTasks.AsNoTracking().Where(t => t.InstanceId == instanceId), visibility).AnyAsync(cancellationToken);

    private static IQueryable<HumanTaskRecord> Visible(IQueryable<HumanTaskRecord> query, TaskVisibility? visibility)
    {
        if (visibility is null)
        {
            return query;
        }

        var (user, groups) = (visibility.User, visibility.Groups.ToList());
        return query.Where(t => t.Assignee == user || t.Owner == user || t.Candidates.Any(c =>
            (c.Kind == HumanTaskCandidate.UserKind && c.Name == user) || (c.Kind == HumanTaskCandidate.GroupKind && groups.Contains(c.Name))));
    }

    public Task<Page<HumanTaskView>> ListAsync(HumanTaskFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken) =>
        PageAsync(Filtered(db.HumanTasks.AsNoTracking(), filter), filter.Sort, pageNumber, pageSize, cancellationToken);

    /// <summary>
    /// The tasks of <paramref name="tasks"/> that pass <paramref name="filter"/> (its sort aside), for a reader that
    /// narrows them further with tables of its own (the inbox's search in the records the tasks are about).
    /// </summary>
    public static IQueryable<HumanTaskRecord> Filtered(IQueryable<HumanTaskRecord> tasks, HumanTaskFilter filter)
    {
        var query = Visible(tasks, filter.VisibleTo);
        if (filter.Status is not null)
        {
            query = query.Where(t => t.Status == filter.Status);
        }

        if (filter.Assignee is not null)
        {
            query = query.Where(t => t.Assignee == filter.Assignee);
        }

        if (filter.Unassigned is true)
        {
            query = query.Where(t => t.Assignee == null);
        }

        if (filter.AvailableTo is not null)
        {
            query = query.Where(t => t.Assignee == null || t.Assignee == filter.AvailableTo);
        }

        if (filter.CandidateGroups is { Count: > 0 } groups)
        {
            query = query.Where(t => t.Candidates.Any(c => c.Kind == HumanTaskCandidate.GroupKind && groups.Contains(c.Name)));
        }

        if (filter.CandidateUser is not null)
        {
            query = query.Where(t => t.Candidates.Any(c => c.Kind == HumanTaskCandidate.UserKind && c.Name == filter.CandidateUser));
        }

        if (filter.DueBefore is not null)
        {
            query = query.Where(t => t.DueDate != null && t.DueDate < filter.DueBefore);
        }

        if (filter.InstanceId is not null)
        {
            query = query.Where(t => t.InstanceId == filter.InstanceId);
        }

        if (filter.DefinitionKey is not null)
        {
            query = query.Where(t => t.DefinitionKey == filter.DefinitionKey);
        }

        return query;
    }

    /// <summary>One page of <paramref name="query"/> in the order asked for, with the count of all its tasks.</summary>
    public static async Task<Page<HumanTaskView>> PageAsync(
        IQueryable<HumanTaskRecord> query, HumanTaskSort sort, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var ordered = sort switch
        {
            HumanTaskSort.Priority => query.OrderByDescending(t => t.Priority).ThenBy(t => t.DueDate == null).ThenBy(t => t.DueDate).ThenBy(t => t.CreatedAt),
            HumanTaskSort.Newest => query.OrderByDescending(t => t.CreatedAt),
            _ => query.OrderBy(t => t.DueDate == null).ThenBy(t => t.DueDate).ThenByDescending(t => t.Priority).ThenBy(t => t.CreatedAt),
        };
        var items = await ordered.ThenBy(t => t.Id)
            .Skip((pageNumber - 1) * pageSize).Take(pageSize)
            .Select(ToView).ToListAsync(cancellationToken);
        // A page that is not full tells the total itself (an inbox's usual page, a lookup by instance): no count then.
        var total = items.Count < pageSize && (items.Count > 0 || pageNumber == 1)
            ? ((pageNumber - 1) * pageSize) + items.Count
            : await query.CountAsync(cancellationToken);
        return new Page<HumanTaskView>(items, total, pageNumber, pageSize);
    }
}
