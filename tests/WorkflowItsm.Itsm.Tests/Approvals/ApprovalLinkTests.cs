using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Tests.Approvals;

/// <summary>Issue 18, test 7: approval by email link — valid once, refused after use, after expiry, or for another person.</summary>
public sealed class ApprovalLinkTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ApprovalTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ApprovalTestHost.StartAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private async Task<(string ApprovalId, Dictionary<string, string> Tokens)> AskAsync(int n)
    {
        var change = await host.ChangeAsync(n);
        await host.StartAsync(change);
        await host.RunJobsAsync<ApprovalNotificationJob>();
        var notes = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Notifications.AsNoTracking()
            .Where(x => x.Kind == NotificationKinds.ApprovalRequested && x.Title.Contains(change)).ToListAsync());
        return (await host.ApprovalIdAsync(change), notes.ToDictionary(x => x.Recipient, x => x.Link![ApprovalLinks.PathPrefix.Length..]));
    }

    private Task<Approval> VoteByLinkAsync(string token, string user, ApprovalDecision decision = ApprovalDecision.Approved, string? comment = null) =>
        host.InScopeAsync(s => s.GetRequiredService<ApprovalLinks>().VoteAsync(token, user, decision, comment, CancellationToken.None));

    [Fact]
    public async Task Test7_approval_by_email_link_is_valid_once_and_refused_after_use_after_expiry_or_for_another_person()
    {
        var (id, tokens) = await AskAsync(1);
        tokens.Keys.Should().BeEquivalentTo(ApprovalTestHost.Cab, "each CAB member is sent her own link, in-app and by email");
        var stored = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ApprovalLinks.AsNoTracking().Select(l => l.TokenHash).ToListAsync());
        stored.Should().NotContain(tokens.Values, "only a hash of each token is stored");

        var forBen = () => VoteByLinkAsync(tokens["ana"], "ben");
        (await forBen.Should().ThrowAsync<ApprovalLinkRefusedException>()).Which.Reason.Should().Be(ApprovalLinkRefusal.OtherPerson);

        await VoteByLinkAsync(tokens["ana"], "ana", ApprovalDecision.Approved, "Looks good.");
        (await host.ApprovalAsync(id)).Approvers.Single(a => a.UserName == "ana").Comment.Should().Be("Looks good.");
        var reuse = () => VoteByLinkAsync(tokens["ana"], "ana");
        (await reuse.Should().ThrowAsync<ApprovalLinkRefusedException>()).Which.Reason.Should().Be(ApprovalLinkRefusal.Used);

        var forged = () => VoteByLinkAsync("not-a-token", "ben");
        (await forged.Should().ThrowAsync<ApprovalLinkRefusedException>()).Which.Reason.Should().Be(ApprovalLinkRefusal.Unknown);

        // The links expire with the approval's due date (Wednesday 09:00 UTC).
        host.Time.Advance(TimeSpan.FromHours(49));
        var late = () => VoteByLinkAsync(tokens["ben"], "ben");
        (await late.Should().ThrowAsync<ApprovalLinkRefusedException>()).Which.Reason.Should().Be(ApprovalLinkRefusal.Expired);
        (await host.ApprovalAsync(id)).Approvers.Count(a => a.Decision is not null).Should().Be(1);
    }
}
