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

/// <summary>An instance a call activity started.</summary>
/// <param name="CallActivityId">The parent's call activity that started it.</param>
public sealed record ChildInstanceView(string Id, string DefinitionKey, int DefinitionVersion, InstanceRunStatus Status, string? CallActivityId, DateTime StartedAt);

/// <param name="Tokens">How many tokens sit on each element now (the instance viewer's badges).</param>
/// <param name="ParentInstanceId">The instance whose call activity (<paramref name="ParentCallActivityId"/>) started this one.</param>
/// <param name="Children">The instances this one's call activities started, oldest first.</param>
public sealed record InstanceDetails(
    InstanceSummary Instance,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<BookmarkView> Bookmarks,
    IReadOnlyList<HumanTaskView> Tasks,
    IReadOnlyList<JournalView> Journal,
    IReadOnlyDictionary<string, int> Tokens,
    string? ParentInstanceId,
    string? ParentCallActivityId,
    IReadOnlyList<ChildInstanceView> Children);

/// <summary>How one element of a definition version behaved across its instances (the instance viewer's heat map).</summary>
/// <param name="Entered">Times a token entered it.</param>
/// <param name="Completed">Times a token left it normally.</param>
/// <param name="Active">Tokens on it now, over the running instances.</param>
public sealed record ElementStatistics(string ElementId, int Entered, int Completed, int Active, TimeSpan? MedianDuration, TimeSpan? P95Duration, TimeSpan? TotalDuration);

/// <summary>Filters of the instance list; all optional.</summary>
public sealed record InstanceFilter(string? Key = null, int? Version = null, InstanceRunStatus? Status = null, string? BusinessKey = null,
    DateTime? StartedAfter = null, DateTime? StartedBefore = null, string? StartedBy = null);

/// <summary>One page of a list.</summary>
/// <param name="TotalIsLowerBound">
/// True when counting stopped at <paramref name="Total"/> (a list that counts only so far, so that a very long one
/// costs no more than a short one): there are at least that many.
/// </param>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize, bool TotalIsLowerBound = false);

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
        var tokens = state.Tokens.GroupBy(t => t.ElementId).ToDictionary(g => g.Key, g => g.Count());
        var children = await db.ProcessInstances.AsNoTracking().Where(i => i.ParentInstanceId == id).OrderBy(i => i.StartedAt).ThenBy(i => i.Id)
            .Select(i => new ChildInstanceView(i.Id, i.DefinitionKey, i.DefinitionVersion, i.Status, i.ParentCallActivityId, i.StartedAt))
            .ToListAsync(cancellationToken);
        return new InstanceDetails(ToSummary(instance), state.Variables, bookmarks, tasks, journal, tokens,
            instance.ParentInstanceId, instance.ParentCallActivityId, children);
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

        if (filter.Status == InstanceRunStatus.Completed)
        {
            // Rows stored as Terminated (before a terminate end event completed an instance) are completed too.
            query = query.Where(i => i.Status == InstanceRunStatus.Completed || i.Status == InstanceRunStatus.Terminated);
        }
        else if (filter.Status is not null)
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

        if (filter.StartedBy is not null)
        {
            query = query.Where(i => i.StartedBy == filter.StartedBy);
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

    /// <summary>
    /// Per element of one definition version: entries, completions, tokens there now, and how long tokens stayed
    /// (entered → completed of the same token), over the version's <paramref name="maxInstances"/> newest instances.
    /// </summary>
    public async Task<IReadOnlyList<ElementStatistics>> ElementStatisticsAsync(string key, int version, int maxInstances, CancellationToken cancellationToken)
    {
        var instances = db.ProcessInstances.AsNoTracking()
            .Where(i => i.DefinitionKey == key && i.DefinitionVersion == version)
            .OrderByDescending(i => i.StartedAt)
            .Take(maxInstances);
        var entered = nameof(Bpmn.Execution.JournalEntryKind.ElementEntered);
        var completed = nameof(Bpmn.Execution.JournalEntryKind.ElementCompleted);
        var lines = await db.Journal.AsNoTracking()
            .Where(j => instances.Any(i => i.Id == j.InstanceId) && (j.Kind == entered || j.Kind == completed) && j.ElementId != null)
            .Select(j => new { j.InstanceId, j.TokenId, ElementId = j.ElementId!, j.Kind, j.At })
            .ToListAsync(cancellationToken);
        var active = (await instances.Where(i => i.Status == InstanceRunStatus.Running).Select(i => i.ActiveElements).ToListAsync(cancellationToken))
            .SelectMany(a => string.IsNullOrEmpty(a) ? [] : a.Split(','))
            .GroupBy(e => e)
            .ToDictionary(g => g.Key, g => g.Count());

        return lines.GroupBy(l => l.ElementId)
            .Select(element =>
            {
                var durations = element.GroupBy(l => (l.InstanceId, l.TokenId))
                    .Select(visit => (Entered: visit.Where(l => l.Kind == entered).Select(l => (DateTime?)l.At).Min(), Completed: visit.Where(l => l.Kind == completed).Select(l => (DateTime?)l.At).Max()))
                    .Where(v => v.Entered is not null && v.Completed is not null && v.Completed >= v.Entered)
                    .Select(v => v.Completed!.Value - v.Entered!.Value)
                    .Order()
                    .ToList();
                return new ElementStatistics(element.Key,
                    element.Count(l => l.Kind == entered), element.Count(l => l.Kind == completed), active.GetValueOrDefault(element.Key),
                    durations.Count == 0 ? null : durations[durations.Count / 2],
                    durations.Count == 0 ? null : durations[Math.Min(durations.Count - 1, (int)Math.Ceiling(durations.Count * 0.95) - 1)],
                    durations.Count == 0 ? null : TimeSpan.FromTicks(durations.Sum(d => d.Ticks)));
            })
            .OrderBy(s => s.ElementId, StringComparer.Ordinal)
            .ToList();
    }

    private static InstanceSummary ToSummary(ProcessInstanceRecord i) => new(
        i.Id, i.DefinitionKey, i.DefinitionVersion, i.BusinessKey, i.Status, i.StartedBy, i.StartedAt, i.EndedAt,
        string.IsNullOrEmpty(i.ActiveElements) ? [] : i.ActiveElements.Split(','), i.FaultElementId, i.FaultMessage);
}
