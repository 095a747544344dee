using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// The approval engine through the API (issue 18's bad input): rules by change managers and admins (400 naming the
/// fields), and votes on an approval asked by a workflow through the approval contract — a non-approver 403, a
/// rejection without comment 400, a second vote 409; an approval task cannot be completed around the vote.
/// </summary>
public sealed class ApprovalsApiTests(ApprovalsApiTests.Setup shared) : IClassFixture<ApprovalsApiTests.Setup>
{
    private const string Password = "Approval-Pass-1!";

    public sealed class Setup : SharedHost
    {
        public HttpClient Ana { get; private set; } = null!;
        public HttpClient Ben { get; private set; } = null!;
        public HttpClient Olga { get; private set; } = null!;
        public HttpClient Rita { get; private set; } = null!;
        public HttpClient Manager { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("review-board", "Review board", null, CancellationToken.None);
                await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("approval-contract.bpmn", ApprovalContract.Bpmn)], "test", null, CancellationToken.None);
            }

            await CreatePersonAsync("board.ana", Password, Roles.CabMember, "review-board");
            await CreatePersonAsync("board.ben", Password, Roles.CabMember, "review-board");
            await CreatePersonAsync("agent.olga", Password, Roles.Agent, "service-desk");
            await CreatePersonAsync("rita", Password, Roles.Requester);
            await CreatePersonAsync("cm.carl", Password, Roles.ChangeManager);
            (Ana, Ben, Olga, Rita, Manager) = (await SignInAsync("board.ana", Password), await SignInAsync("board.ben", Password),
                await SignInAsync("agent.olga", Password), await SignInAsync("rita", Password), await SignInAsync("cm.carl", Password));
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static Task<HttpResponseMessage> VoteAsync(HttpClient client, string id, string decision, string? comment = null) =>
        client.PostAsJsonAsync($"/api/approvals/{id}/votes", new { decision, comment }, Ct);

    [Fact]
    public async Task Rules_are_kept_by_change_managers_and_a_bad_rule_names_its_fields()
    {
        using var bad = await shared.Manager.PostAsJsonAsync("/api/approval-rules", new { key = "", name = "Board", recordKind = "INC", policy = "Percent", policyValue = 0, cabGroup = "ghosts" }, Ct);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(bad)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("key", "policyValue", "cabGroup");

        using var agentTry = await shared.Olga.GetAsync("/api/approval-rules", Ct);
        agentTry.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_input_votes_non_approver_403_rejection_without_comment_400_second_vote_409_and_the_task_is_completed_only_by_the_vote()
    {
        using var rule = await shared.Manager.PostAsJsonAsync("/api/approval-rules", new
        {
            key = "incident-review", name = "Review board", recordKind = "INC", policy = "Count", policyValue = 2, rejection = "Count", rejectionValue = 1, cabGroup = "review-board",
        }, Ct);
        rule.StatusCode.Should().Be(HttpStatusCode.Created);
        using var incident = await shared.Olga.PostAsJsonAsync("/api/incidents", new { shortDescription = "Payroll export fails", caller = "rita" }, Ct);
        var number = (await ReadAsync(incident)).GetProperty("number").GetString()!;
        string instanceId;
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            instanceId = (await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand(ApprovalContract.Key, BusinessKey: number,
                Variables: new Dictionary<string, object?> { ["recordNumber"] = number, ["approvalRule"] = "incident-review" }), Ct)).Id;
        }

        var mine = await shared.Ana.GetFromJsonAsync<JsonElement>("/api/approvals/mine", Ct);
        var id = mine.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("recordNumber").GetString() == number).GetProperty("id").GetString()!;
        string anaTask;
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            anaTask = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().HumanTasks
                .Where(t => t.InstanceId == instanceId && t.Assignee == "board.ana" && t.Status == HumanTaskStatus.Open).Select(t => t.Id).SingleAsync(Ct);
        }

        using (var around = await shared.Ana.PostAsJsonAsync($"/api/tasks/{anaTask}/complete", new { variables = new { approvalDecided = true, approvalOutcome = "approved" } }, Ct))
        {
            around.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await ReadAsync(around)).GetProperty("approvalId").GetString().Should().Be(id);
        }

        using (var outsider = await VoteAsync(shared.Olga, id, "Approved"))
        {
            outsider.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var requester = await VoteAsync(shared.Rita, id, "Approved"))
        {
            requester.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var silent = await VoteAsync(shared.Ana, id, "Rejected", " "))
        {
            silent.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ReadAsync(silent)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("comment");
        }

        using (var first = await VoteAsync(shared.Ana, id, "Approved", "Fine by the board."))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
            (await ReadAsync(first)).GetProperty("state").GetString().Should().Be("Pending");
        }

        using (var second = await VoteAsync(shared.Ana, id, "Rejected", "Changed my mind."))
        {
            second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        }

        using (var deciding = await VoteAsync(shared.Ben, id, "Approved"))
        {
            (await ReadAsync(deciding)).GetProperty("state").GetString().Should().Be("Approved");
        }

        var ofRecord = await shared.Olga.GetFromJsonAsync<JsonElement>($"/api/approvals?record={number}", Ct);
        ofRecord.EnumerateArray().Single().GetProperty("approvers").EnumerateArray()
            .Select(a => (a.GetProperty("userName").GetString(), a.GetProperty("decision").GetString(), a.GetProperty("comment").ValueKind == JsonValueKind.String ? a.GetProperty("comment").GetString() : null))
            .Should().Equal(("board.ana", "Approved", "Fine by the board."), ("board.ben", "Approved", null));
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().HumanTasks.Where(t => t.InstanceId == instanceId && t.Status == HumanTaskStatus.Open).Select(t => t.ElementId).ToListAsync(Ct))
                .Should().Equal(["schedule"], "the votes completed both approval tasks and the workflow took the approved path");
        }

        using var noRecord = await shared.Olga.GetAsync("/api/approvals", Ct);
        noRecord.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
