using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The problem details of the API, and the one place where the refusals of the domain (records, SLA settings,
/// attachments) and of the runtime (instances, tasks, drafts, deployments) become them: an endpoint filter on the
/// /api group, so that handlers call their services and let a refusal go. Anything not listed here stays an error.
/// </summary>
internal static class ApiProblems
{
    /// <summary>How many of a refused model's problems an answer lists; a generated or broken model can have 100,000.</summary>
    public const int MaxListedDeploymentProblems = 200;

    public static async ValueTask<object?> AnswerRefusalsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception refusal) when (TryAnswer(refusal, context.HttpContext, out var problem))
        {
            return problem;
        }
    }

    private static bool TryAnswer(Exception refusal, HttpContext http, [NotNullWhen(true)] out IResult? problem)
    {
        problem = refusal switch
        {
            RecordValidationException invalid => TypedResults.ValidationProblem(invalid.Errors, detail: invalid.Message, title: $"The {invalid.Record} is invalid"),
            RecordNotFoundException notFound => NotFound(notFound.Message),
            WorkflowItsm.Itsm.Requests.CatalogOrderForbiddenException forbidden => TypedResults.Problem(title: "Not orderable by you", detail: forbidden.Message, statusCode: StatusCodes.Status403Forbidden),
            WorkflowItsm.Itsm.Approvals.ApprovalForbiddenException forbidden => TypedResults.Problem(title: "Not an approver", detail: forbidden.Message, statusCode: StatusCodes.Status403Forbidden),
            RecordTransitionException refused => TypedResults.Problem(title: "Transition not allowed", detail: refused.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["state"] = refused.State, ["allowed"] = refused.AllowedStates.ToArray() }),
            RecordConflictException conflict => Conflict(conflict.Message, conflict.Details),
            RuntimeNotFoundException notFound => NotFound(notFound.Message),
            RuntimeConflictException conflict => Conflict(conflict.Message),

            // The instance is no longer where the trigger expects it (finished, or the element was left).
            TriggerRejectedException rejected => Conflict(rejected.Message),

            // Someone else saved meanwhile (a revision checked by the database, or by the service before it).
            DbUpdateConcurrencyException stale => Conflict(stale.Message),
            MigrationRefusedException refused => TypedResults.Problem(title: "The migration mapping is incomplete", detail: refused.Message, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["unmappedElements"] = refused.UnmappedElements, ["unknownTargets"] = refused.UnknownTargets }),
            VariablesTooLargeException tooLarge => TooLarge(tooLarge),

            // One entry per bad field, as ValidationProblemDetails does, so a form can show each message by its field.
            FormRejectedException invalid => TypedResults.ValidationProblem(
                invalid.Errors.GroupBy(e => e.FieldId).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), detail: invalid.Message, title: "The variables are invalid"),
            DraftConflictException conflict => TypedResults.Problem(title: "The draft was changed by someone else", detail: conflict.Message,
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["currentRevision"] = conflict.CurrentRevision }),
            DraftRejectedException rejected => InvalidField(rejected.Field, rejected.Message),
            DeploymentRejectedException rejected => DeploymentRejected(http.GetEndpoint()?.Metadata.GetMetadata<RejectedModelTitle>()?.Title ?? RejectedModelTitle.Deployment, rejected),
            AttachmentTooLargeException tooLarge => FileTooLarge(tooLarge),
            AttachmentTypeRefusedException refused => TypedResults.Problem(title: "File type refused", detail: refused.Message, statusCode: StatusCodes.Status415UnsupportedMediaType),
            HolidayFileMalformedException malformed => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ical"] = [malformed.Message] }),
            ReportPeriodException invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [invalid.Message] }),
            _ => null,
        };
        return problem is not null;
    }

    /// <summary>404 problem details; the one shape every "unknown id" answer of the API takes.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Conflict(string detail, IEnumerable<KeyValuePair<string, object?>>? extensions = null) =>
        TypedResults.Problem(title: "Conflict", detail: detail, statusCode: StatusCodes.Status409Conflict, extensions: extensions);

    /// <summary>400 naming the one field of the request that is wrong, for answers that are no validation problem (drafts, deployments).</summary>
    public static ProblemHttpResult InvalidField(string field, string detail) =>
        TypedResults.Problem(title: "The request is invalid", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>413 naming the variable over the limit (or "variables" for the instance's total).</summary>
    private static ProblemHttpResult TooLarge(VariablesTooLargeException tooLarge) =>
        TypedResults.Problem(title: "The variables are too large", detail: tooLarge.Message, statusCode: StatusCodes.Status413PayloadTooLarge,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [tooLarge.Variable ?? "variables"] = [tooLarge.Message] },
                ["limit"] = tooLarge.Limit,
            });

    /// <summary>413 for an attachment over the limit, with the limit.</summary>
    public static ProblemHttpResult FileTooLarge(AttachmentTooLargeException tooLarge) =>
        TypedResults.Problem(title: "File too large", detail: tooLarge.Message, statusCode: StatusCodes.Status413PayloadTooLarge,
            extensions: new Dictionary<string, object?> { ["maxBytes"] = tooLarge.MaxBytes });

    /// <summary>400 for a model (deployment or draft) with errors: its first problems, how many there are, how many are left out.</summary>
    private static ProblemHttpResult DeploymentRejected(string title, DeploymentRejectedException rejected) =>
        TypedResults.Problem(title: title, detail: rejected.Message, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = rejected.Problems.Take(MaxListedDeploymentProblems).ToList(),
                ["problemCount"] = rejected.Problems.Count,
                ["problemsNotListed"] = Math.Max(0, rejected.Problems.Count - MaxListedDeploymentProblems),
            });

    /// <summary>
    /// Declares in the OpenAPI document the problem answers an endpoint's services may refuse with (400 as a validation
    /// problem, any other as problem details), besides those its typed results declare.
    /// </summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statusCodes)
    {
        foreach (var statusCode in statusCodes)
        {
            _ = statusCode == StatusCodes.Status400BadRequest ? endpoint.ProducesValidationProblem() : endpoint.ProducesProblem(statusCode);
        }

        return endpoint;
    }
}

/// <summary>The title a refused model is answered with on an endpoint (metadata); deployments' unless the endpoint says otherwise.</summary>
internal sealed record RejectedModelTitle(string Title)
{
    public const string Deployment = "The deployment is invalid";
}
