using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>A notification as the bell lists it.</summary>
public sealed record NotificationView(long Id, string Kind, string Title, string Body, string? Link, DateTime CreatedAt, bool IsRead);

/// <summary>
/// The bell's row: what one record (or one link) told a person, newest message first. <see cref="OwnRequestId"/> is
/// the portal request (process instance) behind the record when the person started it herself — where a requester,
/// who cannot open the agents' pages, is sent instead.
/// </summary>
public sealed record NotificationGroup(string Record, NotificationView Latest, int Count, int Unread, IReadOnlyList<long> Ids, string? OwnRequestId)
{
    public bool IsRead => Unread == 0;
}

/// <summary>
/// Writes notifications (in-app, from the kind's template) and hands each to a job that emails it, so a
/// slow or absent mail server never holds up the trigger that caused it; each person's choice per kind is honoured.
/// </summary>
public sealed class Notifier(ItsmDbContext db, NotificationTemplates templates, NotificationPreferences preferences, TimeProvider time, IJobs jobs,
    Microsoft.Extensions.Options.IOptions<SmtpOptions> smtp)
{
    /// <summary>
    /// Tells each recipient as she chose for <paramref name="kind"/>: under the bell (a row here, emailed too when she
    /// wants email), by email only (straight to the email job), or not at all.
    /// </summary>
    public async Task NotifyAsync(string kind, IEnumerable<string> recipients, IReadOnlyDictionary<string, string?> values, string? link, CancellationToken cancellationToken)
    {
        var people = recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToList();
        if (people.Count == 0)
        {
            return;
        }

        var template = await templates.GetAsync(kind, cancellationToken);
        var title = Clip(NotificationTemplates.Render(template.Subject, values), 400);
        var body = Clip(NotificationTemplates.Render(template.Body, values), 4000);
        var delivery = await preferences.DeliveryOfAsync(people, kind, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        // Without a mail server the email job could only note that; noted here, no job is queued for it.
        var mailServer = !string.IsNullOrWhiteSpace(smtp.Value.Host);
        var records = people.Where(person => delivery[person].HasFlag(NotificationDelivery.InApp)).Select(recipient => new NotificationRecord
        {
            Recipient = recipient,
            Kind = kind,
            Title = title,
            Body = body,
            Link = link,
            CreatedAt = now,
            EmailNote = !delivery[recipient].HasFlag(NotificationDelivery.Email) ? "The person chose not to get this kind of notification by email."
                : mailServer ? null : NoMailServer,
        }).ToList();
        if (records.Count > 0)
        {
            db.Notifications.AddRange(records);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!mailServer)
        {
            return;
        }

        foreach (var record in records.Where(r => delivery[r.Recipient].HasFlag(NotificationDelivery.Email)))
        {
            jobs.Enqueue<NotificationEmailJob>(job => job.SendAsync(record.Id, CancellationToken.None));
        }

        foreach (var recipient in people.Where(person => delivery[person] == NotificationDelivery.Email))
        {
            jobs.Enqueue<NotificationEmailJob>(job => job.SendOnlyByEmailAsync(recipient, kind, title, body, link, CancellationToken.None));
        }
    }

    /// <summary>The email note of a notification while no SMTP server is set (the email job writes the same).</summary>
    public const string NoMailServer = "No SMTP server is set (Smtp:Host).";

    /// <summary>How many of a person's latest notifications the bell groups: older ones are history, not news.</summary>
    public const int GroupedWindow = 300;

    public Task<int> UnreadCountAsync(string recipient, CancellationToken cancellationToken) =>
        db.Notifications.CountAsync(n => n.Recipient == recipient && n.ReadAt == null, cancellationToken);

    public async Task<IReadOnlyList<NotificationView>> LatestAsync(string recipient, int count, CancellationToken cancellationToken) =>
        await db.Notifications.AsNoTracking().Where(n => n.Recipient == recipient).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(count)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// A person's latest notifications, one group per record (an incident's SLA warnings, escalations and task
    /// messages together), the group with the newest message first.
    /// </summary>
    public async Task<IReadOnlyList<NotificationGroup>> GroupedAsync(string recipient, CancellationToken cancellationToken)
    {
        var latest = await LatestAsync(recipient, GroupedWindow, cancellationToken);
        var taskIds = latest.Select(n => TaskIdOf(n.Link)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var recordOfTask = await db.HumanTasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .Select(t => new { t.Id, Record = t.BusinessKey ?? t.InstanceId }).ToDictionaryAsync(t => t.Id, t => t.Record, StringComparer.Ordinal, cancellationToken);
        var requestIds = latest.Select(n => Under(n.Link, "/portal/requests/")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var recordOfRequest = await db.ProcessInstances.AsNoTracking().Where(i => requestIds.Contains(i.Id))
            .Select(i => new { i.Id, Record = i.BusinessKey ?? i.Id }).ToDictionaryAsync(i => i.Id, i => i.Record, StringComparer.Ordinal, cancellationToken);

        string RecordOf(NotificationView n) =>
            Under(n.Link, "/incidents/") ?? Under(n.Link, "/problems/")
            ?? (TaskIdOf(n.Link) is { } task ? recordOfTask.GetValueOrDefault(task) : null)
            ?? (Under(n.Link, "/portal/requests/") is { } request ? recordOfRequest.GetValueOrDefault(request) : null)
            ?? n.Link ?? $"#{n.Id}";

        var groups = latest.GroupBy(RecordOf, StringComparer.Ordinal).ToList();
        var records = groups.Select(g => g.Key).ToList();
        var ownRequests = await (from incident in db.Incidents.AsNoTracking()
                                 from instance in db.ProcessInstances.AsNoTracking()
                                 where incident.ProcessInstanceId == instance.Id && records.Contains(incident.Number) && instance.StartedBy == recipient
                                 select new { incident.Number, instance.Id }).ToDictionaryAsync(r => r.Number, r => r.Id, StringComparer.Ordinal, cancellationToken);
        foreach (var request in recordOfRequest.Where(r => !ownRequests.ContainsKey(r.Value)))
        {
            ownRequests[request.Value] = request.Key;
        }

        // LatestAsync is newest first, so is each group and the order the groups first appear in.
        return groups.Select(g => new NotificationGroup(g.Key, g.First(), g.Count(), g.Count(n => !n.IsRead), g.Select(n => n.Id).ToList(), ownRequests.GetValueOrDefault(g.Key)))
            .ToList();
    }

    /// <summary>Marks one (or, with null, every) notification of <paramref name="recipient"/> read.</summary>
    public Task MarkReadAsync(string recipient, long? id, CancellationToken cancellationToken) =>
        MarkReadAsync(recipient, id is { } one ? [one] : null, cancellationToken);

    /// <summary>Marks the notifications <paramref name="ids"/> (or, with null, every one) of <paramref name="recipient"/> read.</summary>
    public Task MarkReadAsync(string recipient, IReadOnlyCollection<long>? ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Notifications.Where(n => n.Recipient == recipient && n.ReadAt == null && (ids == null || ids.Contains(n.Id)))
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    private static string? TaskIdOf(string? link) => Under(link, "/tasks/") is { } id ? Uri.UnescapeDataString(id) : null;

    /// <summary>The last segment of <paramref name="link"/> when it is <paramref name="prefix"/> followed by one segment.</summary>
    private static string? Under(string? link, string prefix) =>
        link is not null && link.StartsWith(prefix, StringComparison.Ordinal) && link.Length > prefix.Length && link.IndexOf('/', prefix.Length) < 0
            ? link[prefix.Length..]
            : null;

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
