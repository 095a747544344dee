using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The problem details every ITSM record endpoint answers with (incidents, problems, service levels...): the record
/// errors of <see cref="WorkflowItsm.Itsm.Records"/> and, beneath them, the runtime's.
/// </summary>
internal static class RecordProblems
{
    public static async Task<IResult> HandleAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await RuntimeProblems.HandleAsync(action);
        }
        catch (RecordValidationException invalid)
        {
            return TypedResults.ValidationProblem(invalid.Errors, detail: invalid.Message, title: $"The {invalid.Record} is invalid");
        }
        catch (RecordNotFoundException notFound)
        {
            return RuntimeProblems.NotFound(notFound.Message);
        }
        catch (RecordTransitionException refused)
        {
            return TypedResults.Problem(title: "Transition not allowed", detail: refused.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["state"] = refused.State, ["allowed"] = refused.AllowedStates.ToArray() });
        }
        catch (RecordConflictException conflict)
        {
            return TypedResults.Problem(title: "Conflict", detail: conflict.Message, statusCode: StatusCodes.Status409Conflict, extensions: conflict.Details);
        }
    }
}
