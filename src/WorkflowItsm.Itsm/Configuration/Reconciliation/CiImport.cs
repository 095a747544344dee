using System.Runtime.CompilerServices;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>
/// Imports CIs from a data source (a JSON batch or a CSV file: header <c>class,name,</c> then attribute keys).
/// <see cref="PlanAsync"/> is the dry run: every row planned, nothing written. <see cref="CommitAsync"/> plans the
/// whole import first and refuses it (nothing written) when any row is invalid; then it plans and applies it again
/// batch by batch, <see cref="BatchSize"/> rows per transaction, each batch whole or not at all. The rows are read
/// as a stream twice (<paramref name="rows"/> opens them), and the unit of work is cleared after each batch, so
/// memory does not grow with the file.
/// </summary>
public sealed class CiImport(ItsmDbContext db, CiReconciler reconciler)
{
    public const int BatchSize = 500;
    public const int MaxDetails = 1000;
    public const string ClassColumn = "class";
    public const string NameColumn = "name";

    public Task<CiImportPlan> PlanAsync(string? source, Func<IAsyncEnumerable<CiImportRow>> rows, CancellationToken cancellationToken) =>
        RunAsync(source, rows, null, cancellationToken);

    /// <exception cref="CiImportRefusedException">An invalid row or source: nothing was written.</exception>
    public Task<CiImportPlan> CommitAsync(string? source, Func<IAsyncEnumerable<CiImportRow>> rows, string by, CancellationToken cancellationToken) =>
        RunAsync(source, rows, by, cancellationToken);

    private async Task<CiImportPlan> RunAsync(string? sourceKey, Func<IAsyncEnumerable<CiImportRow>> rows, string? committedBy, CancellationToken cancellationToken)
    {
        var context = await CiReconciliationContext.LoadAsync(db, cancellationToken);
        var source = context.SourceByKey(sourceKey) ?? throw new CiImportRefusedException([new CiImportError(0, "source", string.IsNullOrWhiteSpace(sourceKey)
            ? $"Name the source: {string.Join(", ", context.Sources.Select(s => s.Key))}."
            : $"There is no source '{sourceKey}'; the sources are {string.Join(", ", context.Sources.Select(s => s.Key))}.")]);
        var plan = new Tally(source.Key);
        var memory = new CiReconciler.ImportMemory();
        await foreach (var batch in BatchesAsync(rows(), cancellationToken))
        {
            plan.Add(await reconciler.PlanAsync(context, source, batch, memory, cancellationToken));
            db.ChangeTracker.Clear();
        }

        if (committedBy is null)
        {
            return plan.ToPlan(committed: false);
        }

        if (plan.Invalid > 0 || plan.Rows == 0)
        {
            throw new CiImportRefusedException(plan.Rows == 0 ? [new CiImportError(0, "rows", "The import has no rows.")] : plan.Errors);
        }

        var done = new Tally(source.Key);
        memory = new CiReconciler.ImportMemory();
        await foreach (var batch in BatchesAsync(rows(), cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var planned = await reconciler.PlanAsync(context, source, batch, memory, cancellationToken);
            if (planned.Any(p => p.Action == CiImportAction.Invalid))
            {
                // The data changed since the whole import was checked (a referenced CI was deleted): this batch stops.
                throw new CiImportRefusedException([.. planned.SelectMany(p => p.ToPlan().Errors)]);
            }

            await reconciler.ApplyAsync(source, planned, committedBy, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            done.Add(planned);
            db.ChangeTracker.Clear();
        }

        return done.ToPlan(committed: true);
    }

    private static async IAsyncEnumerable<List<CiImportRow>> BatchesAsync(IAsyncEnumerable<CiImportRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<CiImportRow>(BatchSize);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                yield return batch;
                batch = new List<CiImportRow>(BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>The rows of a JSON batch, numbered from 1 when they carry no line.</summary>
    public static async IAsyncEnumerable<CiImportRow> Numbered(IEnumerable<CiImportRow> rows)
    {
        var line = 0;
        foreach (var row in rows)
        {
            line++;
            yield return row.Line > 0 ? row : row with { Line = line };
        }

        await Task.CompletedTask;
    }

    /// <summary>
    /// The rows of a CSV file: a header <c>class,name,</c> then attribute keys (any case), one CI per line; an empty
    /// cell is an empty value, which clears a stored one only when the source is set to clear.
    /// </summary>
    /// <exception cref="CiImportRefusedException">The header lacks class or name, or names a column twice.</exception>
    public static async IAsyncEnumerable<CiImportRow> ReadCsvAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string>? header = null;
        int classIndex = -1, nameIndex = -1;
        await foreach (var row in CsvRows.ReadAsync(reader, cancellationToken))
        {
            if (header is null)
            {
                header = [.. row.Fields.Select(f => f.Trim())];
                classIndex = IndexOf(header, ClassColumn);
                nameIndex = IndexOf(header, NameColumn);
                var errors = new List<CiImportError>();
                if (classIndex < 0 || nameIndex < 0)
                {
                    errors.Add(new CiImportError(row.Line, "header", "The header names the columns: class, name, then attribute keys."));
                }

                errors.AddRange(header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                    .Select(g => new CiImportError(row.Line, "header", $"The column '{g.Key}' is named twice.")));
                errors.AddRange(header.Where(h => h.Length == 0).Take(1).Select(_ => new CiImportError(row.Line, "header", "A column has no name.")));
                if (errors.Count > 0)
                {
                    throw new CiImportRefusedException(errors);
                }

                continue;
            }

            if (row.Fields.Count != header.Count)
            {
                yield return new CiImportRow { Line = row.Line, FormatError = $"The line has {row.Fields.Count} fields; the header has {header.Count}." };
                continue;
            }

            var attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Count; i++)
            {
                if (i != classIndex && i != nameIndex)
                {
                    attributes[header[i]] = string.IsNullOrWhiteSpace(row.Fields[i]) ? null : row.Fields[i];
                }
            }

            yield return new CiImportRow { Line = row.Line, Class = row.Fields[classIndex], Name = row.Fields[nameIndex], Attributes = attributes };
        }
    }

    private static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Tally(string source)
    {
        private readonly List<CiImportRowPlan> details = [];
        private bool truncated;

        public List<CiImportError> Errors { get; } = [];
        public int Rows { get; private set; }
        public int Invalid { get; private set; }
        private int Inserts { get; set; }
        private int Updates { get; set; }
        private int Unchanged { get; set; }
        private int Ambiguous { get; set; }

        public void Add(IReadOnlyList<CiReconciler.PlannedRow> planned)
        {
            foreach (var row in planned)
            {
                Rows++;
                switch (row.Action)
                {
                    case CiImportAction.Insert: Inserts++; break;
                    case CiImportAction.Update: Updates++; break;
                    case CiImportAction.Unchanged: Unchanged++; break;
                    case CiImportAction.Ambiguous: Ambiguous++; break;
                    default: Invalid++; break;
                }

                if (details.Count < MaxDetails)
                {
                    var plan = row.ToPlan();
                    details.Add(plan);
                    if (Errors.Count < MaxDetails)
                    {
                        Errors.AddRange(plan.Errors);
                    }
                }
                else
                {
                    truncated = true;
                    if (row.Action == CiImportAction.Invalid && Errors.Count < MaxDetails)
                    {
                        Errors.AddRange(row.ToPlan().Errors);
                    }
                }
            }
        }

        public CiImportPlan ToPlan(bool committed) =>
            new(source, committed, Rows, Inserts, Updates, Unchanged, Ambiguous, Invalid, details, truncated, Errors);
    }
}
