using System.Diagnostics;
using System.Net;
using WorkflowItsm.Testing;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// The real host (the Release build of WorkflowItsm.Web) as a child process on a free loopback port and a database
/// the tool names, for the HTTP side of the ratios mode; stopped (SIGTERM, then SIGKILL) when disposed.
/// </summary>
internal sealed class HostUnderLoad : IAsyncDisposable
{
    public const string AdminPassword = "Load-test-admin-1";

    private readonly Process process;

    private HostUnderLoad(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the host on <paramref name="provider"/>/<paramref name="connectionString"/> and waits until /health/ready answers.</summary>
    public static async Task<HostUnderLoad> StartAsync(string webDll, string provider, string connectionString, string workingFolder)
    {
        var address = new Uri($"http://127.0.0.1:{TestEnvironment.FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = workingFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(webDll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["Database__Provider"] = provider;
        start.Environment["ConnectionStrings__Default"] = connectionString;
        start.Environment["Seed__AdminPassword"] = AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host.");
        // LOADTEST_HOST_LOG=file keeps what the host prints (e.g. with Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information).
        var hostLog = Environment.GetEnvironmentVariable("LOADTEST_HOST_LOG");
        var logLock = new Lock();
        process.OutputDataReceived += (_, line) =>
        {
            if (!string.IsNullOrEmpty(hostLog) && line.Data is { } text)
            {
                lock (logLock)
                {
                    File.AppendAllText(hostLog, text + Environment.NewLine);
                }
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 } text)
            {
                Console.Error.WriteLine($"host: {text}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostUnderLoad(process, address);

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {process.ExitCode} while starting.");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or busy migrating.
            }

            await Task.Delay(250);
        }

        await host.DisposeAsync();
        throw new TimeoutException("The host was not ready within 3 minutes.");
    }

    /// <summary>The host's Release build beside this tool's checkout (src/WorkflowItsm.Web/bin/Release/net10.0).</summary>
    public static string? FindWebDll()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "WorkflowItsm.Web", "bin", "Release", "net10.0", "WorkflowItsm.Web.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // A graceful stop first, so the host's Hangfire server leaves the database as a stopped host does.
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }
}
