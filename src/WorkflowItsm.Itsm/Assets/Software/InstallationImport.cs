using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>One installation as discovery sends it. The device is named by <see cref="Device"/> or <see cref="Serial"/> (or both).</summary>
public sealed record InstallationReport
{
    public string? Device { get; init; }
    public string? Serial { get; init; }
    public string? Publisher { get; init; }
    public string? Product { get; init; }
    public string? Version { get; init; }

    /// <summary>Cores per CPU of the device, when discovery knows them.</summary>
    public int? Cores { get; init; }
    public int? Cpus { get; init; }
    public string? User { get; init; }
    public DateTime? LastSeen { get; init; }
    public DateTime? LastUsed { get; init; }

    /// <summary>The device's configuration item in the CMDB (CI…), when discovery knows it.</summary>
    public string? ConfigurationItem { get; init; }
}

/// <summary>The installations of a CSV file and the line each came from (for the errors).</summary>
public sealed record CsvInstallations(IReadOnlyList<InstallationReport> Reports, IReadOnlyList<int> Lines)
{
    public string ItemName(int index) => $"line {Lines[index]}";
}

/// <summary>What an import did.</summary>
public sealed record InstallationImportResult(int Received, int Added, int Updated, int ProductsAdded, int VersionsAdded, int DevicesAdded, IReadOnlyList<long> Products);

/// <summary>
/// Imports a batch of installations, whole or not at all: every item is checked first (400 naming the item and its
/// field, nothing written), then products, versions and devices are found or added and each installation is added,
/// or updated when the device already has that version — importing the same feed again adds nothing. The affected
/// products' compliance is computed again after the commit.
/// </summary>
public sealed class InstallationImport(ItsmDbContext db, LicenceComplianceCalculator compliance, SoftwareOptions options, TimeProvider time)
{
    private const int KeysPerQuery = 500;

