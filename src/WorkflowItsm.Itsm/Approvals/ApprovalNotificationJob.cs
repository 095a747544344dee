using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>
/// After an approval is asked (or escalated): tells each active approver who has no link yet, in-app and by email,
/// with her own signed one-time link. Runs after the commit, so the workflow's step never waits for mail.
/// </summary>
public sealed class ApprovalNotificationJob(ItsmDbContext db, ApprovalLinks links, ApprovalQueries queries, Notifier notifier)
{
    public async Task SendAsync(string approvalId, CancellationToken cancellationToken)
    {
        var approval = await db.Approvals.AsNoTracking().Include(a => a.Approvers).FirstOrDefaultAsync(a => a.Id == approvalId, cancellationToken);
        if (approval is not { State: ApprovalState.Pending or ApprovalState.Escalated })
        {
            return;
        }

        var linked = await db.ApprovalLinks.Where(l => l.ApprovalId == approvalId).Select(l => l.UserName).ToListAsync(cancellationToken);
        var summary = (await queries.SummariesAsync([approval.RecordNumber], cancellationToken)).GetValueOrDefault(approval.RecordNumber);
        foreach (var approver in approval.Approvers.Where(a => a.IsActive && a.Decision is null && !linked.Contains(a.UserName)))
        {
            var token = await links.IssueAsync(approval, approver.UserName, cancellationToken);
            await notifier.NotifyAsync(NotificationKinds.ApprovalRequested, [approver.UserName], new Dictionary<string, string?>
            {
                ["record"] = approval.RecordNumber,
                ["task"] = summary is null ? approval.RuleName : $"{approval.RuleName} — {summary}",
                ["due"] = approval.Due?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no due date",
                ["by"] = approval.RequestedBy,
            }, ApprovalLinks.PathPrefix + token, cancellationToken);
        }
    }
}
