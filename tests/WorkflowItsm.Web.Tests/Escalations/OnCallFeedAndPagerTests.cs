using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Integrations;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Web.Tests.Integrations;

namespace WorkflowItsm.Web.Tests.Escalations;

/// <summary>
/// Secret feed addresses a calendar app subscribes to without signing in (each person's own, reset and stopped by
/// her), and the pager hook: a page to a person is also posted, signed, to her gateway through the webhooks.
/// </summary>
public sealed class OnCallFeedAndPagerTests(OnCallFeedAndPagerTests.Setup shared) : IClassFixture<OnCallFeedAndPagerTests.Setup>
{
    private const string Password = "Feeds-Pass-1!";
    private const string Group = "service-desk-l2";

    public sealed class Setup : SharedHost
    {
        public HttpClient Pia { get; private set; } = null!;
        public HttpClient Paul { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("pia", Password, Roles.Agent, Group);
            await CreatePersonAsync("paul", Password, Roles.Agent, Group);
            Pia = await SignInAsync("pia", Password);
            Paul = await SignInAsync("paul", Password);
            Admin = await SignInAsync();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static async Task<string> NewAddressAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var url = (await ReadAsync(response)).GetProperty("url").GetString()!;
        url.Should().Contain("/api/escalations/feeds/").And.EndWith("/calendar.ics");
        return new Uri(url).PathAndQuery;
    }

    /// <summary>Without any cookie: as a calendar app calls.</summary>
    private async Task<HttpResponseMessage> AnonymousAsync(string path)
    {
        using var anonymous = shared.Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        return await anonymous.GetAsync(path, Ct);
    }

