using WorkflowItsm.Itsm.Configuration;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Problems;

public sealed record ProblemFilter : PrioritizedRecordFilter
{
    /// <summary>Any of these states; all when none is given.</summary>
    public IReadOnlyList<ProblemState>? States { get; init; }

    public bool? IsKnownError { get; init; }
}

public sealed record ProblemListItem(
    string Number, string ShortDescription, ProblemState State, int Priority, string? AssignmentGroup, string? AssignedTo, string? Category,
    string? ConfigurationItem, bool IsKnownError, DateTime OpenedAt, DateTime UpdatedAt);

public sealed record ProblemView(
    string Number, string ShortDescription, string? Description, ProblemState State, string? Category, string? Service, string? ConfigurationItem,
    int Impact, int Urgency, int Priority, string? AssignmentGroup, string? AssignedTo, string? RootCause, string? Workaround, string? Fix,
    bool IsKnownError, string? ProcessInstanceId, string OpenedBy, DateTime OpenedAt, DateTime UpdatedAt, DateTime? ResolvedAt, DateTime? ClosedAt,
    int Revision)
{
    /// <summary>The name of the business service <see cref="Service"/> numbers (null when it names no CI).</summary>
    public string? ServiceName { get; init; }

    /// <summary>The name of the CI <see cref="ConfigurationItem"/> numbers (null when it names no CI).</summary>
    public string? ConfigurationItemName { get; init; }
}

public sealed record LinkedIncidentView(string Number, string ShortDescription, IncidentState State, int Priority, string? AssignmentGroup, string LinkedBy, DateTime LinkedAt);

public sealed record ProblemDetails(
    ProblemView Problem, IReadOnlyList<LinkedIncidentView> Incidents, IReadOnlyList<RecordAuditView> History, IReadOnlyList<ProblemState> AllowedTransitions);

public sealed record KnownErrorFilter(string? Text = null, string? Category = null, string? ConfigurationItem = null);

/// <summary>A known error as the incident form offers it: what it is, why it happens, and what to do meanwhile.</summary>
public sealed record KnownErrorView(
    string Number, string ShortDescription, ProblemState State, string? Category, string? Service, string? ConfigurationItem, string RootCause,
    string Workaround, string? Fix, DateTime UpdatedAt);

/// <summary>Reads problems and the known-error base for the API and UI; every list is filtered, sorted and paged in the database.</summary>
public sealed class ProblemQueries(ItsmDbContext db, RecordTimeline timeline, CiReferences configurationItems)
{
    public async Task<Page<ProblemListItem>> ListAsync(ProblemFilter filter, RecordSort sort, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Problems.AsNoTracking().WhereFields<Problem, ProblemState>(filter);
        if (filter.States is { Count: > 0 } states)
        {
            query = query.Where(p => states.Contains(p.State));
        }

        query = filter.IsKnownError is { } knownError ? query.Where(p => p.IsKnownError == knownError) : query;
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            var lower = text.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
            query = query.Where(p => p.Number == text || p.ShortDescription.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }

        return await RecordPaging.PageAsync(query, query, db.Problems.AsNoTracking(), problems => problems.Sorted<Problem, ProblemState>(sort),
            p => new ProblemListItem(p.Number, p.ShortDescription, p.State, p.Priority, p.AssignmentGroup, p.AssignedTo, p.Category,
                p.ConfigurationItem, p.IsKnownError, p.OpenedAt, p.UpdatedAt),
            pageNumber, pageSize, cancellationToken);
    }


    public async Task<ProblemDetails?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var problem = await db.Problems.AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, cancellationToken);
        if (problem is null)
        {
            return null;
        }

        var incidents = await db.RecordLinks.AsNoTracking().Where(l => l.FromNumber == number && l.Kind == RecordLinkKinds.Causes)
            .Join(db.Incidents, l => l.ToNumber, i => i.Number, (l, i) => new { l, i })
            .OrderBy(x => x.l.LinkedAt).ThenBy(x => x.i.Id)
            .Select(x => new LinkedIncidentView(x.i.Number, x.i.ShortDescription, x.i.State, x.i.Priority, x.i.AssignmentGroup, x.l.LinkedBy, x.l.LinkedAt))
            .ToListAsync(cancellationToken);
        var history = await timeline.AuditAsync(number, cancellationToken);
        return new ProblemDetails(await NamedAsync(ToView(problem), cancellationToken), incidents, history, ProblemLifecycle.AllowedFrom(problem.State));
    }

    /// <summary>
    /// The known-error base: known errors (not cancelled) whose short description, root cause or workaround contain
    /// the text (any case), optionally of one category or CI; open ones first, then the latest changed.
    /// </summary>
    public async Task<Page<KnownErrorView>> KnownErrorsAsync(KnownErrorFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Problems.AsNoTracking().Where(p => p.IsKnownError && p.State != ProblemState.Cancelled);
        query = string.IsNullOrWhiteSpace(filter.Category) ? query : query.Where(p => p.Category == filter.Category.Trim());
        query = string.IsNullOrWhiteSpace(filter.ConfigurationItem) ? query : query.Where(p => p.ConfigurationItem == filter.ConfigurationItem.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var number = filter.Text.Trim();
            var text = number.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
            query = query.Where(p => p.Number == number || p.ShortDescription.ToLower().Contains(text)
                || p.RootCause!.ToLower().Contains(text) || p.Workaround!.ToLower().Contains(text));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderBy(p => p.State == ProblemState.Resolved || p.State == ProblemState.Closed).ThenByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id)
            .Skip((pageNumber - 1) * pageSize).Take(pageSize)
            .Select(p => new KnownErrorView(p.Number, p.ShortDescription, p.State, p.Category, p.Service, p.ConfigurationItem, p.RootCause!, p.Workaround!, p.Fix, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        return new Page<KnownErrorView>(items, total, pageNumber, pageSize);
    }

    /// <summary>The view with the names of its service and CI.</summary>
    public async Task<ProblemView> NamedAsync(ProblemView view, CancellationToken cancellationToken)
    {
        var names = await configurationItems.NamesAsync([view.Service, view.ConfigurationItem], cancellationToken);
        return view with { ServiceName = names.GetValueOrDefault(view.Service ?? ""), ConfigurationItemName = names.GetValueOrDefault(view.ConfigurationItem ?? "") };
    }

    public static ProblemView ToView(Problem p) =>
        new(p.Number, p.ShortDescription, p.Description, p.State, p.Category, p.Service, p.ConfigurationItem, p.Impact, p.Urgency, p.Priority,
            p.AssignmentGroup, p.AssignedTo, p.RootCause, p.Workaround, p.Fix, p.IsKnownError, p.ProcessInstanceId, p.OpenedBy, p.OpenedAt,
            p.UpdatedAt, p.ResolvedAt, p.ClosedAt, p.Revision);
}
