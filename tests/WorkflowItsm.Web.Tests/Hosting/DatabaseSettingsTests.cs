using Microsoft.Extensions.Configuration;
using WorkflowItsm.Web.Hosting;

namespace WorkflowItsm.Web.Tests.Hosting;

public sealed class DatabaseSettingsTests
{
    private static DatabaseSettings Resolve(params (string Key, string? Value)[] settings) =>
        DatabaseSettings.Resolve(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void No_configuration_means_SQLite_under_data()
    {
        var settings = Resolve();

        settings.Provider.Name.Should().Be("Sqlite");
        settings.ConnectionString.Should().Be("Data Source=data/workflowitsm.db");
    }

    [Theory]
    [InlineData("postgresql", "PostgreSql")]
    [InlineData("SQLSERVER", "SqlServer")]
    [InlineData(" Sqlite ", "Sqlite")]
    public void Provider_names_are_case_insensitive(string configured, string expected) =>
        Resolve(("Database:Provider", configured), ("ConnectionStrings:Default", "Host=db;Database=x"))
            .Provider.Name.Should().Be(expected);

    [Fact]
    public void Unknown_provider_names_the_setting_and_the_choices()
    {
        var act = () => Resolve(("Database:Provider", "Oracle"));

        act.Should().Throw<StartupConfigurationException>()
            .WithMessage("Database:Provider is 'Oracle'*Use one of: Sqlite, PostgreSql, SqlServer.");
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")]
    public void Server_providers_require_a_connection_string(string provider)
    {
        var act = () => Resolve(("Database:Provider", provider));

        act.Should().Throw<StartupConfigurationException>().WithMessage("ConnectionStrings:Default is not set*");
    }

    [Fact]
    public void Malformed_connection_string_names_the_setting()
    {
        var act = () => Resolve(("Database:Provider", "PostgreSql"), ("ConnectionStrings:Default", "Host=db;Database"));

        act.Should().Throw<StartupConfigurationException>().WithMessage("ConnectionStrings:Default is not a valid connection string*");
    }
}
