using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Changes;

/// <summary>
/// Changes through the API, driven by workflows/change-*.bpmn (the authorization through the temporary
/// approval rule change-manager: the change managers' group, anyone decides): the issue's test 1, a normal change from New to Closed by
/// its workflow's tasks, bad input (400 naming the field, 409 naming the allowed moves), requesters refused.
/// </summary>
public sealed class ChangesApiTests(ChangesApiTests.Setup shared) : IClassFixture<ChangesApiTests.Setup>
{
    private const string Password = "Change-Pass-1!";
    private static readonly DateTime Tonight = DateTime.UtcNow.Date.AddDays(2).AddHours(22);

    private HttpClient manager => shared.Manager;

    /// <summary>The class's host and people: a change manager in the change managers' group and the network team, a requester.</summary>
    public sealed class Setup : SharedHost
    {
        public HttpClient Manager { get; private set; } = null!;
        public HttpClient Rita { get; private set; } = null!;
        public string Switch { get; private set; } = "";

        public override async ValueTask InitializeAsync()
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("network", "Network", null, CancellationToken.None);
                Switch = (await scope.ServiceProvider.GetRequiredService<CiService>().CreateAsync(
                    new NewConfigurationItem { Name = "core-switch-1", Class = CmdbSeed.NetworkDevice }, "system", CancellationToken.None)).Number;
            }

