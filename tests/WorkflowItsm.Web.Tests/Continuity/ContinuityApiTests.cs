using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Continuity;

/// <summary>
/// Continuity through the API (issue 21): test 1's analysis and gap, test 2's critical path, a drill's step refused
/// without evidence, and the bad input list — a BIA without categories, a step cycle, an invalid cron — each a 400
/// naming what is wrong with nothing stored.
/// </summary>
public sealed class ContinuityApiTests(ContinuityApiTests.Setup shared) : IClassFixture<ContinuityApiTests.Setup>
{
    private const string Password = "Continuity-Pass-1!";

    public sealed class Setup : SharedHost
    {
        public HttpClient Manager { get; private set; } = null!;
        public HttpClient Requester { get; private set; } = null!;

        /// <summary>vera, a continuity manager: she approves analyses.</summary>
        public HttpClient Approver { get; private set; } = null!;
        public string Service { get; private set; } = "";
        public string Server { get; private set; } = "";

        public override async ValueTask InitializeAsync()
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                var cis = scope.ServiceProvider.GetRequiredService<CiService>();
                Service = (await cis.CreateAsync(new NewConfigurationItem { Name = "Payroll", Class = CmdbSeed.BusinessService }, "system", CancellationToken.None)).Number;
                Server = (await cis.CreateAsync(new NewConfigurationItem { Name = "payroll-db-01", Class = CmdbSeed.Server }, "system", CancellationToken.None)).Number;
                await scope.ServiceProvider.GetRequiredService<CiRelations>().AddAsync(new NewCiRelation(Service, CmdbSeed.DependsOn, Server), "system", CancellationToken.None);
            }

            await CreatePersonAsync("cora", Password, Roles.ChangeManager, "change-managers");
            await CreatePersonAsync("rudi", Password, Roles.Requester);
            await CreatePersonAsync("vera", Password, Roles.Agent, BusinessImpactAnalyses.ManagersGroup);
            Approver = await SignInAsync("vera", Password);
            Manager = await SignInAsync("cora", Password);
            Requester = await SignInAsync("rudi", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static object[] Test1Ratings =>
    [
        new { category = "revenue", durationMinutes = 240, rating = "Moderate", intolerable = false },
        new { category = "revenue", durationMinutes = 480, rating = "Major", intolerable = true },
        new { category = "legal-regulatory", durationMinutes = 1440, rating = "Severe", intolerable = true },
    ];

    /// <summary>Submits the service's analysis and returns its pending approval's id.</summary>
    private async Task<string> SubmitBiaAsync()
    {
        using var submitted = await shared.Manager.PostAsync($"/api/continuity/analyses/{shared.Service}/submit", null, Ct);
        submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync(Ct));
        var analysis = await ReadAsync(submitted);
        analysis.GetProperty("stateLabel").GetString().Should().Be("In review");
        using var approvals = await shared.Manager.GetAsync($"/api/approvals?record={analysis.GetProperty("number").GetString()}", Ct);
        return (await ReadAsync(approvals)).EnumerateArray().First(a => a.GetProperty("state").GetString() == "Pending").GetProperty("id").GetString()!;
    }

    private async Task ApproveBiaAsync()
    {
        var approval = await SubmitBiaAsync();
        using var vote = await shared.Approver.PostAsJsonAsync($"/api/approvals/{approval}/votes", new { decision = "Approved" }, Ct);
        vote.StatusCode.Should().Be(HttpStatusCode.OK, await vote.Content.ReadAsStringAsync(Ct));
    }

