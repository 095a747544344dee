using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Releases;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Releases: staff read them; agents, change managers and admins create and work them; change managers and admins
/// grant gate exceptions; a pipeline's service account (role pipeline) sends evidence, asks a deployment gate and
/// starts a deployment. 400 names each invalid field, 404 an unknown release, phase, gate or environment, 409 a
/// refused move (with the allowed ones), a stale save, or a deployment the gate refuses (with the next window).
/// </summary>
internal static class ReleasesApi
{
    public sealed record TransitionRequest(ReleaseState? State, string? Reason);

    public sealed record ExceptionRequest(string? Reason);

    public sealed record DeploymentResultRequest(bool? Succeeded, string? Notes);

    /// <summary>What evidence did: the gate as it now is, and where the release stands.</summary>
    public sealed record EvidenceAnswer(ReleaseGateView Gate, ReleaseState ReleaseState, string? ActivePhase);

    /// <summary>A pipeline's question answered: allowed, prevented or waiting, why, and the next window.</summary>
    public sealed record GateAnswer(string Decision, string Reason, NextWindowView? NextWindow);

    public static void Workers(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Agent, Roles.ChangeManager, Roles.Admin);

    public static void Managers(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.ChangeManager, Roles.Admin);

    /// <summary>Workers and pipelines' service accounts.</summary>
    public static void Pipelines(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Pipeline, Roles.Agent, Roles.ChangeManager, Roles.Admin);

    /// <summary>Staff and pipelines' service accounts.</summary>
    public static void Readers(AuthorizationPolicyBuilder policy) => policy.RequireRole([.. Policies.StaffRoles, Roles.Pipeline]);