            await CreatePersonAsync("carla", Password, Roles.ChangeManager, ChangeService.DefaultGroup, "network");
            await CreatePersonAsync("rita", Password, Roles.Requester);
            Manager = await SignInAsync("carla", Password);
            Rita = await SignInAsync("rita", Password);
        }

        /// <summary>The run status of a workflow instance and the element it faulted at, if it did.</summary>
        public async Task<(string Status, string? FaultElement, string? FaultMessage)> InstanceAsync(string instanceId)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var instance = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().ProcessInstances.AsNoTracking()
                .SingleAsync(i => i.Id == instanceId, CancellationToken.None);
            return (instance.Status.ToString(), instance.FaultElementId, instance.FaultMessage);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private async Task<JsonElement> ChangeAsync(string number) => await manager.GetFromJsonAsync<JsonElement>($"/api/changes/{number}", Ct);

    private async Task<string> CreateAsync(object request)
    {
        using var created = await manager.PostAsJsonAsync("/api/changes", request, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await ReadAsync(created)).GetProperty("number").GetString()!;
    }

    private async Task<List<JsonElement>> OpenTasksAsync(string number)
    {
        var instanceId = (await ChangeAsync(number)).GetProperty("change").GetProperty("processInstanceId").GetString();
        var tasks = await manager.GetFromJsonAsync<JsonElement>($"/api/tasks?instanceId={instanceId}", Ct);
        return [.. tasks.GetProperty("items").EnumerateArray()];
    }

    private async Task CompleteOnlyTaskAsync(string number, string elementId, object variables)
    {
        var task = (await OpenTasksAsync(number)).Should().ContainSingle().Subject;
        task.GetProperty("elementId").GetString().Should().Be(elementId);
        using var completed = await manager.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", new { variables }, Ct);
        completed.StatusCode.Should().Be(HttpStatusCode.OK, await completed.Content.ReadAsStringAsync(Ct));
    }

    private async Task<string> StateAsync(string number) => (await ChangeAsync(number)).GetProperty("change").GetProperty("state").GetString()!;

    [Fact]
    public async Task Test1_a_standard_change_from_a_template_is_scheduled_by_its_workflow_without_approval_and_a_type_edit_after_an_approval_is_409()
    {
        using var template = await manager.PostAsJsonAsync("/api/change-templates", new
        {
            name = "Firmware patch of a switch", shortDescription = "Apply the vendor's firmware patch", implementationPlan = "Load, verify, reboot.",
            backoutPlan = "Boot the previous image.", assignmentGroup = "network", durationMinutes = 45,
        }, Ct);
        template.StatusCode.Should().Be(HttpStatusCode.Created);
        var templateId = (await ReadAsync(template)).GetProperty("templateId").GetInt64();

        var number = await CreateAsync(new { templateId, configurationItem = shared.Switch, affectedCis = new[] { shared.Switch }, plannedStart = Tonight });

        var details = await ChangeAsync(number);
        details.GetProperty("change").GetProperty("type").GetString().Should().Be("Standard");
        details.GetProperty("change").GetProperty("state").GetString().Should().Be("Scheduled");
        var history = details.GetProperty("history").EnumerateArray().ToList();
        history.Where(h => h.GetProperty("field").GetString() == "state").Select(h => h.GetProperty("newValue").GetString()).Should().Equal("New", "Scheduled");
        history.Should().Contain(h => h.GetProperty("field").GetString() == "templateVersion" && h.GetProperty("newValue").GetString() == "1");
        (await OpenTasksAsync(number)).Select(t => t.GetProperty("elementId").GetString()).Should().Equal("BeginImplementation");

        // A normal change's workflow takes it to assessment (approval asked): its type is fixed from then on.
        var normal = await CreateAsync(new { shortDescription = "Replace the core switch", configurationItem = shared.Switch, assignmentGroup = "network" });
        (await StateAsync(normal)).Should().Be("Assess");
        using var retype = await manager.PatchAsJsonAsync($"/api/changes/{normal}", new { type = "Emergency" }, Ct);
        retype.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ReadAsync(retype)).GetProperty("detail").GetString().Should().Contain("type of " + normal);
    }

    [Fact]
    public async Task A_normal_change_goes_from_New_to_Closed_through_assessment_approval_by_the_change_managers_implementation_and_review()
    {
        var number = await CreateAsync(new
        {
            shortDescription = "Upgrade the core switch firmware", configurationItem = shared.Switch, affectedCis = new[] { shared.Switch }, assignmentGroup = "network",
            plannedStart = Tonight, plannedEnd = Tonight.AddHours(2), implementationPlan = "Upgrade both supervisors.", backoutPlan = "Boot the old image.",
        });
        await CompleteOnlyTaskAsync(number, "AssessChange", new { });
        (await StateAsync(number)).Should().Be("Authorize");
        var vote = (await OpenTasksAsync(number)).Should().ContainSingle().Subject;
        vote.GetProperty("assignee").GetString().Should().Be("carla");
        // The change manager votes through the approval engine (completing the vote task directly is refused).
        var approvals = await manager.GetFromJsonAsync<JsonElement>($"/api/approvals?record={number}", Ct);
        var approvalId = approvals.EnumerateArray().Should().ContainSingle().Subject.GetProperty("id").GetString();
        using (var voted = await manager.PostAsJsonAsync($"/api/approvals/{approvalId}/votes", new { decision = "Approved", comment = "Window agreed." }, Ct))
        {
            voted.StatusCode.Should().Be(HttpStatusCode.OK, await voted.Content.ReadAsStringAsync(Ct));
        }

        (await StateAsync(number)).Should().Be("Scheduled");
        await CompleteOnlyTaskAsync(number, "BeginImplementation", new { });
        (await StateAsync(number)).Should().Be("Implement");
        await CompleteOnlyTaskAsync(number, "ImplementChange", new { });
        (await StateAsync(number)).Should().Be("Implement");
        await CompleteOnlyTaskAsync(number, "TestChange", new { });
        (await StateAsync(number)).Should().Be("Review");
        await CompleteOnlyTaskAsync(number, "ReviewChange", new { closeCode = "SuccessfulWithIssues", closeNotes = "One supervisor needed a second reboot." });
        var closed = (await ChangeAsync(number)).GetProperty("change");
        closed.GetProperty("state").GetString().Should().Be("Closed");
        closed.GetProperty("closeCode").GetString().Should().Be("SuccessfulWithIssues");
        closed.GetProperty("actualStart").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task Bad_input_is_400_naming_the_field_a_move_not_allowed_is_409_naming_the_allowed_moves_and_requesters_get_403()
    {
        using var backwards = await manager.PostAsJsonAsync("/api/changes", new
        {
            shortDescription = "Backwards", plannedStart = Tonight, plannedEnd = Tonight.AddHours(-1), affectedCis = new[] { "CI9999999" }, configurationItem = "CI8888888",
        }, Ct);
        backwards.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ReadAsync(backwards)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("plannedEnd", "affectedCis", "configurationItem");

        var number = await CreateAsync(new { shortDescription = "Tidy the racks", assignmentGroup = "network" });
        using var skip = await manager.PostAsJsonAsync($"/api/changes/{number}/transitions", new { state = "Closed" }, Ct);
        skip.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var refused = await skip.Content.ReadAsStringAsync(Ct);
        refused.Should().Contain("Allowed: Authorize, New, Cancelled");

        (await shared.Rita.GetAsync("/api/changes", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await shared.Rita.PostAsJsonAsync("/api/changes", new { shortDescription = "x" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_normal_change_approved_without_a_planned_window_waits_for_its_plan_instead_of_faulting_and_scheduling_without_one_is_400()
    {
        var number = await CreateAsync(new
        {
            shortDescription = "Re-cable the core switch", configurationItem = shared.Switch, assignmentGroup = "network",
            implementationPlan = "Move the uplinks one by one.", backoutPlan = "Put the old cables back.",
        });
        await CompleteOnlyTaskAsync(number, "AssessChange", new { });
        var approvalId = (await manager.GetFromJsonAsync<JsonElement>($"/api/approvals?record={number}", Ct)).EnumerateArray().Single().GetProperty("id").GetString();
        using (var voted = await manager.PostAsJsonAsync($"/api/approvals/{approvalId}/votes", new { decision = "Approved", comment = "Fine once planned." }, Ct))
        {
            voted.StatusCode.Should().Be(HttpStatusCode.OK, await voted.Content.ReadAsStringAsync(Ct));
        }

        var instanceId = (await ChangeAsync(number)).GetProperty("change").GetProperty("processInstanceId").GetString()!;
        var approved = await shared.InstanceAsync(instanceId);
        approved.Should().Be(("Running", (string?)null, (string?)null), "an approved change without a window waits for its plan");
        (await StateAsync(number)).Should().Be("Authorize");

        // By hand, scheduling without a window is refused naming both fields.
        using (var early = await manager.PostAsJsonAsync($"/api/changes/{number}/transitions", new { state = "Scheduled" }, Ct))
        {
            early.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ReadAsync(early)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("plannedStart", "plannedEnd");
        }

        // Completing "Plan the window" with no window planned leaves the workflow waiting on it again, not faulted.
        await CompleteOnlyTaskAsync(number, "PlanWindow", new { });
        var afterEmptyPlan = await shared.InstanceAsync(instanceId);
        afterEmptyPlan.Should().Be(("Running", (string?)null, (string?)null), "the workflow asks for the plan again instead of faulting");
        (await StateAsync(number)).Should().Be("Authorize");

        using (var planned = await manager.PatchAsJsonAsync($"/api/changes/{number}", new { plannedStart = Tonight.AddDays(1), plannedEnd = Tonight.AddDays(1).AddHours(1) }, Ct))
        {
            planned.StatusCode.Should().Be(HttpStatusCode.OK, await planned.Content.ReadAsStringAsync(Ct));
        }

        await CompleteOnlyTaskAsync(number, "PlanWindow", new { });
        (await StateAsync(number)).Should().Be("Scheduled");
        (await OpenTasksAsync(number)).Select(t => t.GetProperty("elementId").GetString()).Should().Equal("BeginImplementation");
    }

    [Fact]
    public async Task A_change_planned_inside_an_enforced_freeze_waits_at_the_schedule_step_for_a_new_window_instead_of_faulting()
    {
        var frozenFrom = Tonight.AddDays(5);
        string router;
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            router = (await scope.ServiceProvider.GetRequiredService<CiService>().CreateAsync(
                new NewConfigurationItem { Name = "edge-router-7", Class = CmdbSeed.NetworkDevice }, "system", Ct)).Number;
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            db.Add(new ChangeFreeze
            {
                Number = "FRZ0009101", ShortDescription = "Router lockdown", State = ChangeFreezeState.Enforced, OpenedBy = "carla", OpenedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow, Start = frozenFrom, End = frozenFrom.AddDays(1), Scope = [new ChangeFreezeScope { CiNumber = router }],
            });
            await db.SaveChangesAsync(Ct);
        }

        var number = await CreateAsync(new
        {
            shortDescription = "Upgrade the edge router", configurationItem = router, assignmentGroup = "network",
            implementationPlan = "Load the new image.", backoutPlan = "Boot the old image.",
            plannedStart = frozenFrom.AddHours(2), plannedEnd = frozenFrom.AddHours(3),
        });
        await CompleteOnlyTaskAsync(number, "AssessChange", new { });
        var approvalId = (await manager.GetFromJsonAsync<JsonElement>($"/api/approvals?record={number}", Ct)).EnumerateArray().Single().GetProperty("id").GetString();
        using (var voted = await manager.PostAsJsonAsync($"/api/approvals/{approvalId}/votes", new { decision = "Approved", comment = "Go." }, Ct))
        {
            voted.StatusCode.Should().Be(HttpStatusCode.OK, await voted.Content.ReadAsStringAsync(Ct));
        }

        var instanceId = (await ChangeAsync(number)).GetProperty("change").GetProperty("processInstanceId").GetString()!;
        (await shared.InstanceAsync(instanceId)).Should().Be(("Running", (string?)null, (string?)null), "a freeze is a business outcome the workflow handles, not a fault");
        (await StateAsync(number)).Should().Be("Authorize");
        var replan = (await OpenTasksAsync(number)).Single();
        replan.GetProperty("elementId").GetString().Should().Be("ReplanOutsideFreeze");

        using (var moved = await manager.PatchAsJsonAsync($"/api/changes/{number}", new { plannedStart = frozenFrom.AddDays(2), plannedEnd = frozenFrom.AddDays(2).AddHours(1) }, Ct))
        {
            moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync(Ct));
        }

        await CompleteOnlyTaskAsync(number, "ReplanOutsideFreeze", new { });
        (await StateAsync(number)).Should().Be("Scheduled");
        (await OpenTasksAsync(number)).Select(t => t.GetProperty("elementId").GetString()).Should().Equal("BeginImplementation");
    }

    [Fact]
    public async Task A_change_its_workflow_closes_unsuccessful_raises_an_incident_whose_triage_workflow_starts_after_the_step()
    {
        var number = await CreateAsync(new
        {
            // Another group than the other tests' "network": an unsuccessful close lowers its group's success score, and so raises the risk of its later changes.
            shortDescription = "Swap the access switch", configurationItem = shared.Switch, assignmentGroup = ChangeService.DefaultGroup,
            plannedStart = Tonight.AddDays(3), plannedEnd = Tonight.AddDays(3).AddHours(1), implementationPlan = "Swap it.", backoutPlan = "Swap it back.",
        });
        await CompleteOnlyTaskAsync(number, "AssessChange", new { });
        var approvalId = (await manager.GetFromJsonAsync<JsonElement>($"/api/approvals?record={number}", Ct)).EnumerateArray().Single().GetProperty("id").GetString();
        (await manager.PostAsJsonAsync($"/api/approvals/{approvalId}/votes", new { decision = "Approved", comment = "Go." }, Ct)).EnsureSuccessStatusCode();
        await CompleteOnlyTaskAsync(number, "BeginImplementation", new { });
        await CompleteOnlyTaskAsync(number, "ImplementChange", new { });
        await CompleteOnlyTaskAsync(number, "TestChange", new { });

        await CompleteOnlyTaskAsync(number, "ReviewChange", new { closeCode = "Unsuccessful", closeNotes = "The new switch dropped VLAN 20; rolled back." });

        (await StateAsync(number)).Should().Be("Closed");
        string? triage = null;
        for (var attempt = 0; attempt < 120 && triage is null; attempt++)
        {
            await using var scope = shared.Host.Services.CreateAsyncScope();
            triage = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Incidents.AsNoTracking()
                .Where(i => i.ShortDescription.StartsWith($"Change {number} failed")).Select(i => i.ProcessInstanceId).SingleAsync(Ct);
            if (triage is null)
            {
                await Task.Delay(250, Ct);
            }
        }

        triage.Should().NotBeNull("the job planned by the close step starts the incident's triage once the step has committed");
        (await shared.InstanceAsync(triage!)).Status.Should().Be("Running");
    }
}

