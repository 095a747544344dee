using System.Globalization;
using Npgsql;
using Xunit;

namespace WorkflowItsm.Testing;

/// <summary>
/// A real, throwaway PostgreSQL server: a new cluster in a temporary folder on a free loopback port, built from
/// Debian's server binaries (<c>/usr/lib/postgresql/N/bin</c>) and removed afterwards. Use one per test
/// assembly (xunit assembly fixture) and one database per test class via <see cref="CreateDatabaseAsync"/>.
/// Where the binaries are missing, tests skip with that reason, except in CI, where that is a failure.
/// </summary>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    private const string SuperUser = "postgres";
    private string? dataFolder;
    private string? binFolder;
    private int port;

    /// <summary>Why the server is not available, or null when it runs.</summary>
    public string? UnavailableReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        binFolder = FindServerBinaries();
        if (binFolder is null)
        {
            UnavailableReason = "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin; " +
                "install them with: sudo apt-get install -y postgresql";
            if (TestEnvironment.IsCi)
            {
                throw new InvalidOperationException(UnavailableReason);
            }

            return;
        }

        dataFolder = TestEnvironment.CreateTempFolder("pg");
        if (TestEnvironment.IsRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", ["-R", "postgres:postgres", dataFolder], asPostgres: false);
        }

        var cluster = Path.Combine(dataFolder, "cluster");
        await RunAsync(Path.Combine(binFolder, "initdb"), ["-D", cluster, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);

        // A free port is free when asked, not when the server binds it: another test process starting at the same
        // moment may take it, so a failed start tries another port.
        for (var attempt = 1; ; attempt++)
        {
            port = TestEnvironment.FreeLoopbackPort();
            var serverOptions = string.Join(' ',
                "-c listen_addresses=127.0.0.1",
                $"-p {port.ToString(CultureInfo.InvariantCulture)}",
                $"-k {dataFolder}",
                // A test cluster trades durability for speed: it is deleted afterwards anyway.
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "-c max_connections=300");
            try
            {
                await RunAsync(Path.Combine(binFolder, "pg_ctl"), ["-D", cluster, "-l", Path.Combine(dataFolder, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"]);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Skips the calling test (outside CI) when the server could not be started.</summary>
    public void SkipIfUnavailable()
    {
        if (UnavailableReason is not null)
        {
            Assert.Skip(UnavailableReason);
        }
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Database = database,
            // Each test database is dropped at the end; pooled connections would keep it busy.
            Pooling = true,
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        SkipIfUnavailable();
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (binFolder is null || dataFolder is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(binFolder, "pg_ctl"), ["-D", Path.Combine(dataFolder, "cluster"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static string? FindServerBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(version => (Version: int.TryParse(Path.GetFileName(version), out var v) ? v : 0, Bin: Path.Combine(version, "bin")))
            .Where(c => File.Exists(Path.Combine(c.Bin, "initdb")) && File.Exists(Path.Combine(c.Bin, "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    private static async Task RunAsync(string command, string[] arguments, bool asPostgres = true)
    {
        var (fileName, args) = asPostgres && TestEnvironment.IsRoot
            ? ("runuser", new[] { "-u", "postgres", "--", command }.Concat(arguments).ToArray())
            : (command, arguments);
        var outcome = await ProcessRunner.RunAsync(fileName, args, TimeSpan.FromMinutes(2));
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(command)} failed with exit code {outcome.ExitCode}: {outcome.AllOutput}");
        }
    }
}
