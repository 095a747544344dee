using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Api;

/// <summary>Maps the runtime's refusals to problem details: 404 unknown, 409 conflict, 400 invalid form fields.</summary>
internal static class RuntimeProblems
{
    /// <summary>404 problem details; the one shape every "unknown id" answer of the API takes.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <summary>413 naming the variable over the limit (or "variables" for the instance's total).</summary>
    public static IResult TooLarge(VariablesTooLargeException tooLarge) =>
        TypedResults.Problem(title: "The variables are too large", detail: tooLarge.Message, statusCode: StatusCodes.Status413PayloadTooLarge,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [tooLarge.Variable ?? "variables"] = [tooLarge.Message] },
                ["limit"] = tooLarge.Limit,
            });

    /// <summary>How many of a refused model's problems an answer lists; a generated or broken model can have 100,000.</summary>
    public const int MaxListedDeploymentProblems = 200;

    /// <summary>400 for a model (deployment or draft) with errors: its first problems, how many there are, how many are left out.</summary>
    public static ProblemHttpResult DeploymentRejected(string title, WorkflowItsm.Runtime.Deployments.DeploymentRejectedException rejected) =>
        TypedResults.Problem(title: title, detail: rejected.Message, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = rejected.Problems.Take(MaxListedDeploymentProblems).ToList(),
                ["problemCount"] = rejected.Problems.Count,
                ["problemsNotListed"] = Math.Max(0, rejected.Problems.Count - MaxListedDeploymentProblems),
            });

    public static async Task<IResult> HandleAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (RuntimeNotFoundException notFound)
        {
            return NotFound(notFound.Message);
        }
        catch (RuntimeConflictException conflict)
        {
            return TypedResults.Problem(title: "Conflict", detail: conflict.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (MigrationRefusedException refused)
        {
            return TypedResults.Problem(title: "The migration mapping is incomplete", detail: refused.Message, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["unmappedElements"] = refused.UnmappedElements, ["unknownTargets"] = refused.UnknownTargets });
        }
        catch (TriggerRejectedException rejected)
        {
            // The instance is no longer where the trigger expects it (finished, or the element was left).
            return TypedResults.Problem(title: "Conflict", detail: rejected.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (VariablesTooLargeException tooLarge)
        {
            return TooLarge(tooLarge);
        }
        catch (FormRejectedException invalid)
        {
            // One entry per bad field, as ValidationProblemDetails does, so a form can show each message by its field.
            var errors = invalid.Errors.GroupBy(e => e.FieldId).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            return TypedResults.ValidationProblem(errors, detail: invalid.Message, title: "The variables are invalid");
        }
    }
}
