using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Changes;

public sealed record ChangeFilter : PrioritizedRecordFilter
{
    /// <summary>Any of these states; all when none is given.</summary>
    public IReadOnlyList<ChangeState>? States { get; init; }

    public ChangeType? Type { get; init; }
}

public sealed record ChangeListItem(
    string Number, string ShortDescription, ChangeType Type, ChangeState State, ChangeRisk Risk, int Priority, string? AssignmentGroup, string? AssignedTo,
    string? ConfigurationItem, DateTime? PlannedStart, DateTime? PlannedEnd, bool OnHold, DateTime UpdatedAt);

public sealed record ChangeView(
    string Number, string ShortDescription, string? Description, ChangeType Type, ChangeState State, string? Category, string? Service,
    string? ConfigurationItem, int Impact, int Urgency, int Priority, string? AssignmentGroup, string? AssignedTo, string? Reason,
    string? ImplementationPlan, string? BackoutPlan, string? TestPlan, DateTime? PlannedStart, DateTime? PlannedEnd, DateTime? ActualStart,
    DateTime? ActualEnd, ChangeRisk Risk, string? RiskReason, ChangeCloseCode? CloseCode, string? CloseNotes, long? TemplateId, int? TemplateVersion,
    bool OnHold, string? HoldReason, IReadOnlyList<string> AffectedCis, string? ProcessInstanceId, string OpenedBy, DateTime OpenedAt, DateTime UpdatedAt,
    DateTime? ClosedAt, int Revision);

/// <summary>An affected CI with its name and business criticality (null when the number names no CI any more).</summary>
public sealed record AffectedCiView(string Number, string? Name, BusinessCriticality? BusinessCriticality);

/// <summary>An incident or problem linked to the change: caused by it, or fixed by it.</summary>
public sealed record ChangeLinkedRecord(string Number, string Kind, string LinkedBy, DateTime LinkedAt);

public sealed record ChangeDetails(
    ChangeView Change, IReadOnlyList<AffectedCiView> AffectedCis, IReadOnlyList<AffectedService> AffectedServices, IReadOnlyList<ChangeLinkedRecord> Links,
    IReadOnlyList<RecordAuditView> History, IReadOnlyList<ChangeState> AllowedTransitions, string? TemplateName);

/// <summary>A change as the incident page lists the recent ones on its CI.</summary>
public sealed record RecentChangeView(string Number, string ShortDescription, ChangeState State, DateTime? PlannedStart, DateTime? ActualEnd, ChangeCloseCode? CloseCode);

/// <summary>Reads changes for the API and UI; lists are filtered, sorted and paged in the database.</summary>
public sealed class ChangeQueries(ItsmDbContext db, RecordTimeline timeline, AffectedServices services, ImpactAnalysis impact)
{
    public async Task<Page<ChangeListItem>> ListAsync(ChangeFilter filter, RecordSort sort, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Changes.AsNoTracking().WhereFields<Change, ChangeState>(filter);
        if (filter.States is { Count: > 0 } states)
        {
            query = query.Where(c => states.Contains(c.State));
        }

        query = filter.Type is { } type ? query.Where(c => c.Type == type) : query;
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            var lower = text.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
            query = query.Where(c => c.Number == text.ToUpper() || c.ShortDescription.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }

        return await RecordPaging.PageAsync(query, query, db.Changes.AsNoTracking(), changes => changes.Sorted<Change, ChangeState>(sort),
            c => new ChangeListItem(c.Number, c.ShortDescription, c.Type, c.State, c.Risk, c.Priority, c.AssignmentGroup, c.AssignedTo, c.ConfigurationItem,
                c.PlannedStart, c.PlannedEnd, c.OnHold, c.UpdatedAt),
            pageNumber, pageSize, cancellationToken);
    }

    public async Task<ChangeDetails?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var change = await db.Changes.AsNoTracking().Include(c => c.AffectedCis).FirstOrDefaultAsync(c => c.Number == number, cancellationToken);
        if (change is null)
        {
            return null;
        }

