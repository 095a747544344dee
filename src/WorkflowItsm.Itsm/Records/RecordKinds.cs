using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// One kind of record as the kernel knows it: the prefix of its numbers (INC), its name in words ("incident") and
/// how to find one by number. Each practice's module registers its kinds; the kernel then finds, audits, links and
/// attaches files to any record by its number alone.
/// </summary>
public sealed class RecordKind
{
    private RecordKind(string prefix, string name, Type type, Func<ItsmDbContext, string, CancellationToken, Task<Record?>> find,
        Func<ItsmDbContext, string, CancellationToken, Task<bool>> exists)
    {
        Prefix = prefix;
        Name = name;
        Type = type;
        Find = find;
        Exists = exists;
    }

    public string Prefix { get; }

    /// <summary>In words, lower case: "incident", "problem".</summary>
    public string Name { get; }

    public Type Type { get; }

    /// <summary>The tracked record with the number, or null.</summary>
    internal Func<ItsmDbContext, string, CancellationToken, Task<Record?>> Find { get; }

    /// <summary>Whether a record has the number, without reading it.</summary>
    internal Func<ItsmDbContext, string, CancellationToken, Task<bool>> Exists { get; }

    public static RecordKind Of<TRecord>(string prefix, string name)
        where TRecord : Record =>
        new(prefix, name, typeof(TRecord), async (db, number, cancellationToken) =>
            db.Set<TRecord>().Local.FirstOrDefault(r => r.Number == number)
            ?? await db.Set<TRecord>().FirstOrDefaultAsync(r => r.Number == number, cancellationToken),
            (db, number, cancellationToken) => db.Set<TRecord>().AnyAsync(r => r.Number == number, cancellationToken));
}

/// <summary>The kinds of record the modules registered, by number prefix and by type.</summary>
public sealed class RecordKinds(IEnumerable<RecordKind> kinds)
{
    private readonly IReadOnlyList<RecordKind> all = [.. kinds];

    public IReadOnlyList<RecordKind> All => all;

    /// <summary>The kind a number belongs to (by its prefix), or null for a number of no registered kind.</summary>
    public RecordKind? OfNumber(string number) =>
        all.Where(k => number.StartsWith(k.Prefix, StringComparison.Ordinal)).MaxBy(k => k.Prefix.Length);

    public RecordKind Of<TRecord>()
        where TRecord : Record =>
        all.FirstOrDefault(k => k.Type == typeof(TRecord)) ?? throw new InvalidOperationException($"No record kind is registered for {typeof(TRecord).Name}.");
}
