using MailKit.Net.Smtp;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Email;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Web.Tests.Email;

/// <summary>
/// The other two settings for unknown senders (dropping is in <see cref="EmailChannelTests"/>), each on a host of its
/// own, and settings that cannot work, named at start.
/// </summary>
public sealed class UnknownSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refused_an_unknown_sender_gets_550_and_the_mail_is_kept_as_refused()
    {
        await using var channel = new EmailChannelHost(UnknownSenderPolicy.Refuse);
        var mail = EmailChannelHost.Mail("stranger@elsewhere.test", "Hello", "Who are you?");

        var send = () => channel.SendAsync(mail);

        var refused = (await send.Should().ThrowAsync<SmtpCommandException>()).Which;
        refused.StatusCode.Should().Be(SmtpStatusCode.MailboxUnavailable);
        refused.Message.Should().Contain("not known here");
        var stored = await channel.ProcessedAsync(mail);
        stored!.Outcome.Should().Be(InboundMailOutcome.Refused);
        stored.OutcomeText.Should().Be("Refused: unknown sender");
        (await channel.QueryAsync(db => db.Set<Incident>().AnyAsync(i => i.ShortDescription == "Hello", Ct))).Should().BeFalse();
    }

    [Fact]
    public async Task Created_an_unknown_sender_becomes_a_requester_without_a_password_and_her_mail_an_incident()
    {
        await using var channel = new EmailChannelHost(UnknownSenderPolicy.CreateRequester);
        var mail = EmailChannelHost.Mail("Nora Newcomer <nora.newcomer@elsewhere.test>", "Badge does not open the door", "Building B.");

        await channel.SendAsync(mail);

        var stored = await channel.ProcessedAsync(mail);
        stored!.Outcome.Should().Be(InboundMailOutcome.Created);
        await using var scope = channel.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
        var nora = await users.FindByEmailAsync("nora.newcomer@elsewhere.test");
        nora.Should().NotBeNull();
        nora!.UserName.Should().Be("nora.newcomer");
        nora.DisplayName.Should().Be("Nora Newcomer");
        nora.PasswordHash.Should().BeNull("she signs in only once she is given a password");
        (await users.GetRolesAsync(nora)).Should().Equal(Roles.Requester);
        (await channel.QueryAsync(db => db.Set<Incident>().SingleAsync(i => i.Number == stored.RecordNumber, Ct))).Caller.Should().Be("nora.newcomer");
    }

    [Fact]
    public async Task Settings_that_cannot_work_stop_the_start_and_are_named()
    {
        await using var host = new WebHostFactory();
        host.Settings["EmailChannel:Enabled"] = "true";
        host.Settings["EmailChannel:Port"] = "70000";
        host.Settings["EmailChannel:Domain"] = "";
        host.Settings["EmailChannel:Address"] = "not an address";
        host.Settings["EmailChannel:MaxMailsPerSenderPerHour"] = "0";

        var start = () => host.StartServer();

        var failure = start.Should().Throw<Exception>().Which.ToString();
        failure.Should().Contain("EmailChannel:Port must be between 1 and 65535 (it is 70000).")
            .And.Contain("EmailChannel:Domain must be the domain mail is accepted for")
            .And.Contain("EmailChannel:Address must be the address people write to")
            .And.Contain("EmailChannel:MaxMailsPerSenderPerHour must be at least 1.");
    }

    [Fact]
    public async Task A_reply_address_outside_the_domain_is_named()
    {
        await using var host = new WebHostFactory();
        host.Settings["EmailChannel:Enabled"] = "true";
        host.Settings["EmailChannel:Domain"] = "itsm.example.test";
        host.Settings["EmailChannel:Address"] = "support@elsewhere.test";

        var start = () => host.StartServer();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("EmailChannel:Address must be in EmailChannel:Domain (itsm.example.test)");
    }

    [Fact]
    public async Task An_unknown_policy_name_is_named_with_its_key()
    {
        await using var host = new WebHostFactory();
        host.Settings["EmailChannel:UnknownSenders"] = "Bounce";

        var start = () => host.StartServer();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("EmailChannel:UnknownSenders");
    }
}
