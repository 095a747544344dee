using System.Net;
using System.Text.Json;

namespace WorkflowItsm.Web.Tests.Api;

public sealed class OpenApiTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        using var client = host.CreateClient();

        var json = await client.GetStringAsync(new Uri("/api/docs/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("info").GetProperty("title").GetString().Should().Be("WorkflowItsm API");
        document.RootElement.GetProperty("paths").TryGetProperty("/api/me", out _).Should().BeTrue();
    }

    // Operations with an id in the path that cannot be unknown: saving a calendar or a draft creates it, checking a draft reads only the body.
    private static readonly HashSet<string> CreatedOrNotLookedUp = ["SaveBusinessCalendar", "SaveProcessDraft", "CheckProcessDraft", "SaveCiDataSource", "SaveCatalogCategory", "SaveCatalogVariableSet", "SaveCatalogItem",
        "RevokeMyScheduleFeedAddress"]; // stopping an address that is not there is done already (204)

    // Operations whose services refuse with 409: a stale revision, a refused transition, a task or lock held by
    // someone else, a proposal decided already, an instance or fault no longer where the request expects it.
    /// <summary>Operations that need no sign-in: a calendar app reading a secret feed address cannot sign in.</summary>
    private static readonly HashSet<string> AnonymousOperations = ["SubscribedOnCallFeed"];

    private static readonly string[] Conflicts =
    [
        "UpdateIncident", "TransitionIncident", "UpdateProblem", "TransitionProblem", "AcceptProblemProposal", "DismissProblemProposal",
        "SaveBusinessCalendar", "CompleteHumanTask", "ClaimHumanTask", "CompleteExternalTask", "ExtendExternalTaskLock", "SaveProcessDraft",
        "PublishProcessDraft", "CancelProcessInstance", "SuspendProcessInstance", "MigrateProcessInstance", "RetryFault", "CorrelateMessage",
        "ResolveCiDuplicateTask",
    ];

    [Fact]
    public async Task Every_api_operation_declares_its_success_with_a_schema_and_the_problems_it_can_answer()
    {
        using var client = host.CreateClient();

        var json = await client.GetStringAsync(new Uri("/api/docs/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(json);
        var operations = (
            from path in document.RootElement.GetProperty("paths").EnumerateObject()
            where path.Name.StartsWith("/api/", StringComparison.Ordinal)
            from operation in path.Value.EnumerateObject()
            where operation.Name is "get" or "post" or "put" or "patch" or "delete"
            select operation.Value).ToList();
        var faults = new List<string>();
        foreach (var operation in operations)
        {
            var id = operation.GetProperty("operationId").GetString()!;
            var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
            var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (successes.Count == 0)
            {
                faults.Add($"{id}: no success response");
            }

            foreach (var (status, response) in successes.Where(r => r.Key != "204"))
            {
                if (!response.TryGetProperty("content", out var content) || !content.EnumerateObject().Any()
                    || content.EnumerateObject().Any(media => !media.Value.TryGetProperty("schema", out var schema) || !schema.EnumerateObject().Any()))
                {
                    faults.Add($"{id}: {status} without a schema");
                }
            }

            var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().Select(p => p.GetProperty("in").GetString()).ToList() : [];
            // A body or a query value that cannot be read answers 400 on any endpoint (ApiRequestGuards).
            if ((operation.TryGetProperty("requestBody", out _) || parameters.Contains("query")) && !responses.ContainsKey("400"))
            {
                faults.Add($"{id}: takes a body or query but declares no 400");
            }

            if (parameters.Contains("path") && !CreatedOrNotLookedUp.Contains(id) && !responses.ContainsKey("404"))
            {
                faults.Add($"{id}: looks up an id from its path but declares no 404");
            }

            if (Conflicts.Contains(id) && !responses.ContainsKey("409"))
            {
                faults.Add($"{id}: can answer 409 but declares no 409");
            }

            // Every /api call needs a sign-in (cookie or token) and may be refused by roles or a token's scopes; one
            // open to anyone (a secret feed address) says so with an empty security list instead.
            var openToAnyone = operation.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
            if (openToAnyone != AnonymousOperations.Contains(id))
            {
                faults.Add(openToAnyone ? $"{id}: open to anyone but not listed as such" : $"{id}: listed as open to anyone but needs a sign-in");
            }

            faults.AddRange(new[] { "401", "403" }.Where(status => !openToAnyone && !responses.ContainsKey(status)).Select(status => $"{id}: declares no {status}"));
            if (Text(operation, "summary").Length == 0)
            {
                faults.Add($"{id}: no summary");
            }

            // A refusal is problem details, and every JSON body or answer shows an example of itself.
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                if (!response.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var problem)
                    || !problem.TryGetProperty("schema", out var schema) || !schema.GetRawText().Contains("ProblemDetails", StringComparison.Ordinal))
                {
                    faults.Add($"{id}: {status} is not problem details");
                }
            }

            var bodies = responses.Select(r => (Name: r.Key, r.Value)).Prepend(("request", operation.TryGetProperty("requestBody", out var body) ? body : default));
            foreach (var (name, part) in bodies.Where(b => b.Item2.ValueKind == JsonValueKind.Object && b.Item2.TryGetProperty("content", out _)))
            {
                faults.AddRange(part.GetProperty("content").EnumerateObject()
                    .Where(media => media.Name.EndsWith("json", StringComparison.Ordinal) && !media.Value.TryGetProperty("example", out _) && !media.Value.TryGetProperty("examples", out _))
                    .Select(media => $"{id}: {name} ({media.Name}) has no example"));
            }

            // What an operation's words promise, its responses declare.
            var words = $"{Text(operation, "summary")} {Text(operation, "description")}";
            faults.AddRange(new[] { "202", "400", "404", "409", "413", "415" }
                .Where(status => words.Contains(status, StringComparison.Ordinal) && !responses.ContainsKey(status))
                .Select(status => $"{id}: mentions {status} but does not declare it"));
        }

        operations.Should().HaveCountGreaterThan(60, "every group of the API is in the document");
        document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        faults.Should().BeEmpty();
    }

    private static string Text(JsonElement operation, string property) =>
        operation.TryGetProperty(property, out var text) ? text.GetString() ?? string.Empty : string.Empty;

    [Fact]
    public async Task Scalar_reference_page_is_served_under_api_docs()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/docs/v1", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("api/docs/openapi/v1.json");
    }

    [Fact]
    public async Task Api_answers_401_problem_details_to_anonymous_callers_instead_of_a_redirect()
    {
        using var client = host.CreateBrowserClient();

        using var response = await client.GetAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
