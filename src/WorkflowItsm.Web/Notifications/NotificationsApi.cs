using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Notifications;

/// <summary>The caller's own notifications, as the bell shows them, and how she wants each kind delivered.</summary>
internal static class NotificationsApi
{
    /// <summary>A row of the bell: <see cref="Link"/> is null when the caller could not open the page it is about.</summary>
    public sealed record NotificationRow(string Record, string Title, string Body, string? Link, DateTime CreatedAt, int Count, int Unread);

    public sealed record DeliveryChoice(string Kind, string Label, NotificationDelivery Delivery, string DeliveryLabel);

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/me/notifications").WithTags("Notifications").RequireAuthorization();
        mine.MapGet("", ListAsync).WithName("ListMyNotifications").WithSummary("My notifications, one row per record, newest first");
        mine.MapPost("/read", MarkAllReadAsync).WithName("MarkMyNotificationsRead").WithSummary("Marks all my notifications read");
        mine.MapGet("/preferences", GetPreferencesAsync).WithName("GetMyNotificationPreferences").WithSummary("How each kind of notification reaches me");
        mine.MapPut("/preferences", SetPreferencesAsync).WithName("SetMyNotificationPreferences")
            .WithSummary("Chooses, per kind, InAppAndEmail, InApp, Email or Off (kinds not named keep their choice)");
        return api;
    }

    private static async Task<Ok<List<NotificationRow>>> ListAsync(ClaimsPrincipal user, Notifier notifier, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var opensAgentsPages = (await authorization.AuthorizeAsync(user, Policies.WorkTasks)).Succeeded;
        var groups = await notifier.GroupedAsync(user.Identity!.Name!, cancellationToken);
        return TypedResults.Ok(groups.Select(g => new NotificationRow(g.Record, g.Latest.Title, g.Latest.Body, NotificationLinks.For(g, opensAgentsPages),
            g.Latest.CreatedAt, g.Count, g.Unread)).ToList());
    }

    private static async Task<NoContent> MarkAllReadAsync(ClaimsPrincipal user, Notifier notifier, CancellationToken cancellationToken)
    {
        await notifier.MarkReadAsync(user.Identity!.Name!, (long?)null, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<DeliveryChoice>>> GetPreferencesAsync(ClaimsPrincipal user, NotificationPreferences preferences, CancellationToken cancellationToken) =>
        TypedResults.Ok((await preferences.GetAsync(user.Identity!.Name!, cancellationToken))
            .Select(p => new DeliveryChoice(p.Key, NotificationKinds.Label(p.Key), p.Value, NotificationPreferences.Label(p.Value))).ToList());

    private static async Task<Results<NoContent, ValidationProblem>> SetPreferencesAsync(
        ClaimsPrincipal user, Dictionary<string, NotificationDelivery> choices, NotificationPreferences preferences, CancellationToken cancellationToken)
    {
        try
        {
            await preferences.SetAsync(user.Identity!.Name!, choices, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (ArgumentException unknown)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [unknown.Message] },
                detail: $"Kinds are: {string.Join(", ", NotificationKinds.All)}.");
        }
    }
}
