using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Persistence.Sqlite;
using WorkflowItsm.Persistence.SqlServer;
using WorkflowItsm.Runtime.Hosting;

namespace WorkflowItsm.Web.Hosting;

/// <summary>
/// Which database the host runs on, read from <c>Database:Provider</c> and <c>ConnectionStrings:Default</c>.
/// Resolved before anything is created, so bad settings stop the host with one message naming the setting.
/// </summary>
public sealed record DatabaseSettings(IDatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderSetting = "Database:Provider";
    public const string ConnectionStringSetting = "ConnectionStrings:Default";

    private static readonly IDatabaseProvider[] Providers =
        [new SqliteDatabaseProvider(), new PostgreSqlDatabaseProvider(), new SqlServerDatabaseProvider()];

    public static IReadOnlyList<string> ProviderNames { get; } = Providers.Select(p => p.Name).ToArray();

    /// <exception cref="StartupConfigurationException">The provider is unknown or its connection string is missing or malformed.</exception>
    public static DatabaseSettings Resolve(IConfiguration configuration)
    {
        var providerName = configuration[ProviderSetting];
        if (string.IsNullOrWhiteSpace(providerName))
        {
            providerName = SqliteDatabaseProvider.ProviderName;
        }

        var provider = Providers.FirstOrDefault(p => string.Equals(p.Name, providerName.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new StartupConfigurationException(
                $"{ProviderSetting} is '{providerName}', which is not a provider this host knows. Use one of: {string.Join(", ", ProviderNames)}.");

        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider.DefaultConnectionString
                ?? throw new StartupConfigurationException(
                    $"{ConnectionStringSetting} is not set; the {provider.Name} provider needs a connection string " +
                    $"(environment variable ConnectionStrings__Default, or appsettings.json).");
        }

        try
        {
            // Parsing the string now turns a malformed one into a message, not a stack trace at first use.
            _ = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException ex)
        {
            throw new StartupConfigurationException($"{ConnectionStringSetting} is not a valid connection string: {ex.Message}", ex);
        }

        return new DatabaseSettings(provider, connectionString);
    }
}
