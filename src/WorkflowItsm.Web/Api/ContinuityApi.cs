using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// IT service continuity: staff read analyses, plans, risks and drills; agents, change managers and admins record and
/// work them; admins define the impact categories. 400 names each invalid field (a step cycle names its steps, an
/// invalid cron names it), 404 an unknown service, plan, drill or step, 409 a step not ready or a drill already running.
/// </summary>
internal static class ContinuityApi
{
    public sealed record CapabilityRequest(int? RecoveryMinutes);

    public sealed record StartDrillRequest(DrillType? Type);

    public sealed record StepCompletionRequest(string? Evidence, bool? Failed, string? Notes, int? DataLossMinutes = null);

    public static void Workers(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Agent, Roles.ChangeManager, Roles.Admin);

    public static void Admins(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Admin);

    public static RouteGroupBuilder MapContinuityApi(this RouteGroupBuilder api)
    {
        var continuity = api.MapGroup("/continuity").WithTags("Continuity");

        continuity.MapGet("/categories", async (BusinessImpactAnalyses bias, CancellationToken ct) => TypedResults.Ok(await bias.CategoriesAsync(ct)))
            .RequireAuthorization(Policies.WorkTasks).WithName("ListImpactCategories").WithSummary("The impact categories analyses rate, in order");
        continuity.MapPost("/categories", AddCategoryAsync).RequireAuthorization(Admins)
            .WithName("AddImpactCategory").WithSummary("Add an impact category (key, name); 400 names a missing or duplicate key")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        continuity.MapGet("/analyses", async (ContinuityQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.BiasAsync(ct)))
            .RequireAuthorization(Policies.WorkTasks).WithName("ListBusinessImpactAnalyses").WithSummary("Every service's analysis with MTPD, RTO, RPO, tier and review date");
        continuity.MapGet("/analyses/{service}", GetBiaAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetBusinessImpactAnalysis").WithSummary("A business service's analysis: ratings per category and duration, computed MTPD, RTO, tier")
            .ProducesProblems(StatusCodes.Status404NotFound);
        continuity.MapPut("/analyses/{service}", SaveBiaAsync).RequireAuthorization(Workers)
            .WithName("SaveBusinessImpactAnalysis")
            .WithSummary("Record or replace a business service's analysis: ratings (category, durationMinutes of 60, 240, 480, 1440, 4320, 10080, rating, intolerable), rpoMinutes, optional rtoMinutes ≤ MTPD, reviewDue. 400 without ratings.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        continuity.MapPost("/analyses/{service}/submit", SubmitBiaAsync).RequireAuthorization(Workers)
            .WithName("SubmitBusinessImpactAnalysis")
            .WithSummary("Submit a draft analysis for approval (rule continuity-bia: the service's owner or a continuity manager votes through /api/approvals/{id}/votes); only an approved analysis's RTO and RPO feed plans, drills and gaps. 409 when it is not a draft.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        continuity.MapGet("/analyses/{service}/gaps", async (string service, BusinessImpactAnalyses bias, CancellationToken ct) => TypedResults.Ok(await bias.GapsAsync(service, ct)))
            .RequireAuthorization(Policies.WorkTasks).WithName("GetContinuityGaps")
            .WithSummary("The service's dependencies (CMDB, upstream) whose recovery capability is longer than its RTO, and those without one")
            .ProducesProblems(StatusCodes.Status404NotFound);
        continuity.MapPut("/recovery-capabilities/{ci}", SetCapabilityAsync).RequireAuthorization(Workers)
            .WithName("SetCiRecoveryCapability").WithSummary("State how long a CI takes to recover (recoveryMinutes), read by the gap analysis")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        continuity.MapGet("/plans", async (ContinuityQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.PlansAsync(ct)))
            .RequireAuthorization(Policies.WorkTasks).WithName("ListContinuityPlans").WithSummary("Plans with their RTO, best and worst duration and compliance");
        continuity.MapGet("/plans/{id:long}", GetPlanAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetContinuityPlan").WithSummary("A plan: owner, contacts, RTO/RPO from the BIA, steps, linked CIs, critical path and compliance")
            .ProducesProblems(StatusCodes.Status404NotFound);
        continuity.MapPost("/plans", CreatePlanAsync).RequireAuthorization(Workers)
            .WithName("CreateContinuityPlan")
            .WithSummary("Create a service's plan (service, title, owner, contacts, steps, cis). A step depending on itself, on an unknown step or in a cycle: 400 naming the steps.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        continuity.MapPut("/plans/{id:long}", UpdatePlanAsync).RequireAuthorization(Workers)
            .WithName("UpdateContinuityPlan")
            .WithSummary("Replace a plan's title, owner, contacts, cis and (when given) steps in one save; 400 names each wrong field (a step cycle names its steps); nothing is stored then.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        continuity.MapPut("/plans/{id:long}/steps", SetStepsAsync).RequireAuthorization(Workers)
            .WithName("SetContinuityPlanSteps").WithSummary("Replace the plan's recovery steps; the critical path is checked against the RTO and a non-compliant plan's owner told")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        continuity.MapPost("/plans/{id:long}/steps", AddStepAsync).RequireAuthorization(Workers)
            .WithName("AddContinuityPlanStep").WithSummary("Add a recovery step (its order defaults to the next); the critical path is checked again")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        continuity.MapPost("/plans/{id:long}/activate", ActivateAsync).RequireAuthorization(Workers)
            .WithName("ActivateContinuityPlan").WithSummary("Put the plan in force (after its review, too)")
            .ProducesProblems(StatusCodes.Status404NotFound);

        continuity.MapGet("/risks", async (ContinuityRisks risks, CancellationToken ct) => TypedResults.Ok((await risks.ListAsync(ct)).Select(ContinuityQueries.ToView).ToList()))
            .RequireAuthorization(Policies.WorkTasks).WithName("ListContinuityRisks").WithSummary("The risk register, highest score (likelihood × impact) first");
        continuity.MapPost("/risks", CreateRiskAsync).RequireAuthorization(Workers)
            .WithName("CreateContinuityRisk").WithSummary("Record a risk: title, likelihood and impact 1–5, owner, mitigations, reviewDate, services, plans")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        continuity.MapPut("/risks/{id:long}", UpdateRiskAsync).RequireAuthorization(Workers)
            .WithName("UpdateContinuityRisk").WithSummary("Replace a risk's fields")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        continuity.MapGet("/plans/{id:long}/schedules", SchedulesAsync)
            .RequireAuthorization(Policies.WorkTasks).WithName("ListDrillSchedules").WithSummary("The plan's drill schedules")
            .ProducesProblems(StatusCodes.Status404NotFound);
        continuity.MapPost("/plans/{id:long}/schedules", AddScheduleAsync).RequireAuthorization(Workers)
            .WithName("AddDrillSchedule")
            .WithSummary("Schedule drills of the plan: type (WalkThrough, Tabletop, Functional, FullScale) and a cron expression (five fields, UTC) or an ISO repeating interval. 400 names an invalid one; nothing is stored.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        continuity.MapDelete("/schedules/{id:long}", async (long id, ContinuityDrills drills, CancellationToken ct) =>
            {
                await drills.RemoveScheduleAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Workers).WithName("RemoveDrillSchedule").WithSummary("Stop a drill schedule").ProducesProblems(StatusCodes.Status404NotFound);

        continuity.MapGet("/plans/{id:long}/drills", DrillsAsync)
            .RequireAuthorization(Policies.WorkTasks).WithName("ListContinuityDrills").WithSummary("The plan's drills, newest first, with their measured recovery time and outcome")
            .ProducesProblems(StatusCodes.Status404NotFound);
        continuity.MapPost("/plans/{id:long}/drills", StartDrillAsync).RequireAuthorization(Workers)
            .WithName("StartContinuityDrill").WithSummary("Start a drill of the plan now (type); 409 when the plan has no steps or a drill is running")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        continuity.MapGet("/drills/{id:long}", GetDrillAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetContinuityDrill").WithSummary("A drill: its step tasks with start and end, evidence, problems raised; measured time against the RTO")
            .ProducesProblems(StatusCodes.Status404NotFound);
        continuity.MapPost("/drills/{id:long}/steps/{order}/start", StartStepAsync).RequireAuthorization(Workers)
            .WithName("StartContinuityDrillStep").WithSummary("Start a ready step (its start time is stored); 409 when it waits for others")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        continuity.MapPost("/drills/{id:long}/steps/{order}/complete", CompleteStepAsync).RequireAuthorization(Workers)
            .WithName("CompleteContinuityDrillStep")
            .WithSummary("Complete a step with its evidence (400 when the plan asks for evidence and none is given), or failed (a problem is raised)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        continuity.MapGet("/drills/{id:long}/report", GetReportAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetContinuityDrillReport")
            .WithSummary("The drill's report: plan, steps with owners, times and evidence, measured time and data loss against RTO and RPO, outcome, findings (archived on the plan when the drill ends)")
            .ProducesProblems(StatusCodes.Status404NotFound);
        continuity.MapGet("/plans/{id:long}/reports", ReportsAsync)
            .RequireAuthorization(Policies.WorkTasks).WithName("ListContinuityDrillReports").WithSummary("The drill reports archived on the plan, newest first")
            .ProducesProblems(StatusCodes.Status404NotFound);
        continuity.MapPost("/findings/{id:long}/problem", (long id, ClaimsPrincipal user, ContinuityDrills drills, CancellationToken ct) =>
                RaiseFindingAsync(id, false, user, drills, ct))
            .RequireAuthorization(Workers).WithName("RaiseContinuityFindingProblem").WithSummary("Open a problem for a drill finding (linked on it); 409 when it has one")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        continuity.MapPost("/findings/{id:long}/change", (long id, ClaimsPrincipal user, ContinuityDrills drills, CancellationToken ct) =>
                RaiseFindingAsync(id, true, user, drills, ct))
            .RequireAuthorization(Workers).WithName("RaiseContinuityFindingChange").WithSummary("Request a change for a drill finding (linked on it); 409 when it has one")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<DrillScheduleView>>, ProblemHttpResult>> SchedulesAsync(long id, ContinuityQueries queries, CancellationToken ct) =>
        await queries.PlanAsync(id, ct) is null ? ApiProblems.NotFound($"No continuity plan {id}.") : TypedResults.Ok(await queries.SchedulesAsync(id, ct));

    public static async Task<Results<Ok<IReadOnlyList<DrillView>>, ProblemHttpResult>> DrillsAsync(long id, ContinuityQueries queries, CancellationToken ct) =>
        await queries.PlanAsync(id, ct) is null ? ApiProblems.NotFound($"No continuity plan {id}.") : TypedResults.Ok(await queries.DrillsAsync(id, ct));

    public static async Task<Created<ContinuityImpactCategory>> AddCategoryAsync(NewImpactCategory request, BusinessImpactAnalyses bias, CancellationToken ct)
    {
        var category = await bias.AddCategoryAsync(request, ct);
        return TypedResults.Created($"/api/continuity/categories", category);
    }

    public static async Task<Results<Ok<BiaView>, ProblemHttpResult>> GetBiaAsync(string service, ContinuityQueries queries, CancellationToken ct) =>
        await queries.BiaAsync(service, ct) is { } view ? TypedResults.Ok(view) : ApiProblems.NotFound($"{service} has no business impact analysis.");

    public static async Task<Ok<BiaView>> SaveBiaAsync(string service, BiaInput request, ClaimsPrincipal user, BusinessImpactAnalyses bias, ContinuityQueries queries, CancellationToken ct)
    {
        var analysis = await bias.SaveAsync(service, request, Name(user), ct);
        return TypedResults.Ok(await queries.ToViewAsync(analysis, ct));
    }

    public static async Task<Ok<BiaView>> SubmitBiaAsync(string service, ClaimsPrincipal user, BusinessImpactAnalyses bias, ContinuityQueries queries, CancellationToken ct)
    {
        var analysis = await bias.SubmitAsync(service, Name(user), ct);
        return TypedResults.Ok(await queries.ToViewAsync(analysis, ct));
    }

    public static async Task<Ok<PlanView>> UpdatePlanAsync(long id, ContinuityPlanChanges request, ClaimsPrincipal user, ContinuityPlans plans, ContinuityQueries queries, CancellationToken ct)
    {
        await plans.UpdateAsync(id, request, Name(user), ct);
        return TypedResults.Ok((await queries.PlanAsync(id, ct))!);
    }

    public static async Task<Ok<CiRecoveryCapability>> SetCapabilityAsync(string ci, CapabilityRequest request, ClaimsPrincipal user, BusinessImpactAnalyses bias, CancellationToken ct) =>
        TypedResults.Ok(await bias.SetRecoveryCapabilityAsync(ci, request.RecoveryMinutes, Name(user), ct));

    public static async Task<Results<Ok<PlanView>, ProblemHttpResult>> GetPlanAsync(long id, ContinuityQueries queries, CancellationToken ct) =>
        await queries.PlanAsync(id, ct) is { } view ? TypedResults.Ok(view) : ApiProblems.NotFound($"No continuity plan {id}.");

    public static async Task<Created<PlanView>> CreatePlanAsync(NewContinuityPlan request, ClaimsPrincipal user, ContinuityPlans plans, ContinuityQueries queries, CancellationToken ct)
    {
        var plan = await plans.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/continuity/plans/{plan.Id}", (await queries.PlanAsync(plan.Id, ct))!);
    }

    public static async Task<Ok<PlanView>> SetStepsAsync(long id, IReadOnlyList<StepInput> request, ClaimsPrincipal user, ContinuityPlans plans, ContinuityQueries queries, CancellationToken ct)
    {
        await plans.SetStepsAsync(id, request, Name(user), ct);
        return TypedResults.Ok((await queries.PlanAsync(id, ct))!);
    }

    public static async Task<Ok<PlanView>> AddStepAsync(long id, StepInput request, ClaimsPrincipal user, ContinuityPlans plans, ContinuityQueries queries, CancellationToken ct)
    {
        await plans.AddStepAsync(id, request, Name(user), ct);
        return TypedResults.Ok((await queries.PlanAsync(id, ct))!);
    }

    public static async Task<Ok<PlanView>> ActivateAsync(long id, ClaimsPrincipal user, ContinuityPlans plans, ContinuityQueries queries, CancellationToken ct)
    {
        await plans.ActivateAsync(id, Name(user), ct);
        return TypedResults.Ok((await queries.PlanAsync(id, ct))!);
    }

    public static async Task<Created<RiskView>> CreateRiskAsync(ContinuityRiskInput request, ClaimsPrincipal user, ContinuityRisks risks, CancellationToken ct)
    {
        var risk = await risks.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/continuity/risks/{risk.Id}", ContinuityQueries.ToView(risk));
    }

    public static async Task<Ok<RiskView>> UpdateRiskAsync(long id, ContinuityRiskInput request, ContinuityRisks risks, CancellationToken ct) =>
        TypedResults.Ok(ContinuityQueries.ToView(await risks.UpdateAsync(id, request, ct)));

    public static async Task<Created<DrillScheduleView>> AddScheduleAsync(long id, DrillScheduleInput request, ClaimsPrincipal user, ContinuityDrills drills, TimeProvider time, CancellationToken ct)
    {
        var schedule = await drills.AddScheduleAsync(id, request, Name(user), ct);
        return TypedResults.Created($"/api/continuity/plans/{id}/schedules", ContinuityQueries.ToView(schedule, time.GetUtcNow().UtcDateTime));
    }

    public static async Task<Results<Created<DrillView>, ValidationProblem>> StartDrillAsync(long id, StartDrillRequest request, ClaimsPrincipal user, ContinuityDrills drills, CancellationToken ct)
    {
        if (request.Type is not { } type)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["type"] = ["Name the drill type: WalkThrough, Tabletop, Functional or FullScale."] });
        }

        var drill = await drills.StartAsync(id, type, Name(user), ct);
        return TypedResults.Created($"/api/continuity/drills/{drill.Id}", ContinuityQueries.ToView(drill));
    }

    public static async Task<Results<Ok<DrillView>, ProblemHttpResult>> GetDrillAsync(long id, ContinuityQueries queries, CancellationToken ct) =>
        await queries.DrillAsync(id, ct) is { } view ? TypedResults.Ok(view) : ApiProblems.NotFound($"No drill {id}.");

    public static async Task<Ok<DrillView>> StartStepAsync(long id, int order, ClaimsPrincipal user, ContinuityDrills drills, ContinuityQueries queries, CancellationToken ct)
    {
        await drills.StartStepAsync(id, order, Name(user), ct);
        return TypedResults.Ok((await queries.DrillAsync(id, ct))!);
    }

    public static async Task<Ok<DrillView>> CompleteStepAsync(long id, int order, StepCompletionRequest request, ClaimsPrincipal user, ContinuityDrills drills, CancellationToken ct) =>
        TypedResults.Ok(ContinuityQueries.ToView(await drills.CompleteStepAsync(id, order, new StepCompletion(request.Evidence, request.Failed ?? false, request.Notes, request.DataLossMinutes), Name(user), ct)));

    public static async Task<Results<Ok<DrillReportView>, ProblemHttpResult>> GetReportAsync(long id, ContinuityQueries queries, CancellationToken ct) =>
        await queries.ReportAsync(id, ct) is { } report ? TypedResults.Ok(report) : ApiProblems.NotFound($"No drill {id}.");

    public static async Task<Results<Ok<IReadOnlyList<ArchivedReportView>>, ProblemHttpResult>> ReportsAsync(long id, ContinuityQueries queries, CancellationToken ct) =>
        await queries.PlanAsync(id, ct) is null ? ApiProblems.NotFound($"No continuity plan {id}.") : TypedResults.Ok(await queries.ReportsAsync(id, ct));

    public static async Task<Ok<DrillFindingView>> RaiseFindingAsync(long findingId, bool asChange, ClaimsPrincipal user, ContinuityDrills drills, CancellationToken ct)
    {
        var finding = await drills.RaiseFindingAsync(findingId, asChange, Name(user), ct);
        return TypedResults.Ok(new DrillFindingView(finding.Id, finding.Text, finding.ProblemNumber, finding.ChangeNumber));
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
