using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Web.Notifications;

namespace WorkflowItsm.Web.Tests.Notifications;

/// <summary>What the bell shows (one row per record, newest first, links a person may open) and each person's choice per kind.</summary>
public sealed class NotificationBellTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync()
    {
        host.StartServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private async Task<string> PersonAsync(string userName, string role)
    {
        await host.CreateUserAsync(userName, "Bell-Person-Pass-1!", role);
        return userName;
    }

    private static NotificationRecord Note(string recipient, string title, string? link, DateTime at, bool read = false) => new()
    {
        Recipient = recipient, Kind = NotificationKinds.Escalation, Title = title, Body = title, Link = link, CreatedAt = at, ReadAt = read ? at : null,
    };

    [Fact]
    public async Task The_bell_groups_a_persons_notifications_per_record_newest_first_and_marks_a_row_read_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var agent = await PersonAsync("kim.agent", Roles.Agent);
        var at = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        // Written out of time order, as a job that ran late writes them.
        db.Notifications.AddRange(
            Note(agent, "Escalation on INC0000001 (first)", "/incidents/INC0000001", at),
            Note(agent, "SLA breached on INC0000002", "/incidents/INC0000002", at.AddHours(2)),
            Note(agent, "Escalation on INC0000001 (second)", "/incidents/INC0000001", at.AddHours(1), read: true),
            Note(agent, "A message about nothing in particular", null, at.AddHours(-1)));
        await db.SaveChangesAsync(ct);
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();

        var groups = await notifier.GroupedAsync(agent, ct);

        groups.Select(g => g.Latest.Title).Should().Equal(
            "SLA breached on INC0000002", "Escalation on INC0000001 (second)", "A message about nothing in particular");
        groups.Select(g => g.Record).Take(2).Should().Equal("INC0000002", "INC0000001");
        groups[1].Count.Should().Be(2);
        groups[1].Unread.Should().Be(1, "the first escalation is still unread");
        groups.Count(g => !g.IsRead).Should().Be(3);

        await notifier.MarkReadAsync(agent, groups[1].Ids, ct);
        (await notifier.GroupedAsync(agent, ct)).Count(g => !g.IsRead).Should().Be(2, "opening a row reads all its messages");
        await notifier.MarkReadAsync(agent, (long?)null, ct);
        (await notifier.GroupedAsync(agent, ct)).Should().OnlyContain(g => g.IsRead);
    }

    [Fact]
    public async Task A_requester_is_linked_to_her_request_in_the_portal_and_never_to_the_agents_pages()
    {
        var ct = TestContext.Current.CancellationToken;
        var requester = await PersonAsync("rose.requester", Roles.Requester);
        await using var scope = host.Services.CreateAsyncScope();
        var incident = await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(
            new NewIncident { ShortDescription = "Printer jams", Caller = requester, Impact = 3, Urgency = 3 }, requester, ct);
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        var now = DateTime.UtcNow;
        db.Notifications.AddRange(
            Note(requester, "About her own incident", $"/incidents/{incident.Number}", now),
            Note(requester, "About someone else's", "/incidents/INC0999999", now.AddMinutes(-1)),
            Note(requester, "Her request is done", "/portal/requests/some-request", now.AddMinutes(-2)));
        await db.SaveChangesAsync(ct);

        var groups = await scope.ServiceProvider.GetRequiredService<Notifier>().GroupedAsync(requester, ct);
        var links = groups.ToDictionary(g => g.Latest.Title, g => NotificationLinks.For(g, opensAgentsPages: false));

        links["About her own incident"].Should().Be($"/portal/requests/{incident.ProcessInstanceId}");
        links["About someone else's"].Should().BeNull("she cannot open it: it is shown as text");
        links["Her request is done"].Should().Be("/portal/requests/some-request");
        NotificationLinks.For(groups.Single(g => g.Latest.Title == "About someone else's"), opensAgentsPages: true).Should().Be("/incidents/INC0999999");
    }

    [Fact]
    public async Task Each_person_chooses_per_kind_in_the_app_by_email_both_or_not_at_all_and_the_notifier_honours_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var agent = await PersonAsync("lou.agent", Roles.Agent);
        var other = await PersonAsync("max.agent", Roles.Agent);
        await using var scope = host.Services.CreateAsyncScope();
        var preferences = scope.ServiceProvider.GetRequiredService<NotificationPreferences>();
        (await preferences.GetAsync(agent, ct)).Values.Should().OnlyContain(d => d == NotificationDelivery.InAppAndEmail, "a kind never chosen comes both ways");

        await preferences.SetAsync(agent, new Dictionary<string, NotificationDelivery>
        {
            [NotificationKinds.SlaWarning] = NotificationDelivery.Off,
            [NotificationKinds.Escalation] = NotificationDelivery.Email,
            [NotificationKinds.TaskAssigned] = NotificationDelivery.InApp,
        }, ct);
        await preferences.SetAsync(agent, [KeyValuePair.Create(NotificationKinds.TaskAssigned, NotificationDelivery.InApp)], ct);

        var mine = await preferences.GetAsync(agent, ct);
        mine[NotificationKinds.SlaWarning].Should().Be(NotificationDelivery.Off);
        mine[NotificationKinds.Escalation].Should().Be(NotificationDelivery.Email);
        mine[NotificationKinds.TaskAssigned].Should().Be(NotificationDelivery.InApp);
        mine[NotificationKinds.SlaBreached].Should().Be(NotificationDelivery.InAppAndEmail);
        (await preferences.WantsEmailAsync(agent, NotificationKinds.TaskAssigned, ct)).Should().BeFalse();

        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var values = new Dictionary<string, string?> { ["record"] = "INC0000007", ["task"] = "Resolve", ["by"] = "x" };
        foreach (var kind in new[] { NotificationKinds.SlaWarning, NotificationKinds.Escalation, NotificationKinds.TaskAssigned, NotificationKinds.SlaBreached })
        {
            await notifier.NotifyAsync(kind, [agent, other], values, "/incidents/INC0000007", ct);
        }

        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        (await db.Notifications.Where(n => n.Recipient == agent).Select(n => n.Kind).ToListAsync(ct))
            .Should().BeEquivalentTo([NotificationKinds.TaskAssigned, NotificationKinds.SlaBreached], "off and email-only kinds never reach the bell");
        (await db.Notifications.CountAsync(n => n.Recipient == other, ct)).Should().Be(4, "another person's choices are her own");

        var unknown = () => preferences.SetAsync(agent, [KeyValuePair.Create("no-such-kind", NotificationDelivery.Off)], ct);
        await unknown.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task The_api_gives_me_my_rows_with_only_links_I_may_open_and_keeps_my_choice_per_kind()
    {
        var ct = TestContext.Current.CancellationToken;
        var requester = await PersonAsync("ray.requester", Roles.Requester);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            db.Notifications.AddRange(
                Note(requester, "About someone else's incident", "/incidents/INC0999997", DateTime.UtcNow.AddMinutes(-5)),
                Note(requester, "Her request is done", "/portal/requests/r-1", DateTime.UtcNow));
            await db.SaveChangesAsync(ct);
        }

        using var client = await host.SignedInAsync(requester, "Bell-Person-Pass-1!");
        var rows = await client.GetFromJsonAsync<JsonElement>("/api/me/notifications", ct);
        rows.GetArrayLength().Should().Be(2);
        rows[0].GetProperty("title").GetString().Should().Be("Her request is done");
        rows[0].GetProperty("link").GetString().Should().Be("/portal/requests/r-1");
        rows[1].GetProperty("link").ValueKind.Should().Be(JsonValueKind.Null, "a requester cannot open the agents' incident page");

        (await client.PutAsJsonAsync("/api/me/notifications/preferences", new Dictionary<string, string> { [NotificationKinds.TaskAssigned] = "Email" }, ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        var choices = await client.GetFromJsonAsync<JsonElement>("/api/me/notifications/preferences", ct);
        var assigned = choices.EnumerateArray().Single(c => c.GetProperty("kind").GetString() == NotificationKinds.TaskAssigned);
        assigned.GetProperty("delivery").GetString().Should().Be("Email");
        assigned.GetProperty("deliveryLabel").GetString().Should().Be("By email only");
        (await client.PutAsJsonAsync("/api/me/notifications/preferences", new Dictionary<string, string> { ["no-such-kind"] = "Off" }, ct))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await client.PostAsync("/api/me/notifications/read", null, ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetFromJsonAsync<JsonElement>("/api/me/notifications", ct)).EnumerateArray().Should().OnlyContain(r => r.GetProperty("unread").GetInt32() == 0);
    }
}
