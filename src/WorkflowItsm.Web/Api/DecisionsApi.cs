using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Bpmn.Dmn;
using WorkflowItsm.Runtime.Decisions;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>DMN decisions deployed with POST /api/deployments: list them and evaluate one on variables; and the Camunda Forms deployed the same way.</summary>
internal static class DecisionsApi
{
    /// <param name="Variables">Variable values by name; Camunda's typed form <c>{"value": 5, "type": "Integer"}</c> is read too.</param>
    public sealed record EvaluateRequest(Dictionary<string, JsonElement>? Variables);

    public static RouteGroupBuilder MapDecisionsApi(this RouteGroupBuilder api)
    {
        var decisions = api.MapGroup("/decisions").WithTags("Decisions");
        decisions.MapGet("/", ListAsync)
            .WithName("ListDecisions").WithSummary("Deployed DMN decisions with their latest version");
        decisions.MapGet("/{key}/xml", GetXmlAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("GetDecisionXml").WithSummary("The DMN XML of the latest version (the whole file it was deployed in)")
            .Produces<string>(StatusCodes.Status200OK, "application/xml")
            .ProducesProblems(StatusCodes.Status404NotFound);
        decisions.MapPost("/{key}/evaluate", EvaluateAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("EvaluateDecision")
            .WithSummary("Evaluate the latest version of a decision")
            .WithDescription("Returns the result list: one map (output name → value) per matching rule, as Camunda 7's evaluate does. 400 names the input whose value does not fit its type; 422 when the decision's hit policy is broken (e.g. two rules of a UNIQUE table match).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        var forms = api.MapGroup("/forms").WithTags("Forms");
        forms.MapGet("/", ListFormsAsync)
            .WithName("ListForms").WithSummary("Deployed Camunda Forms (.form files, form-js) with their latest version, as camunda:formRef names them");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<WorkflowItsm.Runtime.Forms.CamundaFormSummary>>> ListFormsAsync(WorkflowItsm.Runtime.Forms.CamundaForms forms, CancellationToken ct) =>
        TypedResults.Ok(await forms.ListAsync(ct));

    public static async Task<Ok<IReadOnlyList<DecisionSummary>>> ListAsync(DecisionDefinitions definitions, CancellationToken ct) =>
        TypedResults.Ok(await definitions.ListAsync(ct));

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetXmlAsync(string key, DecisionDefinitions definitions, CancellationToken ct) =>
        await definitions.GetLatestXmlAsync(key, ct) is { } xml
            ? TypedResults.Text(xml, "application/xml", System.Text.Encoding.UTF8)
            : ApiProblems.NotFound($"No decision with key '{key}' is deployed.");

    public static async Task<Results<Ok<List<Dictionary<string, object?>>>, ProblemHttpResult, ValidationProblem>> EvaluateAsync(
        string key, EvaluateRequest? request, DecisionDefinitions definitions, CancellationToken ct)
    {
        var variables = request?.Variables?.ToDictionary(v => v.Key, v => JsonVariables.ToClr(Unwrap(v.Value)), StringComparer.Ordinal) ?? [];
        try
        {
            var result = await definitions.EvaluateAsync(key, variables, ct);
            return result is null ? ApiProblems.NotFound($"No decision with key '{key}' is deployed.") : TypedResults.Ok(result.ToList());
        }
        catch (DmnInputException invalid)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.InputName] = [invalid.Message] },
                detail: invalid.Message, title: "An input of the decision is invalid");
        }
        catch (DmnEvaluationException failed)
        {
            return TypedResults.Problem(title: "The decision could not be evaluated", detail: failed.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    /// <summary>Camunda REST clients send <c>{"value": …, "type": …}</c> per variable: take the value.</summary>
    private static JsonElement Unwrap(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner)
        && value.EnumerateObject().All(p => p.Name is "value" or "type" or "valueInfo")
            ? inner
            : value;
}
