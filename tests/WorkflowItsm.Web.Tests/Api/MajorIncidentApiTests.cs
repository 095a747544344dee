using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// The major-incident flag and its process, workflows/major-incident.bpmn: declared with a work note, the communication
/// and technical tracks in parallel (with the 30-minute stakeholder reminder armed), restoring the service resolves the
/// incident and ends the communication, and the post-incident review is kept on the incident.
/// </summary>
public sealed class MajorIncidentApiTests(MajorIncidentApiTests.Setup shared) : IClassFixture<MajorIncidentApiTests.Setup>
{
    private const string Password = "Major-Pass-1!";

    private WebHostFactory host => shared.Host;
    private HttpClient agent => shared.Agent;
    private HttpClient admin => shared.Admin; // lists and reads instances (process owners' and admins' right)

    /// <summary>The class's host and people (<see cref="SharedHost"/>).</summary>
    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("desk.agent", Password, Roles.Agent, "service-desk", "service-desk-managers");
            await CreatePersonAsync("rita", Password, Roles.Requester);

            Agent = await SignInAsync("desk.agent", Password);
            Admin = await SignInAsync();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> ReportAsync(bool isMajor)
    {
        using var created = await agent.PostAsJsonAsync("/api/incidents",
            new { shortDescription = "Mail is down for everyone", caller = "rita", impact = 1, urgency = 1, assignmentGroup = "service-desk", isMajor }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString()!;
    }

    private async Task<List<JsonElement>> MajorIncidentInstancesAsync(string number) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances?key=major-incident&businessKey={number}", Ct)).GetProperty("items").EnumerateArray()];

    private async Task<JsonElement> InstanceAsync(string id) =>
        await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances/{id}", Ct);

    private static Dictionary<string, string> OpenTasks(JsonElement instance) =>
        instance.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("status").GetString() == "Open")
            .ToDictionary(t => t.GetProperty("elementId").GetString()!, t => t.GetProperty("id").GetString()!);

