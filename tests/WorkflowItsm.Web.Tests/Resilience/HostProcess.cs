using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Resilience;

/// <summary>
/// The real host (WorkflowItsm.Web.dll) as a separate operating-system process on a free loopback port, so a test
/// can kill it with SIGKILL and start it again on the same database.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the host printed, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, output.TakeLast(40));

    /// <summary>Starts the host with <paramref name="settings"/> (configuration keys with ':' or '__') and waits until /health/ready answers 200.</summary>
    public static async Task<HostProcess> StartAsync(string workingFolder, IReadOnlyDictionary<string, string> settings, TimeSpan readyWithin)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{TestEnvironment.FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WorkflowItsm.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        start.Environment["Seed__AdminPassword"] = WebHostFactory.AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host process.");
        var host = new HostProcess(process, baseAddress);
        process.OutputDataReceived += (_, line) => host.Remember(line.Data);
        process.ErrorDataReceived += (_, line) => host.Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < readyWithin)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {process.ExitCode} while starting:{Environment.NewLine}{host.RecentOutput}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy migrating or deploying.
            }

            await Task.Delay(200);
        }

        await host.DisposeAsync();
        throw new TimeoutException($"The host was not ready within {readyWithin}:{Environment.NewLine}{host.RecentOutput}");
    }

    /// <summary>Kills the process with SIGKILL (what .NET's Process.Kill sends on Unix): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>A client signed in as the seeded admin through the real sign-in form.</summary>
    public async Task<HttpClient> SignInAsync()
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var response = await SignInForm.PostAsync(client, "admin", WebHostFactory.AdminPassword);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the seeded admin signs in");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200)
        {
            output.TryDequeue(out _);
        }
    }
}