    public static RouteGroupBuilder MapReleasesApi(this RouteGroupBuilder api)
    {
        var releases = api.MapGroup("/releases").WithTags("Releases");

        releases.MapGet("/", ListAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("ListReleases")
            .WithSummary("Releases filtered (state, service, text), newest first, paged")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        releases.MapGet("/{number}", GetAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetRelease")
            .WithSummary("A release with its phases (planned dates, gates with status and evidence), contained changes, deployments, history and the moves it allows")
            .ProducesProblems(StatusCodes.Status404NotFound);

        releases.MapGet("/{number}/notes", NotesAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetReleaseNotes")
            .WithSummary("The release notes: the contained changes' titles, types and close codes")
            .ProducesProblems(StatusCodes.Status404NotFound);

        releases.MapPost("/", CreateAsync).RequireAuthorization(Workers)
            .WithName("CreateRelease")
            .WithSummary("Record a release of a business service (CI number): version, type, contained changes (CHG numbers), environments in order, readiness date; phases (working days) and gates default to planning, development, testing, implementation. 400 names each invalid field.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        releases.MapPost("/{number}/transitions", TransitionAsync).RequireAuthorization(Workers)
            .WithName("TransitionRelease")
            .WithSummary("Move to another state; 409 lists the allowed ones. On hold needs a reason and stops every automatic progression until resumed (InProgress).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        releases.MapPost("/{number}/evaluate", EvaluateAsync).RequireAuthorization(Workers)
            .WithName("EvaluateReleaseGates")
            .WithSummary("Evaluate the active phase's gates now (and read go/no-go votes) and progress as far as they allow; a held release does not move")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        releases.MapPost("/{number}/evidence", EvidenceAsync).RequireAuthorization(Pipelines)
            .WithName("PostReleaseEvidence")
            .WithSummary("Evidence from CI/CD for a gate (phase, gate key): test results (passed, failed, coverage) or an external check's result (passed/failed), build id, link. A re-run replaces it and the gate is evaluated again. 404: unknown release, phase or gate; 400 names the malformed field.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        releases.MapPost("/{number}/gates/{gate}/exception", GrantExceptionAsync).RequireAuthorization(Managers)
            .WithName("GrantReleaseGateException")
            .WithSummary("Let a gate pass as compliant with an exception; the reason is required (400) and kept with who granted it")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        releases.MapGet("/{number}/deployments/{environment}/gate", GateAsync).RequireAuthorization(Readers)
            .WithName("AskReleaseDeploymentGate")
            .WithSummary("May the release be deployed to the environment now? allowed / prevented (inside a blackout) / waiting (outside any window, on hold), with the reason and the next window")
            .ProducesProblems(StatusCodes.Status404NotFound);

        releases.MapPost("/{number}/deployments/{environment}", DeployAsync).RequireAuthorization(Pipelines)
            .WithName("StartReleaseDeployment")
            .WithSummary("Start a deployment to the environment (in order; production waits for the go/no-go vote, rule release-go-no-go). Refused with 409 and the next window when the gate does not allow it now; nothing is started.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        releases.MapPost("/{number}/deployments/{environment}/result", FinishDeploymentAsync).RequireAuthorization(Pipelines)
            .WithName("FinishReleaseDeployment")
            .WithSummary("Report how a deployment under way ended (succeeded true/false, notes); the gates are evaluated again. 409 when none is under way.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static Task<Results<Ok<Page<ReleaseListItem>>, ValidationProblem>> ListAsync(
        ReleaseState[]? state, string? service, string? q, int? page, int? pageSize, ReleaseQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ListAsync(new ReleaseFilter { States = state, Service = service, Text = q }, p, size, ct));

    public static async Task<Results<Ok<ReleaseDetails>, ProblemHttpResult>> GetAsync(string number, ReleaseQueries queries, CancellationToken ct) =>
        await queries.GetAsync(number, ct) is { } details ? TypedResults.Ok(details) : ApiProblems.NotFound($"No release '{number}'.");

    public static async Task<Results<Ok<ReleaseNotes>, ProblemHttpResult>> NotesAsync(string number, ReleaseQueries queries, CancellationToken ct) =>
        await queries.NotesAsync(number, ct) is { } notes ? TypedResults.Ok(notes) : ApiProblems.NotFound($"No release '{number}'.");

    public static async Task<Created<ReleaseDetails>> CreateAsync(NewRelease request, ClaimsPrincipal user, ReleaseService service, ReleaseQueries queries, CancellationToken ct)
    {
        var release = await service.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/releases/{release.Number}", (await queries.GetAsync(release.Number, ct))!);
    }

    public static async Task<Results<Ok<ReleaseDetails>, ValidationProblem>> TransitionAsync(
        string number, TransitionRequest request, ClaimsPrincipal user, ReleaseService service, ReleaseQueries queries, CancellationToken ct)
    {
        if (request.State is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new state: {string.Join(", ", Enum.GetNames<ReleaseState>())}."] });
        }

        await service.TransitionAsync(number, new ReleaseTransition(to, request.Reason), Name(user), ct);
        return TypedResults.Ok((await queries.GetAsync(number, ct))!);
    }

    public static async Task<Ok<ReleaseDetails>> EvaluateAsync(
        string number, ClaimsPrincipal user, ReleaseService service, ReleaseGates gates, Itsm.Records.RecordStore store, ReleaseQueries queries, CancellationToken ct)
    {
        var release = await service.FindAsync(number, ct);
        await gates.EvaluateAsync(release, Name(user), ct);
        await store.SaveAsync(release, ct);
        return TypedResults.Ok((await queries.GetAsync(number, ct))!);
    }

    public static async Task<Ok<EvidenceAnswer>> EvidenceAsync(
        string number, ReleaseEvidenceInput request, ClaimsPrincipal user, ReleaseEvidence evidence, ReleaseQueries queries, CancellationToken ct)
    {
        var gate = await evidence.RecordAsync(number, request, Name(user), ct);
        var release = (await queries.GetAsync(number, ct))!.Release;
        return TypedResults.Ok(new EvidenceAnswer(ReleaseQueries.ToView(gate), release.State, release.ActivePhase));
    }

    public static async Task<Ok<ReleaseGateView>> GrantExceptionAsync(
        string number, string gate, ExceptionRequest request, ClaimsPrincipal user, ReleaseGateExceptions exceptions, CancellationToken ct) =>
        TypedResults.Ok(ReleaseQueries.ToView(await exceptions.GrantAsync(number, gate, request.Reason, Name(user), ct)));

    public static async Task<Ok<GateAnswer>> GateAsync(string number, string environment, ReleaseDeployments deployments, CancellationToken ct)
    {
        var answer = await deployments.AskAsync(number, environment, ct);
        return TypedResults.Ok(new GateAnswer(answer.DecisionText, answer.Reason, NextWindowView.Of(answer.NextWindow)));
    }

    public static async Task<Created<ReleaseDeploymentView>> DeployAsync(string number, string environment, ClaimsPrincipal user, ReleaseDeployments deployments, CancellationToken ct)
    {
        var d = await deployments.StartAsync(number, environment, Name(user), ct);
        return TypedResults.Created($"/api/releases/{number}/deployments/{d.Environment}/gate",
            new ReleaseDeploymentView(d.Environment, d.State, d.ApprovalId, d.RequestedBy, d.RequestedAt, d.StartedAt, d.EndedAt));
    }

    public static async Task<Results<Ok<ReleaseDeploymentView>, ValidationProblem>> FinishDeploymentAsync(
        string number, string environment, DeploymentResultRequest request, ClaimsPrincipal user, ReleaseDeployments deployments, CancellationToken ct)
    {
        if (request.Succeeded is not { } succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["succeeded"] = ["Say whether the deployment succeeded (true or false)."] });
        }

        var d = await deployments.FinishAsync(number, environment, new DeploymentResult(succeeded, request.Notes), Name(user), ct);
        return TypedResults.Ok(new ReleaseDeploymentView(d.Environment, d.State, d.ApprovalId, d.RequestedBy, d.RequestedAt, d.StartedAt, d.EndedAt));
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
