using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Integrations;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Integrations;

/// <summary>
/// Outbound webhooks (issue 23) against a receiver on loopback in the test: delivered once per event, signed so that
/// the receiver can verify it and refuse a replay, retried after a 500, a subscription disabled after its failures in
/// a row (and the admins told), a private address refused unless allowed, a URL that is not http(s) a 400.
/// The host retries after 1 s here (the product waits 30 s, doubling).
/// </summary>
public sealed class WebhooksTests(WebhooksTests.Setup shared) : IClassFixture<WebhooksTests.Setup>
{
    public sealed class Setup : IAsyncLifetime
    {
        public WebHostFactory Host { get; } = new();
        public Receiver Receiver { get; } = new();
        public HttpClient Admin { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Host.Settings["Webhooks:RetryDelay"] = "00:00:01";
            Host.Settings["Webhooks:MaxAttempts"] = "2";
            Host.Settings["Webhooks:MaxConsecutiveFailures"] = "3";
            Admin = await Host.SignedInAsync();
        }

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            Receiver.Dispose();
            await Host.DisposeAsync();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>A webhook receiver on loopback: records every call; a path answers as its rule says.</summary>
    public sealed class Receiver : IDisposable
    {
        private readonly HttpListener listener = new();

        public Receiver()
        {
            Port = TestEnvironment.FreeLoopbackPort();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public int Port { get; }

        public ConcurrentQueue<Call> Calls { get; } = new();

        public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

        public IReadOnlyList<Call> To(string path, string about) => [.. Calls.Where(c => c.Path == "/" + path && c.Body.Contains(about, StringComparison.Ordinal))];

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => AnswerAsync(context)); // each call on its own, so that "/pair" can hold one
            }
        }

        private async Task AnswerAsync(HttpListenerContext context)
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var call = new Call(context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync(), context.Request.Headers[WebhookSigning.TimestampHeader],
                context.Request.Headers[WebhookSigning.SignatureHeader], context.Request.Headers[WebhookSigning.DeliveryHeader], context.Request.Headers[WebhookSigning.EventHeader]);
            var earlier = Calls.Count(c => c.Delivery == call.Delivery && c.Path == call.Path);
            Calls.Enqueue(call);
            if (call.Path == "/pair")
            {
                // Both calls are in flight before either is answered: the two deliveries fail at the same time.
                for (var waited = 0; waited < 100 && Calls.Count(c => c.Path == "/pair") < 2; waited++)
                {
                    await Task.Delay(100);
                }
            }

