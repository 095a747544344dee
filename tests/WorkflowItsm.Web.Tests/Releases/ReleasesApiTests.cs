using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Releases;

/// <summary>
/// Releases through the API (issue 19): test 2's deployment gate answers and a deployment refused outside any window,
/// a pipeline's service account sending evidence (test 1's G3 blocking and unblocking), the bad input list, the release
/// notes, and who may do what.
/// </summary>
public sealed class ReleasesApiTests(ReleasesApiTests.Setup shared) : IClassFixture<ReleasesApiTests.Setup>
{
    private const string Password = "Release-Pass-1!";

    public sealed class Setup : SharedHost
    {
        public HttpClient Manager { get; private set; } = null!;
        public HttpClient Pipeline { get; private set; } = null!;
        public HttpClient Requester { get; private set; } = null!;
        public string Service { get; private set; } = "";

        public override async ValueTask InitializeAsync()
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                Service = (await scope.ServiceProvider.GetRequiredService<CiService>().CreateAsync(
                    new NewConfigurationItem { Name = "Web shop", Class = CmdbSeed.BusinessService }, "system", CancellationToken.None)).Number;
            }

            await CreatePersonAsync("carla", Password, Roles.ChangeManager, "change-managers");
            await CreatePersonAsync("pia", Password, Roles.Pipeline);
            await CreatePersonAsync("rita", Password, Roles.Requester);
            Manager = await SignInAsync("carla", Password);
            Pipeline = await SignInAsync("pia", Password);
            Requester = await SignInAsync("rita", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private async Task<string> StartedReleaseAsync(string version, params string[] changes)
    {
        using var created = await shared.Manager.PostAsJsonAsync("/api/releases", new
        {
            shortDescription = $"Web shop {version}", service = shared.Service, version, type = "Minor", readinessDate = "2027-03-05", changes,
        }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var number = (await ReadAsync(created)).GetProperty("release").GetProperty("number").GetString()!;
        foreach (var state in (string[])["Pending", "InProgress"])
        {
            using var moved = await shared.Manager.PostAsJsonAsync($"/api/releases/{number}/transitions", new { state }, Ct);
            moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync(Ct));
        }

        return number;
    }

    private async Task<JsonElement> GateAsync(string number, string environment)
    {
        using var response = await shared.Pipeline.GetAsync($"/api/releases/{number}/deployments/{environment}/gate", Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await ReadAsync(response);
    }

    [Fact]
    public async Task Test2_the_gate_answers_prevented_inside_a_blackout_naming_the_next_window_waiting_outside_any_window_and_a_deployment_outside_is_refused_and_nothing_started()
    {
        var now = DateTime.UtcNow;
        var nextWindowStart = now.AddHours(3);
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            var windows = scope.ServiceProvider.GetRequiredService<ChangeWindows>();
            await windows.CreateAsync(new NewChangeWindow { Name = "Payroll blackout", Kind = ChangeWindowKind.Blackout, Environment = "production", Start = now.AddHours(-1), End = now.AddHours(2) }, "carla", Ct);
            await windows.CreateAsync(new NewChangeWindow { Name = "Production window", Kind = ChangeWindowKind.Maintenance, Environment = "production", Start = nextWindowStart, End = now.AddHours(5) }, "carla", Ct);
            await windows.CreateAsync(new NewChangeWindow { Name = "Staging window", Kind = ChangeWindowKind.Maintenance, Environment = "staging", Start = now.AddDays(1), End = now.AddDays(1).AddHours(2) }, "carla", Ct);
        }

        var number = await StartedReleaseAsync("5.0.0");

        var production = await GateAsync(number, "production");
        production.GetProperty("decision").GetString().Should().Be("prevented");
        production.GetProperty("reason").GetString().Should().Contain("Payroll blackout").And.Contain("Production window");
        production.GetProperty("nextWindow").GetProperty("start").GetDateTime().Should().BeCloseTo(nextWindowStart, TimeSpan.FromSeconds(1));
        var staging = await GateAsync(number, "staging");
        staging.GetProperty("decision").GetString().Should().Be("waiting");
        staging.GetProperty("nextWindow").GetProperty("name").GetString().Should().Be("Staging window");
        (await GateAsync(number, "test")).GetProperty("decision").GetString().Should().Be("allowed");

        using var test = await shared.Pipeline.PostAsync($"/api/releases/{number}/deployments/test", null, Ct);
        test.StatusCode.Should().Be(HttpStatusCode.Created, await test.Content.ReadAsStringAsync(Ct));
        using var refused = await shared.Pipeline.PostAsync($"/api/releases/{number}/deployments/staging", null, Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await ReadAsync(refused);
        problem.GetProperty("decision").GetString().Should().Be("waiting");
        problem.GetProperty("nextWindow").GetProperty("name").GetString().Should().Be("Staging window");
        var deployments = (await shared.Manager.GetFromJsonAsync<JsonElement>($"/api/releases/{number}", Ct)).GetProperty("deployments").EnumerateArray()
            .Select(d => d.GetProperty("environment").GetString()).ToList();
        deployments.Should().Equal("test");

        using var unknown = await shared.Pipeline.GetAsync($"/api/releases/{number}/deployments/moon/gate", Ct);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Test1_a_pipeline_service_account_sends_evidence_a_93_percent_run_blocks_G3_and_a_97_percent_rerun_unblocks_it()
    {
        var number = await StartedReleaseAsync("5.1.0");
        using var build = await shared.Pipeline.PostAsJsonAsync($"/api/releases/{number}/evidence", new { phase = "Development", gate = "G2", result = "passed", buildId = "b-7" }, Ct);
        build.StatusCode.Should().Be(HttpStatusCode.OK, await build.Content.ReadAsStringAsync(Ct));
        (await ReadAsync(build)).GetProperty("activePhase").GetString().Should().Be("Testing");

        using var failing = await shared.Pipeline.PostAsJsonAsync($"/api/releases/{number}/evidence",
            new { phase = "Testing", gate = "G3", buildId = "b-7", link = "https://ci.example.com/b-7", tests = new { passed = 93, failed = 7, coverage = 81.5 } }, Ct);
        var blocked = await ReadAsync(failing);
        blocked.GetProperty("gate").GetProperty("status").GetString().Should().Be("NonCompliant");
        blocked.GetProperty("activePhase").GetString().Should().Be("Testing");

        using var passing = await shared.Pipeline.PostAsJsonAsync($"/api/releases/{number}/evidence",
            new { phase = "Testing", gate = "G3", buildId = "b-8", tests = new { passed = 97, failed = 3 } }, Ct);
        var unblocked = await ReadAsync(passing);
        unblocked.GetProperty("gate").GetProperty("status").GetString().Should().Be("Compliant");
        unblocked.GetProperty("gate").GetProperty("buildId").GetString().Should().Be("b-8");
        unblocked.GetProperty("activePhase").GetString().Should().Be("Implementation");
    }

    [Fact]
    public async Task Bad_input_unknown_release_or_phase_is_404_malformed_evidence_and_an_override_without_reason_are_400_naming_the_field_an_illegal_move_is_409()
    {
        var number = await StartedReleaseAsync("5.2.0");

        using var noRelease = await shared.Pipeline.PostAsJsonAsync("/api/releases/REL0999999/evidence", new { phase = "Testing", gate = "G3", tests = new { passed = 1, failed = 0 } }, Ct);
        noRelease.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var noPhase = await shared.Pipeline.PostAsJsonAsync($"/api/releases/{number}/evidence", new { phase = "Hypercare", gate = "G3", tests = new { passed = 1, failed = 0 } }, Ct);
        noPhase.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var malformed = await shared.Pipeline.PostAsJsonAsync($"/api/releases/{number}/evidence", new { phase = "Testing", gate = "G3", tests = new { passed = -3, failed = 0 } }, Ct);
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(malformed)).GetProperty("errors").TryGetProperty("tests.passed", out _).Should().BeTrue();

        using var noReason = await shared.Manager.PostAsJsonAsync($"/api/releases/{number}/gates/G3/exception", new { reason = "" }, Ct);
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(noReason)).GetProperty("errors").TryGetProperty("reason", out _).Should().BeTrue();

        using var illegal = await shared.Manager.PostAsJsonAsync($"/api/releases/{number}/transitions", new { state = "Completed" }, Ct);
        illegal.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ReadAsync(illegal)).GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).Should().Equal("OnHold", "Review", "Failed", "Cancelled");

