using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Requests;

namespace WorkflowItsm.Web.Tests.Requests;

/// <summary>
/// The catalog and requests through the API (issue 20): test 2 (a conditionally required variable missing is 400
/// naming it; a hidden variable sent anyway is not stored), test 4 (an item edited while ten items are in flight),
/// the cart's checkout into one REQ with two RITMs, the live form, and the bad input list (403, 404, wrong type).
/// </summary>
public sealed class RequestsApiTests(RequestsApiTests.Setup shared) : IClassFixture<RequestsApiTests.Setup>
{
    private const string Password = "Catalog-Pass-1!";

    public sealed class Setup : SharedHost
    {
        public HttpClient Owner { get; private set; } = null!;
        public HttpClient Requester { get; private set; } = null!;
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient OtherRequester { get; private set; } = null!;
        public int Latitude { get; private set; }
        public int MacBook { get; private set; }

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("olga", Password, Roles.ProcessOwner);
            await CreatePersonAsync("rita", Password, Roles.Requester);
            await CreatePersonAsync("ana", Password, Roles.Agent);
            await CreatePersonAsync("tom", Password, Roles.Requester);
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
                var latitude = new AssetModel { Manufacturer = "Dell", Name = "Latitude 7450", Category = AssetCategory.Laptop, UnitCost = 1350 };
                var macBook = new AssetModel { Manufacturer = "Apple", Name = "MacBook Pro 14", Category = AssetCategory.Laptop, UnitCost = 2100 };
                db.AssetModels.AddRange(latitude, macBook);
                await db.SaveChangesAsync();
                (Latitude, MacBook) = (latitude.Id, macBook.Id);
                for (var i = 0; i < 4; i++)
                {
                    var model = i < 3 ? latitude : macBook;
                    db.Assets.Add(new Asset
                    {
                        Number = $"AST00990{i}", ShortDescription = model.DisplayName, SerialNumber = $"CAT{i}", SerialKey = $"CAT{i}", ModelId = model.Id,
                        State = AssetState.InStock, Substate = AssetSubstate.Available, OpenedBy = "system", OpenedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                    });
                }

                await db.SaveChangesAsync();
                await scope.ServiceProvider.GetRequiredService<ApprovalRules>().CreateAsync(new ApprovalRuleInput
                {
                    Key = "laptop-approval", Name = "Laptop approval", RecordKind = "RITM", Policy = ApprovalPolicy.Anyone, ApproverPeople = ["olga"],
                }, "system", CancellationToken.None);
            }

