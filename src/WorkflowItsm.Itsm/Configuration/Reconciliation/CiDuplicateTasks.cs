using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>A candidate of a de-duplication task as people compare them.</summary>
public sealed record CiDuplicateCandidate(string Number, string Name, IReadOnlyDictionary<string, string?> Attributes);

public sealed record CiDuplicateTaskView(
    long Id, string Class, string ClassName, string Name, IReadOnlyDictionary<string, string?> Attributes, string Source, string SourceName, string MatchedBy,
    IReadOnlyList<CiDuplicateCandidate> Candidates, CiDuplicateTaskState State, string CreatedBy, DateTime CreatedAt, string? ResolvedBy, DateTime? ResolvedAt,
    string? ResultNumber);

/// <summary>How a person resolves a task: the candidate the row is (<see cref="MergeInto"/>), or a new CI (<see cref="CreateNew"/>).</summary>
public sealed record CiDuplicateResolution(string? MergeInto, bool? CreateNew);

/// <summary>The task is resolved already; the API answers 409.</summary>
public sealed class CiDuplicateTaskResolvedException(long id, CiDuplicateTaskState state)
    : RecordConflictException($"De-duplication task {id} is resolved already ({state}).");

/// <summary>
/// De-duplication tasks: listed (open first, oldest first) with their candidates, and resolved by a person. Either
/// way the row goes through the same reconciliation as an import (source priorities and all), only identification
/// is the person's choice.
/// </summary>
public sealed class CiDuplicateTasks(ItsmDbContext db, CiReconciler reconciler, RecordHistory history)
{
    public async Task<Page<CiDuplicateTaskView>> ListAsync(CiDuplicateTaskState? state, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.CiDuplicateTasks.AsNoTracking().Where(t => state == null || t.State == state);
        var total = await query.CountAsync(cancellationToken);
        var tasks = await query.OrderBy(t => t.State == CiDuplicateTaskState.Open ? 0 : 1).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<CiDuplicateTaskView>(await ViewsAsync(tasks, cancellationToken), total, page, pageSize);
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task<CiDuplicateTaskView> GetAsync(long id, CancellationToken cancellationToken)
    {
        var task = await db.CiDuplicateTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
            ?? throw new RecordNotFoundException($"No de-duplication task {id}.");
        return (await ViewsAsync([task], cancellationToken))[0];
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">Neither or both choices; a CI that is not a candidate; the row no longer valid.</exception>
    /// <exception cref="CiDuplicateTaskResolvedException"/>
    public async Task<CiDuplicateTaskView> ResolveAsync(long id, CiDuplicateResolution resolution, string by, CancellationToken cancellationToken)
    {
        var task = await db.CiDuplicateTasks.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new RecordNotFoundException($"No de-duplication task {id}.");
        if (task.State != CiDuplicateTaskState.Open)
        {
            throw new CiDuplicateTaskResolvedException(id, task.State);
        }

        var errors = new FieldErrors();
        var createNew = resolution.CreateNew == true;
        var mergeInto = RecordText.TrimmedOrNull(resolution.MergeInto)?.ToUpperInvariant();
        if (createNew == (mergeInto is not null))
        {
            errors.Add("mergeInto", "Choose one: mergeInto a candidate's number, or createNew.");
        }
        else if (mergeInto is not null && !task.CandidateList.Contains(mergeInto, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("mergeInto", $"{mergeInto} is not a candidate; the candidates are {string.Join(", ", task.CandidateList)}.");
        }

        errors.ThrowIfAny("de-duplication task");
        var context = await CiReconciliationContext.LoadAsync(db, cancellationToken);
        var source = context.SourceByKey(task.Source) ?? throw new RecordValidationException("de-duplication task",
            new Dictionary<string, string[]> { ["source"] = [$"The source '{task.Source}' is no longer defined."] });
        var row = new CiImportRow
        {
            Line = 1, Class = task.ClassKey, Name = task.Name, MergeInto = mergeInto, CreateNew = createNew,
            Attributes = JsonSerializer.Deserialize<Dictionary<string, string?>>(task.AttributesJson) ?? [],
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var planned = await reconciler.PlanAsync(context, source, [row], new CiReconciler.ImportMemory(), cancellationToken);
        if (planned[0].Action == CiImportAction.Invalid)
        {
            throw new CiImportRefusedException(planned[0].ToPlan().Errors);
        }

        await reconciler.ApplyAsync(source, planned, by, cancellationToken);
        task.State = createNew ? CiDuplicateTaskState.CreatedNew : CiDuplicateTaskState.Merged;
        task.ResolvedBy = by;
        task.ResolvedAt = history.Now;
        task.ResultNumber = planned[0].Target!.Number;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return await GetAsync(id, cancellationToken);
    }

    private async Task<IReadOnlyList<CiDuplicateTaskView>> ViewsAsync(List<CiDuplicateTask> tasks, CancellationToken cancellationToken)
    {
        var numbers = tasks.SelectMany(t => t.CandidateList).Distinct().ToList();
        var cis = await db.ConfigurationItems.AsNoTracking().Where(c => numbers.Contains(c.Number)).Select(c => new { c.Id, c.Number, c.ShortDescription }).ToListAsync(cancellationToken);
        var ids = cis.Select(c => c.Id).ToList();
        var values = (await (from v in db.CiAttributeValues.AsNoTracking()
                             join a in db.CiAttributes on v.AttributeId equals a.Id
                             where ids.Contains(v.CiId) && v.Value != null
                             select new { v.CiId, a.Key, v.Value }).ToListAsync(cancellationToken)).ToLookup(v => v.CiId);
        var classes = await db.CiClasses.AsNoTracking().ToDictionaryAsync(c => c.Key, c => c.Name, cancellationToken);
        var sources = await db.CiDataSources.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Name, cancellationToken);
        return [.. tasks.Select(t => new CiDuplicateTaskView(
            t.Id, t.ClassKey, classes.GetValueOrDefault(t.ClassKey, t.ClassKey), t.Name,
            JsonSerializer.Deserialize<Dictionary<string, string?>>(t.AttributesJson) ?? [], t.Source, sources.GetValueOrDefault(t.Source, t.Source), t.MatchedBy,
            [.. t.CandidateList.Select(n => cis.FirstOrDefault(c => c.Number == n) is { } ci
                ? new CiDuplicateCandidate(n, ci.ShortDescription, values[ci.Id].ToDictionary(v => v.Key, v => (string?)v.Value))
                : new CiDuplicateCandidate(n, "(no longer there)", new Dictionary<string, string?>()))],
            t.State, t.CreatedBy, t.CreatedAt, t.ResolvedBy, t.ResolvedAt, t.ResultNumber))];
    }
}
