using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Software;

/// <summary>
/// Software through the API: importing installations (JSON and CSV) twice adds nothing the second time, a bad batch
/// is 400 naming the item and field and writes nothing, compliance is computed again after every import, licences
/// ending soon are listed.
/// </summary>
public sealed class SoftwareApiTests(SoftwareApiTests.Setup shared) : IClassFixture<SoftwareApiTests.Setup>
{
    private const string Password = "Software-Pass-1!";

    private HttpClient agent => shared.Agent;

    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("asset.agent", Password, Roles.Agent);
            Agent = await SignInAsync("asset.agent", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Item(string device, string product, string version, string? serial = null) =>
        new { device, serial, publisher = "Fabrikam", product, version, cores = 8, cpus = 1, user = "asset.agent" };

    private async Task<JsonElement> ImportAsync(params object[] items)
    {
        using var response = await agent.PostAsJsonAsync("/api/software/installations/import", new { items }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<long> ProductIdAsync(string name)
    {
        var page = await agent.GetFromJsonAsync<JsonElement>($"/api/software/products?q={Uri.EscapeDataString(name)}", Ct);
        return page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("id").GetInt64();
    }

    private async Task<int> InstallationCountAsync(long product) =>
        (await agent.GetFromJsonAsync<JsonElement>($"/api/software/installations?product={product}", Ct)).GetProperty("total").GetInt32();

    [Fact]
    public async Task Importing_the_same_installations_twice_makes_no_duplicates_and_compliance_is_recomputed_after_each_import()
    {
        await ImportAsync(Item("LT-ELITEBOOK-101", "Diagram Studio", "7.1", serial: "5CG9001"), Item("LT-THINKPAD-102", "Diagram Studio", "7.1"));
        var product = await ProductIdAsync("Diagram Studio");
        using (var entitlement = await agent.PostAsJsonAsync("/api/software/entitlements", new { productId = product, metric = "PerDevice", count = 2, unitCost = 99.5 }, Ct))
        {
            entitlement.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var again = await ImportAsync(Item("lt-elitebook-101", "DIAGRAM STUDIO", "7.1", serial: "5cg9001"), Item("LT-THINKPAD-102", "Diagram Studio", "7.1"), Item("SRV-APP-103", "Diagram Studio", "7.0"));
        var compliance = await agent.GetFromJsonAsync<JsonElement>($"/api/software/products/{product}/compliance", Ct);
        var history = await agent.GetFromJsonAsync<JsonElement>($"/api/software/products/{product}/compliance/history", Ct);

        again.GetProperty("added").GetInt32().Should().Be(1);
        again.GetProperty("updated").GetInt32().Should().Be(2);
        (await InstallationCountAsync(product)).Should().Be(3);
        compliance.GetProperty("used").GetInt32().Should().Be(3);
        compliance.GetProperty("shortfall").GetInt32().Should().Be(1);
        compliance.GetProperty("trueUpCost").GetDecimal().Should().Be(99.5m);
        compliance.GetProperty("status").GetString().Should().Be("OverUsed");
        history.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("trigger").GetString()).Should().Equal("import", "entitlement", "import");
    }

    [Fact]
    public async Task A_bad_batch_is_400_naming_the_item_index_and_field_and_imports_nothing()
    {
        using var response = await agent.PostAsJsonAsync("/api/software/installations/import",
            new { items = new[] { Item("LT-1", "Whole Or Nothing", "1.0"), new { device = "LT-2", serial = (string?)null, publisher = "Fabrikam", product = "Whole Or Nothing", version = "", cores = 8, cpus = 1, user = "x" } } }, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("errors").TryGetProperty("items[1].version", out _).Should().BeTrue(problem.ToString());
        var products = await agent.GetFromJsonAsync<JsonElement>("/api/software/products?q=Whole%20Or%20Nothing", Ct);
        products.GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_csv_import_names_the_bad_line_and_field_and_a_good_one_imports_every_line()
    {
        const string Header = "device,serial,publisher,product,version,cores,cpus,user,lastSeen\n";
        using var bad = await agent.PostAsync("/api/software/installations/import/csv",
            new StringContent(Header + "SRV-DB-201,CZ1,Fabrikam,Csv Database,2022,16,2,,2026-01-10\nSRV-DB-202,CZ2,Fabrikam,Csv Database,2022,many,2,,\n", Encoding.UTF8, "text/csv"), Ct);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("line 3.cores", out _).Should().BeTrue();

        using var good = await agent.PostAsync("/api/software/installations/import/csv",
            new StringContent(Header + "SRV-DB-201,CZ1,Fabrikam,Csv Database,2022,16,2,,2026-01-10\n\"SRV-DB-202\",CZ2,Fabrikam,Csv Database,2019,8,2,,\n", Encoding.UTF8, "text/csv"), Ct);
        good.StatusCode.Should().Be(HttpStatusCode.OK, await good.Content.ReadAsStringAsync(Ct));
        var product = await ProductIdAsync("Csv Database");
        (await InstallationCountAsync(product)).Should().Be(2);
        var compliance = await agent.GetFromJsonAsync<JsonElement>($"/api/software/products/{product}/compliance", Ct);
        compliance.GetProperty("installations").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Licences_ending_within_the_days_asked_are_listed_soonest_first_and_a_bad_entitlement_is_400_naming_the_field()
    {
        await ImportAsync(Item("LT-ELITEBOOK-301", "Expiring Editor", "3"));
        var product = await ProductIdAsync("Expiring Editor");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var days in new[] { 50, 10 })
        {
            using var created = await agent.PostAsJsonAsync("/api/software/entitlements",
                new { productId = product, metric = "PerUser", count = 5, endsOn = today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), purchaseReference = $"PO-{days}" }, Ct);
            created.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var invalid = await agent.PostAsJsonAsync("/api/software/entitlements", new { productId = product, metric = "PerDevice" }, Ct);
        var within30 = await agent.GetFromJsonAsync<JsonElement>("/api/software/entitlements/expiring?days=30", Ct);
        var within60 = await agent.GetFromJsonAsync<JsonElement>("/api/software/entitlements/expiring?days=60", Ct);

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("count", out _).Should().BeTrue();
        within30.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("productId").GetInt64() == product)
            .Select(e => e.GetProperty("purchaseReference").GetString()).Should().Equal("PO-10");
        within60.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("productId").GetInt64() == product)
            .Select(e => e.GetProperty("purchaseReference").GetString()).Should().Equal("PO-10", "PO-50");
    }
}
