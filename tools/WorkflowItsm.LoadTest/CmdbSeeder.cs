using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Fills a migrated PostgreSQL database with a CMDB of about <c>cis</c> CIs and five relations per CI, by binary COPY,
/// laid out as an enterprise's is: business services each with their own stack (a domain of 98 CIs: the service,
/// 24 applications in three tiers, 3 clusters of two virtual machines with min up 1, 40 virtual machines, 15
/// databases, 15 servers), the top applications also using base applications of two other domains (shared services),
/// and a shared network (servers and virtual machines connected to several access switches, each uplinked to two core switches) and
/// locations. Impact then stays within a domain and its users, except from the network, whose switches reach many
/// domains (a core switch a tenth of the estate). The same rows for a given size.
/// </summary>
internal sealed class CmdbSeeder(string connectionString, int cis)
{
    public const int DomainSize = 98;
    public const int Locations = 100;
    private const int AppsPerTier = 8;
    private const int Clusters = 3;
    private const int VirtualMachines = 40;
    private const int Databases = 15;
    private const int Servers = 15;

    /// <summary>The first network devices are the core; the others are access switches uplinked to two of them.</summary>
    public const int CoreSwitches = 20;

    // Positions within a domain.
    private const int FirstApp = 1;
    private const int FirstCluster = FirstApp + 3 * AppsPerTier;
    private const int FirstVm = FirstCluster + Clusters;
    private const int FirstDatabase = FirstVm + VirtualMachines;
    private const int FirstServer = FirstDatabase + Databases;

    public int Domains { get; } = Math.Max(1, (cis - Locations - 1_000) / DomainSize);

    private long FirstShared => (long)Domains * DomainSize + 1;

    public int NetworkDevices => Math.Max(100, cis - Domains * DomainSize - Locations);

    public long Total => (long)Domains * DomainSize + Locations + NetworkDevices;

    /// <summary>CI numbers as the host gives them (CI0001001 first): the seeded rows take the first values.</summary>
    public static string Number(long id) => RecordNumbers.Format(RecordNumbers.ConfigurationItem, RecordNumbers.FirstValue - 1 + id);

    /// <summary>A CI's name: its class and id ("server-1083").</summary>
    public string Name(long id) => $"{ClassOf(id)}-{id.ToString(CultureInfo.InvariantCulture)}";

    public static long Id(int domain, int position) => 1 + (long)domain * DomainSize + position;

    public long NetworkDevice(int index) => FirstShared + Locations + index;

    /// <summary>The class key of the CI with this id.</summary>
    public string ClassOf(long id)
    {
        if (id >= FirstShared)
        {
            return id < FirstShared + Locations ? CmdbSeed.Location : CmdbSeed.NetworkDevice;
        }

        var position = (int)((id - 1) % DomainSize);
        return position switch
        {
            0 => CmdbSeed.BusinessService,
            < FirstCluster => CmdbSeed.Application,
            < FirstVm => CmdbSeed.ApplicationCluster,
            < FirstDatabase => CmdbSeed.VirtualMachine,
            < FirstServer => CmdbSeed.Database,
            _ => CmdbSeed.Server,
        };
    }