    [Fact]
    public async Task A_persons_feed_address_answers_without_a_cookie_until_it_is_reset_and_a_malformed_address_is_a_404()
    {
        using (var before = await shared.Pia.GetAsync("/api/escalations/feeds/me", Ct))
        {
            (await ReadAsync(before)).GetProperty("hasAddress").GetBoolean().Should().BeFalse();
        }

        var first = await NewAddressAsync(shared.Pia, "/api/escalations/feeds/me");
        using (var feed = await AnonymousAsync(first))
        {
            feed.StatusCode.Should().Be(HttpStatusCode.OK);
            feed.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
            (await feed.Content.ReadAsStringAsync(Ct)).Should().Contain("X-WR-CALNAME:On call: pia");
        }

        using (var signedInNeeded = await AnonymousAsync("/api/escalations/people/pia/calendar.ics"))
        {
            signedInNeeded.StatusCode.Should().NotBe(HttpStatusCode.OK, "the signed-in feed still needs a session");
        }

        var second = await NewAddressAsync(shared.Pia, "/api/escalations/feeds/me");
        second.Should().NotBe(first);
        using (var old = await AnonymousAsync(first))
        {
            old.StatusCode.Should().Be(HttpStatusCode.NotFound, "a reset address stops at once");
        }

        using (var current = await AnonymousAsync(second))
        {
            current.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        foreach (var malformed in new[] { "x", "..%2F..%2Fadmin", new string('A', 5000), "%F0%9F%92%A5", "a b" })
        {
            using var refused = await AnonymousAsync($"/api/escalations/feeds/{malformed}/calendar.ics");
            refused.StatusCode.Should().Be(HttpStatusCode.NotFound, $"'{malformed[..Math.Min(20, malformed.Length)]}' is no address");
        }

        using (var stop = await shared.Pia.DeleteAsync("/api/escalations/feeds/me", Ct))
        {
            stop.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using (var stopped = await AnonymousAsync(second))
        {
            stopped.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        await using var scope = shared.Host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<WorkflowItsm.Itsm.Escalations.OnCallFeedToken>().AsNoTracking().ToListAsync(Ct);
        stored.Should().NotContain(t => t.TokenHash == first.Split('/')[4] || t.TokenHash == second.Split('/')[4], "only a token's hash is stored");
    }

    [Fact]
    public async Task Each_person_has_her_own_address_of_a_schedules_feed_and_resetting_hers_leaves_the_others()
    {
        using var created = await shared.Admin.PostAsJsonAsync("/api/escalations/schedules", new
        {
            groupKey = Group, name = "Feed desk", timeZone = "Europe/Berlin",
            layers = new[] { new { layer = "Primary", rotation = "Daily", handoffTime = "09:00:00", startDate = "2026-01-01", members = new[] { "pia", "paul" } } },
        }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await ReadAsync(created)).GetProperty("id").GetInt32();

        var pias = await NewAddressAsync(shared.Pia, $"/api/escalations/feeds/schedules/{id}");
        var pauls = await NewAddressAsync(shared.Paul, $"/api/escalations/feeds/schedules/{id}");
        var piasNew = await NewAddressAsync(shared.Pia, $"/api/escalations/feeds/schedules/{id}");

        using (var feed = await AnonymousAsync(pauls))
        {
            feed.StatusCode.Should().Be(HttpStatusCode.OK, "Pia's reset does not stop Paul's address");
            var ics = await feed.Content.ReadAsStringAsync(Ct);
            ics.Should().Contain("X-WR-CALNAME:On call: Feed desk").And.Contain("on call (primary)");
        }

        using (var old = await AnonymousAsync(pias))
        {
            old.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using (var current = await AnonymousAsync(piasNew))
        {
            current.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var unknown = await shared.Pia.PostAsync("/api/escalations/feeds/schedules/999999", null, Ct);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_page_to_a_person_with_a_pager_hook_is_also_posted_there_signed()
    {
        using var receiver = new WebhooksTests.Receiver();
        using var bad = await shared.Pia.PutAsJsonAsync("/api/escalations/pager", new { url = "ftp://example.com/x" }, Ct);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(bad)).GetProperty("errors").TryGetProperty("url", out _).Should().BeTrue();

        using var saved = await shared.Pia.PutAsJsonAsync("/api/escalations/pager", new { url = receiver.Url("pager-pia").ToString() }, Ct);
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));
        var secret = (await ReadAsync(saved)).GetProperty("secret").GetString()!;
        secret.Should().StartWith("whsec_");
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            // The SSRF guard refuses the loopback receiver unless allowed, as an admin allows it for a shared subscription.
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            var hook = await db.Set<WebhookSubscription>().SingleAsync(s => s.Recipient == "pia", Ct);
            hook.AllowPrivateAddresses = true;
            await db.SaveChangesAsync(Ct);
        }

        // Paul has a hook too: he is not paged, so his gateway hears nothing.
        using (var pauls = await shared.Paul.PutAsJsonAsync("/api/escalations/pager", new { url = receiver.Url("pager-paul").ToString() }, Ct))
        {
            pauls.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var policy = await shared.Admin.PostAsJsonAsync("/api/escalations/policies", new
        {
            name = "Pager test", priority = 1, onNewIncident = true,
            levels = new[] { new { timeoutMinutes = 30, targets = new[] { new { kind = "Person", userName = "pia" } } } },
        }, Ct);
        policy.StatusCode.Should().Be(HttpStatusCode.Created, await policy.Content.ReadAsStringAsync(Ct));
        using var incident = await shared.Admin.PostAsJsonAsync("/api/incidents", new { shortDescription = "Pager test outage", impact = 1, urgency = 1 }, Ct);
        incident.StatusCode.Should().Be(HttpStatusCode.Created, await incident.Content.ReadAsStringAsync(Ct));
        var number = (await ReadAsync(incident)).GetProperty("number").GetString()!;

        for (var waited = 0; waited < 150 && receiver.To("pager-pia", number).Count == 0; waited++)
        {
            await Task.Delay(200, Ct);
        }

        var call = receiver.To("pager-pia", number).Should().ContainSingle().Subject;
        call.Event.Should().Be(WebhookEventTypes.EscalationPaged);
        WebhookSigning.Verify(secret, call.Timestamp, call.Signature, call.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)).Should().BeTrue();
        var body = JsonDocument.Parse(call.Body).RootElement.GetProperty("data");
        body.GetProperty("person").GetString().Should().Be("pia");
        body.GetProperty("level").GetInt32().Should().Be(1);
        receiver.To("pager-paul", number).Should().BeEmpty("only the person paged hears it");

        List<WebhookDelivery> deliveries = [];
        for (var waited = 0; waited < 50 && !deliveries.Any(d => d.Status == WebhookDeliveryStatus.Delivered); waited++)
        {
            await Task.Delay(200, Ct);
            await using var check = shared.Host.Services.CreateAsyncScope();
            deliveries = await check.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<WebhookDelivery>().AsNoTracking()
                .Where(d => d.EventType == WebhookEventTypes.EscalationPaged).ToListAsync(Ct);
        }

        deliveries.Should().ContainSingle().Which.Status.Should().Be(WebhookDeliveryStatus.Delivered, "the delivery log has it");
    }
}