            Owner = await SignInAsync("olga", Password);
            Requester = await SignInAsync("rita", Password);
            Agent = await SignInAsync("ana", Password);
            OtherRequester = await SignInAsync("tom", Password);
            await SendAsync(Owner, HttpMethod.Put, "/api/catalog/admin/categories/hardware", new { name = "Hardware" });
            await SendAsync(Owner, HttpMethod.Put, "/api/catalog/admin/items/laptop", new
            {
                category = "hardware", name = "Laptop", price = 1200, approvalRuleKey = "laptop-approval",
                variables = new object[]
                {
                    new { key = "model", label = "Model", type = "AssetModel", required = true, inStockOnly = true, setsPrice = true },
                    new { key = "dock", label = "Docking station", type = "YesNo", @default = "false" },
                    new { key = "dockModel", label = "Dock model", type = "Choice", visible = false, choices = new[] { new { value = "usb-c", label = "USB-C dock" }, new { value = "thunderbolt", label = "Thunderbolt dock" } } },
                    new { key = "justification", label = "Business justification", type = "MultiLineText" },
                },
                rules = new object[]
                {
                    new { name = "Dock model with a dock", conditions = new[] { new { subject = "dock", @operator = "Equals", value = "true" } }, actions = new[] { new { variable = "dockModel", effect = "Show" }, new { variable = "dockModel", effect = "Require" } } },
                    new { name = "Justify over 1,500", conditions = new[] { new { subject = "item.price", @operator = "GreaterThan", value = "1500" } }, actions = new[] { new { variable = "justification", effect = "Require" } } },
                },
            });
            await SendAsync(Owner, HttpMethod.Post, "/api/catalog/admin/items/laptop/publish", null);
            await SendAsync(Owner, HttpMethod.Put, "/api/catalog/admin/items/monitor", new
            {
                category = "hardware", name = "Monitor", price = 240,
                variables = new[] { new { key = "size", label = "Size", type = "Choice", required = true, @default = "27", choices = new[] { new { value = "24", label = "24 inch" }, new { value = "27", label = "27 inch" } } } },
            });
            await SendAsync(Owner, HttpMethod.Post, "/api/catalog/admin/items/monitor/publish", null);
            await SendAsync(Owner, HttpMethod.Put, "/api/catalog/admin/items/finance-laptop", new { category = "hardware", name = "Finance laptop", price = 900, orderableBy = "People", orderablePeople = new[] { "olga" } });
            await SendAsync(Owner, HttpMethod.Post, "/api/catalog/admin/items/finance-laptop/publish", null);
        }

        private static async Task SendAsync(HttpClient client, HttpMethod method, string url, object? body)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await client.SendAsync(request);
            response.IsSuccessStatusCode.Should().BeTrue($"{method} {url}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Id(int model) => model.ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private async Task<int> RequestCountAsync()
    {
        await using var scope = shared.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<ServiceRequest>().CountAsync(Ct);
    }

    private static string[] ErrorKeys(JsonElement problem) => [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Test2_the_submission_without_the_conditionally_required_variable_is_400_naming_it_and_stores_nothing_a_hidden_variable_sent_anyway_is_not_stored()
    {
        var before = await RequestCountAsync();
        using var refused = await shared.Requester.PostAsJsonAsync("/api/requests", new
        {
            items = new object[]
            {
                new { item = "monitor", quantity = 1, variables = new { size = "24" } },
                new { item = "laptop", quantity = 1, variables = new { model = Id(shared.MacBook), dock = true } },
            },
        }, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorKeys(await ReadAsync(refused)).Should().BeEquivalentTo(["items[1].variables.justification", "items[1].variables.dockModel"]);
        (await RequestCountAsync()).Should().Be(before, "a checkout that fails on one line stores nothing");

        using var ordered = await shared.Requester.PostAsJsonAsync("/api/requests", new
        {
            items = new[] { new { item = "laptop", quantity = 1, variables = new { model = Id(shared.MacBook), dock = false, dockModel = "thunderbolt", justification = "4K video editing" } } },
        }, Ct);
        ordered.StatusCode.Should().Be(HttpStatusCode.Created, await ordered.Content.ReadAsStringAsync(Ct));
        var ritm = (await ReadAsync(ordered)).GetProperty("items")[0].GetProperty("number").GetString()!;
        using var item = await shared.Requester.GetAsync($"/api/requested-items/{ritm}", Ct);
        var values = (await ReadAsync(item)).GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()).ToList();
        values.Should().BeEquivalentTo(["model", "dock", "justification"], "the dock model was hidden (no dock), so it is not stored");
        await using var scope = shared.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<RequestedItemValue>().CountAsync(v => v.Key == "dockModel" && v.Value == "thunderbolt", Ct))
            .Should().Be(0);
    }

    [Fact]
    public async Task A_cart_with_a_laptop_and_a_monitor_checks_out_into_one_request_with_two_items_and_my_requests_show_their_stages()
    {
        using var laptop = await shared.Requester.PostAsJsonAsync("/api/cart/lines", new { item = "laptop", quantity = 1, variables = new { model = Id(shared.Latitude), dock = "yes", dockModel = "usb-c" } }, Ct);
        laptop.StatusCode.Should().Be(HttpStatusCode.Created, await laptop.Content.ReadAsStringAsync(Ct));
        using var monitor = await shared.Requester.PostAsJsonAsync("/api/cart/lines", new { item = "monitor", quantity = 2 }, Ct);
        monitor.StatusCode.Should().Be(HttpStatusCode.Created);
        (await shared.Requester.GetFromJsonAsync<JsonElement>("/api/cart", Ct)).GetArrayLength().Should().Be(2);

        using var checkout = await shared.Requester.PostAsJsonAsync("/api/cart/checkout", new { }, Ct);

        checkout.StatusCode.Should().Be(HttpStatusCode.Created, await checkout.Content.ReadAsStringAsync(Ct));
        var request = await ReadAsync(checkout);
        var number = request.GetProperty("number").GetString()!;
        number.Should().StartWith("REQ");
        request.GetProperty("items").GetArrayLength().Should().Be(2);
        (await shared.Requester.GetFromJsonAsync<JsonElement>("/api/cart", Ct)).GetArrayLength().Should().Be(0);
        var mine = (await shared.Requester.GetFromJsonAsync<JsonElement>("/api/requests/mine", Ct)).EnumerateArray().Single(r => r.GetProperty("number").GetString() == number);
        mine.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("stage").GetString()))
            .Should().BeEquivalentTo([("Laptop", "Awaiting approval"), ("Monitor", "In fulfilment")]);
        using var agentView = await shared.Agent.GetAsync($"/api/requests/{number}", Ct);
        agentView.StatusCode.Should().Be(HttpStatusCode.OK, "agents read any request");
        using var stranger = await shared.Owner.GetAsync($"/api/requests/{number}", Ct);
        stranger.StatusCode.Should().Be(HttpStatusCode.OK, "a process owner is staff");
        using var otherRequester = await shared.OtherRequester.GetAsync($"/api/requests/{number}", Ct);
        otherRequester.StatusCode.Should().Be(HttpStatusCode.NotFound, "another requester does not learn that it exists");

        var monitorItem = mine.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "Monitor").GetProperty("number").GetString();
        using var delivered = await shared.Agent.PostAsJsonAsync($"/api/requested-items/{monitorItem}/transitions", new { state = "ClosedComplete" }, Ct);
        (await ReadAsync(delivered)).GetProperty("stage").GetString().Should().Be("Delivered");
        using var again = await shared.Agent.PostAsJsonAsync($"/api/requested-items/{monitorItem}/transitions", new { state = "Fulfilment" }, Ct);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_item_form_shows_and_requires_the_dock_model_with_a_dock_and_prices_the_chosen_model()
    {
        using var response = await shared.Requester.PostAsJsonAsync("/api/catalog/items/laptop/form", new { variables = new { model = Id(shared.MacBook), dock = true } }, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var form = await ReadAsync(response);
        form.GetProperty("unitPrice").GetDecimal().Should().Be(2100);
        var dockModel = form.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "dockModel");
        dockModel.GetProperty("visible").GetBoolean().Should().BeTrue();
        dockModel.GetProperty("required").GetBoolean().Should().BeTrue();
        ErrorKeys(form).Should().BeEquivalentTo(["variables.dockModel", "variables.justification"]);
        var page = await shared.Requester.GetFromJsonAsync<JsonElement>("/api/catalog/items/laptop", Ct);
        page.GetProperty("modelOptions").EnumerateArray().Select(m => m.GetProperty("name").GetString()).Should().Contain("Dell Latitude 7450");
        var items = await shared.Requester.GetFromJsonAsync<JsonElement>("/api/catalog/items?category=hardware", Ct);
        items.EnumerateArray().Select(i => i.GetProperty("key").GetString()).Should().Contain("laptop").And.NotContain("finance-laptop", "rita may not order it");
    }

    [Fact]
    public async Task Bad_input_an_item_she_may_not_order_is_403_an_unknown_item_or_version_404_a_value_of_the_wrong_type_400_naming_it()
    {
        using var forbidden = await shared.Requester.PostAsJsonAsync("/api/requests", new { items = new[] { new { item = "finance-laptop" } } }, Ct);
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var unknown = await shared.Requester.PostAsJsonAsync("/api/requests", new { items = new[] { new { item = "yacht" } } }, Ct);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var noVersion = await shared.Requester.PostAsJsonAsync("/api/cart/lines", new { item = "monitor", version = 42 }, Ct);
        noVersion.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var wrongType = await shared.Requester.PostAsJsonAsync("/api/requests", new { items = new[] { new { item = "laptop", variables = new { model = Id(shared.Latitude), dock = "maybe" } } } }, Ct);
        wrongType.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorKeys(await ReadAsync(wrongType)).Should().Equal("items[0].variables.dock");
        using var notAdmin = await shared.Requester.PostAsync("/api/catalog/admin/items/monitor/publish", null, Ct);
        notAdmin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var badRule = await shared.Owner.PutAsJsonAsync("/api/catalog/admin/items/monitor/rules/broken", new { actions = new[] { new { variable = "colour", effect = "Hide" } } }, Ct);
        badRule.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorKeys(await ReadAsync(badRule)).Should().Equal("rules[0].actions[0].variable");
    }

    [Fact]
    public async Task Bad_input_a_requester_ordering_for_someone_else_is_403_an_unknown_person_400_naming_requestedFor_an_agent_orders_for_anyone()
    {
        var before = await RequestCountAsync();
        var monitor = new[] { new { item = "monitor", variables = new { size = "24" } } };
        using var forOther = await shared.Requester.PostAsJsonAsync("/api/requests", new { requestedFor = "tom", items = monitor }, Ct);
        forOther.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ReadAsync(forOther)).GetProperty("detail").GetString().Should().Contain("requestedFor");
        using var nobody = await shared.Requester.PostAsJsonAsync("/api/requests", new { requestedFor = "nobody", items = monitor }, Ct);
        nobody.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorKeys(await ReadAsync(nobody)).Should().Equal("requestedFor");
        (await RequestCountAsync()).Should().Be(before, "nothing is stored when the order is refused");

        using var byAgent = await shared.Agent.PostAsJsonAsync("/api/requests", new { requestedFor = "tom", items = monitor }, Ct);
        byAgent.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await ReadAsync(byAgent);
        created.GetProperty("requestedFor").GetString().Should().Be("tom");
        using var own = await shared.Requester.PostAsJsonAsync("/api/requests", new { requestedFor = "rita", items = monitor }, Ct);
        own.StatusCode.Should().Be(HttpStatusCode.Created, "naming herself is ordering for herself");
    }

    [Fact]
    public async Task Bad_input_an_unknown_person_ci_or_location_is_400_naming_each_variable_and_stores_nothing()
    {
        using (var put = await shared.Owner.PutAsJsonAsync("/api/catalog/admin/items/desk-move", new
        {
            category = "hardware", name = "Desk move", price = 0,
            variables = new object[]
            {
                new { key = "colleague", label = "Sit next to", type = "Person" },
                new { key = "computer", label = "Computer", type = "ConfigurationItem" },
                new { key = "office", label = "Office", type = "Location" },
            },
        }, Ct))
        {
            put.IsSuccessStatusCode.Should().BeTrue(await put.Content.ReadAsStringAsync(Ct));
        }

        using (var publish = await shared.Owner.PostAsync("/api/catalog/admin/items/desk-move/publish", null, Ct))
        {
            publish.IsSuccessStatusCode.Should().BeTrue();
        }

        var before = await RequestCountAsync();
        using var wrong = await shared.Requester.PostAsJsonAsync("/api/requests", new
        {
            items = new[] { new { item = "desk-move", variables = new { colleague = "nobody", computer = "CI9999999", office = "CI9999998" } } },
        }, Ct);
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorKeys(await ReadAsync(wrong)).Should().BeEquivalentTo(["items[0].variables.colleague", "items[0].variables.computer", "items[0].variables.office"]);
        (await RequestCountAsync()).Should().Be(before);

        using var known = await shared.Requester.PostAsJsonAsync("/api/requests", new { items = new[] { new { item = "desk-move", variables = new { colleague = "tom" } } } }, Ct);
        known.StatusCode.Should().Be(HttpStatusCode.Created, "a person the directory knows is stored");
    }

    [Fact]
    public async Task Test4_editing_an_item_with_a_new_variable_and_a_new_approval_rule_while_ten_items_are_in_flight_they_keep_their_version_new_orders_take_the_new_one()
    {
        var create = await shared.Owner.PutAsJsonAsync("/api/catalog/admin/items/headset", new
        {
            category = "hardware", name = "Headset", price = 80, variables = new[] { new { key = "wireless", label = "Wireless", type = "YesNo", @default = "true" } },
        }, Ct);
        create.Dispose();
        (await shared.Owner.PostAsync("/api/catalog/admin/items/headset/publish", null, Ct)).Dispose();
        var inFlight = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            using var ordered = await shared.Requester.PostAsJsonAsync("/api/requests", new { items = new[] { new { item = "headset" } } }, Ct);
            ordered.StatusCode.Should().Be(HttpStatusCode.Created);
            inFlight.Add((await ReadAsync(ordered)).GetProperty("items")[0].GetProperty("number").GetString()!);
        }

        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApprovalRules>().CreateAsync(new ApprovalRuleInput
            {
                Key = "headset-approval", Name = "Headset approval", RecordKind = "RITM", Policy = ApprovalPolicy.Anyone, ApproverPeople = ["olga"],
            }, "system", Ct);
        }

        using var variable = await shared.Owner.PutAsJsonAsync("/api/catalog/admin/items/headset/variables/colour", new
        {
            key = "colour", label = "Colour", type = "Choice", required = true, choices = new[] { new { value = "black", label = "Black" }, new { value = "white", label = "White" } },
        }, Ct);
        variable.StatusCode.Should().Be(HttpStatusCode.OK, await variable.Content.ReadAsStringAsync(Ct));
        var draft = (await ReadAsync(variable)).GetProperty("draft");
        using var withRule = await shared.Owner.PutAsJsonAsync("/api/catalog/admin/items/headset", new
        {
            category = "hardware", name = "Headset", price = 80, approvalRuleKey = "headset-approval", variables = draft.GetProperty("variables"),
        }, Ct);
        withRule.StatusCode.Should().Be(HttpStatusCode.OK, await withRule.Content.ReadAsStringAsync(Ct));
        using var published = await shared.Owner.PostAsync("/api/catalog/admin/items/headset/publish", null, Ct);
        (await ReadAsync(published)).GetProperty("version").GetInt32().Should().Be(2);

        foreach (var number in inFlight)
        {
            var item = await shared.Requester.GetFromJsonAsync<JsonElement>($"/api/requested-items/{number}", Ct);
            item.GetProperty("itemVersion").GetInt32().Should().Be(1);
            item.GetProperty("stage").GetString().Should().Be("In fulfilment");
            item.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()).Should().Equal("wireless");
        }

        using var missing = await shared.Requester.PostAsJsonAsync("/api/requests", new { items = new[] { new { item = "headset" } } }, Ct);
        ErrorKeys(await ReadAsync(missing)).Should().Equal("items[0].variables.colour");
        using var fresh = await shared.Requester.PostAsJsonAsync("/api/requests", new { items = new[] { new { item = "headset", variables = new { colour = "white" } } } }, Ct);
        var freshItem = (await ReadAsync(fresh)).GetProperty("items")[0];
        freshItem.GetProperty("itemVersion").GetInt32().Should().Be(2);
        freshItem.GetProperty("stage").GetString().Should().Be("Awaiting approval", "the new version names the new approval rule");
    }
}
