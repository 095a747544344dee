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
/// Human record numbers (INC0001001, PRB0001001...) that stay unique with several hosts on one database: the
/// increment is one UPDATE, which the database serializes per row, so two hosts never read the same value.
/// Called inside the transaction that stores the record, a failed save gives its number back.
/// </summary>
public sealed class RecordNumbers(ItsmDbContext db)
{
    public const string Incident = "INC";
    public const string Problem = "PRB";
    public const long FirstValue = 1001;

    internal static readonly string[] Prefixes = [Incident, Problem, "CHG", "REL", "REQ", "RITM"];

    public async Task<string> NextAsync(string prefix, CancellationToken cancellationToken)
    {
        var updated = await db.RecordSequences.Where(s => s.Prefix == prefix)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastValue, r => r.LastValue + 1), cancellationToken);
        if (updated != 1)
        {
            throw new InvalidOperationException($"There is no number sequence '{prefix}'.");
        }

        var value = await db.RecordSequences.Where(s => s.Prefix == prefix).Select(s => s.LastValue).SingleAsync(cancellationToken);
        return Format(prefix, value);
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
