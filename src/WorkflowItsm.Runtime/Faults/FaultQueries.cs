using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Faults;

public sealed record FaultView(
    Guid Id, string InstanceId, string DefinitionKey, string? BusinessKey, string ElementId, string TokenId, FaultStatus Status,
    string Message, string? ExceptionType, int Attempts, DateTime? NextRetryAt, DateTime CreatedAt, DateTime? ResolvedAt, string? Resolution);

/// <summary>One fault with where the handler threw.</summary>
public sealed record FaultDetails(FaultView Fault, string? Stack);

/// <summary>Filters of the fault list: <paramref name="Open"/> true lists only faults waiting for an operator, false every fault.</summary>
public sealed record FaultFilter(string? InstanceId = null, bool Open = true);

/// <summary>Reads faults for the API and UI.</summary>
public sealed class FaultQueries(WorkflowDbContext db)
{
    public async Task<Page<FaultView>> ListAsync(FaultFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Faults.AsNoTracking();
        if (filter.InstanceId is not null)
        {
            query = query.Where(f => f.InstanceId == filter.InstanceId);
        }

        if (filter.Open)
        {
            query = query.Where(f => f.ResolvedAt == null && f.NextRetryAt == null);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .Join(db.ProcessInstances, f => f.InstanceId, i => i.Id, (f, i) => new { Fault = f, i.DefinitionKey, i.BusinessKey })
            .OrderByDescending(r => r.Fault.CreatedAt).ThenBy(r => r.Fault.Id)
            .Skip((pageNumber - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new Page<FaultView>(rows.Select(r => ToView(r.Fault, r.DefinitionKey, r.BusinessKey)).ToList(), total, pageNumber, pageSize);
    }

    public async Task<FaultDetails?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Faults.AsNoTracking().Where(f => f.Id == id)
            .Join(db.ProcessInstances, f => f.InstanceId, i => i.Id, (f, i) => new { Fault = f, i.DefinitionKey, i.BusinessKey })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new FaultDetails(ToView(row.Fault, row.DefinitionKey, row.BusinessKey), row.Fault.Stack);
    }

    public static FaultView ToView(FaultRecord f, string definitionKey, string? businessKey) => new(
        f.Id, f.InstanceId, definitionKey, businessKey, f.ElementId, f.TokenId, f.Status,
        f.Message, f.ExceptionType, f.Attempts, f.NextRetryAt, f.CreatedAt, f.ResolvedAt, f.Resolution);
}
