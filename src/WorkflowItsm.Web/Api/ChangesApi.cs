using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Risk;
using WorkflowItsm.Itsm.Changes.Templates;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Changes, the standard change catalog and the risk settings. Staff read them; agents, change managers and admins
/// create and work changes; change managers and admins define templates and risk. 400 names each invalid field, 404 an
/// unknown change, template or setting, 409 a refused move (with the allowed ones), a type that may no longer change,
/// a stale revision or a scheduling guard's refusal.
/// </summary>
internal static class ChangesApi
{
    /// <summary>The fields to change, and the revision they were read at (a change saved since answers 409).</summary>
    public sealed record ChangePatch : ChangeChanges
    {
        public int? Revision { get; init; }
    }

    public sealed record TransitionRequest(ChangeState? State, ChangeCloseCode? CloseCode, string? CloseNotes);

    public sealed record AffectedCisRequest(IReadOnlyList<string>? ConfigurationItems);

    public sealed record LinkRequest(string? Record, string? Kind);

    public sealed record RiskAnswersRequest(IReadOnlyDictionary<long, long>? Answers);

    public sealed record RiskSettingsView(
        IReadOnlyList<RiskConditionView> Conditions, IReadOnlyList<RiskQuestionView> Questions, IReadOnlyList<RiskThresholdView> Thresholds,
        IReadOnlyList<ChangeGroupSuccessScore> SuccessScores);

    public static void Workers(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Agent, Roles.ChangeManager, Roles.Admin);

