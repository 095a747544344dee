using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Xml;
using WorkflowItsm.Runtime;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Messages correlated to waiting instances (or starting new ones) and signals broadcast to every listener: for process
/// owners and admins, since either moves instances the caller may not otherwise see (records send their own messages).
/// </summary>
internal static class MessagesApi
{
    /// <param name="BufferFor">ISO 8601 duration (e.g. PT10M): when nothing waits, keep the message this long for the first instance that comes to wait for it.</param>
    public sealed record CorrelateRequest(string? MessageName, string? CorrelationKey, Dictionary<string, JsonElement>? Variables, string? BufferFor = null);

    public sealed record BroadcastRequest(string? SignalName, Dictionary<string, JsonElement>? Variables);

    /// <param name="ProcessKey">Only this process's conditional start events; every deployed process's when absent.</param>
    public sealed record EvaluateConditionsRequest(Dictionary<string, JsonElement>? Variables, string? BusinessKey = null, string? ProcessKey = null);

    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/messages", CorrelateAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithTags("Messages and signals")
            .WithName("CorrelateMessage")
            .WithSummary("Deliver a message to the instances waiting for it under the correlation key (or business key); "
                + "without a waiting instance, start the processes with that message start event; when neither, 202 if bufferFor keeps it for a later receiver, else 404")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);

        api.MapPost("/signals", BroadcastAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithTags("Messages and signals")
            .WithName("BroadcastSignal")
            .WithSummary("Broadcast a signal to every running instance that listens for it and start the processes with that signal start event")
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge);

        api.MapPost("/conditions", EvaluateConditionsAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithTags("Messages and signals")
            .WithName("EvaluateStartConditions")
            .WithSummary("Evaluate the conditional start events of the latest version of every process (or of processKey) with the variables, "
                + "and start an instance at each whose condition holds; 404 when no process has a conditional start event")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        return api;
    }

    public static async Task<Results<Ok<MessageCorrelationResult>, Accepted<MessageCorrelationResult>, ValidationProblem>> CorrelateAsync(
        CorrelateRequest request, WorkflowRuntime runtime, RuntimeOptions options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.MessageName))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messageName"] = ["Name the message to correlate."] });
        }

        TimeSpan? bufferFor = null;
        if (!string.IsNullOrWhiteSpace(request.BufferFor))
        {
            if (Duration(request.BufferFor) is not { } duration)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["bufferFor"] = [$"'{request.BufferFor}' is no ISO 8601 duration such as PT10M."] });
            }

            if (duration <= TimeSpan.Zero || duration > options.MaxMessageBuffer)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["bufferFor"] = [$"bufferFor must be longer than zero and at most {XmlConvert.ToString(options.MaxMessageBuffer)}."],
                });
            }

            bufferFor = duration;
        }

        // Clients send "" for "no key"; no bookmark has an empty key, so it could only ever miss.
        var correlationKey = string.IsNullOrWhiteSpace(request.CorrelationKey) ? null : request.CorrelationKey;
        var result = await runtime.CorrelateMessageAsync(request.MessageName, correlationKey, JsonVariables.ToClr(request.Variables), ct, bufferFor);
        return result.BufferedUntil is null ? TypedResults.Ok(result) : TypedResults.Accepted((string?)null, result);
    }

    public static async Task<Results<Ok<SignalBroadcastResult>, ValidationProblem>> BroadcastAsync(BroadcastRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.SignalName))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["signalName"] = ["Name the signal to broadcast."] });
        }

        return TypedResults.Ok(await runtime.BroadcastSignalAsync(request.SignalName, JsonVariables.ToClr(request.Variables), ct));
    }

    public static async Task<Ok<ConditionEvaluationResult>> EvaluateConditionsAsync(EvaluateConditionsRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var businessKey = string.IsNullOrWhiteSpace(request.BusinessKey) ? null : request.BusinessKey;
        var processKey = string.IsNullOrWhiteSpace(request.ProcessKey) ? null : request.ProcessKey;
        return TypedResults.Ok(await runtime.EvaluateStartConditionsAsync(JsonVariables.ToClr(request.Variables), businessKey, processKey, ct));
    }

    // XmlConvert reads ISO 8601 durations but has no TryParse.
    private static TimeSpan? Duration(string text)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
