using System.Text.Json;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>Messages correlated to waiting instances (or starting new ones) and signals broadcast to every listener.</summary>
internal static class MessagesApi
{
    public sealed record CorrelateRequest(string? MessageName, string? CorrelationKey, Dictionary<string, JsonElement>? Variables);

    public sealed record BroadcastRequest(string? SignalName, Dictionary<string, JsonElement>? Variables);

    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/messages", (CorrelateRequest request, WorkflowRuntime runtime, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    if (string.IsNullOrWhiteSpace(request.MessageName))
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messageName"] = ["Name the message to correlate."] });
                    }

                    // Clients send "" for "no key"; no bookmark has an empty key, so it could only ever miss.
                    var correlationKey = string.IsNullOrWhiteSpace(request.CorrelationKey) ? null : request.CorrelationKey;
                    var result = await runtime.CorrelateMessageAsync(request.MessageName, correlationKey, JsonVariables.ToClr(request.Variables), ct);
                    return TypedResults.Ok(result);
                }))
            .RequireAuthorization(Policies.WorkTasks)
            .WithTags("Messages and signals")
            .WithName("CorrelateMessage")
            .WithSummary("Deliver a message to the instances waiting for it under the correlation key (or business key); "
                + "without a waiting instance, start the processes with that message start event; 404 when neither");

        api.MapPost("/signals", (BroadcastRequest request, WorkflowRuntime runtime, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    if (string.IsNullOrWhiteSpace(request.SignalName))
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["signalName"] = ["Name the signal to broadcast."] });
                    }

                    var result = await runtime.BroadcastSignalAsync(request.SignalName, JsonVariables.ToClr(request.Variables), ct);
                    return TypedResults.Ok(result);
                }))
            .RequireAuthorization(Policies.WorkTasks)
            .WithTags("Messages and signals")
            .WithName("BroadcastSignal")
            .WithSummary("Broadcast a signal to every running instance that listens for it and start the processes with that signal start event");
        return api;
    }
}
