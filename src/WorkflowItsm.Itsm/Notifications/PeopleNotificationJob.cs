using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>Sends what <see cref="NotifyPeopleHandler"/> asked for.</summary>
public sealed class PeopleNotificationJob(DirectoryGroups directory, Notifier notifier)
{
    public async Task SendAsync(string? groups, string? users, string record, string message, CancellationToken cancellationToken)
    {
        var members = await directory.MembersOfAsync(Split(groups), cancellationToken);
        var link = record.StartsWith("INC", StringComparison.Ordinal) ? $"/incidents/{record}" : null;
        await notifier.NotifyAsync(NotificationKinds.Escalation, members.Concat(Split(users)),
            new Dictionary<string, string?> { ["record"] = record, ["by"] = message }, link, cancellationToken);
    }

    private static string[] Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
