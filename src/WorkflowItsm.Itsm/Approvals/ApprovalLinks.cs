using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>
/// Signed approval links for email (/approvals/vote/{token}): a random 256-bit token whose SHA-256 alone is stored;
/// it works once, until it expires (the approval's due date, at most <see cref="Lifetime"/>), and only for the
/// approver it was sent to, signed in — a forwarded link is useless to anyone else.
/// </summary>
public sealed class ApprovalLinks(ItsmDbContext db, ApprovalService approvals, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public const string PathPrefix = "/approvals/vote/";

    /// <summary>Makes a link for <paramref name="user"/> (saved) and returns its token; the token is not kept.</summary>
    public async Task<string> IssueAsync(Approval approval, string user, CancellationToken cancellationToken)
    {
        var token = LinkTokens.New();
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + Lifetime;
        db.ApprovalLinks.Add(new ApprovalLink
        {
            TokenHash = LinkTokens.Hash(token),
            ApprovalId = approval.Id,
            UserName = user,
            CreatedAt = now,
            ExpiresAt = approval.Due is { } due && due > now && due < expires ? due : expires,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>The approval the link is for, when <paramref name="user"/> may still use it.</summary>
    /// <exception cref="ApprovalLinkRefusedException">Unknown, used, expired, another approver's, or the approval is decided.</exception>
    public async Task<string> CheckAsync(string token, string user, CancellationToken cancellationToken) =>
        (await FindUsableAsync(token, user, cancellationToken)).ApprovalId;

    /// <summary>Votes through the link and uses it up, in the vote's transaction.</summary>
    /// <exception cref="ApprovalLinkRefusedException">The link cannot be used.</exception>
    public async Task<Approval> VoteAsync(string token, string user, ApprovalDecision decision, string? comment, CancellationToken cancellationToken)
    {
        var link = await FindUsableAsync(token, user, cancellationToken);
        return await approvals.VoteAsync(link.ApprovalId, user, decision, comment, cancellationToken, link);
    }

    private async Task<ApprovalLink> FindUsableAsync(string token, string user, CancellationToken cancellationToken)
    {
        var hash = LinkTokens.Hash(token ?? "");
        var link = await db.ApprovalLinks.FirstOrDefaultAsync(l => l.TokenHash == hash, cancellationToken)
            ?? throw new ApprovalLinkRefusedException(ApprovalLinkRefusal.Unknown);
        if (link.UserName != user)
        {
            throw new ApprovalLinkRefusedException(ApprovalLinkRefusal.OtherPerson);
        }

        if (link.UsedAt is not null)
        {
            throw new ApprovalLinkRefusedException(ApprovalLinkRefusal.Used);
        }

        if (link.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            throw new ApprovalLinkRefusedException(ApprovalLinkRefusal.Expired);
        }

        var state = await db.Approvals.Where(a => a.Id == link.ApprovalId).Select(a => a.State).FirstAsync(cancellationToken);
        return state is ApprovalState.Pending or ApprovalState.Escalated ? link : throw new ApprovalLinkRefusedException(ApprovalLinkRefusal.Decided);
    }

}
