using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Hosting;

/// <summary>Starts the real host process with bad settings: one clear message, exit code 1, nothing created.</summary>
[Collection(RunsAlone.Name)]
public sealed class StartupFailureTests : IDisposable
{
    private readonly string folder = TestEnvironment.CreateTempFolder("startup");

    private Task<ProcessRunner.Outcome> StartHostAsync(params (string Name, string Value)[] environment)
    {
        var variables = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Seed__AdminPassword"] = "Test-Admin-Pass-1!",
        };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return ProcessRunner.RunAsync(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "WorkflowItsm.Web.dll")], TimeSpan.FromMinutes(1), folder, variables);
    }

    [Fact]
    public async Task Unknown_provider_stops_the_host_with_one_message()
    {
        var outcome = await StartHostAsync(("Database__Provider", "Oracle"));

        outcome.ExitCode.Should().Be(1);
        outcome.StandardError.Trim().Should().StartWith("WorkflowItsm cannot start: Database:Provider is 'Oracle'");
        outcome.AllOutput.Should().NotContain("   at ", "no stack trace hides the message");
        Directory.Exists(Path.Combine(folder, "data")).Should().BeFalse("nothing is created");
    }

    [Fact]
    public async Task Missing_connection_string_names_the_setting()
    {
        var outcome = await StartHostAsync(("Database__Provider", "PostgreSql"));

        outcome.ExitCode.Should().Be(1);
        outcome.StandardError.Should().Contain("ConnectionStrings:Default is not set");
    }

    [Fact]
    public async Task Unreachable_database_names_the_setting_to_fix()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var outcome = await StartHostAsync(("Database__Provider", "PostgreSql"), ("ConnectionStrings__Default", "Host=127.0.0.1;Port=1;Database=x;Username=u;Timeout=3"));

        outcome.ExitCode.Should().Be(1);
        outcome.StandardError.Should().Contain("The PostgreSql database named by ConnectionStrings:Default cannot be used");
        outcome.AllOutput.Should().NotContain("   at ");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
