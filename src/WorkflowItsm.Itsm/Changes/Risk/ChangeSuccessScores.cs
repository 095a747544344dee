using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Risk;

/// <summary>
/// The success score of each assignment group's changes (<see cref="ChangeGroupSuccessScore"/>) and the lookup of
/// impact × score into a risk. A group is given the benefit of the doubt of <see cref="AssumedSuccesses"/> successful
/// changes, so its first failure lowers it one band (to fair), not straight to poor.
/// </summary>
public sealed class ChangeSuccessScores(ItsmDbContext db, RecordHistory history)
{
    public const int Perfect = 100;
    public const int AssumedSuccesses = 4;

    /// <summary>At least this is a good score; below <see cref="Fair"/> it is poor.</summary>
    public const int Good = 90;
    public const int Fair = 60;

    /// <summary>The risk by impact (rows 1 high … 3 low) and band (good, fair, poor): each band worse is one level higher.</summary>
    private static readonly ChangeRisk[,] Table =
    {
        { ChangeRisk.Moderate, ChangeRisk.High, ChangeRisk.VeryHigh },
        { ChangeRisk.Low, ChangeRisk.Moderate, ChangeRisk.High },
        { ChangeRisk.Low, ChangeRisk.Moderate, ChangeRisk.High },
    };

    public static ChangeRisk Lookup(int impact, int score) =>
        Table[Math.Clamp(impact, 1, 3) - 1, score >= Good ? 0 : score >= Fair ? 1 : 2];

    /// <summary>"Good", "Fair" or "Poor".</summary>
    public static string BandOf(int score) => score >= Good ? "Good" : score >= Fair ? "Fair" : "Poor";

    public async Task<int> ScoreOfAsync(string group, CancellationToken cancellationToken) =>
        db.ChangeGroupSuccessScores.Local.FirstOrDefault(s => s.AssignmentGroup == group)?.Score
        ?? await db.ChangeGroupSuccessScores.AsNoTracking().Where(s => s.AssignmentGroup == group).Select(s => (int?)s.Score).FirstOrDefaultAsync(cancellationToken)
        ?? Perfect;

    public Task<List<ChangeGroupSuccessScore>> ListAsync(CancellationToken cancellationToken) =>
        db.ChangeGroupSuccessScores.AsNoTracking().OrderBy(s => s.AssignmentGroup).ToListAsync(cancellationToken);

    /// <summary>
    /// Recomputes one group's score into the unit of work, counting <paramref name="closing"/> (a tracked change being
    /// closed, not saved yet) with its close code.
    /// </summary>
    public async Task RecomputeAsync(string group, Change? closing, CancellationToken cancellationToken)
    {
        var closingId = closing?.Id ?? -1;
        var counts = await db.Changes.AsNoTracking().Where(c => c.AssignmentGroup == group && c.State == ChangeState.Closed && c.CloseCode != null && c.Id != closingId)
            .GroupBy(c => c.CloseCode).Select(g => new { Code = g.Key!.Value, Count = g.Count() }).ToListAsync(cancellationToken);
        var tally = counts.ToDictionary(c => c.Code, c => c.Count);
        if (closing?.CloseCode is { } code)
        {
            tally[code] = tally.GetValueOrDefault(code) + 1;
        }

        var incidents = await IncidentsCausedQuery().Where(g => g == group).CountAsync(cancellationToken);
        await StoreAsync(group, tally, incidents, cancellationToken);
    }

    /// <summary>Every group's score from its closed changes and the incidents they caused: two grouped queries, whatever the number of changes.</summary>
    public async Task RecomputeAllAsync(CancellationToken cancellationToken)
    {
        var counts = await db.Changes.AsNoTracking().Where(c => c.AssignmentGroup != null && c.State == ChangeState.Closed && c.CloseCode != null)
            .GroupBy(c => new { c.AssignmentGroup, c.CloseCode }).Select(g => new { Group = g.Key.AssignmentGroup!, Code = g.Key.CloseCode!.Value, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var incidents = await IncidentsCausedQuery().GroupBy(g => g).Select(g => new { Group = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var groups = counts.Select(c => c.Group).Concat(incidents.Select(i => i.Group))
            .Concat(await db.ChangeGroupSuccessScores.Select(s => s.AssignmentGroup).ToListAsync(cancellationToken)).Distinct(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            await StoreAsync(group, counts.Where(c => c.Group == group).ToDictionary(c => c.Code, c => c.Count),
                incidents.FirstOrDefault(i => i.Group == group)?.Count ?? 0, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>For each incident linked as caused by a change that did not close unsuccessful (that failure is counted already), the change's group.</summary>
    private IQueryable<string> IncidentsCausedQuery() =>
        db.RecordLinks.AsNoTracking().Where(l => l.Kind == RecordLinkKinds.CausedBy)
            .Join(db.Changes.Where(c => c.AssignmentGroup != null && (c.CloseCode == null || c.CloseCode != ChangeCloseCode.Unsuccessful)), l => l.ToNumber, c => c.Number,
                (_, c) => c.AssignmentGroup!);

    private async Task StoreAsync(string group, IReadOnlyDictionary<ChangeCloseCode, int> tally, int incidents, CancellationToken cancellationToken)
    {
        var row = db.ChangeGroupSuccessScores.Local.FirstOrDefault(s => s.AssignmentGroup == group)
            ?? await db.ChangeGroupSuccessScores.FirstOrDefaultAsync(s => s.AssignmentGroup == group, cancellationToken);
        if (row is null)
        {
            row = new ChangeGroupSuccessScore { AssignmentGroup = group };
            db.ChangeGroupSuccessScores.Add(row);
        }

        row.Successful = tally.GetValueOrDefault(ChangeCloseCode.Successful);
        row.SuccessfulWithIssues = tally.GetValueOrDefault(ChangeCloseCode.SuccessfulWithIssues);
        row.Unsuccessful = tally.GetValueOrDefault(ChangeCloseCode.Unsuccessful);
        row.IncidentsCaused = incidents;
        var total = row.Successful + row.SuccessfulWithIssues + row.Unsuccessful + incidents + AssumedSuccesses;
        row.Score = (int)Math.Round(Perfect * (row.Successful + (row.SuccessfulWithIssues / 2.0) + AssumedSuccesses) / total, MidpointRounding.AwayFromZero);
        row.ComputedAt = history.Now;
    }
}
