using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Journal;

/// <summary>
/// Writes the journal lines a trigger added as one statement per <see cref="RowsPerStatement"/> lines, inside the
/// trigger's open transaction, instead of EF Core's one INSERT … RETURNING per line (a lifecycle writes about twenty;
/// on SQLite each was a statement of its own). The lines are then detached, so the save that follows writes only
/// the instance, bookmarks and tasks; when it fails the transaction rolls the lines back with everything else.
/// </summary>
internal static class JournalBatch
{
    /// <summary>Eight parameters a line: 200 lines stay under SQL Server's 2,100 parameters.</summary>
    private const int RowsPerStatement = 200;

    private static readonly string[] Columns =
    [
        nameof(JournalRecord.InstanceId), nameof(JournalRecord.At), nameof(JournalRecord.Kind), nameof(JournalRecord.ElementId),
        nameof(JournalRecord.TokenId), nameof(JournalRecord.ScopeId), nameof(JournalRecord.UserId), nameof(JournalRecord.Detail),
    ];

    /// <summary>
    /// Inserts and detaches the journal lines waiting in <paramref name="db"/>'s change tracker. Does nothing without an
    /// open transaction (then EF Core's save keeps them atomic with the rest).
    /// </summary>
    public static async Task WriteAddedAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            return;
        }

        var added = db.ChangeTracker.Entries<JournalRecord>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(JournalRecord))!;
        var properties = Columns.Select(c => entity.FindProperty(c)!).ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var columnList = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName())));
        // SQL Server does not promise identity values in the order of a multi-row VALUES list; separate statements in one command do.
        var rowPerStatement = db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;

        // Parameters are made by EF Core's own type mappings; the statement runs through EF Core (its logging and
        // interceptors see it) on the trigger's transaction.
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        foreach (var chunk in added.Chunk(RowsPerStatement))
        {
            var text = new StringBuilder();
            var parameters = new List<DbParameter>(chunk.Length * properties.Length);
            for (var row = 0; row < chunk.Length; row++)
            {
                text.Append(row == 0 || rowPerStatement ? $"INSERT INTO {table} ({columnList}) VALUES (" : ", (");
                for (var column = 0; column < properties.Length; column++)
                {
                    var name = $"j{row}_{column}";
                    text.Append(column == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                    parameters.Add(Parameter(factory, properties[column], name, chunk[row].Entity));
                }

                text.Append(rowPerStatement ? ");\n" : ")");
            }

            await db.Database.ExecuteSqlRawAsync(text.ToString(), parameters, cancellationToken);
        }

        foreach (var entry in added)
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// A parameter as EF Core would bind the property: the property's type mapping makes it and applies its value
    /// converter (e.g. UTC times on SQLite) itself. Also used by <see cref="Instances.BookmarkBatch"/>.
    /// </summary>
    internal static DbParameter Parameter(DbCommand command, IProperty property, string name, object row) =>
        property.GetRelationalTypeMapping().CreateParameter(command, name, property.GetGetter().GetClrValue(row), property.IsNullable);
}
