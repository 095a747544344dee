using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Integrations;
using WorkflowItsm.Web.Api;

namespace WorkflowItsm.Web.Integrations;

/// <summary>Outbound webhooks (admins): subscriptions and their delivery log.</summary>
internal static class WebhooksApi
{
    public sealed record ActiveRequest(bool Active);

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        webhooks.MapGet("/", ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("The webhook subscriptions, with whether each is active and why one was disabled");
        webhooks.MapPost("/", CreateAsync)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe an http(s) URL to events; the answer carries the signing secret, the only time it is shown. 400 names each invalid field")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        webhooks.MapPut("/{id:int}", UpdateAsync)
            .WithName("UpdateWebhook")
            .WithSummary("Change a subscription; saving a disabled one enables it again")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id:int}/active", SetActiveAsync)
            .WithName("SetWebhookActive")
            .WithSummary("Disable or enable a subscription")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        webhooks.MapGet("/deliveries", DeliveriesAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The latest deliveries, newest first (of one subscription with subscriptionId): status, attempts, the answer's status and time")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<WebhookView>>> ListAsync(WebhookSubscriptions webhooks, CancellationToken ct) => TypedResults.Ok(await webhooks.ListAsync(ct));

    public static async Task<Created<CreatedWebhook>> CreateAsync(WebhookInput input, ClaimsPrincipal user, WebhookSubscriptions webhooks, CancellationToken ct)
    {
        var created = await webhooks.CreateAsync(input, user.Identity!.Name!, ct);
        return TypedResults.Created($"/api/webhooks/{created.Webhook.Id}", created);
    }

    public static async Task<Ok<WebhookView>> UpdateAsync(int id, WebhookInput input, WebhookSubscriptions webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.UpdateAsync(id, input, ct));

    public static async Task<Ok<WebhookView>> SetActiveAsync(int id, ActiveRequest request, WebhookSubscriptions webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.SetActiveAsync(id, request.Active, ct));

    public static async Task<Ok<IReadOnlyList<WebhookDeliveryView>>> DeliveriesAsync(int? subscriptionId, int? count, WebhookSubscriptions webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.DeliveriesAsync(subscriptionId, count ?? 100, ct));
}
