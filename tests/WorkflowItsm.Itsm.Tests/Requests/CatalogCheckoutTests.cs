using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Requests;
using static WorkflowItsm.Itsm.Tests.Requests.CatalogSamples;

namespace WorkflowItsm.Itsm.Tests.Requests;

/// <summary>Checkout into REQ/RITM, the bad input list, stages by approval, roll-up of closure and versioning (issue 20 tests 1–4 on the domain).</summary>
public sealed class CatalogCheckoutTests : IAsyncLifetime
{
    private CatalogTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await CatalogTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private OrderLine LaptopLine(int? model = null, params (string, object?)[] more) =>
        new("laptop", null, 1, Values([("model", (model ?? host.Latitude).ToString(System.Globalization.CultureInfo.InvariantCulture)), .. more]));

    private static OrderLine MonitorLine => new("monitor", null, 2, Values(("size", "24")));

    [Fact]
    public async Task A_cart_with_a_laptop_and_a_monitor_makes_one_request_with_two_requested_items_each_with_its_version_and_values()
    {
        await host.InScopeAsync(async s =>
        {
            var cart = s.GetRequiredService<Cart>();
            await cart.AddAsync(CatalogTestHost.Ana, LaptopLine(more: [("dock", true), ("dockModel", "usb-c")]), CancellationToken.None);
            await cart.AddAsync(CatalogTestHost.Ana, MonitorLine, CancellationToken.None);
        });

        var request = await host.InScopeAsync(s => s.GetRequiredService<CatalogCheckout>().CheckoutCartAsync(CatalogTestHost.Ana, null, CancellationToken.None));

        request.Number.Should().StartWith("REQ");
        var view = await host.RequestAsync(request.Number);
        view.RequestedFor.Should().Be(CatalogTestHost.Ana);
        view.StateText.Should().Be("In progress");
        view.Items.Should().HaveCount(2).And.OnlyContain(i => i.Number.StartsWith("RITM", StringComparison.Ordinal) && i.ItemVersion == 1);
        var laptop = view.Items.Single(i => i.Item == "laptop");
        laptop.Stage.Should().Be("Awaiting approval", "the laptop's version names an approval rule");
        laptop.UnitPrice.Should().Be(1350, "the chosen model sets the price");
        laptop.Values.Select(v => (v.Label, v.Value)).Should().BeEquivalentTo([("Model", host.Latitude.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Docking station", "true"), ("Dock model", "usb-c")]);
        var monitor = view.Items.Single(i => i.Item == "monitor");
        monitor.Should().Match<RequestedItemView>(m => m.Stage == "In fulfilment" && m.Quantity == 2 && m.ApprovalId == null);
        (await host.InScopeAsync(s => s.GetRequiredService<Cart>().LinesAsync(CatalogTestHost.Ana, CancellationToken.None))).Should().BeEmpty("checkout empties the cart");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.SingleAsync())).RecordNumber.Should().Be(laptop.Number);
    }

    [Fact]
    public async Task A_checkout_whose_second_line_fails_stores_nothing_and_names_the_field_of_that_line()
    {
        var order = () => host.OrderAsync(CatalogTestHost.Ana, MonitorLine, LaptopLine(host.MacBook));

        var refused = await order.Should().ThrowAsync<RecordValidationException>();
        refused.Which.Errors.Keys.Should().Equal("items[1].variables.justification");
        (await host.CountAsync<ServiceRequest>()).Should().Be(0);
        (await host.CountAsync<RequestedItem>()).Should().Be(0);
        (await host.CountAsync<Approval>()).Should().Be(0);
    }

    [Fact]
    public async Task Bad_input_a_person_who_may_not_order_is_forbidden_an_unknown_item_or_version_is_not_found_a_model_out_of_stock_is_invalid()
    {
        await host.InScopeAsync(s => s.GetRequiredService<CatalogAdministration>().SaveItemAsync("monitor", MonitorItem with { OrderableBy = OrderableBy.People, OrderablePeople = [CatalogTestHost.Bob] }, CatalogTestHost.Admin, CancellationToken.None));
        await host.InScopeAsync(s => s.GetRequiredService<CatalogAdministration>().PublishAsync("monitor", CatalogTestHost.Admin, CancellationToken.None));

        await FluentActions.Awaiting(() => host.OrderAsync(CatalogTestHost.Ana, MonitorLine)).Should().ThrowAsync<CatalogOrderForbiddenException>();
        (await host.OrderAsync(CatalogTestHost.Bob, MonitorLine)).Items.Should().ContainSingle();
        await FluentActions.Awaiting(() => host.OrderAsync(CatalogTestHost.Ana, new OrderLine("yacht", null, 1, null))).Should().ThrowAsync<RecordNotFoundException>();
        await FluentActions.Awaiting(() => host.OrderAsync(CatalogTestHost.Ana, LaptopLine() with { Version = 9 })).Should().ThrowAsync<RecordNotFoundException>().WithMessage("*no version 9*");
        var outOfStock = await FluentActions.Awaiting(() => host.OrderAsync(CatalogTestHost.Ana, LaptopLine(host.ThinkPad, ("justification", "Light")))).Should().ThrowAsync<RecordValidationException>();
        outOfStock.Which.Errors.Should().ContainKey("items[0].variables.model");
    }

    [Fact]
    public async Task An_approved_item_goes_to_fulfilment_a_rejected_one_closes_incomplete_and_the_request_closes_from_its_items()
    {
        var request = await host.OrderAsync(CatalogTestHost.Ana, LaptopLine(), MonitorLine);
        var laptop = request.Items.Single(i => i.ItemKey == "laptop");
        var monitor = request.Items.Single(i => i.ItemKey == "monitor");

        await host.VoteAsync(laptop.ApprovalId!, CatalogTestHost.Mia, ApprovalDecision.Rejected, "Not this year.");
        await host.MoveAsync(monitor.Number, RequestedItemState.Backordered, "No 24 inch in stock.");
        (await host.RequestAsync(request.Number)).Items.Select(i => i.Stage).Should().BeEquivalentTo(["Closed incomplete", "Backordered"]);
        (await host.RequestAsync(request.Number)).State.Should().Be(ServiceRequestState.Open);

        await host.MoveAsync(monitor.Number, RequestedItemState.ClosedComplete);

        var closed = await host.RequestAsync(request.Number);
        closed.State.Should().Be(ServiceRequestState.ClosedIncomplete, "one item closed incomplete");
        closed.StateText.Should().Be("Closed incomplete");

        var second = await host.OrderAsync(CatalogTestHost.Ana, LaptopLine());
        await host.VoteAsync(second.Items[0].ApprovalId!, CatalogTestHost.Mia, ApprovalDecision.Approved);
        (await host.RequestAsync(second.Number)).Items.Single().Stage.Should().Be("In fulfilment");
        await host.MoveAsync(second.Items[0].Number, RequestedItemState.ClosedComplete);
        (await host.RequestAsync(second.Number)).State.Should().Be(ServiceRequestState.ClosedComplete);
        var refused = () => host.MoveAsync(second.Items[0].Number, RequestedItemState.Fulfilment);
        await refused.Should().ThrowAsync<RecordTransitionException>();
    }

    [Fact]
    public async Task Test4_editing_an_item_while_ten_items_are_in_flight_they_keep_their_version_new_orders_take_the_new_one_with_its_new_approval_rule()
    {
        var inFlight = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            inFlight.Add((await host.OrderAsync(CatalogTestHost.Ana, MonitorLine)).Items[0].Number);
        }

        await host.InScopeAsync(async s =>
        {
            await s.GetRequiredService<ApprovalRules>().CreateAsync(new ApprovalRuleInput
            {
                Key = "monitor-approval", Name = "Monitor approval", RecordKind = "RITM", Policy = ApprovalPolicy.Anyone, ApproverPeople = [CatalogTestHost.Mia],
            }, CatalogTestHost.Admin, CancellationToken.None);
            var admin = s.GetRequiredService<CatalogAdministration>();
            await admin.PutVariableAsync("monitor", new CatalogVariable { Key = "arm", Label = "Monitor arm", Type = VariableType.YesNo, Required = true }, CatalogTestHost.Admin, CancellationToken.None);
            await admin.SaveItemAsync("monitor", MonitorItem with
            {
                ApprovalRuleKey = "monitor-approval",
                Variables = [.. MonitorItem.Variables!, new CatalogVariable { Key = "arm", Label = "Monitor arm", Type = VariableType.YesNo, Required = true }],
            }, CatalogTestHost.Admin, CancellationToken.None);
            (await admin.PublishAsync("monitor", CatalogTestHost.Admin, CancellationToken.None)).Version.Should().Be(2);
        });

        var old = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<RequestedItem>().Where(i => inFlight.Contains(i.Number)).ToListAsync());
        old.Should().HaveCount(10).And.OnlyContain(i => i.ItemVersion == 1 && i.State == RequestedItemState.Fulfilment && i.ApprovalId == null);
        var oldView = await host.InScopeAsync(s => s.GetRequiredService<RequestQueries>().GetItemAsync(inFlight[0], CatalogTestHost.Admin, true, CancellationToken.None));
        oldView!.Values.Select(v => v.Key).Should().Equal("size");