    private async Task CompleteAsync(string taskId, object? variables = null)
    {
        using var completed = await agent.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { variables }, Ct);
        completed.StatusCode.Should().Be(HttpStatusCode.OK, await completed.Content.ReadAsStringAsync(Ct));
    }

    private async Task<JsonElement> IncidentAsync(string number) =>
        await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}", Ct);

    [Fact]
    public async Task A_major_incident_runs_both_tracks_then_the_review_which_is_kept_on_the_incident()
    {
        var number = await ReportAsync(isMajor: true);

        var instanceId = (await MajorIncidentInstancesAsync(number)).Should().ContainSingle().Subject.GetProperty("id").GetString()!;
        var instance = await InstanceAsync(instanceId);
        instance.GetProperty("instance").GetProperty("status").GetString().Should().Be("Running");
        var tasks = OpenTasks(instance);
        tasks.Keys.Should().BeEquivalentTo("CommunicateWithStakeholders", "RestoreService");
        instance.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("elementId").GetString() == "RestoreService")
            .GetProperty("candidateGroups").GetString().Should().Be("service-desk");

        // The stakeholder reminder is armed on the communication task: a timer due in 30 minutes, repeating.
        var timer = instance.GetProperty("bookmarks").EnumerateArray().Should().ContainSingle(b => b.GetProperty("kind").GetString() == "Timer").Subject;
        timer.GetProperty("elementId").GetString().Should().Be("StakeholderUpdateTimer");
        var startedAt = instance.GetProperty("instance").GetProperty("startedAt").GetDateTime();
        timer.GetProperty("dueAt").GetDateTime().Should().BeCloseTo(startedAt.AddMinutes(30), TimeSpan.FromSeconds(5));
        var declared = (await IncidentAsync(number)).GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("text").GetString()).ToList();
        declared.Should().ContainSingle(n => n!.StartsWith("Declared a major incident", StringComparison.Ordinal));

        // The managers finish communicating, then the group restores the service: that resolves the incident.
        await CompleteAsync(tasks["CommunicateWithStakeholders"]);
        OpenTasks(await InstanceAsync(instanceId)).Keys.Should().Equal("RestoreService");
        await CompleteAsync(tasks["RestoreService"], new { resolutionCode = "fixed", resolutionNotes = "Restarted the mail cluster" });

        var afterRestore = await InstanceAsync(instanceId);
        var review = OpenTasks(afterRestore).Should().ContainSingle().Subject;
        review.Key.Should().Be("PostIncidentReview");
        afterRestore.GetProperty("bookmarks").EnumerateArray().Should().NotContain(b => b.GetProperty("kind").GetString() == "Timer", "no reminders once communication ended");
        var resolved = (await IncidentAsync(number)).GetProperty("incident");
        resolved.GetProperty("state").GetString().Should().Be("Resolved");
        resolved.GetProperty("resolutionNotes").GetString().Should().Be("Restarted the mail cluster");

        await CompleteAsync(review.Value, new { summary = "Mail was down 40 minutes", rootCause = "Full disk on the mail cluster", followUps = "Disk alerts at 80%" });

        (await InstanceAsync(instanceId)).GetProperty("instance").GetProperty("status").GetString().Should().Be("Completed");
        var incident = await IncidentAsync(number);
        incident.GetProperty("incident").GetProperty("state").GetString().Should().Be("Resolved");
        var reviewNote = incident.GetProperty("notes").EnumerateArray().Should().ContainSingle(n => n.GetProperty("text").GetString()!.StartsWith("Post-incident review", StringComparison.Ordinal)).Subject;
        reviewNote.GetProperty("kind").GetString().Should().Be("WorkNote");
        reviewNote.GetProperty("text").GetString().Should().Be(
            "Post-incident review\nSummary: Mail was down 40 minutes\nRoot cause: Full disk on the mail cluster\nFollow-ups: Disk alerts at 80%");

        // The incident's own workflow heard of the resolution and asks the caller to confirm.
        var triage = await InstanceAsync(incident.GetProperty("incident").GetProperty("processInstanceId").GetString()!);
        OpenTasks(triage).Keys.Should().Equal("ConfirmResolution");
    }

    [Fact]
    public async Task Restoring_the_service_ends_the_communication_track_by_itself()
    {
        var number = await ReportAsync(isMajor: true);
        var instanceId = (await MajorIncidentInstancesAsync(number)).Single().GetProperty("id").GetString()!;

        await CompleteAsync(OpenTasks(await InstanceAsync(instanceId))["RestoreService"], new { resolutionCode = "workaround", resolutionNotes = "Routed mail through the backup relay" });

        OpenTasks(await InstanceAsync(instanceId)).Keys.Should().Equal("PostIncidentReview");
    }

    [Fact]
    public async Task Flagging_an_incident_major_starts_the_process_once_and_resolving_the_record_moves_it_on()
    {
        var number = await ReportAsync(isMajor: false);
        (await MajorIncidentInstancesAsync(number)).Should().BeEmpty();

        (await agent.PatchAsJsonAsync($"/api/incidents/{number}", new { isMajor = true }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.PatchAsJsonAsync($"/api/incidents/{number}", new { isMajor = false }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.PatchAsJsonAsync($"/api/incidents/{number}", new { isMajor = true }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var instanceId = (await MajorIncidentInstancesAsync(number)).Should().ContainSingle("one major incident process per incident").Subject.GetProperty("id").GetString()!;
        OpenTasks(await InstanceAsync(instanceId)).Keys.Should().BeEquivalentTo("CommunicateWithStakeholders", "RestoreService");

        // Resolved on the record (the incident page's Resolve): both tracks end, the review is next.
        (await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions",
            new { state = "Resolved", resolutionCode = "fixed", resolutionNotes = "Failed over to the second site" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        OpenTasks(await InstanceAsync(instanceId)).Keys.Should().Equal("PostIncidentReview");
    }

    [Fact]
    public async Task Resolving_through_the_incident_workflow_tells_the_major_incident_process()
    {
        var number = await ReportAsync(isMajor: true);
        var majorId = (await MajorIncidentInstancesAsync(number)).Single().GetProperty("id").GetString()!;
        var triageId = (await IncidentAsync(number)).GetProperty("incident").GetProperty("processInstanceId").GetString()!;

        // The agent works the incident's own task instead of the major-incident process's "Restore service".
        await CompleteAsync(OpenTasks(await InstanceAsync(triageId))["ResolveIncident"], new { resolutionCode = "fixed", resolutionNotes = "Replaced the failed switch" });

        OpenTasks(await InstanceAsync(triageId)).Keys.Should().Equal("ConfirmResolution");
        OpenTasks(await InstanceAsync(majorId)).Keys.Should().Equal(["PostIncidentReview"], "restoring the service by the incident's workflow ends both tracks");
        (await IncidentAsync(number)).GetProperty("incident").GetProperty("resolutionNotes").GetString().Should().Be("Replaced the failed switch");
    }

    [Fact]
    public async Task An_ordinary_incident_resolved_through_its_workflow_sends_nothing_to_deliver()
    {
        var number = await ReportAsync(isMajor: false);
        var triageId = (await IncidentAsync(number)).GetProperty("incident").GetProperty("processInstanceId").GetString()!;

        await CompleteAsync(OpenTasks(await InstanceAsync(triageId))["ResolveIncident"], new { resolutionCode = "fixed", resolutionNotes = "Cleared the print queue" });

        var triage = await InstanceAsync(triageId);
        OpenTasks(triage).Keys.Should().Equal("ConfirmResolution");
        triage.GetRawText().Should().NotContain("MessageNotDelivered", "only a major incident's workflow throws the resolution message");
    }

    [Fact]
    public async Task Cancelling_a_major_incident_cancels_its_process()
    {
        var number = await ReportAsync(isMajor: true);
        var instanceId = (await MajorIncidentInstancesAsync(number)).Single().GetProperty("id").GetString()!;

        (await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "Cancelled" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await InstanceAsync(instanceId)).GetProperty("instance").GetProperty("status").GetString().Should().Be("Cancelled");
    }
}
