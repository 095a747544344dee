using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Notifications;

/// <summary>A template's wording; <c>{task}</c>, <c>{process}</c>, <c>{record}</c>, <c>{due}</c>, <c>{by}</c> are filled in.</summary>
public sealed record NotificationTemplate(string Kind, string Subject, string Body, bool IsCustomized);

/// <summary>The wording of each notification kind: the admin's when edited, else the built-in one.</summary>
public sealed class NotificationTemplates(ItsmDbContext db, TimeProvider time)
{
    private static readonly Dictionary<string, (string Subject, string Body)> BuiltIn = new(StringComparer.Ordinal)
    {
        [NotificationKinds.TaskAssigned] = ("Assigned to you: {task}", "{by} assigned you the task \"{task}\" ({process}, {record})."),
        [NotificationKinds.TaskDueSoon] = ("Due soon: {task}", "The task \"{task}\" ({process}, {record}) is due at {due}."),
        [NotificationKinds.TaskOverdue] = ("Overdue: {task}", "The task \"{task}\" ({process}, {record}) was due at {due} and is still open."),
        [NotificationKinds.RequestCompleted] = ("Your request {record} is completed", "Your request {record} ({process}) is completed."),
        [NotificationKinds.SlaWarning] = ("SLA warning on {record}: {task}", "{record} has used {by} of \"{task}\"; it is due at {due}."),
        [NotificationKinds.Escalation] = ("Escalation on {record}", "{by}"),
        [NotificationKinds.LicenceRenewal] = ("Licence ending on {due}: {record}", "The licence {record} ({task}) ends on {due}, in {by} days: renew it or plan its end."),
        [NotificationKinds.CabAgenda] = ("CAB agenda: {task}, {due}", "{task} meets on {due} to decide {by} changes: {record}."),
        [NotificationKinds.ApprovalRequested] = ("Approval needed: {record}", "{by} asks for your approval of {record}: {task}. Decide by {due}; the link below works once, for you only."),
        [NotificationKinds.OnCallSwapRequested] = ("Can you cover on call? {record}, {due}",
            "{by} asks you to take the {task} on-call shift of \"{record}\" from {due}.{process} Accept or decline it on the schedule's page; nothing changes until you answer."),
        [NotificationKinds.OnCallSwapAnswered] = ("Swap request {task}: {record}", "{by} {task} your swap request for the {process} on-call shift of \"{record}\" from {due}."),
        [NotificationKinds.WebhookDisabled] = ("The webhook \"{record}\" was disabled",
            "The webhook \"{record}\" ({process}) failed {task} times in a row and was disabled; nothing is sent to it until it is enabled again. The last failure: {by}"),
        [NotificationKinds.SlaBreached] = ("SLA breached on {record}: {task}", "{record} missed \"{task}\" (due at {due}); the escalation has started."),
    };

    public static IReadOnlyList<string> Placeholders { get; } = ["{task}", "{process}", "{record}", "{due}", "{by}"];

    public async Task<IReadOnlyList<NotificationTemplate>> ListAsync(CancellationToken cancellationToken)
    {
        var edited = await db.NotificationTemplates.AsNoTracking().ToDictionaryAsync(t => t.Kind, cancellationToken);
        return NotificationKinds.All.Select(kind => edited.TryGetValue(kind, out var row)
            ? new NotificationTemplate(kind, row.Subject, row.Body, IsCustomized: true)
            : new NotificationTemplate(kind, BuiltIn[kind].Subject, BuiltIn[kind].Body, IsCustomized: false)).ToList();
    }

    public async Task<NotificationTemplate> GetAsync(string kind, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Single(t => t.Kind == kind);

    /// <exception cref="ArgumentException">Unknown kind, or an empty or too long subject or body.</exception>
    public async Task SaveAsync(string kind, string subject, string body, string by, CancellationToken cancellationToken)
    {
        if (!BuiltIn.ContainsKey(kind))
        {
            throw new ArgumentException($"There is no notification kind '{kind}'.", nameof(kind));
        }

        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 400 || string.IsNullOrWhiteSpace(body) || body.Length > 4000)
        {
            throw new ArgumentException("A template needs a subject (up to 400 characters) and a body (up to 4,000).", nameof(subject));
        }

        var row = await db.NotificationTemplates.FirstOrDefaultAsync(t => t.Kind == kind, cancellationToken);
        if (row is null)
        {
            row = new NotificationTemplateRecord { Kind = kind, Subject = subject, Body = body };
            db.NotificationTemplates.Add(row);
        }

        (row.Subject, row.Body, row.UpdatedBy, row.UpdatedAt) = (subject.Trim(), body.Trim(), by, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Fills the placeholders; ones without a value become empty.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values) =>
        Placeholders.Aggregate(template, (text, placeholder) =>
            text.Replace(placeholder, values.GetValueOrDefault(placeholder.Trim('{', '}')) ?? "", StringComparison.Ordinal));
}
