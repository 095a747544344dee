// An external task worker for WorkflowItsm in C# (a file to copy into a console project: `dotnet new console`,
// then replace Program.cs with this). It uses only the base library: HttpClient and System.Net.Http.Json.
//   WORKFLOWITSM_TOKEN=witk_... dotnet run -- https://itsm.example.org payments
// --once handles what is there and stops (for cron and for tests); without it the worker polls until stopped.
// Exit codes: 0 done, 2 no token, 3 the API refused the token (401/403).
// (A test compiles this file and runs it against a real host: tests/WorkflowItsm.Web.Tests/Integrations/CSharpWorkerTests.cs.)
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

var positional = args.Where(arg => !arg.StartsWith("--", StringComparison.Ordinal)).ToArray();
var baseUrl = positional.Length > 0 ? positional[0] : "http://localhost:5000";
var topic = positional.Length > 1 ? positional[1] : "payments";
var once = args.Contains("--once");
// From the environment, so the token never shows in a process list.
var token = Environment.GetEnvironmentVariable("WORKFLOWITSM_TOKEN");
if (string.IsNullOrEmpty(token))
{
    Console.Error.WriteLine("Set WORKFLOWITSM_TOKEN to an API token with the scope tasks:write.");
    return 2;
}

var workerId = $"csharp-{Environment.MachineName}-{Environment.ProcessId}";

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

int completed = 0, failed = 0;
while (true)
{
    using var fetched = await http.PostAsJsonAsync("/api/external-tasks/fetch-and-lock",
        new { workerId, topics = new[] { topic }, maxTasks = 10, lockDurationMs = 60_000 });
    if (fetched.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
    {
        Console.Error.WriteLine($"The API refused the token: HTTP {(int)fetched.StatusCode}.");
        return 3;
    }

    fetched.EnsureSuccessStatusCode();
    var tasks = await fetched.Content.ReadFromJsonAsync<JsonElement[]>() ?? [];
    foreach (var task in tasks)
    {
        var id = task.GetProperty("id").GetString();
        try
        {
            var amount = task.GetProperty("variables").TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number
                ? a.GetDecimal()
                : throw new InvalidOperationException("The order has no amount to charge.");
            using var done = await http.PostAsJsonAsync($"/api/external-tasks/{id}/complete",
                new { workerId, variables = new { charged = amount, chargedBy = "csharp-worker" } });
            done.EnsureSuccessStatusCode();
            completed++;
        }
        catch (InvalidOperationException failure)
        {
            // Retries 0: the instance records a fault an admin can retry (Faults page).
            using var reported = await http.PostAsJsonAsync($"/api/external-tasks/{id}/failure",
                new { workerId, errorMessage = failure.Message, retries = 0, retryTimeoutMs = 60_000 });
            reported.EnsureSuccessStatusCode();
            failed++;
        }
    }

    if (once)
    {
        Console.WriteLine($"completed {completed}, failed {failed}");
        return 0;
    }

    if (tasks.Length == 0)
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
    }
}