    public static void Definers(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.ChangeManager, Roles.Admin);

    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder api)
    {
        var changes = api.MapGroup("/changes").WithTags("Changes").RequireAuthorization(Policies.WorkTasks);

        changes.MapGet("/", ListAsync)
            .WithName("ListChanges")
            .WithSummary("Changes filtered (state, type, group, assignee, CI, text), sorted (Newest, Oldest, Priority, Updated), paged");

        changes.MapGet("/{number}", GetAsync)
            .WithName("GetChange")
            .WithSummary("A change with its affected CIs, the business services derived from them, linked incidents and problems, history and the moves it allows")
            .ProducesProblems(StatusCodes.Status404NotFound);

        var work = changes.MapGroup("").RequireAuthorization(Workers);
        work.MapPost("/", CreateAsync)
            .WithName("CreateChange")
            .WithSummary("Record a normal or emergency change, or a standard one from a template (templateId); 400 names each invalid field (plannedEnd before plannedStart, unknown affectedCis or configurationItem). It starts the type's workflow.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        work.MapPatch("/{number}", UpdateAsync)
            .WithName("UpdateChange")
            .WithSummary("Change fields (absent: unchanged; empty text: cleared). The type changes only in New before any approval (else 409). With revision, a stale write is 409.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        work.MapPost("/{number}/transitions", TransitionAsync)
            .WithName("TransitionChange")
            .WithSummary("Move to another state; 409 lists the allowed ones, 400 names what the state needs (planned window to schedule, plans to implement, closeCode and closeNotes to close). An unsuccessful close raises a linked incident.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        work.MapPost("/{number}/affected-cis", AddAffectedCisAsync)
            .WithName("AddChangeAffectedCis")
            .WithSummary("Add configuration items the change touches (by CI number); 400 names unknown ones (affectedCis). The risk and the conflict check run again.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        work.MapDelete("/{number}/affected-cis/{ci}", RemoveAffectedCiAsync)
            .WithName("RemoveChangeAffectedCi")
            .WithSummary("Remove a configuration item from the change; 404 when it does not touch it")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        work.MapPut("/{number}/risk-answers", AnswerRiskAsync)
            .WithName("AnswerChangeRiskQuestions")
            .WithSummary("Answer risk questions (question id → answer id); the risk is assessed again")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        work.MapPost("/{number}/links", LinkAsync)
            .WithName("LinkChangeRecord")
            .WithSummary("Link an incident or problem to the change: kind caused-by or fixed-by (again: no change)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var templates = api.MapGroup("/change-templates").WithTags("Changes").RequireAuthorization(Policies.WorkTasks);
        templates.MapGet("/", ListTemplatesAsync)
            .WithName("ListChangeTemplates")
            .WithSummary("The standard change catalog: the current version of each template (retired ones with includeRetired)")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        templates.MapGet("/{id:long}/versions", TemplateVersionsAsync)
            .WithName("ListChangeTemplateVersions")
            .WithSummary("Every version of a template, newest first")
            .ProducesProblems(StatusCodes.Status404NotFound);
        templates.MapPost("/", CreateTemplateAsync).RequireAuthorization(Definers)
            .WithName("CreateChangeTemplate")
            .WithSummary("Add a pre-approved template (version 1); 400 names each invalid field")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        templates.MapPut("/{id:long}", UpdateTemplateAsync).RequireAuthorization(Definers)
            .WithName("UpdateChangeTemplate")
            .WithSummary("Save the template's next version (the old one is kept)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var risk = api.MapGroup("/change-risk").WithTags("Changes").RequireAuthorization(Policies.WorkTasks);
        risk.MapGet("/", RiskSettingsAsync)
            .WithName("GetChangeRiskSettings")
            .WithSummary("Risk conditions (in order), questionnaire with weights, thresholds and the groups' success scores");
        risk.MapPost("/conditions", AddConditionAsync).RequireAuthorization(Definers)
            .WithName("AddChangeRiskCondition")
            .WithSummary("Add an ordered risk condition (kind AffectedCiCriticality, ChangeType, Category or AffectedCiCount; value; risk)")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        risk.MapDelete("/conditions/{id:long}", DeleteConditionAsync).RequireAuthorization(Definers)
            .WithName("DeleteChangeRiskCondition")
            .WithSummary("Remove a risk condition")
            .ProducesProblems(StatusCodes.Status404NotFound);
        risk.MapPost("/questions", AddQuestionAsync).RequireAuthorization(Definers)
            .WithName("AddChangeRiskQuestion")
            .WithSummary("Add a question with weighted answers")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        risk.MapDelete("/questions/{id:long}", DeleteQuestionAsync).RequireAuthorization(Definers)
            .WithName("DeleteChangeRiskQuestion")
            .WithSummary("Remove a question (one answered on changes is retired)")
            .ProducesProblems(StatusCodes.Status404NotFound);
        risk.MapPut("/thresholds", SetThresholdAsync).RequireAuthorization(Definers)
            .WithName("SetChangeRiskThreshold")
            .WithSummary("From a questionnaire score on, the risk is …")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return api;
    }

    public static Task<Results<Ok<Page<ChangeListItem>>, ValidationProblem>> ListAsync(
        ChangeState[]? state, ChangeType? type, string? assignmentGroup, string? assignedTo, string? configurationItem, string? q, RecordSort? sort,
        int? page, int? pageSize, ChangeQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ListAsync(
            new ChangeFilter { States = state, Type = type, AssignmentGroup = assignmentGroup, AssignedTo = assignedTo, ConfigurationItem = configurationItem, Text = q },
            sort ?? RecordSort.Newest, p, size, ct));

    public static async Task<Results<Ok<ChangeDetails>, ProblemHttpResult>> GetAsync(string number, ChangeQueries queries, CancellationToken ct) =>
        await queries.GetAsync(number, ct) is { } details ? TypedResults.Ok(details) : ApiProblems.NotFound($"No change '{number}'.");

    public static async Task<Created<ChangeView>> CreateAsync(NewChange request, ClaimsPrincipal user, ChangeService service, CancellationToken ct)
    {
        var change = await service.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/changes/{change.Number}", ChangeQueries.ToView(change));
    }

    public static async Task<Ok<ChangeView>> UpdateAsync(string number, ChangePatch patch, ClaimsPrincipal user, ChangeService service, CancellationToken ct) =>
        TypedResults.Ok(ChangeQueries.ToView(await service.UpdateAsync(number, patch, patch.Revision, Name(user), ct)));

    public static async Task<Results<Ok<ChangeView>, ValidationProblem>> TransitionAsync(
        string number, TransitionRequest request, ClaimsPrincipal user, ChangeService service, CancellationToken ct)
    {
        if (request.State is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new state: {string.Join(", ", Enum.GetNames<ChangeState>())}."] });
        }

        var change = await service.TransitionAsync(number, new ChangeTransition(to, request.CloseCode, request.CloseNotes), Name(user), ct);
        return TypedResults.Ok(ChangeQueries.ToView(change));
    }

    public static async Task<Ok<ChangeView>> AddAffectedCisAsync(string number, AffectedCisRequest request, ClaimsPrincipal user, ChangeService service, CancellationToken ct) =>
        TypedResults.Ok(ChangeQueries.ToView(await service.AddAffectedCisAsync(number, request.ConfigurationItems ?? [], Name(user), ct)));

    public static async Task<Ok<ChangeView>> RemoveAffectedCiAsync(string number, string ci, ClaimsPrincipal user, ChangeService service, CancellationToken ct) =>
        TypedResults.Ok(ChangeQueries.ToView(await service.RemoveAffectedCiAsync(number, ci, Name(user), ct)));

    public static async Task<Ok<ChangeView>> AnswerRiskAsync(string number, RiskAnswersRequest request, ClaimsPrincipal user, ChangeRiskQuestionnaire questionnaire, CancellationToken ct) =>
        TypedResults.Ok(ChangeQueries.ToView(await questionnaire.AnswerAsync(number, request.Answers ?? new Dictionary<long, long>(), Name(user), ct)));

    public static async Task<Results<Ok<ChangeView>, ValidationProblem>> LinkAsync(string number, LinkRequest request, ClaimsPrincipal user, ChangeService service, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Record))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["record"] = ["Name the incident or problem to link (its number)."] });
        }

        var change = await service.LinkRecordAsync(number, request.Record, request.Kind ?? RecordLinkKinds.CausedBy, Name(user), ct);
        return TypedResults.Ok(ChangeQueries.ToView(change));
    }

    public static async Task<Ok<IReadOnlyList<StandardChangeTemplateView>>> ListTemplatesAsync(bool? includeRetired, StandardChangeCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.ListAsync(includeRetired ?? false, ct));

    public static async Task<Results<Ok<IReadOnlyList<StandardChangeTemplateView>>, ProblemHttpResult>> TemplateVersionsAsync(long id, StandardChangeCatalog catalog, CancellationToken ct) =>
        await catalog.VersionsAsync(id, ct) is { Count: > 0 } versions ? TypedResults.Ok(versions) : ApiProblems.NotFound($"No standard change template {id}.");

    public static async Task<Created<StandardChangeTemplateView>> CreateTemplateAsync(StandardChangeTemplateInput request, ClaimsPrincipal user, StandardChangeCatalog catalog, CancellationToken ct)
    {
        var template = await catalog.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/change-templates/{template.TemplateId}/versions", template);
    }

    public static async Task<Ok<StandardChangeTemplateView>> UpdateTemplateAsync(long id, StandardChangeTemplateInput request, ClaimsPrincipal user, StandardChangeCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.UpdateAsync(id, request, Name(user), ct));

    public static async Task<Ok<RiskSettingsView>> RiskSettingsAsync(ChangeRiskSettings settings, ChangeSuccessScores scores, CancellationToken ct) =>
        TypedResults.Ok(new RiskSettingsView(await settings.ConditionsAsync(ct), await settings.QuestionsAsync(ct), await settings.ThresholdsAsync(ct), await scores.ListAsync(ct)));

    public static async Task<Created<RiskConditionView>> AddConditionAsync(RiskConditionInput request, ChangeRiskSettings settings, CancellationToken ct) =>
        TypedResults.Created("/api/change-risk", await settings.AddConditionAsync(request, ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteConditionAsync(long id, ChangeRiskSettings settings, CancellationToken ct) =>
        await settings.DeleteConditionAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"No risk condition {id}.");

    public static async Task<Created<RiskQuestionView>> AddQuestionAsync(RiskQuestionInput request, ChangeRiskSettings settings, CancellationToken ct) =>
        TypedResults.Created("/api/change-risk", await settings.AddQuestionAsync(request, ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteQuestionAsync(long id, ChangeRiskSettings settings, CancellationToken ct) =>
        await settings.DeleteQuestionAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"No risk question {id}.");

    public static async Task<Ok<RiskThresholdView>> SetThresholdAsync(RiskThresholdInput request, ChangeRiskSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.SetThresholdAsync(request, ct));

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