            context.Response.StatusCode = call.Path switch
            {
                "/down" or "/pair" => 500,
                "/flaky" when earlier == 0 => 500,
                _ => 204,
            };
            context.Response.Close();
        }

        public void Dispose() => listener.Close();
    }

    public sealed record Call(string Path, string Body, string? Timestamp, string? Signature, string? Delivery, string? Event);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> SubscribeAsync(string name, string path, bool allowPrivate, string[]? events = null)
    {
        using var response = await shared.Admin.PostAsJsonAsync("/api/webhooks",
            new { name, url = shared.Receiver.Url(path), events = events ?? [WebhookEventTypes.RecordCreated], filter = "INC", allowPrivateAddresses = allowPrivate }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secret").GetString()!;
    }

    private async Task<string> RaiseIncidentAsync(string text)
    {
        using var response = await shared.Admin.PostAsJsonAsync("/api/incidents", new { shortDescription = text, impact = 2, urgency = 2, category = "network" }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString()!;
    }

    /// <summary>Polls (the delivery is a background job) until the condition holds, for at most 30 s.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(200))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        throw new Xunit.Sdk.XunitException($"Not within 30 s: {what}");
    }

    /// <summary>The subscription's deliveries of the events about one record.</summary>
    private async Task<List<WebhookDelivery>> DeliveriesAsync(string subscription, string number)
    {
        await using var scope = shared.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        return await (from d in db.Set<WebhookDelivery>()
                      join s in db.Set<WebhookSubscription>() on d.SubscriptionId equals s.Id
                      join e in db.Set<WebhookEvent>() on d.EventId equals e.Id
                      where s.Name == subscription && e.Subject == number
                      select d).AsNoTracking().ToListAsync(Ct);
    }

    /// <summary>
    /// The save interceptors that capture webhook events take the scope's services from the context, not from its
    /// options, so the host builds the options once for every scope (the events of the tests below still go out).
    /// </summary>
    [Fact]
    public async Task The_database_options_are_built_once_for_every_scope_and_each_scope_has_its_own_context()
    {
        await using var first = shared.Host.Services.CreateAsyncScope();
        await using var second = shared.Host.Services.CreateAsyncScope();

        first.ServiceProvider.GetRequiredService<DbContextOptions<ItsmDbContext>>()
            .Should().BeSameAs(second.ServiceProvider.GetRequiredService<DbContextOptions<ItsmDbContext>>());
        first.ServiceProvider.GetRequiredService<ItsmDbContext>().Should().NotBeSameAs(second.ServiceProvider.GetRequiredService<ItsmDbContext>());
    }

    [Fact]
    public async Task An_event_is_delivered_once_signed_so_that_the_receiver_verifies_it_and_can_refuse_a_replay()
    {
        var secret = await SubscribeAsync("once", "once", allowPrivate: true);
        var number = await RaiseIncidentAsync("Webhook once");

        await EventuallyAsync(() => Task.FromResult(shared.Receiver.To("once", number).Count > 0), $"{number} delivered");
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            // A second sweep (as the minute's job does) makes no second delivery.
            await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().SweepAsync(Ct);
        }

        await EventuallyAsync(async () => (await DeliveriesAsync("once", number)).Any(d => d.Status == WebhookDeliveryStatus.Delivered), "the delivery logged");
        var call = shared.Receiver.To("once", number).Should().ContainSingle().Subject;
        call.Event.Should().Be(WebhookEventTypes.RecordCreated);
        JsonDocument.Parse(call.Body).RootElement.GetProperty("data").GetProperty("number").GetString().Should().Be(number);
        var now = DateTimeOffset.UtcNow;
        WebhookSigning.Verify(secret, call.Timestamp, call.Signature, call.Body, now, TimeSpan.FromMinutes(5)).Should().BeTrue();
        WebhookSigning.Verify(secret, call.Timestamp, call.Signature, call.Body, now.AddMinutes(10), TimeSpan.FromMinutes(5)).Should().BeFalse("a replay ten minutes later carries an old timestamp");
        WebhookSigning.Verify(secret, (long.Parse(call.Timestamp!, System.Globalization.CultureInfo.InvariantCulture) + 600).ToString(System.Globalization.CultureInfo.InvariantCulture),
            call.Signature, call.Body, now.AddMinutes(10), TimeSpan.FromMinutes(5)).Should().BeFalse("a new timestamp breaks the signature");
        WebhookSigning.Verify(secret, call.Timestamp, call.Signature, call.Body.Replace(number, "INC9999999", StringComparison.Ordinal), now, TimeSpan.FromMinutes(5)).Should().BeFalse();
        var logged = (await DeliveriesAsync("once", number)).Should().ContainSingle().Subject;
        logged.ResponseStatus.Should().Be(204);
        logged.ResponseTimeMs.Should().NotBeNull();
    }

    [Fact]
    public async Task A_delivery_answered_with_500_is_retried_and_then_delivered()
    {
        await SubscribeAsync("flaky", "flaky", allowPrivate: true);
        var number = await RaiseIncidentAsync("Webhook flaky");

        await EventuallyAsync(async () => (await DeliveriesAsync("flaky", number)).Any(d => d.Status == WebhookDeliveryStatus.Delivered), "delivered on the retry");

        shared.Receiver.To("flaky", number).Should().HaveCount(2);
        (await DeliveriesAsync("flaky", number)).Should().ContainSingle(d => d.Status == WebhookDeliveryStatus.Delivered).Which.Attempts.Should().Be(2);
    }

    [Fact]
    public async Task A_subscription_failing_again_and_again_is_disabled_and_the_admins_are_told()
    {
        await SubscribeAsync("down", "down", allowPrivate: true);
        await RaiseIncidentAsync("Webhook down 1");
        await RaiseIncidentAsync("Webhook down 2");

        await EventuallyAsync(async () => (await shared.Admin.GetFromJsonAsync<JsonElement>("/api/webhooks", Ct)).EnumerateArray()
            .Any(w => w.GetProperty("name").GetString() == "down" && !w.GetProperty("isActive").GetBoolean()), "disabled");

        var down = (await shared.Admin.GetFromJsonAsync<JsonElement>("/api/webhooks", Ct)).EnumerateArray().Single(w => w.GetProperty("name").GetString() == "down");
        down.GetProperty("disabledReason").GetString().Should().Contain("3 failed deliveries in a row").And.Contain("500");
        await using var scope = shared.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        (await db.Notifications.AnyAsync(n => n.Recipient == "admin" && n.Title.Contains("webhook \"down\""), Ct)).Should().BeTrue();
        var calls = shared.Receiver.Calls.Count(c => c.Path == "/down");
        await RaiseIncidentAsync("Webhook down 3");
        await using (var sweep = shared.Host.Services.CreateAsyncScope())
        {
            await sweep.ServiceProvider.GetRequiredService<WebhookDispatcher>().SweepAsync(Ct);
        }

        shared.Receiver.Calls.Count(c => c.Path == "/down").Should().Be(calls, "a disabled subscription is not called");
    }

    [Fact]
    public async Task Two_deliveries_failing_at_the_same_time_both_count_towards_disabling()
    {
        // Each delivery is on its last attempt, so neither plans a retry; the receiver answers both only when both
        // are in flight, so both jobs read the subscription before either fails.
        var ids = new List<long>();
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            var subscription = new WebhookSubscription
            {
                Name = "pair", Url = shared.Receiver.Url("pair").ToString(), Secret = "pair-secret", Events = "test.pair", AllowPrivateAddresses = true,
                CreatedBy = "admin", CreatedAt = DateTime.UtcNow,
            };
            db.Add(subscription);
            await db.SaveChangesAsync(Ct);
            foreach (var n in new[] { 1, 2 })
            {
                var @event = new WebhookEvent { EventId = Guid.NewGuid(), Type = "test.pair", Subject = $"PAIR{n}", Payload = "{}", At = DateTime.UtcNow, DispatchedAt = DateTime.UtcNow };
                db.Add(@event);
                await db.SaveChangesAsync(Ct);
                var delivery = new WebhookDelivery { SubscriptionId = subscription.Id, EventId = @event.Id, EventType = "test.pair", Status = WebhookDeliveryStatus.Retrying, Attempts = 1, CreatedAt = DateTime.UtcNow };
                db.Add(delivery);
                await db.SaveChangesAsync(Ct);
                ids.Add(delivery.Id);
            }
        }

        await Task.WhenAll(ids.Select(async id =>
        {
            await using var scope = shared.Host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().DeliverAsync(id, Ct);
        }));

        await using var check = shared.Host.Services.CreateAsyncScope();
        var failures = await check.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<WebhookSubscription>()
            .Where(s => s.Name == "pair").Select(s => s.ConsecutiveFailures).SingleAsync(Ct);
        failures.Should().Be(2, "neither failure may be lost");
    }

    [Fact]
    public async Task A_private_address_is_refused_unless_the_subscription_allows_it()
    {
        await SubscribeAsync("private", "private", allowPrivate: false);
        var number = await RaiseIncidentAsync("Webhook private");

        await EventuallyAsync(async () => (await DeliveriesAsync("private", number)).Any(d => d.Attempts > 0), "attempted");

        var delivery = (await DeliveriesAsync("private", number)).Should().ContainSingle().Subject;
        delivery.Error.Should().Contain("127.0.0.1").And.Contain("private");
        delivery.ResponseStatus.Should().BeNull();
        shared.Receiver.To("private", number).Should().BeEmpty();
    }

    [Theory]
    [InlineData("ftp://example.org/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    [InlineData("https://user:secret@example.org/hook")]
    public async Task A_url_that_is_not_plain_http_or_https_is_a_400_naming_it(string url)
    {
        using var response = await shared.Admin.PostAsJsonAsync("/api/webhooks", new { name = "bad", url, events = new[] { WebhookEventTypes.RecordCreated } }, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("url");
    }

    [Fact]
    public void Private_and_public_addresses_are_told_apart()
    {
        foreach (var address in new[] { "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "0.0.0.0" })
        {
            WebhookAddresses.IsPrivate(IPAddress.Parse(address)).Should().BeTrue(address);
        }

        foreach (var address in new[] { "93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946", "172.32.0.1" })
        {
            WebhookAddresses.IsPrivate(IPAddress.Parse(address)).Should().BeFalse(address);
        }
    }
}
