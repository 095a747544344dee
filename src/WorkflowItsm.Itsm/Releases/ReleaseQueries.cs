using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Releases;

public sealed record ReleaseFilter
{
    /// <summary>Any of these states; all when none is given.</summary>
    public IReadOnlyList<ReleaseState>? States { get; init; }

    public string? Service { get; init; }

    /// <summary>A number, or words of the short description or version.</summary>
    public string? Text { get; init; }
}

public sealed record ReleaseListItem(
    string Number, string ShortDescription, string Service, string Version, ReleaseType Type, ReleaseState State, DateOnly ReadinessDate,
    string? AssignmentGroup, string? AssignedTo, DateTime UpdatedAt)
{
    public string StateText => ReleaseLabels.State(State);
    public string TypeText => ReleaseLabels.Type(Type);
}

public sealed record ReleaseGateView(
    string Key, string Name, GateKind Kind, GatePolicy? Policy, string? ApprovalRule, decimal? Threshold, GateStatus Status, string? StatusReason,
    DateTime? EvaluatedAt, string? ApprovalId, string? ExceptionBy, string? ExceptionReason, string? BuildId, int? TestsPassed, int? TestsFailed,
    decimal? PassRate, decimal? Coverage, bool? CheckPassed, string? Link, DateTime? EvidenceAt, string? EvidenceBy)
{
    public string KindText => ReleaseLabels.GateKind(Kind);
    public string StatusText => ReleaseLabels.GateStatus(Status);
}

public sealed record ReleasePhaseView(
    int Position, string Name, int WorkingDays, DateOnly PlannedStart, DateOnly PlannedEnd, ReleasePhaseState State, DateTime? StartedAt,
    DateTime? CompletedAt, IReadOnlyList<ReleaseGateView> Gates)
{
    public string StateText => ReleaseLabels.Phase(State);
}

/// <summary>A contained change with what the release page and its notes show.</summary>
public sealed record ReleaseChangeView(string Number, string? Title, ChangeType? Type, ChangeState? State, ChangeCloseCode? CloseCode, bool Authorized)
{
    public string? StateText => State is { } state ? ChangeLabels.State(state) : null;
}

public sealed record ReleaseDeploymentView(string Environment, DeploymentState State, string? ApprovalId, string RequestedBy, DateTime RequestedAt, DateTime? StartedAt, DateTime? EndedAt)
{
    public string StateText => ReleaseLabels.Deployment(State);
}

public sealed record ReleaseView(
    string Number, string ShortDescription, string? Description, string Service, string? ServiceName, string Version, ReleaseType Type, ReleaseState State,
    DateOnly ReadinessDate, string CalendarKey, string? HoldReason, string? AssignmentGroup, string? AssignedTo, IReadOnlyList<string> Environments,
    string? ActivePhase, string? ProcessInstanceId, string OpenedBy, DateTime OpenedAt, DateTime UpdatedAt, DateTime? ClosedAt, int Revision)
{
    public string StateText => ReleaseLabels.State(State);
    public string TypeText => ReleaseLabels.Type(Type);
}

public sealed record ReleaseDetails(
    ReleaseView Release, IReadOnlyList<ReleasePhaseView> Phases, IReadOnlyList<ReleaseChangeView> Changes, IReadOnlyList<ReleaseDeploymentView> Deployments,
    IReadOnlyList<ReleaseState> AllowedTransitions, IReadOnlyList<RecordAuditView> History);

/// <summary>One line of the release notes: a contained change's title, type and how it closed.</summary>
public sealed record ReleaseNoteItem(string ChangeNumber, string Title, ChangeType Type, string TypeText, ChangeState State, ChangeCloseCode? CloseCode, string? CloseCodeText);

public sealed record ReleaseNotes(string Number, string ShortDescription, string Service, string? ServiceName, string Version, ReleaseState State, IReadOnlyList<ReleaseNoteItem> Items);

