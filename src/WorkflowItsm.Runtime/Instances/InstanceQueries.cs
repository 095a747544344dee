using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Instances;

public sealed record InstanceSummary(
    string Id, string DefinitionKey, int DefinitionVersion, string? BusinessKey, InstanceRunStatus Status,
    string? StartedBy, DateTime StartedAt, DateTime? EndedAt, IReadOnlyList<string> ActiveElements, string? FaultElementId, string? FaultMessage);

public sealed record BookmarkView(string Id, string Kind, string ElementId, DateTime? DueAt, string? MessageName, string? CorrelationKey, string? SignalName, string? Topic);

public sealed record JournalView(long Id, DateTime At, string Kind, string? ElementId, string? Detail);

public sealed record InstanceDetails(
    InstanceSummary Instance,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<BookmarkView> Bookmarks,
    IReadOnlyList<HumanTaskView> Tasks,
    IReadOnlyList<JournalView> Journal);

/// <summary>Filters of the instance list; all optional.</summary>
public sealed record InstanceFilter(string? Key = null, int? Version = null, InstanceRunStatus? Status = null, string? BusinessKey = null,
    DateTime? StartedAfter = null, DateTime? StartedBefore = null);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

/// <summary>Reads instances for the API and UI.</summary>
public sealed class InstanceQueries(WorkflowDbContext db)
{
    public async Task<InstanceDetails?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var instance = await db.ProcessInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var state = InstanceStateSerializer.Deserialize(instance.StateJson);
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).OrderBy(b => b.CreatedAt)
            .Select(b => new BookmarkView(b.Id, b.Kind, b.ElementId, b.DueAt, b.MessageName, b.CorrelationKey, b.SignalName, b.Topic))
            .ToListAsync(cancellationToken);
        var tasks = await db.HumanTasks.AsNoTracking().Where(t => t.InstanceId == id).OrderBy(t => t.CreatedAt)
            .Select(HumanTaskQueries.ToView).ToListAsync(cancellationToken);
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Id)
            .Select(j => new JournalView(j.Id, j.At, j.Kind, j.ElementId, j.Detail)).ToListAsync(cancellationToken);
        return new InstanceDetails(ToSummary(instance), state.Variables, bookmarks, tasks, journal);
    }

    public async Task<Page<InstanceSummary>> ListAsync(InstanceFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.ProcessInstances.AsNoTracking();
        if (filter.Key is not null)
        {
            query = query.Where(i => i.DefinitionKey == filter.Key);
        }

        if (filter.Version is not null)
        {
            query = query.Where(i => i.DefinitionVersion == filter.Version);
        }

        if (filter.Status is not null)
        {
            query = query.Where(i => i.Status == filter.Status);
        }

        if (filter.BusinessKey is not null)
        {
            query = query.Where(i => i.BusinessKey == filter.BusinessKey);
        }

        if (filter.StartedAfter is not null)
        {
            query = query.Where(i => i.StartedAt >= filter.StartedAfter);
        }

        if (filter.StartedBefore is not null)
        {
            query = query.Where(i => i.StartedAt < filter.StartedBefore);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(i => i.StartedAt).ThenBy(i => i.Id)
            .Skip((pageNumber - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<InstanceSummary>(rows.Select(ToSummary).ToList(), total, pageNumber, pageSize);
    }

    private static InstanceSummary ToSummary(ProcessInstanceRecord i) => new(
        i.Id, i.DefinitionKey, i.DefinitionVersion, i.BusinessKey, i.Status, i.StartedBy, i.StartedAt, i.EndedAt,
        string.IsNullOrEmpty(i.ActiveElements) ? [] : i.ActiveElements.Split(','), i.FaultElementId, i.FaultMessage);
}
