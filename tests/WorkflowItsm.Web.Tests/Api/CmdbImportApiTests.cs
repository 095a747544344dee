using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// The CI import through /api/cmdb/import (JSON) and /api/cmdb/import/csv (a CSV body or file): a dry run by default,
/// commit=true writes; 400 names line and field and writes nothing; ambiguous rows become de-duplication tasks.
/// </summary>
public sealed class CmdbImportApiTests(CmdbImportApiTests.Setup shared) : IClassFixture<CmdbImportApiTests.Setup>
{
    private const string Password = "Import-Pass-1!";

    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("import.agent", Password, Roles.Agent, "service-desk");
            Agent = await SignInAsync("import.agent", Password);
            Admin = await SignInAsync();
        }
    }

    private HttpClient agent => shared.Agent;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Row(string @class, string name, object attributes) => new { @class, name, attributes };

    private async Task<JsonElement> ImportAsync(string source, bool commit, params object[] rows)
    {
        using var response = await agent.PostAsJsonAsync($"/api/cmdb/import?commit={commit}", new { source, rows }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<int> CountAsync(string text) =>
        (await agent.GetFromJsonAsync<JsonElement>($"/api/cmdb/cis?q={text}", Ct)).GetProperty("total").GetInt32();

    [Fact]
    public async Task Scenario_2_a_JSON_batch_is_planned_then_committed_and_a_second_import_in_another_case_makes_no_duplicates()
    {
        var plan = await ImportAsync("discovery", false, Row("server", "api-srv-1", new { serialNumber = "API-SN-1", ramGb = "64" }));

        plan.GetProperty("inserts").GetInt32().Should().Be(1);
        plan.GetProperty("committed").GetBoolean().Should().BeFalse();
        (await CountAsync("api-srv-1")).Should().Be(0, "a dry run writes nothing");

        var done = await ImportAsync("discovery", true, Row("server", "api-srv-1", new { serialNumber = "API-SN-1", ramGb = "64" }));
        var again = await ImportAsync("discovery", true, Row("server", "API-SRV-1", new { serialNumber = " api-sn-1 ", ramGb = "64" }));

        done.GetProperty("details")[0].GetProperty("number").GetString().Should().StartWith("CI");
        again.GetProperty("inserts").GetInt32().Should().Be(0);
        (await CountAsync("api-srv-1")).Should().Be(1);
    }

    [Fact]
    public async Task Bad_input_answers_400_naming_line_and_field_and_nothing_is_stored()
    {
        using var response = await agent.PostAsJsonAsync("/api/cmdb/import?commit=true", new
        {
            source = "discovery",
            rows = new[] { Row("server", "api-bad-ok", new { ramGb = "8" }), Row("mainframe", "api-bad-1", new { }), Row("server", "api-bad-2", new { ramGb = "eight" }) },
        }, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        errors.GetProperty("line 2.class")[0].GetString().Should().Be("There is no class 'mainframe'.");
        errors.GetProperty("line 3.attributes.ramGb")[0].GetString().Should().Contain("RAM (GB) is a number");
        (await CountAsync("api-bad")).Should().Be(0);
    }

    [Fact]
    public async Task A_CSV_file_is_planned_and_committed_and_a_bad_header_is_400()
    {
        static MultipartFormDataContent Form(string csv, bool commit)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            return new MultipartFormDataContent { { file, "file", "cis.csv" }, { new StringContent("spreadsheet"), "source" }, { new StringContent(commit ? "true" : "false"), "commit" } };
        }

        const string csv = "class,name,serialNumber,ramGb\nserver,csv-srv-1,CSV-SN-1,16\nserver,csv-srv-2,CSV-SN-2,\n";
        using var planned = await agent.PostAsync("/api/cmdb/import/csv", Form(csv, false), Ct);
        using var committed = await agent.PostAsync("/api/cmdb/import/csv", Form(csv, true), Ct);
        using var body = await agent.PostAsync("/api/cmdb/import/csv?source=spreadsheet", new StringContent("klass,name\nserver,x\n", Encoding.UTF8, "text/csv"), Ct);

        planned.StatusCode.Should().Be(HttpStatusCode.OK, await planned.Content.ReadAsStringAsync(Ct));
        (await planned.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("inserts").GetInt32().Should().Be(2);
        committed.StatusCode.Should().Be(HttpStatusCode.OK, await committed.Content.ReadAsStringAsync(Ct));
        (await CountAsync("csv-srv")).Should().Be(2);
        body.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await body.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("line 1.header", out _).Should().BeTrue();
    }

    [Fact]
    public async Task An_ambiguous_row_is_listed_as_a_deduplication_task_and_resolving_it_as_new_creates_a_CI()
    {
        foreach (var serial in new[] { "AMB-1", "AMB-2" })
        {
            using var created = await agent.PostAsJsonAsync("/api/cmdb/cis", new { name = "api-amb-host", @class = "server", attributes = new { serialNumber = serial } }, Ct);
            created.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var plan = await ImportAsync("discovery", true, Row("server", "api-amb-host", new { ramGb = "32" }));
        plan.GetProperty("ambiguous").GetInt32().Should().Be(1);

        var tasks = await agent.GetFromJsonAsync<JsonElement>("/api/cmdb/duplicate-tasks?state=Open", Ct);
        var task = tasks.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "api-amb-host");
        task.GetProperty("candidates").GetArrayLength().Should().Be(2);
        var id = task.GetProperty("id").GetInt64();
        using var resolved = await agent.PostAsJsonAsync($"/api/cmdb/duplicate-tasks/{id}/resolve", new { createNew = true }, Ct);
        using var twice = await agent.PostAsJsonAsync($"/api/cmdb/duplicate-tasks/{id}/resolve", new { createNew = true }, Ct);

        resolved.StatusCode.Should().Be(HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync(Ct));
        (await resolved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString().Should().Be("CreatedNew");
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await CountAsync("api-amb-host")).Should().Be(3);
    }

    [Fact]
    public async Task Admins_set_identification_rules_and_source_priorities_and_agents_may_not()
    {
        using var set = await shared.Admin.PutAsJsonAsync("/api/cmdb/classes/application/identification-rules", new { rules = new[] { new[] { "name", "version" } } }, Ct);
        using var bad = await shared.Admin.PutAsJsonAsync("/api/cmdb/classes/application/identification-rules", new { rules = new[] { new[] { "colour" } } }, Ct);
        using var source = await shared.Admin.PutAsJsonAsync("/api/cmdb/sources/cmdb-sheet", new { name = "CMDB sheet", defaultPriority = 30, attributePriorities = new { ramGb = 90 } }, Ct);
        using var byAgent = await agent.PutAsJsonAsync("/api/cmdb/sources/cmdb-sheet", new { name = "Mine", defaultPriority = 999 }, Ct);

        set.StatusCode.Should().Be(HttpStatusCode.OK);
        (await set.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("inherited").GetBoolean().Should().BeFalse();
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("rules[0]", out _).Should().BeTrue();
        source.StatusCode.Should().Be(HttpStatusCode.OK);
        byAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var sources = await agent.GetFromJsonAsync<JsonElement>("/api/cmdb/sources", Ct);
        sources.EnumerateArray().Single(s => s.GetProperty("key").GetString() == "cmdb-sheet").GetProperty("attributePriorities").GetProperty("ramGb").GetInt32().Should().Be(90);
    }
}
