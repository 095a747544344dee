using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Problems;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// Problems through the API, driven by the reference workflow workflows/problem.bpmn: the group's tasks (assess,
/// analyse, fix) move the record, the analysis makes a known error the incident form can find with its workaround,
/// resolving notes the fix on linked incidents; 400s, 404s and 409s; recurring-incident proposals; staff only.
/// </summary>
public sealed class ProblemsApiTests(ProblemsApiTests.Setup shared) : IClassFixture<ProblemsApiTests.Setup>
{
    private const string Password = "Problem-Pass-1!";

    private WebHostFactory host => shared.Host;
    private HttpClient agent => shared.Agent;
    private HttpClient rita => shared.Rita;

    /// <summary>The class's host and people (<see cref="SharedHost"/>).</summary>
    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient Rita { get; private set; } = null!;

        /// <summary>The CI the VPN incidents and problem name (its number).</summary>
        public string VpnGateway { get; private set; } = "";

        /// <summary>The CI of the recurring mail incidents.</summary>
        public string MailRelay { get; private set; } = "";

        public override async ValueTask InitializeAsync()
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                VpnGateway = (await scope.ServiceProvider.GetRequiredService<CiService>().CreateAsync(
                    new NewConfigurationItem { Name = "vpn-gw-1", Class = CmdbSeed.NetworkDevice }, "system", CancellationToken.None)).Number;
                MailRelay = (await scope.ServiceProvider.GetRequiredService<CiService>().CreateAsync(
                    new NewConfigurationItem { Name = "mail-relay-2", Class = CmdbSeed.Server }, "system", CancellationToken.None)).Number;
            }

            await CreatePersonAsync("desk.agent", Password, Roles.Agent, "service-desk", "service-desk-l2");
            await CreatePersonAsync("rita", Password, Roles.Requester);

            Agent = await SignInAsync("desk.agent", Password);
            Rita = await SignInAsync("rita", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private async Task<JsonElement> ProblemAsync(string number) =>
        await agent.GetFromJsonAsync<JsonElement>($"/api/problems/{number}", Ct);

    private async Task<string> IncidentAsync(string shortDescription, string configurationItem)
    {
        using var created = await agent.PostAsJsonAsync("/api/incidents",
            new { shortDescription, caller = "rita", category = "network", configurationItem }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await ReadAsync(created)).GetProperty("number").GetString()!;
    }

    private async Task<string> CreateProblemAsync(object request)
    {
        using var created = await agent.PostAsJsonAsync("/api/problems", request, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await ReadAsync(created)).GetProperty("number").GetString()!;
    }

    /// <summary>The open tasks of the problem's workflow, as the agent's inbox lists them.</summary>
    private async Task<List<JsonElement>> OpenTasksAsync(string number)
    {
        var instanceId = (await ProblemAsync(number)).GetProperty("problem").GetProperty("processInstanceId").GetString();
        var tasks = await agent.GetFromJsonAsync<JsonElement>($"/api/tasks?instanceId={instanceId}", Ct);
        return [.. tasks.GetProperty("items").EnumerateArray()];
    }

    private async Task CompleteOnlyTaskAsync(string number, string elementId, object variables)
    {
        var task = (await OpenTasksAsync(number)).Should().ContainSingle().Subject;
        task.GetProperty("elementId").GetString().Should().Be(elementId);
        using var completed = await agent.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", new { variables }, Ct);
        completed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<string> InstanceStatusAsync(string number)
    {
        var instanceId = (await ProblemAsync(number)).GetProperty("problem").GetProperty("processInstanceId").GetString();
        var instance = await agent.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}", Ct);
        return instance.GetProperty("instance").GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task A_problem_is_worked_through_its_workflow_becomes_a_searchable_known_error_and_its_fix_reaches_the_linked_incidents()
    {
        var first = await IncidentAsync("VPN drops", shared.VpnGateway);
        var second = await IncidentAsync("VPN dropped again", shared.VpnGateway);
        using var created = await agent.PostAsJsonAsync("/api/problems", new
        {
            shortDescription = "VPN gateway drops idle tunnels", category = "network", configurationItem = shared.VpnGateway,
            assignmentGroup = "service-desk-l2", incidents = new[] { first },
        }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var number = (await ReadAsync(created)).GetProperty("number").GetString()!;
        number.Should().MatchRegex("^PRB[0-9]{7}$");
        (await agent.PostAsJsonAsync($"/api/problems/{number}/incidents", new { incident = second }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // The group sees the assessment; its form sets impact and urgency, and the record moves on to analysis.
        var assess = (await OpenTasksAsync(number)).Should().ContainSingle().Subject;
        assess.GetProperty("candidateGroups").GetString().Should().Be("service-desk-l2");
        await CompleteOnlyTaskAsync(number, "AssessProblem", new { impact = 1, urgency = 2 });
        var assessed = (await ProblemAsync(number)).GetProperty("problem");
        assessed.GetProperty("state").GetString().Should().Be("RootCauseAnalysis");
        assessed.GetProperty("priority").GetInt32().Should().Be(2);

        // The analysis records root cause and workaround: a known error the incident form finds by text and CI.
        await CompleteOnlyTaskAsync(number, "AnalyseRootCause",
            new { rootCause = "Dead-peer detection after 10 s drops idle tunnels", workaround = "Reconnect with the backup profile" });
        var analysed = (await ProblemAsync(number)).GetProperty("problem");
        analysed.GetProperty("state").GetString().Should().Be("FixInProgress");
        analysed.GetProperty("isKnownError").GetBoolean().Should().BeTrue();
        var found = await agent.GetFromJsonAsync<JsonElement>($"/api/known-errors?q=BACKUP%20profile&configurationItem={shared.VpnGateway}", Ct);
        var knownError = found.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        knownError.GetProperty("number").GetString().Should().Be(number);
        knownError.GetProperty("workaround").GetString().Should().Be("Reconnect with the backup profile");
        (await agent.GetFromJsonAsync<JsonElement>("/api/known-errors?q=backup&category=hardware", Ct)).GetProperty("total").GetInt32().Should().Be(0);

        // The fix resolves the problem; the linked incidents get a work note and stay with the service desk.
        await CompleteOnlyTaskAsync(number, "ImplementFix", new { fix = "Dead-peer detection raised to 60 s" });
        var resolved = await ProblemAsync(number);
        resolved.GetProperty("problem").GetProperty("state").GetString().Should().Be("Resolved");
        resolved.GetProperty("allowedTransitions").EnumerateArray().Select(s => s.GetString()).Should().Equal("Closed", "FixInProgress");
        resolved.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("number").GetString()).Should().Equal(first, second);
        (await InstanceStatusAsync(number)).Should().Be("Completed");
        foreach (var incident in new[] { first, second })
        {
            var details = await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}", Ct);
            details.GetProperty("incident").GetProperty("state").GetString().Should().Be("New");
            details.GetProperty("notes").EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == "WorkNote").Select(n => n.GetProperty("text").GetString())
                .Should().Equal($"Problem {number} resolved: Dead-peer detection raised to 60 s");
        }

        resolved.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("field").GetString() == "state")
            .Select(h => $"{h.GetProperty("newValue").GetString()} by {h.GetProperty("changedBy").GetString()}")
            .Should().Equal("New by desk.agent", "Assessed by workflow", "RootCauseAnalysis by workflow", "FixInProgress by workflow", "Resolved by workflow");
    }

    [Fact]
    public async Task Resolving_on_the_record_ends_the_workflow_and_cancelling_cancels_it()
    {
        var resolvedHere = await CreateProblemAsync(new { shortDescription = "Backups fail on Sundays" });
        var cancelled = await CreateProblemAsync(new { shortDescription = "Duplicate of the backup problem" });
        (await OpenTasksAsync(resolvedHere)).Single().GetProperty("elementId").GetString().Should().Be("AssessProblem");

        foreach (var step in new object[]
        {
            new { state = "Assessed" }, new { state = "RootCauseAnalysis" }, new { state = "FixInProgress", rootCause = "Maintenance window overlaps the backup" },
            new { state = "Resolved", fix = "Backup moved to 02:00" },
        })
        {
            (await agent.PostAsJsonAsync($"/api/problems/{resolvedHere}/transitions", step, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await agent.PostAsJsonAsync($"/api/problems/{cancelled}/transitions", new { state = "Cancelled" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await InstanceStatusAsync(resolvedHere)).Should().Be("Completed");
        (await OpenTasksAsync(resolvedHere)).Should().BeEmpty();
        (await InstanceStatusAsync(cancelled)).Should().Be("Cancelled");
        (await ProblemAsync(resolvedHere)).GetProperty("problem").GetProperty("fix").GetString().Should().Be("Backup moved to 02:00");
    }

    [Fact]
    public async Task Bad_input_is_named_unknown_records_are_404_and_refused_transitions_409()
    {
        using var invalid = await agent.PostAsJsonAsync("/api/problems", new { shortDescription = "", impact = 7, assignmentGroup = "nobody" }, Ct);
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(invalid)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("shortDescription", "impact", "assignmentGroup");

        var number = await CreateProblemAsync(new { shortDescription = "Slow logons" });
        using var unknownProblem = await agent.GetAsync(new Uri("/api/problems/PRB9999999", UriKind.Relative), Ct);
        using var unknownIncident = await agent.PostAsJsonAsync($"/api/problems/{number}/incidents", new { incident = "INC9999999" }, Ct);
        using var noIncident = await agent.PostAsJsonAsync($"/api/problems/{number}/incidents", new { incident = "" }, Ct);
        using var notLinked = await agent.DeleteAsync(new Uri($"/api/problems/{number}/incidents/INC9999999", UriKind.Relative), Ct);
        using var skipped = await agent.PostAsJsonAsync($"/api/problems/{number}/transitions", new { state = "Resolved", fix = "x" }, Ct);
        using var noState = await agent.PostAsJsonAsync($"/api/problems/{number}/transitions", new { fix = "x" }, Ct);
        using var unknownProposal = await agent.PostAsJsonAsync($"/api/problem-proposals/{Guid.NewGuid()}/accept", new { }, Ct);
        var revision = (await ProblemAsync(number)).GetProperty("problem").GetProperty("revision").GetInt32();
        using var changed = await agent.PatchAsJsonAsync($"/api/problems/{number}", new { impact = 1, revision }, Ct);
        using var stale = await agent.PatchAsJsonAsync($"/api/problems/{number}", new { description = "late", revision }, Ct);

        unknownProblem.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownIncident.StatusCode.Should().Be(HttpStatusCode.NotFound);
        noIncident.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        notLinked.StatusCode.Should().Be(HttpStatusCode.NotFound);
        skipped.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ReadAsync(skipped)).GetProperty("allowed").EnumerateArray().Select(s => s.GetString()).Should().Equal("Assessed", "Cancelled");
        noState.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unknownProposal.StatusCode.Should().Be(HttpStatusCode.NotFound);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ProblemAsync(number)).GetProperty("problem").GetProperty("description").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Recurring_incidents_are_proposed_and_accepting_the_proposal_creates_the_linked_problem()
    {
        var incidents = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            incidents.Add(await IncidentAsync("Mail stuck in the outbox", shared.MailRelay));
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecurringIncidentDetectionJob>().RunAsync(Ct);
        }

        var proposals = await agent.GetFromJsonAsync<JsonElement>("/api/problem-proposals?status=Open", Ct);
        var proposal = proposals.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        proposal.GetProperty("key").GetString().Should().Be(shared.MailRelay);
        proposal.GetProperty("incidents").EnumerateArray().Select(i => i.GetString()).Should().BeEquivalentTo(incidents);
        var id = proposal.GetProperty("id").GetString();

        using var accepted = await agent.PostAsJsonAsync($"/api/problem-proposals/{id}/accept", new { assignmentGroup = "service-desk" }, Ct);
        using var again = await agent.PostAsJsonAsync($"/api/problem-proposals/{id}/dismiss", new { }, Ct);

        accepted.StatusCode.Should().Be(HttpStatusCode.Created);
        var number = (await ReadAsync(accepted)).GetProperty("number").GetString()!;
        (await ProblemAsync(number)).GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("number").GetString()).Should().BeEquivalentTo(incidents);
        (await OpenTasksAsync(number)).Single().GetProperty("candidateGroups").GetString().Should().Be("service-desk");
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await agent.GetFromJsonAsync<JsonElement>("/api/problem-proposals?status=Accepted", Ct)).GetProperty("items")[0].GetProperty("problem").GetString().Should().Be(number);
    }

    [Fact]
    public async Task Requesters_may_not_see_or_change_problems_or_the_known_error_base()
    {
        var number = await CreateProblemAsync(new { shortDescription = "Slow logons" });
        var stored = (await agent.GetFromJsonAsync<JsonElement>("/api/problems", Ct)).GetProperty("total").GetInt32();

        using var list = await rita.GetAsync(new Uri("/api/problems", UriKind.Relative), Ct);
        using var one = await rita.GetAsync(new Uri($"/api/problems/{number}", UriKind.Relative), Ct);
        using var create = await rita.PostAsJsonAsync("/api/problems", new { shortDescription = "mine" }, Ct);
        using var knownErrors = await rita.GetAsync(new Uri("/api/known-errors?q=slow", UriKind.Relative), Ct);
        using var proposals = await rita.GetAsync(new Uri("/api/problem-proposals", UriKind.Relative), Ct);

        new[] { list, one, create, knownErrors, proposals }.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Forbidden);
        (await agent.GetFromJsonAsync<JsonElement>("/api/problems", Ct)).GetProperty("total").GetInt32().Should().Be(stored, "the refused create stored nothing");
    }
}
