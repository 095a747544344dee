using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// Incidents and problems name their service and CI by CI number (issue 17): the CI lookup filters by class and
/// text, a number no CI has or a service that is no business service is a 400 naming the field, views carry the
/// names, SLA definitions match on the service CI, and an incident on the CI of an open major incident is offered
/// to join it.
/// </summary>
public sealed class CiReferenceApiTests(CiReferenceApiTests.Setup shared) : IClassFixture<CiReferenceApiTests.Setup>
{
    private const string Password = "Ci-Reference-Pass-1!";

    private HttpClient agent => shared.Agent;

    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;
        public HttpClient Rita { get; private set; } = null!;
        public string WiFi { get; private set; } = "";
        public string WiFiController { get; private set; } = "";
        public string MailServer { get; private set; } = "";
        public string Email { get; private set; } = "";

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("ref.agent", Password, Roles.Agent, "service-desk");
            await CreatePersonAsync("rita", Password, Roles.Requester);
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                var cis = scope.ServiceProvider.GetRequiredService<CiService>();
                async Task<string> Ci(string name, string classKey) =>
                    (await cis.CreateAsync(new NewConfigurationItem { Name = name, Class = classKey, State = CiState.Operational }, "system", CancellationToken.None)).Number;
                WiFi = await Ci("Wi-Fi", CmdbSeed.BusinessService);
                WiFiController = await Ci("wifi-controller-1", CmdbSeed.NetworkDevice);
                Email = await Ci("Email", CmdbSeed.BusinessService);
                MailServer = await Ci("mail-srv-01", CmdbSeed.Server);
            }

            Agent = await SignInAsync("ref.agent", Password);
            Admin = await SignInAsync();
            Rita = await SignInAsync("rita", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private async Task<JsonElement> CreateIncidentAsync(object request)
    {
        using var created = await agent.PostAsJsonAsync("/api/incidents", request, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return await ReadAsync(created);
    }

    private static string[] Numbers(JsonElement options) => [.. options.EnumerateArray().Select(o => o.GetProperty("number").GetString()!)];

    [Fact]
    public async Task The_CI_lookup_filters_by_class_and_text_and_only_staff_may_use_it()
    {
        var anyClass = await agent.GetFromJsonAsync<JsonElement>("/api/lookups/cis?q=WI", Ct);
        var services = await agent.GetFromJsonAsync<JsonElement>("/api/lookups/cis?q=wi&class=business-service", Ct);
        var byNumber = await agent.GetFromJsonAsync<JsonElement>($"/api/lookups/cis?q={shared.MailServer.ToLowerInvariant()}", Ct);
        using var unknownClass = await agent.GetAsync("/api/lookups/cis?class=spaceship", Ct);
        using var requester = await shared.Rita.GetAsync("/api/lookups/cis?q=wi", Ct);

        Numbers(anyClass).Should().BeEquivalentTo([shared.WiFi, shared.WiFiController]);
        Numbers(services).Should().Equal(shared.WiFi);
        services[0].GetProperty("name").GetString().Should().Be("Wi-Fi");
        services[0].GetProperty("className").GetString().Should().Be("Business service");
        Numbers(byNumber).Should().Equal(shared.MailServer);
        unknownClass.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(unknownClass)).GetProperty("errors").GetProperty("class")[0].GetString().Should().Contain("spaceship");
        requester.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_incident_names_its_service_and_CI_by_number_and_its_views_carry_their_names()
    {
        var created = await CreateIncidentAsync(new { shortDescription = "Mail bounces", caller = "rita", service = shared.Email.ToLowerInvariant(), configurationItem = shared.MailServer });
        var number = created.GetProperty("number").GetString()!;
        var details = await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}", Ct);

        foreach (var view in new[] { created, details.GetProperty("incident") })
        {
            view.GetProperty("service").GetString().Should().Be(shared.Email);
            view.GetProperty("serviceName").GetString().Should().Be("Email");
            view.GetProperty("configurationItem").GetString().Should().Be(shared.MailServer);
            view.GetProperty("configurationItemName").GetString().Should().Be("mail-srv-01");
        }
    }

    [Fact]
    public async Task A_CI_number_no_CI_has_is_a_400_naming_configurationItem_and_nothing_is_written()
    {
        using var refused = await agent.PostAsJsonAsync("/api/incidents", new { shortDescription = "Ghost box", caller = "rita", configurationItem = "CI9999999" }, Ct);
        using var freeText = await agent.PostAsJsonAsync("/api/problems", new { shortDescription = "Ghost box again", configurationItem = "the old printer" }, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ReadAsync(refused)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("configurationItem");
        errors.GetProperty("configurationItem")[0].GetString().Should().Contain("CI9999999");
        freeText.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(freeText)).GetProperty("errors").GetProperty("configurationItem")[0].GetString().Should().Contain("the old printer");
        await using var scope = shared.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Incidents.Any(i => i.ShortDescription == "Ghost box").Should().BeFalse();
    }

    [Fact]
    public async Task A_CI_that_is_no_business_service_in_service_is_a_400_naming_service_on_create_and_on_change()
    {
        using var refused = await agent.PostAsJsonAsync("/api/incidents", new { shortDescription = "Wi-Fi down", caller = "rita", service = shared.WiFiController }, Ct);
        var incident = await CreateIncidentAsync(new { shortDescription = "Wi-Fi slow", caller = "rita", service = shared.WiFi });
        using var changed = await agent.PatchAsJsonAsync($"/api/incidents/{incident.GetProperty("number").GetString()}",
            new { service = shared.MailServer, revision = incident.GetProperty("revision").GetInt32() }, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ReadAsync(refused)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("service");
        errors.GetProperty("service")[0].GetString().Should().Be($"{shared.WiFiController} is a network device, not a business service.");
        changed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(changed)).GetProperty("errors").GetProperty("service")[0].GetString().Should().Contain("not a business service");
    }

    [Fact]
    public async Task An_SLA_definition_matches_incidents_on_its_service_CI_and_refuses_a_service_that_is_no_business_service()
    {
        using var refused = await shared.Admin.PostAsJsonAsync("/api/sla-definitions",
            new { name = "Wi-Fi controller fixed in 2 hours", kind = "Resolution", targetSeconds = 7200, calendarKey = "24x7", service = shared.WiFiController, order = 1 }, Ct);
        using var created = await shared.Admin.PostAsJsonAsync("/api/sla-definitions",
            new { name = "Wi-Fi fixed in 2 hours", kind = "Resolution", targetSeconds = 7200, calendarKey = "24x7", service = shared.WiFi.ToLowerInvariant(), order = 1 }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var onWiFi = (await CreateIncidentAsync(new { shortDescription = "No Wi-Fi in room 4", caller = "rita", service = shared.WiFi })).GetProperty("number").GetString();
        var onEmail = (await CreateIncidentAsync(new { shortDescription = "No mail in room 4", caller = "rita", service = shared.Email })).GetProperty("number").GetString();

        async Task<string?[]> ResolutionClocksAsync(string? number) =>
            [.. (await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}/sla", Ct)).EnumerateArray()
                .Where(c => c.GetProperty("kind").GetString() == "Resolution").Select(c => c.GetProperty("name").GetString())];

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(refused)).GetProperty("errors").GetProperty("service")[0].GetString().Should().Be($"Service: {shared.WiFiController} is a network device, not a business service.");
        (await ReadAsync(created)).GetProperty("service").GetString().Should().Be(shared.WiFi);
        (await ResolutionClocksAsync(onWiFi)).Should().Equal("Wi-Fi fixed in 2 hours");
        (await ResolutionClocksAsync(onEmail)).Should().NotContain("Wi-Fi fixed in 2 hours");
    }

    [Fact]
    public async Task An_incident_on_the_CI_of_an_open_major_incident_is_offered_to_link_to_it_and_one_click_links_it_audited()
    {
        var major = await CreateIncidentAsync(new { shortDescription = "Mail server down for everyone", caller = "rita", configurationItem = shared.MailServer, isMajor = true });
        var majorNumber = major.GetProperty("number").GetString()!;
        var mine = (await CreateIncidentAsync(new { shortDescription = "My mail does not arrive", caller = "rita", configurationItem = shared.MailServer })).GetProperty("number").GetString()!;
        var elsewhere = (await CreateIncidentAsync(new { shortDescription = "Wi-Fi slow on floor 3", caller = "rita", service = shared.WiFi })).GetProperty("number").GetString()!;

        await using var scope = shared.Host.Services.CreateAsyncScope();
        var offers = scope.ServiceProvider.GetRequiredService<MajorIncidentOffers>();
        var offer = await offers.ForAsync(mine, Ct);
        var none = await offers.ForAsync(elsewhere, Ct);
        var toItself = await offers.ForAsync(majorNumber, Ct);
        await offers.LinkAsync(mine, majorNumber, "ref.agent", Ct);
        var afterLink = await offers.ForAsync(mine, Ct);
        var linkElsewhere = () => offers.LinkAsync(elsewhere, majorNumber, "ref.agent", Ct);

        offer.Should().BeEquivalentTo(new MajorIncidentOffer(majorNumber, "Mail server down for everyone", "Same configuration item"));
        none.Should().BeNull();
        toItself.Should().BeNull("a major incident is not offered to itself");
        afterLink.Should().BeNull("it has its parent now");
        await linkElsewhere.Should().ThrowAsync<WorkflowItsm.Itsm.Records.RecordValidationException>();
        var details = await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{mine}", Ct);
        details.GetProperty("incident").GetProperty("parent").GetString().Should().Be(majorNumber);
        details.GetProperty("history").EnumerateArray().Should().Contain(h => h.GetProperty("field").GetString() == "parentId" && h.GetProperty("changedBy").GetString() == "ref.agent");
    }
}
