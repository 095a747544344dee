using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Web.Tests.Accessibility;

namespace WorkflowItsm.Web.Tests.Browser;

/// <summary>
/// Issue 20, test 6 (the portal's part): rita orders a laptop from the demo catalog — the dock model appears, required,
/// only while she wants a dock, the justification is required only while the chosen model costs over 1,500, both as
/// she changes the values; the server's refusal comes back beside the field — adds a monitor, checks her cart out
/// into one request with two items, and follows their stages on her orders, at 1440×900 and 390×844; a catalog
/// approver reads the request on the staff's pages and approves the laptop; finance approves it too (over 1,500); an
/// agent configures and delivers it and does the monitor's catalog task; rita sees both delivered and the request closed.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserTestsOneAtATime.Name)]
public sealed class CatalogBrowserTests(DemoBrowserHost browser) : IClassFixture<DemoBrowserHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Blazor's own navigation may never fire "load": an address counts once the navigation is committed.

    private static string Field(string key) => $"[data-testid=catalog-field][data-key={key}]";

    [Fact]
    public async Task A_requester_orders_a_laptop_with_live_rules_and_a_monitor_through_the_cart_and_follows_their_stages()
    {
        browser.SkipIfUnavailable();
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            // The demo stocks only the 1,200 laptop: one ThinkPad (1,650) in stock lets her pick a model over 1,500.
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            var thinkPad = await db.AssetModels.AsNoTracking().SingleAsync(m => m.Name == "ThinkPad X1 Carbon", Ct);
            var stockroom = await db.Stockrooms.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Id).FirstAsync(Ct);
            await scope.ServiceProvider.GetRequiredService<AssetService>().CreateAsync(new NewAsset
            {
                ModelId = thinkPad.Id, SerialNumber = "LE-CATALOG-1", State = AssetState.InStock, Substate = AssetSubstate.Available, StockroomId = stockroom,
            }, "system", Ct);
        }

        var page = await browser.SignedInPageAsync("rita", DemoBrowserHost.DemoPassword, 1440, 900);
        var number = "";
        string laptopNumber, monitorNumber;
        await BrowserHost.WithScreenshotOnFailureAsync(page, "catalog-order", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "portal/catalog");
            await page.Locator("[data-testid=catalog-item][data-key=laptop]").WaitForAsync();
            (await page.GetByTestId("catalog-item").CountAsync()).Should().Be(5, "rita may order every demo item");
            // A category narrows the list.
            await page.Locator("[data-testid=catalog-category][data-key=access]").ClickAsync();
            await page.Locator("[data-testid=catalog-item][data-key=laptop]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            (await page.GetByTestId("catalog-item").CountAsync()).Should().Be(2, "Access offers the password reset and access to a system");
            await page.Locator("[data-testid=catalog-category][data-key=access]").ClickAsync();
            await page.Locator("[data-testid=catalog-item][data-key=laptop]").WaitForAsync();
            await KeepScreenshotAsync(page, "catalog-1440");

            await page.Locator("[data-testid=catalog-item][data-key=laptop]").GetByText("Open").ClickAsync();
            await page.WaitForAddressAsync("**/portal/catalog/laptop");
            await page.Locator(Field("model")).WaitForAsync();
            (await page.Locator(Field("dockModel")).CountAsync()).Should().Be(0, "the dock model is hidden while no dock is wanted");

            // Dock yes: the dock model appears, required; dock no: it goes; yes again.
            var dock = page.Locator(Field("dock")).GetByText("Docking station");
            await dock.ClickAsync();
            await page.Locator(Field("dockModel") + "[data-required=true]").WaitForAsync();
            await dock.ClickAsync();
            await page.Locator(Field("dockModel")).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await dock.ClickAsync();
            await page.Locator(Field("dockModel") + "[data-required=true]").WaitForAsync();

            // A model over 1,500 makes the justification required; the 1,200 one does not.
            await PickAsync(page, "model", "Lenovo ThinkPad X1 Carbon");
            await page.Locator(Field("justification") + "[data-required=true]").WaitForAsync();
            await page.GetByTestId("catalog-price").GetByText("1,650").WaitForAsync();
            await PickAsync(page, "model", "Dell Latitude 7440");
            await page.Locator(Field("justification") + "[data-required=false]").WaitForAsync();
            await PickAsync(page, "model", "Lenovo ThinkPad X1 Carbon");
            await page.Locator(Field("justification") + "[data-required=true]").WaitForAsync();
            await PickAsync(page, "dockModel", "USB-C dock");

            // Without the justification the server refuses, and says so beside the field.
            await page.GetByTestId("add-to-cart").ClickAsync();
            await page.Locator(Field("justification")).GetByText("Business justification is required.").WaitForAsync();
            page.Url.Should().EndWith("/portal/catalog/laptop", "nothing was added");
            await KeepScreenshotAsync(page, "laptop-1440");
            await CheckAccessibilityAsync(page, "the laptop's form");

            await page.Locator(Field("justification") + " textarea").First.FillAsync("I edit video for the marketing team.");
            await page.Locator(Field("justification") + " textarea").First.PressAsync("Tab");
            await page.GetByTestId("add-to-cart").ClickAsync();
            await page.WaitForAddressAsync("**/portal/cart");
            await page.Locator("[data-testid=cart-line][data-item=laptop]").GetByText("USB-C dock").WaitForAsync();

            await BrowserHost.GoToInteractiveAsync(page, "portal/catalog/monitor");
            await page.Locator(Field("size")).WaitForAsync();
            await page.GetByTestId("add-to-cart").ClickAsync();
            await page.WaitForAddressAsync("**/portal/cart");
            await page.Locator("[data-testid=cart-line][data-item=monitor]").WaitForAsync();
            (await page.GetByTestId("cart-line").CountAsync()).Should().Be(2);
            await KeepScreenshotAsync(page, "cart-1440");
            await CheckAccessibilityAsync(page, "the cart");

            await page.GetByTestId("checkout").ClickAsync();
            await page.WaitForAddressAsync("**/portal/orders/REQ*");
            number = page.Url[(page.Url.LastIndexOf('/') + 1)..];
            // The laptop's workflow asks the manager named on the form; the monitor's goes straight to its catalog task.
            await page.Locator("[data-testid=order-item][data-item=laptop] [data-testid=order-item-stage]").GetByText("Awaiting approval").WaitForAsync();
            await page.Locator("[data-testid=order-item][data-item=monitor] [data-testid=order-item-stage]").GetByText("In fulfilment").WaitForAsync();
            // Labels and words, not keys: the dock's choice reads as people say it.
            await page.Locator("[data-testid=order-item][data-item=laptop]").GetByText("USB-C dock").WaitForAsync();
            await KeepScreenshotAsync(page, "order-1440");
            await CheckAccessibilityAsync(page, "the order");
        });

        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var request = await scope.ServiceProvider.GetRequiredService<RequestQueries>().GetAsync(number, "rita", false, Ct);
            request.Should().NotBeNull();
            request!.Items.Select(i => i.Item).Should().BeEquivalentTo(["laptop", "monitor"], "one request with one requested item per cart line");
            var laptop = request.Items.Single(i => i.Item == "laptop");
            (laptopNumber, monitorNumber) = (laptop.Number, request.Items.Single(i => i.Item == "monitor").Number);
            laptop.Values.Select(v => v.Key).Should().Contain(["dock", "dockModel", "justification", "model"]);
            laptop.UnitPrice.Should().Be(1650m, "the chosen model's cost is the line's price");
            (await scope.ServiceProvider.GetRequiredService<Cart>().LinesAsync("rita", Ct)).Should().BeEmpty("checkout empties the cart");
        }

        await BrowserHost.WithScreenshotOnFailureAsync(page, "catalog-orders-phone", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(page, "portal/orders");
            await BrowserHost.PhoneWidthAsync(page);
            var order = page.Locator($"[data-testid=order][data-number={number}]");
            await order.Locator("[data-testid=order-item-stage]").GetByText("Awaiting approval").WaitForAsync();
            await order.Locator("[data-testid=order-item-stage]").GetByText("In fulfilment").WaitForAsync();
            await KeepScreenshotAsync(page, "orders-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "my orders fit a phone");

            await BrowserHost.GoToInteractiveAsync(page, "portal/catalog/laptop");
            await page.Locator(Field("model")).WaitForAsync();
            await KeepScreenshotAsync(page, "laptop-390");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the item's form fits a phone");
        });

        await ApproveAsStaffAsync(page, number);
        await FinanceApprovesAsync(laptopNumber);
        await FulfilAsync(laptopNumber, monitorNumber);
        await FollowToDeliveredAsync(page, number);

        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            var asset = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Assets.AsNoTracking().SingleAsync(a => a.SerialNumber == "LE-CATALOG-1", Ct);
            (asset.State, asset.AssignedPerson).Should().Be((AssetState.InUse, "rita"), "delivering the laptop puts the reserved one in use, assigned to her");
            asset.ConfigurationItemNumber.Should().NotBeNull("its configuration item is created and linked");
        }
    }

    /// <summary>Over 1,500 the laptop waits for finance: the administrator, a member of finance, approves it on the item's page.</summary>
    private async Task FinanceApprovesAsync(string laptop)
    {
        var admin = await browser.SignedInPageAsync("admin", WebHostFactory.AdminPassword, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(admin, "catalog-finance", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(admin, $"requested-items/{laptop}");
            var approval = admin.GetByTestId("requested-item-approval");
            await approval.GetByText("Finance").First.WaitForAsync();
            await approval.GetByTestId("approve").ClickAsync();
            // Reserved from stock, the item goes to fulfilment: its configuration task waits on the service desk.
            await Assertions.Expect(admin.GetByTestId("requested-item-state")).ToContainTextAsync("In fulfilment", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
            await Assertions.Expect(admin.GetByTestId("requested-item-tasks")).ToContainTextAsync("Configure the asset", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
            await Assertions.Expect(admin.GetByTestId("requested-item-tasks")).ToContainTextAsync("Service desk");
        });
    }

    /// <summary>
    /// Ana of the service desk works the laptop's tasks from the item's page: the task page says what it is about (the
    /// item, for whom); configure, then deliver; then the monitor's catalog task. Each task is claimed, then completed.
    /// </summary>
    private async Task FulfilAsync(string laptop, string monitor)
    {
        var ana = await browser.SignedInPageAsync("ana", DemoBrowserHost.DemoPassword, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(ana, "catalog-fulfil", async () =>
        {
            await WorkTaskAsync(ana, laptop, "Configure the asset", async () =>
            {
                var subject = ana.GetByTestId("task-subject");
                (await subject.GetByTestId("task-record").InnerTextAsync()).Should().Be(laptop);
                (await subject.GetByTestId("task-subject-title").InnerTextAsync()).Should().Contain("Laptop");
                (await subject.GetByTestId("task-subject-caller").InnerTextAsync()).Should().Be("Requested for: rita");
                (await subject.GetByTestId("task-subject-state").InnerTextAsync()).Should().Be("In fulfilment");
                (await subject.GetByTestId("task-subject-priority").CountAsync()).Should().Be(0, "a requested item has no priority to show");
                (await subject.GetByTestId("task-subject-description").InnerTextAsync()).Should()
                    .Contain("Quantity: 1").And.Contain("Model: Lenovo ThinkPad X1 Carbon").And.Contain("Dock model: USB-C dock", "the fulfiller works from what was ordered, in words");
                await KeepScreenshotAsync(ana, "configure-task-1440");
            });
            await WorkTaskAsync(ana, laptop, "Deliver the asset", () => Task.CompletedTask);
            await BrowserHost.GoToInteractiveAsync(ana, $"requested-items/{laptop}");
            await ana.GetByTestId("requested-item-state").GetByText("Delivered").WaitForAsync();

            await WorkTaskAsync(ana, monitor, "Fulfil the requested item", async () =>
            {
                await ana.Locator("[data-field-id=fulfilmentOutcome] .mud-select").First.ClickAsync();
                await ana.Locator(".mud-popover-open .mud-list-item").GetByText("Done", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
                await Assertions.Expect(ana.Locator("[data-field-id=fulfilmentOutcome] input").First).ToHaveValueAsync("done");
            });
            await BrowserHost.GoToInteractiveAsync(ana, $"requested-items/{monitor}");
            await ana.GetByTestId("requested-item-state").GetByText("Delivered").WaitForAsync();
        });
    }

    /// <summary>Opens the item's open task of that name, claims it, lets <paramref name="fill"/> look and fill, and completes it.</summary>
    private static async Task WorkTaskAsync(IPage page, string item, string task, Func<Task> fill)
    {
        await BrowserHost.GoToInteractiveAsync(page, $"requested-items/{item}");
        await page.GetByTestId("requested-item-task").GetByText(task).ClickAsync();
        await page.WaitForAddressAsync("**/tasks/*");
        await page.GetByTestId("claim").ClickAsync();
        await page.GetByTestId("task-status").GetByText("Claimed by you").WaitForAsync();
        await fill();
        await page.GetByTestId("complete").ClickAsync();
        await page.GetByText($"{task} completed.").WaitForAsync();
    }

    /// <summary>Rita's orders show the laptop delivered and the request closed complete, on a phone and a desktop.</summary>
    private static async Task FollowToDeliveredAsync(IPage rita, string number)
    {
        await BrowserHost.WithScreenshotOnFailureAsync(rita, "catalog-delivered", async () =>
        {
            await BrowserHost.DesktopWidthAsync(rita);
            await BrowserHost.GoToInteractiveAsync(rita, $"portal/orders/{number}");
            await rita.Locator("[data-testid=order-item][data-item=laptop] [data-testid=order-item-stage]").GetByText("Delivered").WaitForAsync();
            await rita.Locator("[data-testid=order-item][data-item=monitor] [data-testid=order-item-stage]").GetByText("Delivered").WaitForAsync();
            await rita.GetByTestId("order-state").GetByText("Closed complete").WaitForAsync();
            await KeepScreenshotAsync(rita, "delivered-1440");
            await BrowserHost.PhoneWidthAsync(rita);
            await rita.Locator("[data-testid=order-item][data-item=laptop] [data-testid=order-item-stage]").GetByText("Delivered").WaitForAsync();
            await KeepScreenshotAsync(rita, "delivered-390");
            (await rita.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the delivered order fits a phone");
        });
    }

    /// <summary>
    /// Carl, a catalog approver, opens the staff's requests list, the request and its laptop (labels, not keys) and
    /// approves it on the item's page: the laptop goes to fulfilment, and rita's orders say so.
    /// </summary>
    private async Task ApproveAsStaffAsync(IPage rita, string number)
    {
        var carl = await browser.SignedInPageAsync("carl", DemoBrowserHost.DemoPassword, 1440, 900);
        await BrowserHost.WithScreenshotOnFailureAsync(carl, "catalog-staff", async () =>
        {
            await BrowserHost.GoToInteractiveAsync(carl, "requests");
            await carl.GetByTestId("request-list").GetByText(number).ClickAsync();
            await carl.WaitForAddressAsync($"**/requests/{number}");
            await carl.GetByTestId("request-state").GetByText("In progress").WaitForAsync();
            var laptop = carl.Locator("[data-testid=request-item]").Filter(new LocatorFilterOptions { HasText = "Laptop" });
            await laptop.Locator("[data-testid=request-item-stage]").GetByText("Awaiting approval").WaitForAsync();
            await laptop.GetByText("Business justification").WaitForAsync();
            await KeepScreenshotAsync(carl, "request-staff-1440");
            await CheckAccessibilityAsync(carl, "the request's page");

            await laptop.Locator("a[href*='requested-items/']").ClickAsync();
            await carl.WaitForAddressAsync("**/requested-items/RITM*");
            await carl.GetByTestId("requested-item-values").GetByText("Lenovo ThinkPad X1 Carbon").WaitForAsync();
            await KeepScreenshotAsync(carl, "requested-item-staff-1440");
            await CheckAccessibilityAsync(carl, "the requested item's page");
            // Carl votes as the manager named on the form; over 1,500 the new-equipment workflow then asks finance.
            (await carl.GetByTestId("requested-item-approval").InnerTextAsync()).Should().Contain("Manager of the person it is for");
            await carl.GetByTestId("requested-item-approval").GetByTestId("approve").ClickAsync();
            await Assertions.Expect(carl.GetByTestId("requested-item-approval")).ToContainTextAsync("Finance", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
            await carl.GetByTestId("requested-item-state").GetByText("Awaiting approval").WaitForAsync();
        });

        await BrowserHost.GoToInteractiveAsync(rita, $"portal/orders/{number}");
        await rita.Locator("[data-testid=order-item][data-item=laptop] [data-testid=order-item-stage]").GetByText("Awaiting approval").WaitForAsync();
    }

    /// <summary>Opens the select of a field and picks the option shown with that text.</summary>
    private static async Task PickAsync(IPage page, string key, string option)
    {
        await page.GetByTestId($"field-{key}").Locator("..").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option).First.ClickAsync();
        await page.Locator(".mud-popover-open").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    private static async Task CheckAccessibilityAsync(IPage page, string what)
    {
        if (Axe.UnavailableReason is null)
        {
            (await Axe.CheckAsync(page)).Should().BeEmpty($"{what} has names for every control and enough contrast");
        }
    }

    private static async Task KeepScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserHost.ScreenshotFolder, "catalog");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}
