using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using WorkflowItsm.Testing;
using WorkflowItsm.Web.Tests.Api;

namespace WorkflowItsm.Web.Tests.Integrations;

/// <summary>
/// The README's C# worker (samples/workers/csharp/Worker.cs, the Program.cs of a `dotnet new console` project)
/// compiled with Roslyn as that project would compile it, then run with `dotnet` against a real host on Kestrel with
/// a service account's token: it completes an order with an amount, reports a failure for one without, and stops
/// with exit code 3 on a wrong token. The twin of <see cref="PythonWorkerTests"/>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CSharpWorkerTests : IAsyncLifetime
{
    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
          <bpmn:process id="cs-order" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="cs-payments"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
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

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private static string WorkerSource() => File.ReadAllText(TestEnvironment.RepositoryFile("samples", "workers", "csharp", "Worker.cs"));

    /// <summary>Worker.dll beside a runtimeconfig naming the shared framework, as `dotnet build` would leave it.</summary>
    private string CompileWorker()
    {
        var compiled = CSharpCompiler.Compile("Worker", WorkerSource(), OutputKind.ConsoleApplication, implicitUsings: true);
        compiled.Errors.Should().BeEmpty("the C# worker sample compiles as the Program.cs of a console project");
        var folder = Path.Combine(host.Folder, "worker");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "Worker.dll"), compiled.Image!);
        File.WriteAllText(Path.Combine(folder, "Worker.runtimeconfig.json"), $$"""
            { "runtimeOptions": { "tfm": "net10.0", "framework": { "name": "Microsoft.NETCore.App", "version": "{{Environment.Version.ToString(3)}}" } } }
            """);
        return Path.Combine(folder, "Worker.dll");
    }

    [Fact]
    public void The_csharp_worker_sample_compiles()
    {
        File.Exists(CompileWorker()).Should().BeTrue();
    }

    private async Task StartHostAsync()
    {
        var port = TestEnvironment.FreeLoopbackPort();
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        baseAddress = new Uri($"http://127.0.0.1:{port}/");
        host.StartServer();
        admin = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        (await WebHostFactory.SignInAsync(admin, "admin", WebHostFactory.AdminPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Model)), "files", "cs-order.bpmn" } };
        (await admin.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private async Task<string> StartAsync(object variables)
    {
        using var response = await admin.PostAsJsonAsync("/api/process-instances", new { key = "cs-order", variables }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
    }

    private async Task<string> WorkerTokenAsync()
    {
        using var account = await admin.PostAsJsonAsync("/api/service-accounts", new { userName = "cs-worker", roles = new[] { "agent" } }, Ct);
        account.StatusCode.Should().Be(HttpStatusCode.Created, await account.Content.ReadAsStringAsync(Ct));
        using var token = await admin.PostAsJsonAsync("/api/service-accounts/cs-worker/tokens", new { name = "csharp worker", scopes = new[] { "tasks:write" }, expiresInDays = 1 }, Ct);
        token.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secret").GetString()!;
    }

    [Fact]
    public async Task The_csharp_worker_completes_a_task_and_reports_a_failure_with_a_token()
    {
        var worker = CompileWorker();
        await StartHostAsync();
        var paid = await StartAsync(new { amount = 42 });
        var broken = await StartAsync(new { note = "no amount" });
        var token = await WorkerTokenAsync();

        var run = await ProcessRunner.RunAsync("dotnet", [worker, baseAddress.ToString(), "cs-payments", "--once"], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string?> { ["WORKFLOWITSM_TOKEN"] = token });
        var refused = await ProcessRunner.RunAsync("dotnet", [worker, baseAddress.ToString(), "cs-payments", "--once"], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string?> { ["WORKFLOWITSM_TOKEN"] = "witk_revoked-or-wrong" });

        run.ExitCode.Should().Be(0, run.AllOutput);
        run.StandardOutput.Should().Contain("completed 1, failed 1");
        var done = await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances/{paid}", Ct);
        done.GetProperty("instance").GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        done.GetRawText().Should().Contain("\"charged\"").And.Contain("csharp-worker");
        var faults = await admin.GetFromJsonAsync<JsonElement>("/api/faults", Ct);
        faults.GetRawText().Should().Contain(broken).And.Contain("no amount to charge");
        refused.ExitCode.Should().Be(3, "a bad token is a 401, and the worker says so: " + refused.AllOutput);
        refused.StandardError.Should().Contain("401");
    }

    public async ValueTask DisposeAsync()
    {
        admin?.Dispose();
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