    public async Task<long> SeedAsync(IReadOnlyDictionary<string, int> classIds, IReadOnlyDictionary<string, int> relationTypeIds, int minUpAttributeId)
    {
        var watch = Stopwatch.StartNew();
        // The end of a COPY waits for the server to take in what was sent: longer than a command's default 30 s on a busy machine.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        var now = DateTime.UtcNow;

        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY "ConfigurationItems" ("Id", "ClassId", "BusinessCriticality", "OperationalStatus", "Number", "ShortDescription", "MatchName", "OpenedBy", "OpenedAt", "UpdatedAt", "Revision", "State")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var id = 1L; id <= Total; id++)
            {
                var classKey = ClassOf(id);
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Bigint);
                await writer.WriteAsync(classIds[classKey], NpgsqlDbType.Integer);
                await writer.WriteAsync(classKey == CmdbSeed.BusinessService ? nameof(BusinessCriticality.High) : nameof(BusinessCriticality.Medium), NpgsqlDbType.Varchar);
                await writer.WriteAsync(nameof(OperationalStatus.Up), NpgsqlDbType.Varchar);
                await writer.WriteAsync(Number(id), NpgsqlDbType.Varchar);
                var name = Name(id);
                await writer.WriteAsync(name, NpgsqlDbType.Varchar);
                await writer.WriteAsync(MatchText.Of(name), NpgsqlDbType.Varchar);
                await writer.WriteAsync("load", NpgsqlDbType.Varchar);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(0, NpgsqlDbType.Integer);
                await writer.WriteAsync(nameof(CiState.Operational), NpgsqlDbType.Varchar);
            }

            await writer.CompleteAsync();
        }

        long relations = 0;
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY "CiRelations" ("SourceId", "TypeId", "TargetId", "CreatedBy", "Source", "CreatedAt") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var (source, type, target) in Relations())
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(source, NpgsqlDbType.Bigint);
                await writer.WriteAsync(relationTypeIds[type], NpgsqlDbType.Integer);
                await writer.WriteAsync(target, NpgsqlDbType.Bigint);
                await writer.WriteAsync("load", NpgsqlDbType.Varchar);
                await writer.WriteAsync("load", NpgsqlDbType.Varchar);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                relations++;
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY "CiAttributeValues" ("CiId", "AttributeId", "Value", "MatchValue", "Source", "WrittenAt") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var domain = 0; domain < Domains; domain++)
            {
                for (var cluster = 0; cluster < Clusters; cluster++)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Id(domain, FirstCluster + cluster), NpgsqlDbType.Bigint);
                    await writer.WriteAsync(minUpAttributeId, NpgsqlDbType.Integer);
                    await writer.WriteAsync("1", NpgsqlDbType.Varchar);
                    await writer.WriteAsync("1", NpgsqlDbType.Varchar);
                    await writer.WriteAsync("load", NpgsqlDbType.Varchar);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
            }

            await writer.CompleteAsync();
        }

        // Identity columns and the CI number sequence continue after the seeded rows.
        await using (var command = new NpgsqlCommand($"""
            SELECT setval(pg_get_serial_sequence('"ConfigurationItems"', 'Id'), {Total});
            UPDATE "RecordSequences" SET "LastValue" = {RecordNumbers.FirstValue - 1 + Total} WHERE "Prefix" = '{RecordNumbers.ConfigurationItem}';
            """, connection) { CommandTimeout = 0 })
        {
            await command.ExecuteNonQueryAsync();
        }

        // VACUUM runs alone, one command at a time.
        foreach (var table in new[] { "ConfigurationItems", "CiRelations", "CiAttributeValues" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE \"{table}\"", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {Total:N0} CIs ({Domains:N0} service stacks of {DomainSize}, {NetworkDevices:N0} network devices, {Locations} locations) and {relations:N0} relations in {watch.Elapsed.TotalSeconds:F0} s"));
        return relations;
    }

    private IEnumerable<(long Source, string Type, long Target)> Relations()
    {
        var random = new Random(17);
        for (var domain = 0; domain < Domains; domain++)
        {
            long At(int position) => Id(domain, position);
            long App(int tier, int index) => At(FirstApp + tier * AppsPerTier + index);

            for (var app = 0; app < AppsPerTier; app++)
            {
                yield return (At(0), CmdbSeed.DependsOn, App(2, app));
            }

            for (var tier = 1; tier <= 2; tier++)
            {
                for (var app = 0; app < AppsPerTier; app++)
                {
                    foreach (var below in Distinct(random, 4, AppsPerTier))
                    {
                        yield return (App(tier, app), CmdbSeed.DependsOn, App(tier - 1, below));
                    }
                }
            }

            for (var app = 0; app < 3 * AppsPerTier; app++)
            {
                foreach (var database in Distinct(random, 4, Databases))
                {
                    yield return (At(FirstApp + app), CmdbSeed.DependsOn, At(FirstDatabase + database));
                }

                // Top applications run on a cluster, the others on a virtual machine outside the clusters.
                yield return app >= 2 * AppsPerTier
                    ? (At(FirstApp + app), CmdbSeed.RunsOn, At(FirstCluster + app % Clusters))
                    : (At(FirstApp + app), CmdbSeed.RunsOn, At(FirstVm + 2 * Clusters + app));
            }

            for (var cluster = 0; cluster < Clusters; cluster++)
            {
                yield return (At(FirstVm + 2 * cluster), CmdbSeed.MemberOf, At(FirstCluster + cluster));
                yield return (At(FirstVm + 2 * cluster + 1), CmdbSeed.MemberOf, At(FirstCluster + cluster));
            }

            for (var database = 0; database < Databases; database++)
            {
                yield return (At(FirstDatabase + database), CmdbSeed.RunsOn, At(FirstVm + 2 * Clusters + 16 + database % (VirtualMachines - 2 * Clusters - 16)));
            }

            for (var vm = 0; vm < VirtualMachines; vm++)
            {
                yield return (At(FirstVm + vm), CmdbSeed.HostedOn, At(FirstServer + vm % Servers));
                foreach (var device in Distinct(random, 4, NetworkDevices - CoreSwitches))
                {
                    yield return (At(FirstVm + vm), CmdbSeed.ConnectsTo, NetworkDevice(CoreSwitches + device));
                }
            }

            for (var server = 0; server < Servers; server++)
            {
                yield return (FirstShared + random.Next(Locations), CmdbSeed.Contains, At(FirstServer + server));
                foreach (var device in Distinct(random, 3, NetworkDevices - CoreSwitches))
                {
                    yield return (At(FirstServer + server), CmdbSeed.ConnectsTo, NetworkDevice(CoreSwitches + device));
                }
            }

            // Shared services: the top applications use base applications of two other stacks.
            if (Domains > 2)
            {
                for (var app = 0; app < AppsPerTier; app++)
                {
                    var other = (domain + 1 + random.Next(Domains - 1)) % Domains;
                    var another = (other + 1 + random.Next(Domains - 2)) % Domains;
                    another = another == domain ? (another + 1) % Domains : another;
                    yield return (App(2, app), CmdbSeed.DependsOn, Id(other, FirstApp + random.Next(AppsPerTier)));
                    if (another != other)
                    {
                        yield return (App(2, app), CmdbSeed.DependsOn, Id(another, FirstApp + random.Next(AppsPerTier)));
                    }
                }
            }
        }

        for (var device = 0; device < NetworkDevices; device++)
        {
            yield return (FirstShared + device % Locations, CmdbSeed.Contains, NetworkDevice(device));
            // Access switches uplink to two of the core switches; the core connects to nothing further.
            if (device >= CoreSwitches)
            {
                yield return (NetworkDevice(device), CmdbSeed.ConnectsTo, NetworkDevice(device % CoreSwitches));
                yield return (NetworkDevice(device), CmdbSeed.ConnectsTo, NetworkDevice((device + CoreSwitches / 2) % CoreSwitches));
            }
        }
    }

    private static HashSet<int> Distinct(Random random, int count, int of)
    {
        var chosen = new HashSet<int>();
        while (chosen.Count < Math.Min(count, of))
        {
            chosen.Add(random.Next(of));
        }

        return chosen;
    }
}