    private async Task<long> PlanAsync()
    {
        using var bia = await shared.Manager.PutAsJsonAsync($"/api/continuity/analyses/{shared.Service}", new { ratings = Test1Ratings, rpoMinutes = 60 }, Ct);
        bia.StatusCode.Should().Be(HttpStatusCode.OK, await bia.Content.ReadAsStringAsync(Ct));
        await ApproveBiaAsync();
        using var listed = await shared.Manager.GetAsync("/api/continuity/plans", Ct);
        var existing = (await ReadAsync(listed)).EnumerateArray().FirstOrDefault(p => p.GetProperty("service").GetString() == shared.Service);
        if (existing.ValueKind == JsonValueKind.Object)
        {
            return existing.GetProperty("id").GetInt64();
        }

        using var created = await shared.Manager.PostAsJsonAsync("/api/continuity/plans", new
        {
            service = shared.Service, title = "Payroll recovery", owner = "cora", cis = new[] { shared.Server },
            steps = new object[]
            {
                new { order = 1, name = "Restore the database", estimateMinutes = 120, requiredEvidence = "Restore log" },
                new { order = 2, name = "Start the application", estimateMinutes = 180, dependsOn = new[] { 1 } },
                new { order = 3, name = "Reconnect the bank", estimateMinutes = 60, dependsOn = new[] { 1 } },
                new { order = 4, name = "Verify a payslip", estimateMinutes = 60, dependsOn = new[] { 2, 3 } },
            },
        }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await ReadAsync(created)).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Test1_and_2_the_analysis_gives_RTO_8h_business_critical_a_12h_server_is_a_gap_and_the_6h_plan_is_compliant()
    {
        var id = await PlanAsync();
        using var bia = await shared.Manager.GetAsync($"/api/continuity/analyses/{shared.Service}", Ct);
        var analysis = await ReadAsync(bia);
        analysis.GetProperty("rtoMinutes").GetInt32().Should().Be(480);
        analysis.GetProperty("tierLabel").GetString().Should().Be("Business critical");

        using var capability = await shared.Manager.PutAsJsonAsync($"/api/continuity/recovery-capabilities/{shared.Server}", new { recoveryMinutes = 720 }, Ct);
        capability.StatusCode.Should().Be(HttpStatusCode.OK, await capability.Content.ReadAsStringAsync(Ct));
        using var gaps = await shared.Manager.GetAsync($"/api/continuity/analyses/{shared.Service}/gaps", Ct);
        (await ReadAsync(gaps)).GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("number").GetString()).Should().Equal(shared.Server);

        using var plan = await shared.Manager.GetAsync($"/api/continuity/plans/{id}", Ct);
        var view = await ReadAsync(plan);
        view.GetProperty("bestLabel").GetString().Should().Be("6 h");
        view.GetProperty("complianceLabel").GetString().Should().Be("Compliant");

        using var refused = await shared.Requester.GetAsync($"/api/continuity/plans/{id}", Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_BIA_is_submitted_and_approved_by_a_continuity_manager_sent_back_with_the_reason_and_someone_not_allowed_gets_403()
    {
        using var bia = await shared.Manager.PutAsJsonAsync($"/api/continuity/analyses/{shared.Service}", new { ratings = Test1Ratings, rpoMinutes = 60 }, Ct);
        bia.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(bia)).GetProperty("stateLabel").GetString().Should().Be("Draft");

        var approval = await SubmitBiaAsync();
        using var notAllowed = await shared.Manager.PostAsJsonAsync($"/api/approvals/{approval}/votes", new { decision = "Approved" }, Ct);
        notAllowed.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var twice = await shared.Manager.PostAsync($"/api/continuity/analyses/{shared.Service}/submit", null, Ct);
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);

        using var rejected = await shared.Approver.PostAsJsonAsync($"/api/approvals/{approval}/votes", new { decision = "Rejected", comment = "Rate the customers' impact too." }, Ct);
        rejected.StatusCode.Should().Be(HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync(Ct));
        using var returned = await shared.Manager.GetAsync($"/api/continuity/analyses/{shared.Service}", Ct);
        var draft = await ReadAsync(returned);
        draft.GetProperty("stateLabel").GetString().Should().Be("Draft");
        draft.GetProperty("returnReason").GetString().Should().Be("Rate the customers' impact too.");

        var again = await SubmitBiaAsync();
        using var approved = await shared.Approver.PostAsJsonAsync($"/api/approvals/{again}/votes", new { decision = "Approved" }, Ct);
        approved.StatusCode.Should().Be(HttpStatusCode.OK);
        using var read = await shared.Manager.GetAsync($"/api/continuity/analyses/{shared.Service}", Ct);
        var analysis = await ReadAsync(read);
        analysis.GetProperty("stateLabel").GetString().Should().Be("Approved");
        analysis.GetProperty("approvedRtoLabel").GetString().Should().Be("8 h");
    }

    [Fact]
    public async Task A_plan_is_edited_in_one_save_and_a_step_cycle_or_an_unknown_owner_is_400_naming_them_with_nothing_stored()
    {
        var id = await PlanAsync();
        using var bad = await shared.Manager.PutAsJsonAsync($"/api/continuity/plans/{id}", new
        {
            title = "Payroll recovery", owner = "nobody-here", cis = new[] { shared.Server },
            steps = new object[]
            {
                new { order = 1, name = "A", estimateMinutes = 10, dependsOn = new[] { 2 } },
                new { order = 2, name = "B", estimateMinutes = 10, dependsOn = new[] { 1 } },
            },
        }, Ct);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ReadAsync(bad)).GetProperty("errors");
        errors.GetProperty("owner")[0].GetString().Should().Contain("nobody-here");
        errors.GetProperty("steps")[0].GetString().Should().Contain("1 → 2 → 1");