        var missing = () => host.OrderAsync(CatalogTestHost.Ana, MonitorLine);
        (await missing.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("items[0].variables.arm");
        var fresh = (await host.OrderAsync(CatalogTestHost.Ana, MonitorLine with { Variables = Values(("size", "27"), ("arm", true)) })).Items.Single();
        fresh.ItemVersion.Should().Be(2);
        fresh.State.Should().Be(RequestedItemState.AwaitingApproval, "the new version names the new approval rule");

        var ordered = await host.OrderAsync(CatalogTestHost.Ana, MonitorLine with { Version = 1 });
        ordered.Items.Single().Should().Match<RequestedItem>(i => i.ItemVersion == 1 && i.State == RequestedItemState.Fulfilment, "an explicit version is honoured while it exists");
    }

    [Fact]
    public async Task Administration_names_the_wrong_field_and_publishing_freezes_the_variable_sets_in()
    {
        var admin = (Func<IServiceProvider, CatalogAdministration>)(s => s.GetRequiredService<CatalogAdministration>());
        var broken = () => host.InScopeAsync(s => admin(s).SaveItemAsync("broken", MonitorItem with
        {
            ApprovalRuleKey = "no-such-rule",
            Rules = [new CatalogRule { Name = "r", Conditions = [new RuleCondition("colour", RuleOperator.Equals, "red")], Actions = [new RuleAction("size", RuleEffect.SetValue, "32")] }],
        }, CatalogTestHost.Admin, CancellationToken.None));
        (await broken.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should()
            .BeEquivalentTo(["approvalRuleKey", "rules[0].conditions[0].subject", "rules[0].actions[0].value"]);

        await host.InScopeAsync(s => admin(s).SaveVariableSetAsync("contact", new CatalogVariableSetInput("Contact",
            [new CatalogVariable { Key = "phone", Label = "Phone", Type = VariableType.SingleLineText, Required = true }]), CancellationToken.None));
        await host.InScopeAsync(s => admin(s).SaveItemAsync("monitor", MonitorItem with { VariableSets = ["contact"] }, CatalogTestHost.Admin, CancellationToken.None));
        await host.InScopeAsync(s => admin(s).PublishAsync("monitor", CatalogTestHost.Admin, CancellationToken.None));
        await host.InScopeAsync(s => admin(s).SaveVariableSetAsync("contact", new CatalogVariableSetInput("Contact", []), CancellationToken.None));

        var missingPhone = () => host.OrderAsync(CatalogTestHost.Ana, MonitorLine);
        (await missingPhone.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("items[0].variables.phone");
    }
}
