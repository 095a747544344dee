using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// What every API request goes through: bodies and variables within their limits (413 naming the variable), binding
/// failures as 400 problem details naming the field, pages that cannot overflow, and responses that are not cached.
/// </summary>
public sealed class ApiRequestGuardsTests : IAsyncLifetime
{
    private const string Password = "Guards-Pass-1!";
    private readonly WebHostFactory host = new();
    private HttpClient admin = null!;

    public async ValueTask InitializeAsync()
    {
        await host.CreateUserAsync("rita", Password, Roles.Requester);
        admin = await host.SignedInAsync("admin", WebHostFactory.AdminPassword);
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(expected, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(body).RootElement;
    }

    private static IEnumerable<string> FieldsOf(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().Select(e => e.Name);

    [Fact]
    public async Task Malformed_json_unknown_enum_values_and_bad_dates_are_400_naming_the_field()
    {
        var incident = await admin.PostAsJsonAsync("/api/incidents", new { shortDescription = "Guards" }, Ct);
        var number = (await incident.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString();

        using var malformed = await admin.PostAsync(new Uri("/api/process-instances", UriKind.Relative),
            new StringContent("""{"key": "incident-triage", "variables": {"impact": }""", Encoding.UTF8, "application/json"), Ct);
        using var unknownState = await admin.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "Exploded" }, Ct);
        using var unknownStatus = await admin.GetAsync(new Uri("/api/process-instances?status=Exploded", UriKind.Relative), Ct);
        using var badDate = await admin.GetAsync(new Uri("/api/process-instances?startedAfter=yesterday-ish", UriKind.Relative), Ct);

        FieldsOf(await ProblemOf(malformed, HttpStatusCode.BadRequest)).Should().Equal("variables.impact");
        FieldsOf(await ProblemOf(unknownState, HttpStatusCode.BadRequest)).Should().Equal("state");
        var status = await ProblemOf(unknownStatus, HttpStatusCode.BadRequest);
        FieldsOf(status).Should().Equal("status");
        status.GetProperty("errors").GetProperty("status")[0].GetString().Should().Contain("Exploded");
        FieldsOf(await ProblemOf(badDate, HttpStatusCode.BadRequest)).Should().Equal("startedAfter");
    }

    [Fact]
    public async Task A_page_number_past_what_can_be_counted_is_400_not_page_one()
    {
        using var response = await admin.GetAsync(new Uri("/api/tasks?page=2147483647", UriKind.Relative), Ct);

        FieldsOf(await ProblemOf(response, HttpStatusCode.BadRequest)).Should().Equal("page");
    }

    [Fact]
    public async Task Api_answers_are_not_cached_and_pages_carry_the_security_headers()
    {
        using var api = await admin.GetAsync(new Uri("/api/me", UriKind.Relative), Ct);
        using var page = await admin.GetAsync(new Uri("/account/login", UriKind.Relative), Ct);

        api.Headers.CacheControl!.NoStore.Should().BeTrue();
        api.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        var policy = page.Headers.GetValues("Content-Security-Policy").Should().ContainSingle(p => p.Contains("script-src")).Subject;
        policy.Should().Contain("script-src 'self';").And.Contain("frame-ancestors 'none'").And.NotContain("unsafe-eval");
        page.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        page.Headers.GetValues("Referrer-Policy").Should().Equal("same-origin");
        page.Headers.Contains("Strict-Transport-Security").Should().BeFalse("plain http (HSTS goes with https only)");
    }

    [Fact]
    public async Task A_body_over_the_api_limit_is_413_problem_details_and_a_deployment_over_its_limit_too()
    {
        await using var limited = host.WithWebHostBuilder(builder => builder
            .UseSetting("Api:MaxRequestBodyBytes", "4096")
            .UseSetting("Api:MaxDeploymentBytes", "8192"));
        using var client = await limited.SignedInAsync("admin", WebHostFactory.AdminPassword);

        using var json = await client.PostAsJsonAsync("/api/process-instances", new { key = "incident-triage", variables = new { shortDescription = new string('x', 5000) } }, Ct);
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(new string(' ', 10_000)));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var deployment = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), new MultipartFormDataContent { { file, "files", "big.bpmn" } }, Ct);

        (await ProblemOf(json, HttpStatusCode.RequestEntityTooLarge)).GetProperty("maxBytes").GetInt64().Should().Be(4096);
        (await ProblemOf(deployment, HttpStatusCode.RequestEntityTooLarge)).GetProperty("maxBytes").GetInt64().Should().Be(8192);
    }

    [Fact]
    public async Task A_variable_over_its_limit_is_413_naming_it_on_staff_start_requester_start_and_variable_updates()
    {
        using var rita = await host.SignedInAsync("rita", Password);
        var huge = new string('x', 300 * 1024);
        using var started = await admin.PostAsJsonAsync("/api/process-instances",
            new { key = "incident-triage", variables = new { shortDescription = "Small", impact = 3, urgency = 3 } }, Ct);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

        await using var roomy = host.WithWebHostBuilder(builder => builder.UseSetting("Api:MaxRequestBodyBytes", "4194304"));
        using var roomyAdmin = await roomy.SignedInAsync("admin", WebHostFactory.AdminPassword);
        using var roomyRita = await roomy.SignedInAsync("rita", Password);
        using var staffStart = await roomyAdmin.PostAsJsonAsync("/api/process-instances",
            new { key = "incident-triage", variables = new { shortDescription = "Big", impact = 3, urgency = 3, attachmentText = huge } }, Ct);
        using var requesterStart = await roomyRita.PostAsJsonAsync("/api/my-requests",
            new { processKey = "incident-triage", variables = new { shortDescription = "Big", impact = 3, urgency = 3, description = huge } }, Ct);
        using var update = await roomyAdmin.PutAsJsonAsync($"/api/process-instances/{id}/variables", new { variables = new { notes = huge } }, Ct);
        using var manySmall = await roomyAdmin.PutAsJsonAsync($"/api/process-instances/{id}/variables",
            new { variables = Enumerable.Range(0, 6).ToDictionary(i => $"part{i}", _ => new string('y', 200 * 1024)) }, Ct);

        FieldsOf(await ProblemOf(staffStart, HttpStatusCode.RequestEntityTooLarge)).Should().Equal("attachmentText");
        FieldsOf(await ProblemOf(requesterStart, HttpStatusCode.RequestEntityTooLarge)).Should().Equal("description");
        FieldsOf(await ProblemOf(update, HttpStatusCode.RequestEntityTooLarge)).Should().Equal("notes");
        FieldsOf(await ProblemOf(manySmall, HttpStatusCode.RequestEntityTooLarge)).Should().Equal("variables");
        var variables = (await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances/{id}", Ct)).GetProperty("variables");
        variables.TryGetProperty("notes", out _).Should().BeFalse("nothing of a refused update is stored");
        variables.TryGetProperty("part0", out _).Should().BeFalse();
        (await rita.GetFromJsonAsync<JsonElement>("/api/my-requests", Ct)).GetProperty("total").GetInt32().Should().Be(0);
    }
}
