using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

/// <summary>One cell of the impact × urgency → priority matrix.</summary>
public sealed class PriorityMatrixCell
{
    public int Impact { get; set; }
    public int Urgency { get; set; }
    public int Priority { get; set; }
}

/// <summary>
/// Priority from impact and urgency (each 1 high to 3 low) through a matrix admins may change; the default is
/// the usual ITIL table (1/1 critical … 3/3 planning).
/// </summary>
public sealed class PriorityMatrix(ItsmDbContext db)
{
    public const int Levels = 3;
    public const int LowestPriority = 5;

    public static int DefaultPriority(int impact, int urgency) => Math.Min(LowestPriority, impact + urgency - 1);

    public static bool IsLevel(int value) => value is >= 1 and <= Levels;

    public async Task<IReadOnlyList<PriorityMatrixCell>> GetAsync(CancellationToken cancellationToken) =>
        await db.PriorityMatrix.AsNoTracking().OrderBy(c => c.Impact).ThenBy(c => c.Urgency).ToListAsync(cancellationToken);

    public async Task<int> PriorityOfAsync(int impact, int urgency, CancellationToken cancellationToken) =>
        await db.PriorityMatrix.AsNoTracking().Where(c => c.Impact == impact && c.Urgency == urgency).Select(c => (int?)c.Priority)
            .FirstOrDefaultAsync(cancellationToken) ?? DefaultPriority(impact, urgency);

    /// <summary>Replaces the matrix; every impact/urgency pair must be given once, with a priority from 1 to 5.</summary>
    /// <returns>The problems; empty when saved.</returns>
    public async Task<IReadOnlyList<string>> SetAsync(IReadOnlyCollection<PriorityMatrixCell> cells, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        for (var impact = 1; impact <= Levels; impact++)
        {
            for (var urgency = 1; urgency <= Levels; urgency++)
            {
                var count = cells.Count(c => c.Impact == impact && c.Urgency == urgency);
                if (count != 1)
                {
                    problems.Add($"Give impact {impact} × urgency {urgency} exactly once (given {count} times).");
                }
            }
        }

        problems.AddRange(cells.Where(c => !IsLevel(c.Impact) || !IsLevel(c.Urgency)).Select(c => $"Impact and urgency run from 1 to {Levels} (got {c.Impact} × {c.Urgency})."));
        problems.AddRange(cells.Where(c => c.Priority is < 1 or > LowestPriority).Select(c => $"Priority runs from 1 to {LowestPriority} (got {c.Priority} for {c.Impact} × {c.Urgency})."));
        if (problems.Count > 0)
        {
            return problems;
        }

        var stored = await db.PriorityMatrix.ToListAsync(cancellationToken);
        foreach (var cell in cells)
        {
            var row = stored.FirstOrDefault(s => s.Impact == cell.Impact && s.Urgency == cell.Urgency);
            if (row is null)
            {
                db.PriorityMatrix.Add(new PriorityMatrixCell { Impact = cell.Impact, Urgency = cell.Urgency, Priority = cell.Priority });
            }
            else
            {
                row.Priority = cell.Priority;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}

internal sealed class PriorityMatrixCellConfiguration : IEntityTypeConfiguration<PriorityMatrixCell>
{
    public void Configure(EntityTypeBuilder<PriorityMatrixCell> builder)
    {
        builder.ToTable("PriorityMatrix");
        builder.HasKey(c => new { c.Impact, c.Urgency });
        builder.HasData(
            from impact in Enumerable.Range(1, PriorityMatrix.Levels)
            from urgency in Enumerable.Range(1, PriorityMatrix.Levels)
            select new PriorityMatrixCell { Impact = impact, Urgency = urgency, Priority = PriorityMatrix.DefaultPriority(impact, urgency) });
    }
}
