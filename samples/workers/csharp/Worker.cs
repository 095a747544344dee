// An external task worker for WorkflowItsm in C# (a file to copy into a console project: `dotnet new console`,
// then replace Program.cs with this). It uses only the base library: HttpClient and System.Net.Http.Json.
//   WORKFLOWITSM_TOKEN=witk_... dotnet run -- https://itsm.example.org payments
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

var baseUrl = args.Length > 0 ? args[0] : "http://localhost:5000";
var topic = args.Length > 1 ? args[1] : "payments";
var token = Environment.GetEnvironmentVariable("WORKFLOWITSM_TOKEN")
    ?? throw new InvalidOperationException("Set WORKFLOWITSM_TOKEN to an API token with the scope tasks:write.");
var workerId = $"csharp-{Environment.MachineName}-{Environment.ProcessId}";

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

while (true)
{
    using var fetched = await http.PostAsJsonAsync("/api/external-tasks/fetch-and-lock",
        new { workerId, topics = new[] { topic }, maxTasks = 10, lockDurationMs = 60_000 });
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
        }
        catch (InvalidOperationException failure)
        {
            // Retries 0: the instance records a fault an admin can retry (Faults page).
            using var failed = await http.PostAsJsonAsync($"/api/external-tasks/{id}/failure",
                new { workerId, errorMessage = failure.Message, retries = 0, retryTimeoutMs = 60_000 });
            failed.EnsureSuccessStatusCode();
        }
    }

    if (tasks.Length == 0)
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
    }
}
