using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

/// <summary>One thing wrong with an imported file: the line (1 is the header), the column's field and why.</summary>
public sealed record AssetImportError(int Line, string Field, string Reason);

/// <summary>What an import did: rows read, assets created and updated, and each invalid row's errors (those rows changed nothing).</summary>
public sealed record AssetImportReport(int Rows, int Created, int Updated, IReadOnlyList<AssetImportError> Errors);

/// <summary>The file cannot be read as an asset import at all (no header, no serialNumber column, an unknown column): nothing was imported.</summary>
public sealed class AssetImportRefusedException(IReadOnlyList<AssetImportError> errors)
    : RecordValidationException("asset import", errors.GroupBy(e => $"line {e.Line}: {e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()));

/// <summary>
/// Imports assets from CSV, one header line naming the columns (<see cref="Columns"/>, any order, any case). Each row
/// is checked and saved on its own: a valid row commits, an invalid row changes nothing and is reported by line,
/// field and reason. A row whose serial number an asset has already (in any case, also one made by an earlier row
/// of the same file) updates that asset instead of making another. The file is read as a stream, and the unit of
/// work is cleared after each row, so a large file takes no more memory than a row.
/// </summary>
public sealed class AssetImport(ItsmDbContext db, AssetService assets)
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "serialNumber", "model", "assetTag", "state", "substate", "stockroom", "assignedPerson", "location", "orderNumber", "supplier", "purchaseDate",
        "cost", "warrantyEnd", "depreciationMethod", "usefulLifeMonths", "salvageValue", "configurationItemNumber", "description",
    ];

    /// <exception cref="AssetImportRefusedException">The header is unusable.</exception>
    public async Task<AssetImportReport> ImportAsync(TextReader csv, string by, CancellationToken cancellationToken)
    {
        var models = await db.AssetModels.AsNoTracking().ToListAsync(cancellationToken);
        var stockrooms = await db.Stockrooms.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var errors = new List<AssetImportError>();
        Dictionary<string, int>? header = null;
        int rows = 0, created = 0, updated = 0;
        await foreach (var row in CsvRows.ReadAsync(csv, cancellationToken))
        {
            if (header is null)
            {
                header = ReadHeader(row);
                continue;
            }

            rows++;
            string? Value(string column) => header.TryGetValue(column, out var index) && index < row.Fields.Count && !string.IsNullOrWhiteSpace(row.Fields[index])
                ? row.Fields[index].Trim() : null;

            var rowErrors = new List<AssetImportError>();
            void Error(string field, string reason) => rowErrors.Add(new AssetImportError(row.Line, field, reason));
            if (row.Fields.Count != header.Count)
            {
                Error("line", $"The line has {row.Fields.Count} fields; the header has {header.Count}.");
                errors.AddRange(rowErrors);
                continue;
            }

            var input = Parse(Value, models, stockrooms, Error);
            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            try
            {
                var key = AssetFields.SerialKey(input.SerialNumber!);
                var existing = await db.Assets.FirstOrDefaultAsync(a => a.SerialKey == key, cancellationToken);
                if (existing is null)
                {
                    await assets.CreateAsync(input, by, cancellationToken);
                    created++;
                }
                else if (input.State is { } state && (state != existing.State || (input.Substate is { } substate && substate != existing.Substate)))
                {
                    Error("state", $"{existing.Number} (serial {existing.SerialNumber}) is {existing.Position}; an import does not move an asset: move it on its page.");
                    errors.AddRange(rowErrors);
                }
                else
                {
                    // The same serial in another case is this asset: it keeps the spelling it was first recorded with.
                    await assets.UpdateAsync(existing.Number, input with { SerialNumber = null }, null, by, cancellationToken);
                    updated++;
                }
            }
            catch (RecordValidationException invalid)
            {
                errors.AddRange(invalid.Errors.SelectMany(e => e.Value.Select(reason => new AssetImportError(row.Line, e.Key, reason))));
            }
            catch (RecordConcurrencyException conflict)
            {
                errors.Add(new AssetImportError(row.Line, "serialNumber", conflict.Message));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        if (header is null)
        {
            throw new AssetImportRefusedException([new AssetImportError(1, "header", $"The file is empty: its first line names the columns ({string.Join(", ", Columns)}).")]);
        }

        return new AssetImportReport(rows, created, updated, errors);
    }

    private static Dictionary<string, int> ReadHeader(CsvRow row)
    {
        var header = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<AssetImportError>();
        for (var i = 0; i < row.Fields.Count; i++)
        {
            var name = row.Fields[i].Trim();
            if (!Columns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new AssetImportError(row.Line, name, $"Unknown column '{name}'; the columns are {string.Join(", ", Columns)}."));
            }
            else if (!header.TryAdd(name, i))
            {
                errors.Add(new AssetImportError(row.Line, name, $"The column '{name}' is there twice."));
            }
        }

        if (!header.ContainsKey("serialNumber"))
        {
            errors.Add(new AssetImportError(row.Line, "serialNumber", "The header needs a serialNumber column."));
        }

        return errors.Count > 0 ? throw new AssetImportRefusedException(errors) : header;
    }

    private static NewAsset Parse(Func<string, string?> value, List<AssetModel> models, Dictionary<string, int> stockrooms, Action<string, string> error)
    {
        if (value("serialNumber") is null)
        {
            error("serialNumber", "Serial number is required.");
        }

        int? modelId = null;
        if (value("model") is { } model)
        {
            modelId = models.FirstOrDefault(m => string.Equals(m.DisplayName, model, StringComparison.OrdinalIgnoreCase)
                || m.Id.ToString(CultureInfo.InvariantCulture) == model)?.Id;
            if (modelId is null)
            {
                error("model", $"There is no model '{model}' (give its manufacturer and name, e.g. \"{(models.Count > 0 ? models[0].DisplayName : "Dell Latitude 7440")}\").");
            }
        }

        int? stockroomId = null;
        if (value("stockroom") is { } stockroom)
        {
            stockroomId = stockrooms.TryGetValue(stockroom, out var id) ? id : null;
            if (stockroomId is null)
            {
                error("stockroom", $"There is no stockroom '{stockroom}'.");
            }
        }

        return new NewAsset
        {
            SerialNumber = value("serialNumber"),
            ModelId = modelId,
            AssetTag = value("assetTag"),
            State = Enum<AssetState>("state"),
            Substate = Enum<AssetSubstate>("substate"),
            StockroomId = stockroomId,
            AssignedPerson = value("assignedPerson"),
            Location = value("location"),
            OrderNumber = value("orderNumber"),
            Supplier = value("supplier"),
            PurchaseDate = Date("purchaseDate"),
            Cost = Amount("cost"),
            WarrantyEnd = Date("warrantyEnd"),
            DepreciationMethod = Enum<DepreciationMethod>("depreciationMethod"),
            UsefulLifeMonths = Whole("usefulLifeMonths"),
            SalvageValue = Amount("salvageValue"),
            ConfigurationItemNumber = value("configurationItemNumber"),
            Description = value("description"),
        };

        TEnum? Enum<TEnum>(string column)
            where TEnum : struct, Enum
        {
            if (value(column) is not { } text)
            {
                return null;
            }

            if (System.Enum.TryParse<TEnum>(text.Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed))
            {
                return parsed;
            }

            error(column, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
            return null;
        }

        DateOnly? Date(string column)
        {
            if (value(column) is not { } text)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            error(column, $"'{text}' is not a date as yyyy-mm-dd.");
            return null;
        }

        decimal? Amount(string column)
        {
            if (value(column) is not { } text)
            {
                return null;
            }

            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            {
                return amount;
            }

            error(column, $"'{text}' is not an amount (digits, a dot for decimals).");
            return null;
        }

        int? Whole(string column)
        {
            if (value(column) is not { } text)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            error(column, $"'{text}' is not a whole number.");
            return null;
        }
    }
}