        using var good = await shared.Manager.PutAsJsonAsync($"/api/continuity/plans/{id}", new
        {
            title = "Payroll recovery (2027)", owner = "cora", contacts = "Payroll desk +41 44 000 00 01", cis = new[] { shared.Server },
        }, Ct);
        good.StatusCode.Should().Be(HttpStatusCode.OK, await good.Content.ReadAsStringAsync(Ct));
        var plan = await ReadAsync(good);
        plan.GetProperty("title").GetString().Should().Be("Payroll recovery (2027)");
        plan.GetProperty("contacts").GetString().Should().Be("Payroll desk +41 44 000 00 01");
        plan.GetProperty("steps").GetArrayLength().Should().Be(4, "no steps given keeps the steps");
    }

    [Fact]
    public async Task A_BIA_without_categories_a_step_cycle_and_an_invalid_cron_are_400_naming_them_and_nothing_is_stored()
    {
        using var empty = await shared.Manager.PutAsJsonAsync($"/api/continuity/analyses/{shared.Server}", new { ratings = Array.Empty<object>() }, Ct);
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(empty)).GetProperty("errors").TryGetProperty("ratings", out _).Should().BeTrue();
        using var none = await shared.Manager.GetAsync($"/api/continuity/analyses/{shared.Server}", Ct);
        none.StatusCode.Should().Be(HttpStatusCode.NotFound);

        var id = await PlanAsync();
        using var cycle = await shared.Manager.PutAsJsonAsync($"/api/continuity/plans/{id}/steps", new object[]
        {
            new { order = 1, name = "A", estimateMinutes = 10, dependsOn = new[] { 2 } },
            new { order = 2, name = "B", estimateMinutes = 10, dependsOn = new[] { 1 } },
        }, Ct);
        cycle.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(cycle)).GetProperty("errors").GetProperty("steps")[0].GetString().Should().Contain("1 → 2 → 1");
        using var plan = await shared.Manager.GetAsync($"/api/continuity/plans/{id}", Ct);
        (await ReadAsync(plan)).GetProperty("steps").GetArrayLength().Should().Be(4);

        using var cron = await shared.Manager.PostAsJsonAsync($"/api/continuity/plans/{id}/schedules", new { type = "Tabletop", cron = "every quarter" }, Ct);
        cron.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(cron)).GetProperty("errors").GetProperty("cron")[0].GetString().Should().Contain("'every quarter'");
        using var schedules = await shared.Manager.GetAsync($"/api/continuity/plans/{id}/schedules", Ct);
        (await ReadAsync(schedules)).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_drill_step_is_refused_without_its_evidence_and_the_next_steps_become_ready_with_it()
    {
        var id = await PlanAsync();
        using var started = await shared.Manager.PostAsJsonAsync($"/api/continuity/plans/{id}/drills", new { type = "Tabletop" }, Ct);
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync(Ct));
        var drill = (await ReadAsync(started)).GetProperty("id").GetInt64();

        using var waiting = await shared.Manager.PostAsJsonAsync($"/api/continuity/drills/{drill}/steps/2/start", new { }, Ct);
        waiting.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using var noEvidence = await shared.Manager.PostAsJsonAsync($"/api/continuity/drills/{drill}/steps/1/complete", new { evidence = "" }, Ct);
        noEvidence.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(noEvidence)).GetProperty("errors").GetProperty("evidence")[0].GetString().Should().Contain("Restore log");

        using var done = await shared.Manager.PostAsJsonAsync($"/api/continuity/drills/{drill}/steps/1/complete", new { evidence = "restore.log attached to the change" }, Ct);
        done.StatusCode.Should().Be(HttpStatusCode.OK, await done.Content.ReadAsStringAsync(Ct));
        // The drill runs as workflows/continuity-drill.bpmn: the steps waiting only on step 1 are offered as tasks at once (under way).
        (await ReadAsync(done)).GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("stateLabel").GetString() == "In progress")
            .Select(s => s.GetProperty("order").GetInt32()).Should().Equal(2, 3);
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            var open = await scope.ServiceProvider.GetRequiredService<ContinuityQueries>().StepTasksAsync(drill, Ct);
            open.Keys.Order().Should().Equal([2, 3], "steps 2 and 3 are tasks in their owners' inboxes");
        }

        using var report = await shared.Manager.GetAsync($"/api/continuity/drills/{drill}/report", Ct);
        report.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(report)).GetProperty("planTitle").GetString().Should().NotBeNullOrEmpty();
    }
}
