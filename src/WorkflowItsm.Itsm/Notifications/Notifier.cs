using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>A notification as the bell lists it.</summary>
public sealed record NotificationView(long Id, string Kind, string Title, string Body, string? Link, DateTime CreatedAt, bool IsRead);

/// <summary>
/// Writes notifications (in-app, from the kind's template) and hands each to a job that emails it, so a
/// slow or absent mail server never holds up the trigger that caused it.
/// </summary>
public sealed class Notifier(ItsmDbContext db, NotificationTemplates templates, TimeProvider time, IJobs jobs)
{
    public async Task NotifyAsync(string kind, IEnumerable<string> recipients, IReadOnlyDictionary<string, string?> values, string? link, CancellationToken cancellationToken)
    {
        var template = await templates.GetAsync(kind, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var records = recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).Select(recipient => new NotificationRecord
        {
            Recipient = recipient,
            Kind = kind,
            Title = Clip(NotificationTemplates.Render(template.Subject, values), 400),
            Body = Clip(NotificationTemplates.Render(template.Body, values), 4000),
            Link = link,
            CreatedAt = now,
        }).ToList();
        if (records.Count == 0)
        {
            return;
        }

        db.Notifications.AddRange(records);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var record in records)
        {
            jobs.Enqueue<NotificationEmailJob>(job => job.SendAsync(record.Id, CancellationToken.None));
        }
    }

    public Task<int> UnreadCountAsync(string recipient, CancellationToken cancellationToken) =>
        db.Notifications.CountAsync(n => n.Recipient == recipient && n.ReadAt == null, cancellationToken);

    public async Task<IReadOnlyList<NotificationView>> LatestAsync(string recipient, int count, CancellationToken cancellationToken) =>
        await db.Notifications.AsNoTracking().Where(n => n.Recipient == recipient).OrderByDescending(n => n.Id).Take(count)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(cancellationToken);

    /// <summary>Marks one (or, with null, every) notification of <paramref name="recipient"/> read.</summary>
    public Task MarkReadAsync(string recipient, long? id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Notifications.Where(n => n.Recipient == recipient && n.ReadAt == null && (id == null || n.Id == id))
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
