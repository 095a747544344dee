using WorkflowItsm.Itsm.Notifications;

namespace WorkflowItsm.Web.Notifications;

/// <summary>Where a notification may lead the person reading it: only to a page she can open.</summary>
internal static class NotificationLinks
{
    // A requester's part of the product: the rest is the staff's (Policies.WorkTasks), where she would only see "access denied".
    private const string Portal = "/portal/";

    /// <param name="opensAgentsPages">Whether the reader passes <see cref="Account.Policies.WorkTasks"/>.</param>
    /// <returns>The notification's own link, her request in the portal in its place, or null: shown as plain text.</returns>
    public static string? For(NotificationGroup group, bool opensAgentsPages)
    {
        var link = group.Latest.Link;
        if (link is null || !link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        if (opensAgentsPages || link.StartsWith(Portal, StringComparison.Ordinal))
        {
            return link;
        }

        return group.OwnRequestId is { } request ? $"/portal/requests/{Uri.EscapeDataString(request)}" : null;
    }
}
