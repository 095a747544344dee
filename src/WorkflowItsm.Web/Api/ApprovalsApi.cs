using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The approval engine: rules (change managers and admins), a record's approvals and my pending ones (staff), and
/// votes — 403 for someone who is not an approver, 409 for a second vote or a vote on a decided approval, 400
/// naming <c>comment</c> for a rejection without one.
/// </summary>
internal static class ApprovalsApi
{
    public sealed record VoteRequest(ApprovalDecision? Decision, string? Comment);

    public static RouteGroupBuilder MapApprovalsApi(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/approval-rules").WithTags("Approvals").RequireAuthorization(Policies.ManageApprovalRules);
        rules.MapGet("/", ListRulesAsync).WithName("ListApprovalRules").WithSummary("The approval rules, by record kind and key, in order");
        rules.MapPost("/", CreateRuleAsync).WithName("CreateApprovalRule")
            .WithSummary("Add a rule (record kind, optional condition key=value, policy, rejection policy, approvers, due period and action); 400 names each invalid field")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        rules.MapPut("/{id:int}", UpdateRuleAsync).WithName("UpdateApprovalRule")
            .WithSummary("Replace a rule; approvals already asked keep their policy. With revision, a stale write is 409.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        rules.MapDelete("/{id:int}", DeleteRuleAsync).WithName("DeleteApprovalRule").WithSummary("Delete a rule").ProducesProblems(StatusCodes.Status404NotFound);

        var approvals = api.MapGroup("/approvals").WithTags("Approvals").RequireAuthorization(Policies.WorkTasks);
        approvals.MapGet("/", OfRecordAsync).WithName("ListRecordApprovals")
            .WithSummary("A record's approvals (record=CHG0001001), newest first, with approvers, votes and comments");
        approvals.MapGet("/mine", MineAsync).WithName("ListMyPendingApprovals").WithSummary("The open approvals waiting for my vote, soonest due first, paged");
        approvals.MapGet("/{id}", GetAsync).WithName("GetApproval").WithSummary("An approval with its approvers and votes").ProducesProblems(StatusCodes.Status404NotFound);
        approvals.MapPost("/{id}/votes", VoteAsync).WithName("VoteOnApproval")
            .WithSummary("Approve or reject (decision Approved/Rejected, comment required to reject); the vote is audited on the record, may decide the approval and completes my approval task")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<ApprovalRuleView>>> ListRulesAsync(ApprovalRules rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.ListAsync(ct));

    public static async Task<Created<ApprovalRuleView>> CreateRuleAsync(ApprovalRuleInput request, ClaimsPrincipal user, ApprovalRules rules, CancellationToken ct)
    {
        var rule = await rules.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/approval-rules/{rule.Id}", rule);
    }

    public static async Task<Ok<ApprovalRuleView>> UpdateRuleAsync(int id, ApprovalRuleInput request, ClaimsPrincipal user, ApprovalRules rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.UpdateAsync(id, request, Name(user), ct));

    public static async Task<NoContent> DeleteRuleAsync(int id, ApprovalRules rules, CancellationToken ct)
    {
        await rules.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<IReadOnlyList<ApprovalView>>, ValidationProblem>> OfRecordAsync(string? record, ApprovalQueries queries, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(record)
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["record"] = ["Name the record whose approvals to list (record=CHG0001001)."] })
            : TypedResults.Ok(await queries.OfRecordAsync(record.Trim(), ct));

    public static Task<Results<Ok<Page<PendingApprovalView>>, ValidationProblem>> MineAsync(int? page, int? pageSize, ClaimsPrincipal user, ApprovalQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.PendingForAsync(Name(user), p, size, ct));

    public static async Task<Results<Ok<ApprovalView>, ProblemHttpResult>> GetAsync(string id, ApprovalQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } approval ? TypedResults.Ok(approval) : ApiProblems.NotFound($"No approval '{id}'.");

    public static async Task<Results<Ok<ApprovalView>, ValidationProblem>> VoteAsync(
        string id, VoteRequest request, ClaimsPrincipal user, ApprovalService approvals, ApprovalQueries queries, CancellationToken ct)
    {
        if (request.Decision is not { } decision)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["decision"] = ["Say Approved or Rejected."] });
        }

        await approvals.VoteAsync(id, Name(user), decision, request.Comment, ct);
        return TypedResults.Ok((await queries.GetAsync(id, ct))!);
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