/// <summary>Reads releases for the API and the pages: the list (filtered and paged in the database), one release whole, its notes.</summary>
public sealed class ReleaseQueries(ItsmDbContext db, RecordTimeline timeline)
{
    public async Task<Page<ReleaseListItem>> ListAsync(ReleaseFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Releases.AsNoTracking();
        if (filter.States is { Count: > 0 } states)
        {
            query = query.Where(r => states.Contains(r.State));
        }

        query = RecordText.TrimmedOrNull(filter.Service)?.ToUpperInvariant() is { } service ? query.Where(r => r.Service == service) : query;
        if (RecordText.TrimmedOrNull(filter.Text) is { } text)
        {
            var lower = text.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
            query = query.Where(r => r.Number == text.ToUpper() || r.ShortDescription.ToLower().Contains(lower) || r.Version.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }

        return await RecordPaging.PageAsync(query, query, db.Releases.AsNoTracking(), releases => releases.OrderByDescending(r => r.OpenedAt).ThenByDescending(r => r.Id),
            r => new ReleaseListItem(r.Number, r.ShortDescription, r.Service, r.Version, r.Type, r.State, r.ReadinessDate, r.AssignmentGroup, r.AssignedTo, r.UpdatedAt),
            pageNumber, pageSize, cancellationToken);
    }

    public async Task<ReleaseDetails?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var release = await LoadAsync(number, cancellationToken);
        if (release is null)
        {
            return null;
        }

        var changes = await ChangesOfAsync(release, cancellationToken);
        return new ReleaseDetails(
            await ToViewAsync(release, cancellationToken),
            [.. release.PhasesInOrder.Select(p => new ReleasePhaseView(p.Position, p.Name, p.WorkingDays, p.PlannedStart, p.PlannedEnd, p.State, p.StartedAt, p.CompletedAt,
                [.. p.Gates.OrderBy(g => g.Id).Select(ToView)]))],
            [.. release.Changes.OrderBy(c => c.ChangeNumber, StringComparer.Ordinal).Select(c => changes.TryGetValue(c.ChangeNumber, out var change)
                ? new ReleaseChangeView(c.ChangeNumber, change.ShortDescription, change.Type, change.State, change.CloseCode, ReleaseGates.AuthorizedStates.Contains(change.State))
                : new ReleaseChangeView(c.ChangeNumber, null, null, null, null, false))],
            [.. release.Deployments.OrderBy(d => d.RequestedAt).Select(d => new ReleaseDeploymentView(d.Environment, d.State, d.ApprovalId, d.RequestedBy, d.RequestedAt, d.StartedAt, d.EndedAt))],
            release.Lifecycle.AllowedFrom(release.State),
            await timeline.AuditAsync(number, cancellationToken));
    }

    /// <summary>The release notes: the contained changes' titles, types and close codes, in number order; null for no such release.</summary>
    public async Task<ReleaseNotes?> NotesAsync(string number, CancellationToken cancellationToken)
    {
        var release = await db.Releases.AsNoTracking().Include(r => r.Changes).FirstOrDefaultAsync(r => r.Number == number, cancellationToken);
        if (release is null)
        {
            return null;
        }

        var changes = await ChangesOfAsync(release, cancellationToken);
        var items = changes.Values.OrderBy(c => c.Number, StringComparer.Ordinal)
            .Select(c => new ReleaseNoteItem(c.Number, c.ShortDescription, c.Type, ChangeLabels.Type(c.Type), c.State, c.CloseCode,
                c.CloseCode is { } code ? ChangeLabels.CloseCode(code) : null))
            .ToList();
        return new ReleaseNotes(release.Number, release.ShortDescription, release.Service, await ServiceNameAsync(release.Service, cancellationToken), release.Version, release.State, items);
    }

    private Task<Release?> LoadAsync(string number, CancellationToken cancellationToken) =>
        db.Releases.AsNoTracking().Include(r => r.Environments).Include(r => r.Changes).Include(r => r.Phases).ThenInclude(p => p.Gates).Include(r => r.Deployments)
            .AsSplitQuery().FirstOrDefaultAsync(r => r.Number == number, cancellationToken);

    private async Task<Dictionary<string, Change>> ChangesOfAsync(Release release, CancellationToken cancellationToken)
    {
        var numbers = release.Changes.Select(c => c.ChangeNumber).ToList();
        return await db.Changes.AsNoTracking().Where(c => numbers.Contains(c.Number)).ToDictionaryAsync(c => c.Number, StringComparer.Ordinal, cancellationToken);
    }

    private async Task<ReleaseView> ToViewAsync(Release r, CancellationToken cancellationToken) =>
        new(r.Number, r.ShortDescription, r.Description, r.Service, await ServiceNameAsync(r.Service, cancellationToken), r.Version, r.Type, r.State, r.ReadinessDate,
            r.CalendarKey, r.HoldReason, r.AssignmentGroup, r.AssignedTo, [.. r.EnvironmentsInOrder], r.ActivePhase?.Name, r.ProcessInstanceId, r.OpenedBy, r.OpenedAt,
            r.UpdatedAt, r.ClosedAt, r.Revision);

    private Task<string?> ServiceNameAsync(string service, CancellationToken cancellationToken) =>
        db.ConfigurationItems.AsNoTracking().Where(c => c.Number == service).Select(c => c.ShortDescription).FirstOrDefaultAsync(cancellationToken);

    public static ReleaseGateView ToView(ReleaseGate g) =>
        new(g.Key, g.Name, g.Kind, g.Policy, g.ApprovalRule, g.Threshold, g.Status, g.StatusReason, g.EvaluatedAt, g.ApprovalId, g.ExceptionBy, g.ExceptionReason,
            g.BuildId, g.TestsPassed, g.TestsFailed, g.PassRate, g.Coverage, g.CheckPassed, g.Link, g.EvidenceAt, g.EvidenceBy);
}
