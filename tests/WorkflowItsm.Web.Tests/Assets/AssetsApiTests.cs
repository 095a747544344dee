using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Assets;

/// <summary>
/// Hardware assets through the API: the lifecycle of scenario 4 with its history and 409s, a stock rule raising one
/// restock order, the CSV import's report, the warranty-ending list, and the 400s that name the field.
/// </summary>
public sealed class AssetsApiTests(AssetsApiTests.Setup shared) : IClassFixture<AssetsApiTests.Setup>
{
    private const string Password = "Asset-Pass-1!";

    private HttpClient admin => shared.Admin;
    private HttpClient agent => shared.Agent;

    public sealed class Setup : SharedHost
    {
        public HttpClient Admin { get; private set; } = null!;
        public HttpClient Agent { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("desk.agent", Password, Roles.Agent, "service-desk");
            await CreatePersonAsync("rita", Password, Roles.Requester);
            Admin = await SignInAsync();
            Agent = await SignInAsync("desk.agent", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private async Task<int> ModelAsync(string name, decimal unitCost = 1200m)
    {
        using var created = await admin.PostAsJsonAsync("/api/assets/models", new { manufacturer = "Dell", name, category = "Laptop", unitCost, usefulLifeMonths = 36 }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await ReadAsync(created)).GetProperty("id").GetInt32();
    }

    private async Task<int> StockroomAsync(string name)
    {
        using var created = await admin.PostAsJsonAsync("/api/assets/stockrooms", new { name, location = "Berlin" }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await ReadAsync(created)).GetProperty("id").GetInt32();
    }

    private async Task<string> AssetAsync(object request)
    {
        using var created = await agent.PostAsJsonAsync("/api/assets", request, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await ReadAsync(created)).GetProperty("number").GetString()!;
    }

    private async Task<JsonElement> PostOkAsync(string path, object body)
    {
        using var response = await agent.PostAsJsonAsync(path, body, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await ReadAsync(response);
    }

    private static string Position(JsonElement asset) =>
        asset.GetProperty("substate").ValueKind == JsonValueKind.Null ? asset.GetProperty("state").GetString()! : $"{asset.GetProperty("state").GetString()}/{asset.GetProperty("substate").GetString()}";

    [Fact]
    public async Task Scenario_4_asset_lifecycle_receipt_stock_reserved_in_use_maintenance_retired_disposed_with_history_and_illegal_jumps_409()
    {
        var model = await ModelAsync("Latitude 7440 (scenario 4)");
        var stockroom = await StockroomAsync("Scenario 4 store");
        var number = await AssetAsync(new { modelId = model, serialNumber = "S4-SERIAL-1", orderNumber = "PO-4711", supplier = "Bechtle", purchaseDate = "2026-01-15", warrantyEnd = "2029-01-15" });
        number.Should().StartWith("AST");

        // An illegal jump: straight from on order to in use.
        using (var refused = await agent.PostAsJsonAsync($"/api/assets/{number}/move", new { state = "InUse", assignedPerson = "rita" }, Ct))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
            var problem = await ReadAsync(refused);
            problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).Should().BeEquivalentTo("InStock/Available", "InStock/Defective", "InTransit");
            problem.GetProperty("detail").GetString().Should().Contain("Allowed: InStock/Available, InStock/Defective, InTransit");
        }

        Position(await PostOkAsync($"/api/assets/{number}/move", new { state = "InStock", stockroomId = stockroom })).Should().Be("InStock/Available");
        var reserved = await PostOkAsync($"/api/assets/{number}/reserve", new { request = "RITM0004711" });
        Position(reserved).Should().Be("InStock/Reserved");
        reserved.GetProperty("reservedFor").GetString().Should().Be("RITM0004711");
        var issued = await PostOkAsync($"/api/assets/{number}/issue", new { assignedPerson = "rita", location = "Berlin, floor 3" });
        Position(issued).Should().Be("InUse");
        issued.GetProperty("assignedPerson").GetString().Should().Be("rita");
        issued.GetProperty("stockroomId").ValueKind.Should().Be(JsonValueKind.Null);
        Position(await PostOkAsync($"/api/assets/{number}/move", new { state = "InMaintenance" })).Should().Be("InMaintenance");

        // Retiring needs the substate; a wrong one names the substates.
        using (var noSubstate = await agent.PostAsJsonAsync($"/api/assets/{number}/move", new { state = "Retired" }, Ct))
        {
            noSubstate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ReadAsync(noSubstate)).GetProperty("errors").GetProperty("substate")[0].GetString().Should().Contain("Disposed, Sold, Donated, Returned");
        }

        Position(await PostOkAsync($"/api/assets/{number}/move", new { state = "Retired", substate = "Disposed" })).Should().Be("Retired/Disposed");
        using (var afterRetired = await agent.PostAsJsonAsync($"/api/assets/{number}/move", new { state = "InStock", stockroomId = stockroom }, Ct))
        {
            afterRetired.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await ReadAsync(afterRetired)).GetProperty("allowed").GetArrayLength().Should().Be(0);
        }

