using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

/// <summary>The last number given to records of one kind (INC, PRB...).</summary>
public sealed class RecordSequence
{
    public required string Prefix { get; set; }
    public long LastValue { get; set; }
}

/// <summary>
/// Human record numbers (INC0001001, PRB0001001...) that stay unique with several hosts on one database: one
/// statement increments the sequence and returns the new value, which the database serializes per row, so two
/// callers never get the same value. Called inside a trigger's or a save's transaction, a failed save gives its
/// number back; called outside one, a failed save skips a number (as in every ITSM tool), never gives it twice.
/// </summary>
public sealed class RecordNumbers(ItsmDbContext db)
{
    public const string Incident = "INC";
    public const string Problem = "PRB";
    public const string ConfigurationItem = "CI";
    public const string Asset = "AST";
    public const string Change = "CHG";
    public const string ChangeFreeze = "FRZ";
    public const string Release = "REL";
    public const string Request = "REQ";
    public const string RequestedItem = "RITM";
    public const string BusinessImpactAnalysis = "BIA";
    public const long FirstValue = 1001;

    internal static readonly string[] Prefixes = [Incident, Problem, Change, ChangeFreeze, Release, Request, RequestedItem, ConfigurationItem, Asset, BusinessImpactAnalysis];

    // SQL Server returns the updated row with OUTPUT; SQLite (3.35+) and PostgreSQL with RETURNING. The provider's
    // name is EF Core's, so the domain still references no provider package.
    private const string SqlServerProvider = "Microsoft.EntityFrameworkCore.SqlServer";

    public async Task<string> NextAsync(string prefix, CancellationToken cancellationToken)
    {
        var sql = db.Database.ProviderName == SqlServerProvider
            ? "UPDATE [RecordSequences] SET [LastValue] = [LastValue] + 1 OUTPUT INSERTED.[LastValue] AS [Value] WHERE [Prefix] = {0}"
            : "UPDATE \"RecordSequences\" SET \"LastValue\" = \"LastValue\" + 1 WHERE \"Prefix\" = {0} RETURNING \"LastValue\" AS \"Value\"";
        var values = await db.Database.SqlQueryRaw<long>(sql, prefix).ToListAsync(cancellationToken);
        if (values.Count != 1)
        {
            throw new InvalidOperationException($"There is no number sequence '{prefix}'.");
        }

        return Format(prefix, values[0]);
    }

    /// <summary>
    /// <paramref name="count"/> consecutive numbers taken in one statement (an import numbering a batch of new
    /// records asks once, not once per record).
    /// </summary>
    public async Task<IReadOnlyList<string>> NextRangeAsync(string prefix, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var sql = db.Database.ProviderName == SqlServerProvider
            ? "UPDATE [RecordSequences] SET [LastValue] = [LastValue] + {1} OUTPUT INSERTED.[LastValue] AS [Value] WHERE [Prefix] = {0}"
            : "UPDATE \"RecordSequences\" SET \"LastValue\" = \"LastValue\" + {1} WHERE \"Prefix\" = {0} RETURNING \"LastValue\" AS \"Value\"";
        var values = await db.Database.SqlQueryRaw<long>(sql, prefix, (long)count).ToListAsync(cancellationToken);
        if (values.Count != 1)
        {
            throw new InvalidOperationException($"There is no number sequence '{prefix}'.");
        }

        return [.. Enumerable.Range(0, count).Select(i => Format(prefix, values[0] - count + 1 + i))];
    }

    public static string Format(string prefix, long value) => prefix + value.ToString("D7", CultureInfo.InvariantCulture);
}

internal sealed class RecordSequenceConfiguration : IEntityTypeConfiguration<RecordSequence>
{
    public void Configure(EntityTypeBuilder<RecordSequence> builder)
    {
        builder.ToTable("RecordSequences");
        builder.HasKey(s => s.Prefix);
        builder.Property(s => s.Prefix).HasMaxLength(10);
        // The first ExecuteUpdate makes it FirstValue.
        builder.HasData(RecordNumbers.Prefixes.Select(p => new RecordSequence { Prefix = p, LastValue = RecordNumbers.FirstValue - 1 }));
    }
}
