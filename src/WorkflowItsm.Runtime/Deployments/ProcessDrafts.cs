using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>A draft as the designer sees it.</summary>
public sealed record ProcessDraft(string Key, string Xml, int Revision, string? UpdatedBy, DateTimeOffset UpdatedAt, int? PublishedVersion);

/// <summary>The draft changed since the caller read it (another owner saved or published it); nothing was stored.</summary>
public sealed class DraftConflictException(string message, int? currentRevision) : Exception(message)
{
    /// <summary>The stored revision, or null when the draft no longer exists.</summary>
    public int? CurrentRevision { get; } = currentRevision;
}

/// <summary>A field of the request is wrong (<see cref="Field"/> names it); nothing was stored.</summary>
public sealed class DraftRejectedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Process owners' drafts: save in any state with optimistic concurrency, check against the deployer's own
/// validation (so the designer shows exactly what a deployment would refuse), publish as the next version.
/// </summary>
public sealed partial class ProcessDrafts(WorkflowDbContext db, ProcessDeployer deployer, TimeProvider time)
{
    /// <summary>The largest draft accepted, in characters (as large as a deployment file).</summary>
    public const int MaxXmlLength = 5 * 1024 * 1024;

    public async Task<ProcessDraft?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var draft = await db.ProcessDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.Key == key, cancellationToken);
        return draft is null ? null : ToDraft(draft);
    }

    /// <summary>
    /// Stores <paramref name="xml"/> as the draft of <paramref name="key"/>. <paramref name="expectedRevision"/> is the
    /// revision the caller edited (null or 0 to create a draft).
    /// </summary>
    /// <exception cref="DraftConflictException">The stored draft is at another revision.</exception>
    /// <exception cref="DraftRejectedException">The key or XML is not acceptable.</exception>
    public async Task<ProcessDraft> SaveAsync(string key, string xml, int? expectedRevision, string? savedBy, CancellationToken cancellationToken)
    {
        EnsureValidKey(key);
        if (string.IsNullOrWhiteSpace(xml))
        {
            throw new DraftRejectedException("xml", "The draft is empty.");
        }

        if (xml.Length > MaxXmlLength)
        {
            throw new DraftRejectedException("xml", $"The draft is {xml.Length:N0} characters; the limit is {MaxXmlLength:N0}.");
        }

        var draft = await db.ProcessDrafts.FirstOrDefaultAsync(d => d.Key == key, cancellationToken);
        var expected = expectedRevision ?? 0;
        if ((draft?.Revision ?? 0) != expected)
        {
            throw Conflict(key, draft);
        }

        if (draft is null)
        {
            draft = new ProcessDraftRecord { Key = key, Xml = xml };
            db.Add(draft);
        }

        draft.Xml = xml;
        draft.Revision = expected + 1;
        draft.UpdatedBy = savedBy;
        draft.UpdatedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another owner saved between our read and our write (revision changed, or created the same key first).
            db.ChangeTracker.Clear();
            throw Conflict(key, await db.ProcessDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.Key == key, cancellationToken));
        }

        return ToDraft(draft);
    }

    /// <summary>Every problem publishing <paramref name="xml"/> as <paramref name="key"/> would meet (errors and warnings).</summary>
    public IReadOnlyList<DeploymentProblem> Check(string key, string xml)
    {
        var problems = deployer.Check([new BpmnFile($"{key}.bpmn", xml)]).ToList();
        if (problems.Any(p => p.IsError))
        {
            return problems;
        }

        var processIds = new BpmnParser().Parse(xml).Definitions?.Processes.Where(p => p.IsExecutable).Select(p => p.Id).ToList() ?? [];
        if (!processIds.Contains(key, StringComparer.Ordinal))
        {
            problems.Add(new DeploymentProblem($"{key}.bpmn", processIds.FirstOrDefault(), "DRAFT001",
                $"The process id must stay '{key}' (the key this draft publishes under); it is '{string.Join("', '", processIds)}'.", IsError: true));
        }

        return problems;
    }

    /// <summary>Publishes the draft as the next version of its key, with <paramref name="comment"/>.</summary>
    /// <exception cref="RuntimeNotFoundException">There is no draft of that key.</exception>
    /// <exception cref="DraftConflictException">The draft changed since <paramref name="expectedRevision"/>.</exception>
    /// <exception cref="DeploymentRejectedException">The draft has errors; nothing was published.</exception>
    public async Task<DeployedProcess> PublishAsync(string key, int expectedRevision, string? comment, string? publishedBy, CancellationToken cancellationToken)
    {
        var draft = await db.ProcessDrafts.FirstOrDefaultAsync(d => d.Key == key, cancellationToken)
            ?? throw new Instances.RuntimeNotFoundException($"There is no draft of process '{key}'.");
        if (draft.Revision != expectedRevision)
        {
            throw Conflict(key, draft);
        }

        var problems = Check(key, draft.Xml);
        if (problems.Any(p => p.IsError))
        {
            throw new DeploymentRejectedException(problems);
        }

        var deployed = (await deployer.DeployAsync([new BpmnFile($"{key}.bpmn", draft.Xml)], publishedBy, comment, cancellationToken))
            .Single(d => d.Key == key);
        draft.PublishedVersion = deployed.Version;
        await db.SaveChangesAsync(cancellationToken);
        return deployed;
    }

    /// <summary>Whether <paramref name="key"/> can name a process (and so a draft).</summary>
    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    private static void EnsureValidKey(string key)
    {
        if (!IsValidKey(key))
        {
            throw new DraftRejectedException("key",
                $"'{key}' is not a process key: start with a letter or '_', then letters, digits, '-', '_' or '.', at most 200 characters.");
        }
    }

    private static DraftConflictException Conflict(string key, ProcessDraftRecord? current) => new(current is null
        ? $"The draft of '{key}' was removed or never saved; reload it before saving."
        : $"The draft of '{key}' was changed by {current.UpdatedBy ?? "someone"} at {current.UpdatedAt:u} (revision {current.Revision}); reload it to see their changes, yours were not saved.",
        current?.Revision);

    private static ProcessDraft ToDraft(ProcessDraftRecord draft) =>
        new(draft.Key, draft.Xml, draft.Revision, draft.UpdatedBy, new DateTimeOffset(draft.UpdatedAt, TimeSpan.Zero), draft.PublishedVersion);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]{0,199}$")]
    private static partial Regex KeyPattern();
}
