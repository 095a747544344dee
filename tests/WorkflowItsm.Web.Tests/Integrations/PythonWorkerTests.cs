using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Integrations;

/// <summary>
/// The README's Python worker (samples/workers/python/worker.py, standard library only) against a real host on
/// Kestrel, signed in with a service account's token: it completes an order with an amount and reports a failure
/// for one without, which the instance records as a fault. Python is Debian's python3 (tools/test.sh installs it).
/// </summary>
[Trait("Category", "Integration")]
public sealed class PythonWorkerTests : IAsyncLifetime
{
    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
          <bpmn:process id="py-order" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="py-payments"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Charge" />
            <bpmn:sequenceFlow id="f2" sourceRef="Charge" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly WebHostFactory host = new();
    private Uri baseAddress = null!;
    private HttpClient admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var port = TestEnvironment.FreeLoopbackPort();
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        baseAddress = new Uri($"http://127.0.0.1:{port}/");
        host.StartServer();
        admin = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        (await WebHostFactory.SignInAsync(admin, "admin", WebHostFactory.AdminPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Model)), "files", "py-order.bpmn" } };
        (await admin.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private static string? Python()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "python3")).FirstOrDefault(File.Exists);
        if (found is null && TestEnvironment.IsCi)
        {
            throw new InvalidOperationException("python3 is not installed; CI must have it (tools/test.sh installs Debian's python3).");
        }

        return found;
    }

    private static string WorkerScript() => TestEnvironment.RepositoryFile("samples", "workers", "python", "worker.py");

    private async Task<string> StartAsync(object variables)
    {
        using var response = await admin.PostAsJsonAsync("/api/process-instances", new { key = "py-order", variables }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
    }

    private async Task<string> WorkerTokenAsync()
    {
        using var account = await admin.PostAsJsonAsync("/api/service-accounts", new { userName = "py-worker", roles = new[] { "agent" } }, Ct);
        account.StatusCode.Should().Be(HttpStatusCode.Created, await account.Content.ReadAsStringAsync(Ct));
        using var token = await admin.PostAsJsonAsync("/api/service-accounts/py-worker/tokens", new { name = "python worker", scopes = new[] { "tasks:write" }, expiresInDays = 1 }, Ct);
        token.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secret").GetString()!;
    }

    [Fact]
    public async Task The_python_worker_completes_a_task_and_reports_a_failure_with_a_token()
    {
        if (Python() is not { } python)
        {
            Assert.Skip("python3 is not installed on this machine (install it with: sudo apt-get install -y python3); CI installs it.");
            return;
        }

        var paid = await StartAsync(new { amount = 42 });
        var broken = await StartAsync(new { note = "no amount" });
        var token = await WorkerTokenAsync();

        var run = await ProcessRunner.RunAsync(python, [WorkerScript(), "--url", baseAddress.ToString(), "--topic", "py-payments", "--once"], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string?> { ["WORKFLOWITSM_TOKEN"] = token });
        var refused = await ProcessRunner.RunAsync(python, [WorkerScript(), "--url", baseAddress.ToString(), "--topic", "py-payments", "--once"], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string?> { ["WORKFLOWITSM_TOKEN"] = "witk_revoked-or-wrong" });

        run.ExitCode.Should().Be(0, run.AllOutput);
        run.StandardOutput.Should().Contain("completed 1, failed 1");
        var done = await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances/{paid}", Ct);
        done.GetProperty("instance").GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        done.GetRawText().Should().Contain("\"charged\"").And.Contain("python-worker");
        var faults = await admin.GetFromJsonAsync<JsonElement>("/api/faults", Ct);
        faults.GetRawText().Should().Contain(broken).And.Contain("no amount to charge");
        refused.ExitCode.Should().Be(3, "a bad token is a 401, and the worker says so: " + refused.AllOutput);
        refused.StandardError.Should().Contain("401");
    }

    public async ValueTask DisposeAsync()
    {
        admin?.Dispose();
        await host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