    /// <param name="itemName">How the errors name an item: "items" for a JSON batch (items[3].version), "line" for CSV (line 4.version).</param>
    public async Task<InstallationImportResult> ImportAsync(IReadOnlyList<InstallationReport> items, CancellationToken cancellationToken, Func<int, string>? itemName = null)
    {
        itemName ??= index => $"items[{index}]";
        var now = time.GetUtcNow().UtcDateTime;
        Validate(items, itemName, now);

        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var imported = await WriteAsync(items, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return imported;
        });
        await compliance.RecomputeAsync(result.Products, "import", cancellationToken);
        return result;
    }

    private void Validate(IReadOnlyList<InstallationReport> items, Func<int, string> itemName, DateTime now)
    {
        var errors = new FieldErrors();
        if (items.Count == 0)
        {
            errors.Add("items", "The batch holds no installation.");
        }
        else if (items.Count > options.MaxImportBatch)
        {
            errors.Add("items", $"A batch holds at most {options.MaxImportBatch:N0} installations (got {items.Count:N0}); send the rest in another batch.");
        }

        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var at = itemName(index);
            if (item is null)
            {
                errors.Add(at, "The item is empty.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Device) && string.IsNullOrWhiteSpace(item.Serial))
            {
                errors.Add($"{at}.device", "Name the device (its name or its serial).");
            }

            Text(errors, $"{at}.device", item.Device, SoftwareDevice.NameLength, required: false);
            Text(errors, $"{at}.serial", item.Serial, SoftwareDevice.NameLength, required: false);
            Text(errors, $"{at}.publisher", item.Publisher, SoftwareProduct.NameLength, required: true);
            Text(errors, $"{at}.product", item.Product, SoftwareProduct.NameLength, required: true);
            Text(errors, $"{at}.version", item.Version, SoftwareVersion.VersionLength, required: true);
            Text(errors, $"{at}.user", item.User, 256, required: false);
            Text(errors, $"{at}.configurationItem", item.ConfigurationItem, 20, required: false);
            if (item.Cores is < 1 or > 4096)
            {
                errors.Add($"{at}.cores", "Cores (per CPU) is between 1 and 4,096.");
            }

            if (item.Cpus is < 1 or > 1024)
            {
                errors.Add($"{at}.cpus", "CPUs is between 1 and 1,024.");
            }

            if (item.LastSeen > now.AddDays(1))
            {
                errors.Add($"{at}.lastSeen", "Last seen is in the future.");
            }
        }

        errors.ThrowIfAny("installation import");
    }

    private static void Text(FieldErrors errors, string field, string? value, int max, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{FieldErrors.Label(field[(field.LastIndexOf('.') + 1)..])} is required.");
        }
        else if (value is not null && value.Trim().Length > max)
        {
            errors.Add(field, $"{FieldErrors.Label(field[(field.LastIndexOf('.') + 1)..])} has at most {max} characters (got {value.Trim().Length}).");
        }
    }

    private async Task<InstallationImportResult> WriteAsync(IReadOnlyList<InstallationReport> items, DateTime now, CancellationToken cancellationToken)
    {
        // Products, found by publisher and name in any case.
        var productKeys = items.Select(i => SoftwareProduct.KeyOf(i.Publisher!, i.Product!)).Distinct().ToList();
        var products = new Dictionary<string, SoftwareProduct>(StringComparer.Ordinal);
        foreach (var keys in productKeys.Chunk(KeysPerQuery))
        {
            foreach (var product in await db.SoftwareProducts.Where(p => keys.Contains(p.MatchKey)).ToListAsync(cancellationToken))
            {
                products[product.MatchKey] = product;
            }
        }

        var productsAdded = 0;
        foreach (var item in items)
        {
            var key = SoftwareProduct.KeyOf(item.Publisher!, item.Product!);
            if (!products.ContainsKey(key))
            {
                products[key] = db.SoftwareProducts.Add(new SoftwareProduct { Publisher = item.Publisher!.Trim(), Name = item.Product!.Trim(), MatchKey = key, CreatedAt = now }).Entity;
                productsAdded++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var productIds = products.Values.Select(p => p.Id).ToList();

        // Versions: a product's versions are few; a new one ranks them all again.
        var versions = new List<SoftwareVersion>();
        foreach (var ids in productIds.Chunk(KeysPerQuery))
        {
            versions.AddRange(await db.SoftwareVersions.Where(v => ids.Contains(v.ProductId)).ToListAsync(cancellationToken));
        }

        var versionsAdded = 0;
        foreach (var item in items)
        {
            var product = products[SoftwareProduct.KeyOf(item.Publisher!, item.Product!)];
            if (!versions.Any(v => v.ProductId == product.Id && string.Equals(v.Version, item.Version!.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                versions.Add(db.SoftwareVersions.Add(new SoftwareVersion { ProductId = product.Id, Version = item.Version!.Trim() }).Entity);
                versionsAdded++;
            }
        }

        if (versionsAdded > 0)
        {
            SoftwareCatalog.Rank(versions);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Devices, by serial when one is sent, else by name.
        var serials = items.Where(i => !string.IsNullOrWhiteSpace(i.Serial)).Select(i => SoftwareDevice.KeyOf(i.Serial!)).Distinct().ToList();
        var names = items.Where(i => !string.IsNullOrWhiteSpace(i.Device)).Select(i => SoftwareDevice.KeyOf(i.Device!)).Distinct().ToList();
        var devices = new List<SoftwareDevice>();
        foreach (var keys in serials.Chunk(KeysPerQuery))
        {
            devices.AddRange(await db.SoftwareDevices.Where(d => d.SerialKey != null && keys.Contains(d.SerialKey)).ToListAsync(cancellationToken));
        }

        foreach (var keys in names.Chunk(KeysPerQuery))
        {
            devices.AddRange(await db.SoftwareDevices.Where(d => keys.Contains(d.NameKey)).ToListAsync(cancellationToken));
        }

        var bySerial = devices.Where(d => d.SerialKey != null).GroupBy(d => d.SerialKey!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var byName = devices.GroupBy(d => d.NameKey).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Id).First(), StringComparer.Ordinal);
        var devicesAdded = 0;
        var deviceOf = new SoftwareDevice[items.Count];
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var serialKey = string.IsNullOrWhiteSpace(item.Serial) ? null : SoftwareDevice.KeyOf(item.Serial);
            var nameKey = string.IsNullOrWhiteSpace(item.Device) ? serialKey! : SoftwareDevice.KeyOf(item.Device);
            var device = serialKey is not null && bySerial.TryGetValue(serialKey, out var known) ? known
                : byName.TryGetValue(nameKey, out var named) && (serialKey is null || named.SerialKey is null) ? named
                : null;
            if (device is null)
            {
                device = db.SoftwareDevices.Add(new SoftwareDevice { Name = (item.Device ?? item.Serial)!.Trim(), NameKey = nameKey }).Entity;
                devicesAdded++;
            }

            if (serialKey is not null)
            {
                (device.Serial, device.SerialKey) = (item.Serial!.Trim(), serialKey);
                bySerial[serialKey] = device;
            }

            if (!string.IsNullOrWhiteSpace(item.Device))
            {
                (device.Name, device.NameKey) = (item.Device.Trim(), nameKey);
            }

            byName[nameKey] = device;
            device.Cores = item.Cores ?? device.Cores;
            device.Cpus = item.Cpus ?? device.Cpus;
            device.ConfigurationItemNumber = string.IsNullOrWhiteSpace(item.ConfigurationItem) ? device.ConfigurationItemNumber : item.ConfigurationItem.Trim();
            device.LastSeenAt = Max(device.LastSeenAt, item.LastSeen ?? now);
            deviceOf[index] = device;
        }

        await db.SaveChangesAsync(cancellationToken);

        // Installations: one per device and version.
        var deviceIds = deviceOf.Select(d => d.Id).Distinct().ToList();
        var existing = new Dictionary<(long, long), SoftwareInstallation>();
        foreach (var ids in deviceIds.Chunk(KeysPerQuery))
        {
            foreach (var installation in await db.SoftwareInstallations.Where(i => ids.Contains(i.DeviceId)).ToListAsync(cancellationToken))
            {
                existing[(installation.DeviceId, installation.VersionId)] = installation;
            }
        }

        var (added, updated) = (0, 0);
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var product = products[SoftwareProduct.KeyOf(item.Publisher!, item.Product!)];
            var version = versions.First(v => v.ProductId == product.Id && string.Equals(v.Version, item.Version!.Trim(), StringComparison.OrdinalIgnoreCase));
            var device = deviceOf[index];
            if (!existing.TryGetValue((device.Id, version.Id), out var installation))
            {
                installation = db.SoftwareInstallations.Add(new SoftwareInstallation
                {
                    DeviceId = device.Id, ProductId = product.Id, VersionId = version.Id, FirstSeenAt = item.LastSeen ?? now,
                }).Entity;
                existing[(device.Id, version.Id)] = installation;
                added++;
            }
            else if (installation.Id != 0)
            {
                updated++;
            }

            installation.UserName = string.IsNullOrWhiteSpace(item.User) ? installation.UserName : item.User.Trim();
            installation.LastSeenAt = Max(installation.LastSeenAt, item.LastSeen ?? now);
            installation.LastUsedAt = item.LastUsed ?? installation.LastUsedAt;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new InstallationImportResult(items.Count, added, updated, productsAdded, versionsAdded, devicesAdded, productIds);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>
    /// Reads a CSV of installations: a header line naming the columns (device, serial, publisher, product, version,
    /// cores, cpus, user, lastSeen, lastUsed, configurationItem — any order, any case), then one installation a line.
    /// A value that is no number or date is reported as "line N.field".
    /// </summary>
    public static CsvInstallations ParseCsv(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var errors = new FieldErrors();
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            errors.Add("csv", "The file is empty; the first line names the columns (device, publisher, product, version...).");
            errors.ThrowIfAny("installation import");
        }

        var header = SplitCsv(lines[0]).Select(h => h.Trim()).ToList();
        int Column(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var reports = new List<InstallationReport>();
        var lineNumbers = new List<int>();
        for (var index = 1; index < lines.Length; index++)
        {
            if (string.IsNullOrWhiteSpace(lines[index]))
            {
                continue;
            }

            var cells = SplitCsv(lines[index]);
            var line = $"line {index + 1}";
            string? Cell(string name) => Column(name) is var c and >= 0 && c < cells.Count && !string.IsNullOrWhiteSpace(cells[c]) ? cells[c].Trim() : null;
            int? Number(string name)
            {
                var value = Cell(name);
                if (value is null)
                {
                    return null;
                }

                if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }

                errors.Add($"{line}.{name}", $"'{value}' is not a whole number.");
                return null;
            }

            DateTime? Date(string name)
            {
                var value = Cell(name);
                if (value is null)
                {
                    return null;
                }

                if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                {
                    return date;
                }

                errors.Add($"{line}.{name}", $"'{value}' is not a date (write 2026-03-31 or 2026-03-31T08:00:00Z).");
                return null;
            }

            reports.Add(new InstallationReport
            {
                Device = Cell("device"), Serial = Cell("serial"), Publisher = Cell("publisher"), Product = Cell("product"), Version = Cell("version"),
                Cores = Number("cores"), Cpus = Number("cpus"), User = Cell("user"), LastSeen = Date("lastSeen"), LastUsed = Date("lastUsed"),
                ConfigurationItem = Cell("configurationItem"),
            });
            lineNumbers.Add(index + 1);
        }

        errors.ThrowIfAny("installation import");
        return new CsvInstallations(reports, lineNumbers);
    }

    /// <summary>Splits one CSV line: commas, with double quotes around cells that hold commas or quotes ("" for a quote).</summary>
    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
