using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace WorkflowItsm.Runtime.Persistence;

/// <summary>
/// Multi-row statements written by hand through EF Core (its logging and interceptors see them, on the context's open
/// transaction), for the trigger's rows that EF Core would send one statement each (journal lines, bookmarks).
/// </summary>
internal static class RowBatch
{
    public static string Table(IEntityType entity, ISqlGenerationHelper sql) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());

    /// <summary>
    /// Inserts <paramref name="rows"/> with <paramref name="rowsPerStatement"/> rows a statement; with
    /// <paramref name="statementPerRow"/> each row is a statement of its own in one command.
    /// </summary>
    public static async Task InsertAsync(DbContext db, IEntityType entity, IReadOnlyList<IProperty> properties, IEnumerable<object> rows,
        int rowsPerStatement, string parameterPrefix, bool statementPerRow, CancellationToken cancellationToken)
    {
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        await ExecuteAsync(db, InsertStatements(db, factory, entity, properties, rows, rowsPerStatement, parameterPrefix, statementPerRow), cancellationToken);
    }

    /// <summary>Sends each statement as a command of its own, on the context's open transaction.</summary>
    public static async Task ExecuteAsync(DbContext db, IEnumerable<(string Text, List<DbParameter> Parameters)> statements, CancellationToken cancellationToken)
    {
        foreach (var (text, parameters) in statements)
        {
            await db.Database.ExecuteSqlRawAsync(text, parameters, cancellationToken);
        }
    }

    /// <summary>
    /// <c>DELETE FROM</c> the entity's table <c>WHERE</c> <paramref name="key"/> <c>IN</c> one parameter per value (named
    /// <c>d0</c>, <c>d1</c>…), for the caller to add its own condition or <c>RETURNING</c> to.
    /// </summary>
    public static (StringBuilder Text, List<DbParameter> Parameters) DeleteWhereIn(DbContext db, DbCommand factory, IEntityType entity, IProperty key, IEnumerable<object> keys)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var mapping = key.GetRelationalTypeMapping();
        var parameters = keys.Select((value, index) => mapping.CreateParameter(factory, $"d{index}", value, nullable: false)).ToList();
        var text = new StringBuilder()
            .Append("DELETE FROM ").Append(Table(entity, sql)).Append(" WHERE ").Append(sql.DelimitIdentifier(key.GetColumnName())).Append(" IN (")
            .AppendJoin(", ", parameters.Select(p => sql.GenerateParameterNamePlaceholder(p.ParameterName)))
            .Append(')');
        return (text, parameters);
    }

    /// <summary>The statements <see cref="InsertAsync"/> sends, one per <paramref name="rowsPerStatement"/> rows, for a caller that sends them with others.</summary>
    public static IEnumerable<(string Text, List<DbParameter> Parameters)> InsertStatements(DbContext db, DbCommand factory, IEntityType entity,
        IReadOnlyList<IProperty> properties, IEnumerable<object> rows, int rowsPerStatement, string parameterPrefix, bool statementPerRow)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var insert = $"INSERT INTO {Table(entity, sql)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName())))}) VALUES (";
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            var text = new StringBuilder();
            var parameters = new List<DbParameter>(chunk.Length * properties.Count);
            for (var row = 0; row < chunk.Length; row++)
            {
                text.Append(row == 0 || statementPerRow ? insert : ", (");
                for (var column = 0; column < properties.Count; column++)
                {
                    var name = $"{parameterPrefix}{row}_{column}";
                    text.Append(column == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                    parameters.Add(Parameter(factory, properties[column], name, chunk[row]));
                }

                text.Append(statementPerRow ? ");\n" : ")");
            }

            yield return (text.ToString(), parameters);
        }
    }

    /// <summary>
    /// A parameter as EF Core would bind the property: the property's type mapping makes it and applies its value
    /// converter (e.g. UTC times on SQLite) itself.
    /// </summary>
    public static DbParameter Parameter(DbCommand command, IProperty property, string name, object row) =>
        property.GetRelationalTypeMapping().CreateParameter(command, name, property.GetGetter().GetClrValue(row), property.IsNullable);
}
