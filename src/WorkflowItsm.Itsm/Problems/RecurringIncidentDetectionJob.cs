using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Problems;

/// <summary>Settings of recurring-incident detection (section Problems).</summary>
public sealed class ProblemDetectionOptions
{
    /// <summary>How many incidents on one configuration item (or, without one, one category) make a proposal.</summary>
    public int Threshold { get; set; } = 3;

    /// <summary>How far back incidents count (by when they were opened).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Proposes problems for recurring incidents (a recurring job, hourly): incidents opened within the window, not cancelled,
/// not linked to an open problem and never proposed before, grouped by configuration item (or, without one, by
/// category); a group of at least the threshold becomes an open proposal. Later incidents of a group that has an
/// open proposal join it. Running again finds nothing new, so it is safe to run any time and on several hosts (an
/// incident belongs to one proposal at most: a unique index turns a race into a retry that finds it taken).
/// </summary>
public sealed partial class RecurringIncidentDetectionJob(ItsmDbContext db, ProblemDetectionOptions options, TimeProvider time, ILogger<RecurringIncidentDetectionJob> logger)
{
    public const string RecurringJobId = "recurring-incident-detection";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var from = now - options.Window;
        var threshold = Math.Max(1, options.Threshold);
        var withOpenProblem = ProblemService.IncidentsWithOpenProblem(db);
        var candidates = await db.Incidents.AsNoTracking()
            .Where(i => i.OpenedAt >= from && i.OpenedAt <= now && i.State != IncidentState.Cancelled)
            .Where(i => i.ConfigurationItem != null || i.Category != null)
            .Where(i => !withOpenProblem.Contains(i.Number))
            .Where(i => !db.ProblemProposalIncidents.Any(p => p.IncidentId == i.Id))
            .OrderBy(i => i.OpenedAt).ThenBy(i => i.Id)
            .Select(i => new { i.Id, i.ConfigurationItem, i.Category })
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return;
        }

        var open = await db.ProblemProposals.Where(p => p.Status == ProblemProposalStatus.Open).ToListAsync(cancellationToken);
        var groups = candidates.GroupBy(
            i => i.ConfigurationItem is { } item ? (ProblemProposalBasis.ConfigurationItem, item) : (ProblemProposalBasis.Category, i.Category!),
            KeyComparer.Instance);
        var created = 0;
        foreach (var group in groups)
        {
            var (basis, key) = group.Key;
            var proposal = open.FirstOrDefault(p => p.Basis == basis && string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
            if (proposal is not null)
            {
                proposal.WindowEnd = now;
            }
            else if (group.Count() >= threshold)
            {
                proposal = new ProblemProposal
                {
                    Id = Guid.NewGuid(),
                    Basis = basis,
                    Key = key,
                    WindowStart = from,
                    WindowEnd = now,
                    Status = ProblemProposalStatus.Open,
                    DetectedAt = now,
                };
                db.ProblemProposals.Add(proposal);
                created++;
            }
            else
            {
                continue;
            }

            db.ProblemProposalIncidents.AddRange(group.Select(i => new ProblemProposalIncident { ProposalId = proposal.Id, IncidentId = i.Id }));
        }

        await db.SaveChangesAsync(cancellationToken);
        if (created > 0)
        {
            LogProposed(logger, created, threshold, options.Window);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Proposed {Count} problem(s) for recurring incidents ({Threshold} or more within {Window})")]
    private static partial void LogProposed(ILogger logger, int count, int threshold, TimeSpan window);

    // Configuration items and categories are keys people type: "VPN-GW" and "vpn-gw" are one.
    private sealed class KeyComparer : IEqualityComparer<(ProblemProposalBasis Basis, string Key)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((ProblemProposalBasis Basis, string Key) x, (ProblemProposalBasis Basis, string Key) y) =>
            x.Basis == y.Basis && string.Equals(x.Key, y.Key, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((ProblemProposalBasis Basis, string Key) obj) => HashCode.Combine(obj.Basis, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Key));
    }
}