        var details = await agent.GetFromJsonAsync<JsonElement>($"/api/assets/{number}", Ct);
        details.GetProperty("allowedMoves").GetArrayLength().Should().Be(0);
        var states = details.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("field").GetString() == "state")
            .Select(h => h.GetProperty("newValue").GetString()).ToList();
        states.Should().Equal("OnOrder", "InStock", "InUse", "InMaintenance", "Retired");
        var substates = details.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("field").GetString() == "substate")
            .Select(h => h.GetProperty("newValue").ValueKind == JsonValueKind.Null ? null : h.GetProperty("newValue").GetString()).ToList();
        substates.Should().Equal("Available", "Reserved", null, "Disposed");
        details.GetProperty("history").EnumerateArray().Should().Contain(h => h.GetProperty("field").GetString() == "reservedFor" && h.GetProperty("newValue").GetString() == "RITM0004711");
        details.GetProperty("history").EnumerateArray().Should().OnlyContain(h => h.GetProperty("changedBy").GetString() == "desk.agent");

        // Who had it: rita from the issue until it was retired.
        var assignment = details.GetProperty("assignments").EnumerateArray().Should().ContainSingle().Subject;
        assignment.GetProperty("person").GetString().Should().Be("rita");
        assignment.GetProperty("location").GetString().Should().Be("Berlin, floor 3");
        assignment.GetProperty("to").ValueKind.Should().NotBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_stock_rule_raises_one_restock_order_when_available_stock_falls_below_its_threshold()
    {
        var model = await ModelAsync("Latitude 5550 (rule)", 900m);
        var stockroom = await StockroomAsync("Rule store");
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add(await AssetAsync(new { modelId = model, serialNumber = $"RULE-{i}", state = "InStock", stockroomId = stockroom }));
        }

        using (var rule = await admin.PostAsJsonAsync("/api/assets/stock-rules", new { modelId = model, stockroomId = stockroom, threshold = 3, restockQuantity = 5 }, Ct))
        {
            rule.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        async Task<List<JsonElement>> OrdersAsync(bool all = false) =>
            [.. (await agent.GetFromJsonAsync<JsonElement>($"/api/assets/restock-orders?all={all}", Ct)).EnumerateArray().Where(o => o.GetProperty("modelId").GetInt32() == model)];

        (await OrdersAsync()).Should().BeEmpty("3 available is not below the threshold of 3");
        await PostOkAsync($"/api/assets/{numbers[0]}/reserve", new { request = "RITM0000001" });
        var order = (await OrdersAsync()).Should().ContainSingle().Subject;
        order.GetProperty("quantity").GetInt32().Should().Be(5);
        order.GetProperty("availableWhenRaised").GetInt32().Should().Be(2);
        order.GetProperty("state").GetString().Should().Be("Open");
        await PostOkAsync($"/api/assets/{numbers[1]}/issue", new { assignedPerson = "rita" });
        (await OrdersAsync()).Should().ContainSingle("the open order stands for the rule");

        var levels = await agent.GetFromJsonAsync<JsonElement>($"/api/assets/stock?stockroom={stockroom}", Ct);
        var level = levels.EnumerateArray().Should().ContainSingle().Subject;
        level.GetProperty("available").GetInt32().Should().Be(1);
        level.GetProperty("reserved").GetInt32().Should().Be(1);
        level.GetProperty("isLow").GetBoolean().Should().BeTrue();

        var id = order.GetProperty("id").GetInt32();
        (await PostOkAsync($"/api/assets/restock-orders/{id}/state", new { state = "Ordered" })).GetProperty("state").GetString().Should().Be("Ordered");
        using (var back = await agent.PostAsJsonAsync($"/api/assets/restock-orders/{id}/state", new { state = "Open" }, Ct))
        {
            back.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await ReadAsync(back)).GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).Should().Equal("Received");
        }

        await PostOkAsync($"/api/assets/restock-orders/{id}/state", new { state = "Received" });
        (await OrdersAsync()).Should().BeEmpty();

        // Received: the next fall below the threshold raises the next order.
        await PostOkAsync($"/api/assets/{numbers[2]}/move", new { state = "InStock", substate = "Defective" });
        (await OrdersAsync()).Should().ContainSingle().Which.GetProperty("availableWhenRaised").GetInt32().Should().Be(0);
        (await OrdersAsync(all: true)).Should().HaveCount(2);
    }

    [Fact]
    public async Task The_CSV_import_commits_valid_rows_reports_invalid_ones_by_line_and_field_and_a_serial_in_another_case_is_the_same_asset()
    {
        await ModelAsync("Latitude 9450 (import)");
        await StockroomAsync("Import store");
        var csv = new StringBuilder()
            .AppendLine("serialNumber,model,state,stockroom,cost,purchaseDate,warrantyEnd,assignedPerson")
            .AppendLine("imp-0001,Dell Latitude 9450 (import),InStock,Import store,1000,2026-01-10,2029-01-10,")
            .AppendLine("IMP-0001,dell latitude 9450 (import),InStock,Import store,1100.50,,,")
            .AppendLine("imp-0002,Dell Nothing,InStock,Import store,1000,2026-01-10,,")
            .AppendLine("imp-0003,Dell Latitude 9450 (import),InStock,Import store,a lot,2026-13-01,,")
            .AppendLine("imp-0004,Dell Latitude 9450 (import),In use,,,,,")
            .AppendLine("\"imp-0005\",\"Dell Latitude 9450 (import)\",\"In use\",,\"1,200.00\",,,rita")
            .ToString();
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var imported = await agent.PostAsync("/api/assets/import", content, Ct);
        imported.StatusCode.Should().Be(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync(Ct));
        var report = await ReadAsync(imported);

        report.GetProperty("rows").GetInt32().Should().Be(6);
        report.GetProperty("created").GetInt32().Should().Be(2);
        report.GetProperty("updated").GetInt32().Should().Be(1);
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        errors.Should().BeEquivalentTo([(4, "model"), (5, "cost"), (5, "purchaseDate"), (6, "assignedPerson")]);

        var one = await agent.GetFromJsonAsync<JsonElement>("/api/assets?q=IMP-0001", Ct);
        one.GetProperty("total").GetInt32().Should().Be(1, "the same serial in another case is one asset");
        var number = one.GetProperty("items")[0].GetProperty("number").GetString();
        var details = await agent.GetFromJsonAsync<JsonElement>($"/api/assets/{number}", Ct);
        details.GetProperty("asset").GetProperty("cost").GetDecimal().Should().Be(1100.50m);
        details.GetProperty("asset").GetProperty("serialNumber").GetString().Should().Be("imp-0001", "it keeps the spelling it was first recorded with");
        foreach (var invalid in new[] { "imp-0002", "imp-0003", "imp-0004" })
        {
            (await agent.GetFromJsonAsync<JsonElement>($"/api/assets?q={invalid}", Ct)).GetProperty("total").GetInt32().Should().Be(0, $"{invalid} was invalid");
        }

        (await agent.GetFromJsonAsync<JsonElement>("/api/assets?q=imp-0005", Ct)).GetProperty("items")[0].GetProperty("assignedPerson").GetString().Should().Be("rita");

        // The same file again: nothing new.
        using var again = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var second = await agent.PostAsync("/api/assets/import", again, Ct);
        var secondReport = await ReadAsync(second);
        secondReport.GetProperty("created").GetInt32().Should().Be(0);
        secondReport.GetProperty("updated").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task An_import_with_an_unknown_column_is_400_naming_line_1_and_the_column()
    {
        using var content = new StringContent("serialNumber,colour\nX-1,red\n", Encoding.UTF8, "text/csv");
        using var refused = await agent.PostAsync("/api/assets/import", content, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(refused)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("line 1: colour");
    }

    [Fact]
    public async Task Bad_input_is_400_naming_the_field_and_a_duplicate_serial_in_another_case_is_refused()
    {
        var model = await ModelAsync("Latitude 3550 (bad input)");
        await AssetAsync(new { modelId = model, serialNumber = "dup-serial" });

        using var duplicate = await agent.PostAsJsonAsync("/api/assets", new { modelId = model, serialNumber = "DUP-SERIAL" }, Ct);
        duplicate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(duplicate)).GetProperty("errors").TryGetProperty("serialNumber", out _).Should().BeTrue();

        using var noModel = await agent.PostAsJsonAsync("/api/assets", new { modelId = 999999, serialNumber = "X", cost = -1 }, Ct);
        var errors = (await ReadAsync(noModel)).GetProperty("errors");
        errors.TryGetProperty("modelId", out _).Should().BeTrue();
        errors.TryGetProperty("cost", out _).Should().BeTrue();

        using var inStockWithoutRoom = await agent.PostAsJsonAsync("/api/assets", new { modelId = model, serialNumber = "Y", state = "InStock" }, Ct);
        (await ReadAsync(inStockWithoutRoom)).GetProperty("errors").TryGetProperty("stockroomId", out _).Should().BeTrue();

        using var modelByAgent = await agent.PostAsJsonAsync("/api/assets/models", new { manufacturer = "X", name = "Y" }, Ct);
        modelByAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden, "admins define models");
    }

    [Fact]
    public async Task The_warranty_ending_list_shows_assets_whose_warranty_ends_within_the_days_asked()
    {
        var model = await ModelAsync("Latitude 7350 (warranty)");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var soon = await AssetAsync(new { modelId = model, serialNumber = "WAR-SOON", purchaseDate = today.AddYears(-3), warrantyEnd = today.AddDays(20) });
        var later = await AssetAsync(new { modelId = model, serialNumber = "WAR-LATER", purchaseDate = today.AddYears(-2), warrantyEnd = today.AddDays(200) });

        var within90 = (await agent.GetFromJsonAsync<JsonElement>("/api/assets/warranty-ending?days=90", Ct)).EnumerateArray().Select(a => a.GetProperty("number").GetString()).ToList();
        var within365 = (await agent.GetFromJsonAsync<JsonElement>("/api/assets/warranty-ending?days=365", Ct)).EnumerateArray().Select(a => a.GetProperty("number").GetString()).ToList();

        within90.Should().Contain(soon).And.NotContain(later);
        within365.Should().Contain([soon, later]);
        (await agent.GetAsync("/api/assets/warranty-ending?days=-1", Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Scenario_6_the_asset_record_shows_its_straight_line_schedule_and_book_value()
    {
        var model = await ModelAsync("Latitude 5450 (depreciation)");
        var purchased = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-18);
        var number = await AssetAsync(new { modelId = model, serialNumber = "DEP-1", cost = 1200, usefulLifeMonths = 36, purchaseDate = purchased, depreciationMethod = "StraightLine" });

        var details = await agent.GetFromJsonAsync<JsonElement>($"/api/assets/{number}", Ct);

        details.GetProperty("bookValueToday").GetDecimal().Should().Be(600m);
        details.GetProperty("depreciationSchedule").GetArrayLength().Should().Be(36);
        details.GetProperty("depreciationSchedule")[17].GetProperty("bookValue").GetDecimal().Should().Be(600m);
    }
}
