using WorkflowItsm.Itsm.Configuration;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Incidents;

public sealed record IncidentFilter : PrioritizedRecordFilter
{
    /// <summary>Any of these states; all when none is given.</summary>
    public IReadOnlyList<IncidentState>? States { get; init; }

    public string? Caller { get; init; }
    public bool? IsMajor { get; init; }
}

public sealed record IncidentListItem(
    string Number, string ShortDescription, IncidentState State, int Priority, string? AssignmentGroup, string? AssignedTo, string Caller,
    string? Category, string? Service, bool IsMajor, DateTime OpenedAt, DateTime UpdatedAt);

public sealed record IncidentView(
    string Number, string ShortDescription, string? Description, string Caller, string? Category, string? Subcategory, string? Service,
    string? ConfigurationItem, int Impact, int Urgency, int Priority, string? AssignmentGroup, string? AssignedTo, IncidentState State,
    OnHoldReason? OnHoldReason, string? ResolutionCode, string? ResolutionNotes, bool IsMajor, string? Parent, string? ProcessInstanceId,
    string OpenedBy, DateTime OpenedAt, DateTime UpdatedAt, DateTime? ResolvedAt, DateTime? ClosedAt, int Revision)
{
    public bool IsOpen => State is not (IncidentState.Resolved or IncidentState.Closed or IncidentState.Cancelled);

    /// <summary>The name of the business service <see cref="Service"/> numbers (null when it names no CI).</summary>
    public string? ServiceName { get; init; }

    /// <summary>The name of the CI <see cref="ConfigurationItem"/> numbers (null when it names no CI).</summary>
    public string? ConfigurationItemName { get; init; }
}

public sealed record IncidentDetails(
    IncidentView Incident, IReadOnlyList<IncidentListItem> Children, IReadOnlyList<RecordNoteView> Notes, IReadOnlyList<RecordAuditView> History,
    IReadOnlyList<IncidentState> AllowedTransitions);

/// <summary>Reads incidents for the API and UI; every list is filtered, sorted and paged in the database.</summary>
public sealed class IncidentQueries(ItsmDbContext db, RecordTimeline timeline, CiReferences configurationItems)
{
    /// <summary>How far a list counts its matches (see <see cref="RecordPaging.CountLimit"/>).</summary>
    public const int CountLimit = RecordPaging.CountLimit;

    public async Task<Page<IncidentListItem>> ListAsync(IncidentFilter filter, RecordSort sort, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Incidents.AsNoTracking().WhereFields<Incident, IncidentState>(filter);
        query = filter.Caller is { } caller ? query.Where(i => i.Caller == caller) : query;
        query = filter.IsMajor is { } major ? query.Where(i => i.IsMajor == major) : query;
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(i => i.Number == text || i.ShortDescription.Contains(text));
        }

        var states = filter.States?.Distinct().ToList() ?? [];
        var matching = states switch
        {
            [] => query,
            // Equality, not "in a list of one": PostgreSQL then reads the state's rows in index order.
            [var only] => query.Where(i => i.State == only),
            _ => query.Where(i => states.Contains(i.State)),
        };
        var skip = (pageNumber - 1) * pageSize;
        // An index leading with the state gives one state's rows in sort order, but not several states' rows together:
        // the database would read and sort every open incident for one page. The page lies within each state's first
        // rows, so those are merged instead.
        var candidates = states.Count > 1
            ? states.Select(state => query.Where(i => i.State == state).Sorted<Incident, IncidentState>(sort).Take(skip + pageSize)).Aggregate(Queryable.Concat)
            : matching;
        return await RecordPaging.PageAsync(matching, candidates, db.Incidents.AsNoTracking(), incidents => incidents.Sorted<Incident, IncidentState>(sort),
            i => new IncidentListItem(i.Number, i.ShortDescription, i.State, i.Priority, i.AssignmentGroup, i.AssignedTo, i.Caller,
                i.Category, i.Service, i.IsMajor, i.OpenedAt, i.UpdatedAt),
            pageNumber, pageSize, cancellationToken);
    }


    /// <param name="withWorkNotes">False for the caller's view: work notes are staff-only.</param>
    public async Task<IncidentDetails?> GetAsync(string number, bool withWorkNotes, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Number == number, cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var parent = incident.ParentId is { } parentId
            ? await db.Incidents.AsNoTracking().Where(i => i.Id == parentId).Select(i => i.Number).FirstOrDefaultAsync(cancellationToken)
            : null;
        var children = await db.Incidents.AsNoTracking().Where(i => i.ParentId == incident.Id).OrderBy(i => i.Id)
            .Select(i => new IncidentListItem(i.Number, i.ShortDescription, i.State, i.Priority, i.AssignmentGroup, i.AssignedTo, i.Caller,
                i.Category, i.Service, i.IsMajor, i.OpenedAt, i.UpdatedAt))
            .ToListAsync(cancellationToken);
        var notes = await timeline.NotesAsync(number, withWorkNotes, cancellationToken);
        var history = await timeline.AuditAsync(number, cancellationToken);
        return new IncidentDetails(await NamedAsync(ToView(incident, parent), cancellationToken), children, notes, history, IncidentLifecycle.AllowedFrom(incident.State));
    }

    /// <summary>The row id and caller of an incident (null when there is none), for sub-resources such as its SLA clocks.</summary>
    public async Task<(long Id, string Caller)?> IdentifyAsync(string number, CancellationToken cancellationToken) =>
        await db.Incidents.AsNoTracking().Where(i => i.Number == number).Select(i => new { i.Id, i.Caller }).FirstOrDefaultAsync(cancellationToken) is { } found
            ? (found.Id, found.Caller)
            : null;

    /// <summary>Who reported it, for the API's "is this the caller's own" check without reading the whole record.</summary>
    public Task<string?> CallerOfAsync(string number, CancellationToken cancellationToken) =>
        db.Incidents.AsNoTracking().Where(i => i.Number == number).Select(i => i.Caller).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The view with the names of its service and CI.</summary>
    public async Task<IncidentView> NamedAsync(IncidentView view, CancellationToken cancellationToken)
    {
        var names = await configurationItems.NamesAsync([view.Service, view.ConfigurationItem], cancellationToken);
        return view with { ServiceName = names.GetValueOrDefault(view.Service ?? ""), ConfigurationItemName = names.GetValueOrDefault(view.ConfigurationItem ?? "") };
    }

    public static IncidentView ToView(Incident i, string? parent) =>
        new(i.Number, i.ShortDescription, i.Description, i.Caller, i.Category, i.Subcategory, i.Service, i.ConfigurationItem, i.Impact, i.Urgency,
            i.Priority, i.AssignmentGroup, i.AssignedTo, i.State, i.OnHoldReason, i.ResolutionCode, i.ResolutionNotes, i.IsMajor, parent,
            i.ProcessInstanceId, i.OpenedBy, i.OpenedAt, i.UpdatedAt, i.ResolvedAt, i.ClosedAt, i.Revision);
}