        var ciNumbers = change.AffectedCis.Select(a => a.CiNumber).ToList();
        var cis = await db.ConfigurationItems.AsNoTracking().Where(c => ciNumbers.Contains(c.Number))
            .Select(c => new { c.Number, c.ShortDescription, c.BusinessCriticality }).ToListAsync(cancellationToken);
        var affectedCis = ciNumbers.Order(StringComparer.Ordinal)
            .Select(n => cis.FirstOrDefault(c => c.Number == n) is { } ci ? new AffectedCiView(n, ci.ShortDescription, ci.BusinessCriticality) : new AffectedCiView(n, null, null))
            .ToList();
        var links = await db.RecordLinks.AsNoTracking().Where(l => l.ToNumber == number && (l.Kind == RecordLinkKinds.CausedBy || l.Kind == RecordLinkKinds.FixedBy))
            .OrderBy(l => l.LinkedAt).Select(l => new ChangeLinkedRecord(l.FromNumber, l.Kind, l.LinkedBy, l.LinkedAt)).ToListAsync(cancellationToken);
        var templateName = change.TemplateId is { } templateId
            ? await db.StandardChangeTemplates.AsNoTracking().Where(t => t.TemplateId == templateId && t.Version == change.TemplateVersion).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new ChangeDetails(ToView(change), affectedCis, await AffectedServicesAsync(change, cancellationToken), links,
            await timeline.AuditAsync(number, cancellationToken), change.Lifecycle.AllowedFrom(change.State), templateName);
    }

    /// <summary>
    /// The business services the change affects, derived from the CMDB and never stored: its service, and those an
    /// outage of its main or affected CIs reaches (impact analysis downstream, one traversal for all of them).
    /// </summary>
    public async Task<IReadOnlyList<AffectedService>> AffectedServicesAsync(Change change, CancellationToken cancellationToken)
    {
        var affected = (await services.OfAsync(change.Service, change.ConfigurationItem, cancellationToken)).ToList();
        var others = change.AffectedCis.Select(a => a.CiNumber).Where(n => n != change.ConfigurationItem).ToList();
        if (others.Count == 0)
        {
            return affected;
        }

        var hit = await impact.DownstreamAsync(others, ImpactAnalysis.DefaultDepth, cancellationToken);
        var direct = await db.ConfigurationItems.AsNoTracking().Where(c => others.Contains(c.Number)).Select(c => new { c.Number, c.ShortDescription }).ToListAsync(cancellationToken);
        foreach (var service in hit.BusinessServices.Where(s => affected.All(a => a.Number != s.Number)))
        {
            var via = direct.FirstOrDefault(d => d.Number == service.Via)?.ShortDescription ?? service.Via;
            affected.Add(new AffectedService(service.Number, service.Name, service.BusinessCriticality, via is null ? "Needs an affected CI" : $"Needs {via}"));
        }

        return affected;
    }

    /// <summary>The latest changes on a CI (main or affected), newest planned first: what the incident page offers as a likely cause.</summary>
    public async Task<IReadOnlyList<RecentChangeView>> RecentOnCiAsync(string ciNumber, int count, CancellationToken cancellationToken)
    {
        var touching = db.ChangeAffectedCis.Where(a => a.CiNumber == ciNumber).Select(a => a.ChangeId);
        return await db.Changes.AsNoTracking().Where(c => c.ConfigurationItem == ciNumber || touching.Contains(c.Id))
            .OrderByDescending(c => c.PlannedStart).ThenByDescending(c => c.Id).Take(count)
            .Select(c => new RecentChangeView(c.Number, c.ShortDescription, c.State, c.PlannedStart, c.ActualEnd, c.CloseCode)).ToListAsync(cancellationToken);
    }

    public static ChangeView ToView(Change c) =>
        new(c.Number, c.ShortDescription, c.Description, c.Type, c.State, c.Category, c.Service, c.ConfigurationItem, c.Impact, c.Urgency, c.Priority,
            c.AssignmentGroup, c.AssignedTo, c.Reason, c.ImplementationPlan, c.BackoutPlan, c.TestPlan, c.PlannedStart, c.PlannedEnd, c.ActualStart,
            c.ActualEnd, c.Risk, c.RiskReason, c.CloseCode, c.CloseNotes, c.TemplateId, c.TemplateVersion, c.OnHold, c.HoldReason,
            [.. c.AffectedCis.Select(a => a.CiNumber).Order(StringComparer.Ordinal)], c.ProcessInstanceId, c.OpenedBy, c.OpenedAt, c.UpdatedAt, c.ClosedAt, c.Revision);
}
