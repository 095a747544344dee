using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkflowItsm.Testing;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Drives a running host over HTTP (loopback only): C clients run start → find the task → claim → complete. They
/// share one sign-in, as a person's browser tabs do: the host lets one address sign in 20 times a minute, so C
/// sign-ins at once would be refused (429) by the very limit that protects it.
/// </summary>
internal static class HttpLoad
{
    public static async Task<IReadOnlyList<double>> RunAsync(Uri host, string user, string password, int clients, LoadDriver driver, LatencyRecorder latencies)
    {
        if (!IPAddress.TryParse(host.Host, out var address) ? host.Host != "localhost" : !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException("The load tool only sends traffic to this machine (127.0.0.1, ::1 or localhost).");
        }

        var cookies = await SignInAsync(host, user, password);
        var signedIn = Enumerable.Range(0, clients)
            .Select(_ => new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host })
            .ToList();
        var idle = new System.Collections.Concurrent.ConcurrentBag<HttpClient>(signedIn);
        try
        {
            return await driver.RunAsync(async (i, latencies) =>
            {
                // Each lifecycle borrows a signed-in client, so C lifecycles run at once, one per client.
                if (!idle.TryTake(out var client))
                {
                    throw new InvalidOperationException("More lifecycles in flight than clients.");
                }

                try
                {
                    await RunLifecycleAsync(client, i, latencies);
                }
                finally
                {
                    idle.Add(client);
                }
            }, latencies);
        }
        finally
        {
            foreach (var client in signedIn)
            {
                client.Dispose();
            }
        }
    }

    private static async Task RunLifecycleAsync(HttpClient client, int i, LatencyRecorder latencies)
    {
        var started = await latencies.TimeAsync("start", () => PostAsync(client, "/api/process-instances", new
        {
            key = "incident-triage",
            businessKey = $"LOAD{i}",
            variables = new { impact = 1 + (i % 3), urgency = 1 + (i / 3 % 3), shortDescription = "load" },
        }));
        var instanceId = started.GetProperty("id").GetString();
        var page = await latencies.TimeAsync("find-task", () => client.GetFromJsonAsync<JsonElement>($"/api/tasks?instanceId={instanceId}"));
        var taskId = page.GetProperty("items")[0].GetProperty("id").GetString();
        await latencies.TimeAsync("claim", () => PostAsync(client, $"/api/tasks/{taskId}/claim", new { }));
        await latencies.TimeAsync("complete", () => PostAsync(client, $"/api/tasks/{taskId}/complete",
            new { variables = new { resolutionCode = "fixed", resolutionNotes = "load test" } }));
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Signs in once through the sign-in form; returns the cookies the clients share.</summary>
    private static async Task<CookieContainer> SignInAsync(Uri host, string user, string password)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host };
        using var response = await SignInForm.PostAsync(client, user, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {user} failed ({(int)response.StatusCode}).");
        }

        return cookies;
    }
}
