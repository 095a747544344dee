using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Portal;

/// <summary>A request in the requester's list: what it is about, in their words, and where it stands.</summary>
public sealed record MyRequestItem(
    string Id, string ProcessKey, string? BusinessKey, string Title, string? Number, InstanceRunStatus Status, string StatusText, DateTime SubmittedAt, DateTime? ClosedAt);

/// <summary>
/// The requester's own requests, newest first: a request that opened an incident is titled by what they reported and
/// shows the incident's state; any other by its catalogue item's name and where its process stands. One read per page.
/// </summary>
internal static class MyRequests
{
    public static async Task<Page<MyRequestItem>> ListAsync(IServiceProvider services, string user, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var mine = await services.GetRequiredService<InstanceQueries>().ListAsync(new InstanceFilter(StartedBy: user), pageNumber, pageSize, cancellationToken);
        var db = services.GetRequiredService<ItsmDbContext>();
        var ids = mine.Items.Select(i => i.Id).ToList();
        var incidents = (await db.Incidents.AsNoTracking()
                .Where(i => i.ProcessInstanceId != null && ids.Contains(i.ProcessInstanceId))
                .Select(i => new { i.ProcessInstanceId, i.Number, i.ShortDescription, i.State, i.OnHoldReason })
                .ToListAsync(cancellationToken))
            .ToDictionary(i => i.ProcessInstanceId!, StringComparer.Ordinal);
        var names = await CatalogNamesAsync(db, mine.Items.Select(i => i.DefinitionKey), cancellationToken);

        var items = mine.Items.Select(request => incidents.TryGetValue(request.Id, out var incident)
                ? new MyRequestItem(request.Id, request.DefinitionKey, request.BusinessKey, incident.ShortDescription, incident.Number, request.Status,
                    IncidentWords.StateForCaller(incident.State, incident.OnHoldReason), request.StartedAt, request.EndedAt)
                : new MyRequestItem(request.Id, request.DefinitionKey, request.BusinessKey, names.GetValueOrDefault(request.DefinitionKey) ?? UnnamedRequest, null, request.Status,
                    RequestStatus.Describe(request.Status), request.StartedAt, request.EndedAt))
            .ToList();
        return new Page<MyRequestItem>(items, mine.Total, mine.PageNumber, mine.PageSize);
    }

    /// <summary>What a request of a process without a name is called.</summary>
    public const string UnnamedRequest = "Request";

    /// <summary>The name of each process key's latest version that has one, in one read.</summary>
    public static async Task<Dictionary<string, string>> CatalogNamesAsync(ItsmDbContext db, IEnumerable<string> processKeys, CancellationToken cancellationToken)
    {
        var keys = processKeys.Distinct().ToList();
        return (await db.ProcessDefinitions.AsNoTracking().Where(d => keys.Contains(d.Key) && d.Name != null)
                .Select(d => new { d.Key, d.Version, d.Name }).ToListAsync(cancellationToken))
            .GroupBy(d => d.Key)
            .ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!.Name!, StringComparer.Ordinal);
    }
}