        using var badRelease = await shared.Manager.PostAsJsonAsync("/api/releases", new { shortDescription = "x", service = "CI9999999", version = "1", changes = new[] { "CHG0999999" } }, Ct);
        badRelease.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ReadAsync(badRelease)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Contain(["service", "changes", "readinessDate"]);
    }

    [Fact]
    public async Task The_release_notes_list_the_contained_changes_and_a_pipeline_may_send_evidence_but_not_read_releases_while_requesters_get_nothing()
    {
        using var change = await shared.Manager.PostAsJsonAsync("/api/changes", new { shortDescription = "Add the gift card payment", service = shared.Service }, Ct);
        change.StatusCode.Should().Be(HttpStatusCode.Created, await change.Content.ReadAsStringAsync(Ct));
        var changeNumber = (await ReadAsync(change)).GetProperty("number").GetString()!;
        var number = await StartedReleaseAsync("5.3.0", changeNumber);

        var notes = await shared.Manager.GetFromJsonAsync<JsonElement>($"/api/releases/{number}/notes", Ct);
        var item = notes.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("title").GetString().Should().Be("Add the gift card payment");
        item.GetProperty("typeText").GetString().Should().Be("Normal");

        using var read = await shared.Pipeline.GetAsync($"/api/releases/{number}", Ct);
        read.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var requesterEvidence = await shared.Requester.PostAsJsonAsync($"/api/releases/{number}/evidence", new { phase = "Testing", gate = "G3" }, Ct);
        requesterEvidence.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var requesterRead = await shared.Requester.GetAsync($"/api/releases/{number}/notes", Ct);
        requesterRead.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
