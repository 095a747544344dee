using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// Admins keep the categories and subcategories of incidents and problems: what they add is what the portal's form
/// and the records accept; a deactivated one is no longer offered or accepted, a used one cannot be removed.
/// </summary>
public sealed class CategoriesApiTests : IAsyncLifetime
{
    private const string Password = "Category-Admin-Pass-1!";
    private readonly WebHostFactory host = new();
    private HttpClient admin = null!;
    private HttpClient requester = null!;

    public async ValueTask InitializeAsync()
    {
        await host.CreateUserAsync("cat.admin", Password, Roles.Admin);
        await host.CreateUserAsync("cat.rita", Password, Roles.Requester);
        admin = await host.SignedInAsync("cat.admin", Password);
        requester = await host.SignedInAsync("cat.rita", Password);
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        requester.Dispose();
        await host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> CategoriesAsync(HttpClient client, bool all = false) =>
        await client.GetFromJsonAsync<JsonElement>(all ? "/api/categories?all=true" : "/api/categories", Ct);

    private async Task<Incident> NewIncidentAsync(string? category, string? subcategory = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IncidentService>()
            .CreateAsync(new NewIncident { ShortDescription = "Badge reader at the door is dead", Category = category, Subcategory = subcategory }, "cat.admin", Ct);
    }

    [Fact]
    public async Task The_seeded_categories_are_the_ones_the_incident_form_offered_with_their_subcategories()
    {
        var categories = await CategoriesAsync(requester);

        categories.EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("Hardware", "Software", "Network", "Access and accounts", "Other");
        categories[2].GetProperty("subcategories").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Should().Equal("VPN", "Wi-Fi", "Wired network");
    }

    [Fact]
    public async Task A_category_an_admin_adds_is_offered_by_the_portal_form_and_taken_by_incidents_and_its_subcategory_belongs_to_it()
    {
        using var added = await admin.PostAsJsonAsync("/api/categories", new { name = "Facilities and badges" }, Ct);
        added.StatusCode.Should().Be(HttpStatusCode.Created);
        var category = await added.Content.ReadFromJsonAsync<JsonElement>(Ct);
        category.GetProperty("code").GetString().Should().Be("facilities-and-badges", "a code is made from the name");
        using var sub = await admin.PostAsJsonAsync("/api/categories/facilities-and-badges/subcategories", new { name = "Badge reader" }, Ct);
        sub.StatusCode.Should().Be(HttpStatusCode.Created);

        // The portal's "report something broken" form offers it: its options are the categories admins keep, not the model's list.
        var catalog = await requester.GetFromJsonAsync<JsonElement>("/api/my-requests/catalog", Ct);
        var field = catalog.EnumerateArray().Single(p => p.GetProperty("key").GetString() == IncidentService.TriageProcess)
            .GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "category");
        field.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("name").GetString()).Should().Contain("Facilities and badges");
        using var reported = await requester.PostAsJsonAsync("/api/my-requests", new
        {
            processKey = IncidentService.TriageProcess,
            variables = new { shortDescription = "My badge does not open the door", category = "facilities-and-badges", impact = 3, urgency = 3 },
        }, Ct);
        reported.StatusCode.Should().Be(HttpStatusCode.Created, await reported.Content.ReadAsStringAsync(Ct));

        var incident = await NewIncidentAsync("facilities-and-badges", "badge-reader");
        incident.Category.Should().Be("facilities-and-badges");
        incident.Subcategory.Should().Be("badge-reader");

        var wrongParent = async () => await NewIncidentAsync("network", "badge-reader");
        (await wrongParent.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("subcategory");
    }

    [Fact]
    public async Task An_unknown_category_is_a_400_naming_the_field_and_a_new_category_changes_nothing_else()
    {
        using var refused = await admin.PostAsJsonAsync("/api/incidents", new { shortDescription = "Printer jams", category = "printers-and-such" }, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("category");
        errors.GetProperty("category")[0].GetString().Should().Contain("printers-and-such");

        using var noName = await admin.PostAsJsonAsync("/api/categories", new { name = " " }, Ct);
        noName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noName.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("name");
        using var twice = await admin.PostAsJsonAsync("/api/categories", new { name = "hardware" }, Ct);
        twice.StatusCode.Should().Be(HttpStatusCode.BadRequest, "names are unique among siblings, whatever their case");
        using var badCode = await admin.PostAsJsonAsync("/api/categories", new { name = "Desk phones", code = "Desk Phones!" }, Ct);
        (await badCode.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("code");
        (await CategoriesAsync(admin, all: true)).GetArrayLength().Should().Be(5, "nothing refused was stored");
    }

    [Fact]
    public async Task A_deactivated_category_is_no_longer_offered_or_taken_but_records_keep_it_and_a_used_one_cannot_be_removed()
    {
        using var added = await admin.PostAsJsonAsync("/api/categories", new { name = "Telephony" }, Ct);
        var used = await NewIncidentAsync("telephony");

        using var deactivated = await admin.PutAsJsonAsync("/api/categories/telephony", new { name = "Telephony (old)", active = false }, Ct);
        deactivated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await CategoriesAsync(requester)).EnumerateArray().Select(c => c.GetProperty("code").GetString()).Should().NotContain("telephony");
        (await CategoriesAsync(requester, all: true)).EnumerateArray().Select(c => c.GetProperty("code").GetString()).Should().NotContain("telephony", "only admins see inactive ones");
        (await CategoriesAsync(admin, all: true)).EnumerateArray().Single(c => c.GetProperty("code").GetString() == "telephony")
            .GetProperty("name").GetString().Should().Be("Telephony (old)");
        var refused = async () => await NewIncidentAsync("telephony");
        await refused.Should().ThrowAsync<RecordValidationException>();

        using var removeUsed = await admin.DeleteAsync(new Uri("/api/categories/telephony", UriKind.Relative), Ct);
        removeUsed.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await removeUsed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString().Should().Contain("deactivate it instead");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<IncidentQueries>().GetAsync(used.Number, withWorkNotes: false, Ct))!.Incident.Category.Should().Be("telephony");
        }

        using var unused = await admin.PostAsJsonAsync("/api/categories", new { name = "Never used" }, Ct);
        using var subOfUnused = await admin.PostAsJsonAsync("/api/categories/never-used/subcategories", new { name = "Neither" }, Ct);
        using var removed = await admin.DeleteAsync(new Uri("/api/categories/never-used", UriKind.Relative), Ct);
        removed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await CategoriesAsync(admin, all: true)).EnumerateArray().Select(c => c.GetProperty("code").GetString()).Should().NotContain("never-used");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<RecordCategories>().ListAsync(activeOnly: false, Ct)).SelectMany(c => c.Subcategories)
                .Select(s => s.Code).Should().NotContain("neither", "a category's subcategories go with it");
        }
    }

    [Fact]
    public async Task A_changed_category_drops_a_subcategory_of_the_old_one()
    {
        var incident = await NewIncidentAsync("network", "wifi");

        using var changed = await admin.PatchAsJsonAsync($"/api/incidents/{incident.Number}", new { category = "hardware" }, Ct);

        changed.StatusCode.Should().Be(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Ct));
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        view.GetProperty("category").GetString().Should().Be("hardware");
        view.GetProperty("subcategory").ValueKind.Should().Be(JsonValueKind.Null, "Wi-Fi is not a kind of hardware");
    }
}
