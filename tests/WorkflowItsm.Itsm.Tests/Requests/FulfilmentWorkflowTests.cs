using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Testing;
using static WorkflowItsm.Itsm.Tests.Requests.CatalogSamples;

namespace WorkflowItsm.Itsm.Tests.Requests;

/// <summary>
/// The fulfilment workflows of the repository (workflows/new-equipment.bpmn, workflows/request-fulfilment.bpmn) on the
/// catalog's test domain: laptops and monitors are new equipment (their manager, mia, approves; finance, adam,
/// approves over 1,500), the MacBook's stock rule restocks under 1, and the monitor model has one in stock.
/// Issue 20's tests 1 (without the email link), 3 and 5; the generic workflow's catalog tasks, and its approval not asked twice.
/// </summary>
public sealed class FulfilmentWorkflowTests : IAsyncLifetime
{
    private const string Finance = CatalogTestHost.Admin;
    private CatalogTestHost host = null!;
    private int screen;
    private int stockroom;

    public async ValueTask InitializeAsync()
    {
        host = await CatalogTestHost.StartAsync();
        await host.InScopeAsync(async s =>
        {
            var xml = new List<BpmnFile>();
            foreach (var file in (string[])["new-equipment.bpmn", "request-fulfilment.bpmn"])
            {
                xml.Add(new BpmnFile(file, await File.ReadAllTextAsync(ModelPath(file))));
            }

            await s.GetRequiredService<ProcessDeployer>().DeployAsync(xml, "test", null, CancellationToken.None);
            await s.GetRequiredService<RequestApprovalDefaults>().EnsureAsync(CancellationToken.None);
            await s.GetRequiredService<DirectoryGroups>().AddMemberAsync(RequestApprovalDefaults.FinanceGroup, Finance, CancellationToken.None);

            var db = s.GetRequiredService<ItsmDbContext>();
            var room = new Stockroom { Name = "Head office" };
            var model = new AssetModel { Manufacturer = "Dell", Name = "P2725H", Category = AssetCategory.Monitor, UnitCost = 320 };
            db.AddRange(room, model);
            await db.SaveChangesAsync();
            (screen, stockroom) = (model.Id, room.Id);
            db.Assets.Add(new Asset
            {
                Number = "AST0009010", ShortDescription = model.DisplayName, SerialNumber = "MON1", SerialKey = "MON1", ModelId = model.Id,
                State = AssetState.InStock, Substate = AssetSubstate.Available, OpenedBy = CatalogTestHost.Admin, OpenedAt = host.Now, UpdatedAt = host.Now,
            });
            await db.SaveChangesAsync();
            await db.Assets.ExecuteUpdateAsync(a => a.SetProperty(x => x.StockroomId, room.Id));
            await s.GetRequiredService<StockAdmin>().SaveRuleAsync(new StockRuleInput(host.MacBook, room.Id, 1, 3), CancellationToken.None);

            var admin = s.GetRequiredService<CatalogAdministration>();
            var manager = new CatalogVariable { Key = "requesterManager", Label = "Your manager", Type = VariableType.Person, Required = true };
            var laptop = Laptop(null);
            await admin.SaveItemAsync("laptop", laptop with { FulfilmentProcessKey = "new-equipment", Variables = [.. laptop.Variables!, manager] }, CatalogTestHost.Admin, CancellationToken.None);
            await admin.PublishAsync("laptop", CatalogTestHost.Admin, CancellationToken.None);
            await admin.SaveItemAsync("monitor", MonitorItem with
            {
                FulfilmentProcessKey = "new-equipment",
                Variables = [new CatalogVariable { Key = "model", Label = "Model", Type = VariableType.AssetModel, Required = true, InStockOnly = true, SetsPrice = true }, manager],
            }, CatalogTestHost.Admin, CancellationToken.None);
            await admin.PublishAsync("monitor", CatalogTestHost.Admin, CancellationToken.None);
        });
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private OrderLine MacBookLine => new("laptop", null, 1, Values(("model", Id(host.MacBook)), ("justification", "Video editing."), ("requesterManager", CatalogTestHost.Mia)));

    private OrderLine MonitorLine => new("monitor", null, 1, Values(("model", Id(screen)), ("requesterManager", CatalogTestHost.Mia)));

    [Fact]
    public async Task A_laptop_and_a_monitor_are_approved_reserved_configured_delivered_and_the_request_closes_complete()
    {
        var request = await host.OrderAsync(CatalogTestHost.Ana, MacBookLine, MonitorLine);
        request.Items.Should().HaveCount(2);
        var (laptop, monitor) = (request.Items[0].Number, request.Items[1].Number);
        // The workflow's own approvals read as the stage the requester waits in, and the item offers that vote.
        var waiting = await host.RequestAsync(request.Number);
        waiting.Items.Select(i => i.Stage).Should().Equal("Awaiting approval", "Awaiting approval");
        waiting.Items.Should().OnlyContain(i => i.State == RequestedItemState.Fulfilment && i.ApprovalId != null);

        // The manager approves the laptop from the signed link of her approval email.
        foreach (var job in host.Jobs.Of<ApprovalNotificationJob>())
        {
            await RecordingJobs.RunAsync(job, host.Services);
        }

        var laptopApproval = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking()
            .Where(a => a.RecordNumber == laptop && a.State == ApprovalState.Pending).Select(a => a.Id).SingleAsync());
        var mail = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Notifications.AsNoTracking()
            .SingleAsync(n => n.Kind == NotificationKinds.ApprovalRequested && n.Recipient == CatalogTestHost.Mia && n.Title.Contains(laptop)));
        mail.Link.Should().StartWith(ApprovalLinks.PathPrefix);
        var byLink = await host.InScopeAsync(s => s.GetRequiredService<ApprovalLinks>().VoteAsync(
            mail.Link![ApprovalLinks.PathPrefix.Length..], CatalogTestHost.Mia, ApprovalDecision.Approved, null, CancellationToken.None));
        byLink.Id.Should().Be(laptopApproval);
        byLink.State.Should().Be(ApprovalState.Approved);
        await VoteAsync(monitor, CatalogTestHost.Mia, ApprovalDecision.Approved);
        (await ApprovalRulesAsked(laptop)).Should().Equal(RequestApprovalDefaults.ManagerRule, RequestApprovalDefaults.FinanceRule);
        (await ApprovalRulesAsked(monitor)).Should().Equal([RequestApprovalDefaults.ManagerRule], "the monitor costs less than the finance limit");
        await VoteAsync(laptop, Finance, ApprovalDecision.Approved);

        foreach (var item in (string[])[laptop, monitor])
        {
            await CompleteAsync(item, "Configure the asset");
            await CompleteAsync(item, "Deliver the asset");
        }

        var macBook = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Assets.AsNoTracking().SingleAsync(a => a.ModelId == host.MacBook));
        macBook.Should().Match<Asset>(a => a.State == AssetState.InUse && a.AssignedPerson == CatalogTestHost.Ana && a.ConfigurationItemNumber != null);
        var ci = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ConfigurationItems.AsNoTracking().SingleAsync(c => c.Number == macBook.ConfigurationItemNumber));
        ci.ShortDescription.Should().Contain("MacBook Pro 14");
        var view = await host.RequestAsync(request.Number);
        view.State.Should().Be(ServiceRequestState.ClosedComplete);
        view.Items.Select(i => i.Stage).Should().Equal("Delivered", "Delivered");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RestockOrders.AsNoTracking().Select(o => o.ModelId).ToListAsync()))
            .Should().Equal([host.MacBook], "the MacBook's stock fell under its threshold once; the monitor has no rule");
    }

    [Fact]
    public async Task The_manager_rejects_the_monitor_it_closes_incomplete_the_laptop_goes_on_and_the_request_ends_incomplete()
    {
        var request = await host.OrderAsync(CatalogTestHost.Ana, MacBookLine, MonitorLine);
        var (laptop, monitor) = (request.Items[0].Number, request.Items[1].Number);

        await VoteAsync(monitor, CatalogTestHost.Mia, ApprovalDecision.Rejected, "One screen is enough.");
        var afterRejection = await host.RequestAsync(request.Number);
        afterRejection.Items.Single(i => i.Number == monitor).State.Should().Be(RequestedItemState.ClosedIncomplete);
        afterRejection.State.Should().Be(ServiceRequestState.Open, "the laptop is still open");

        await VoteAsync(laptop, CatalogTestHost.Mia, ApprovalDecision.Approved);
        await VoteAsync(laptop, Finance, ApprovalDecision.Approved);
        await CompleteAsync(laptop, "Configure the asset");
        await CompleteAsync(laptop, "Deliver the asset");

        var view = await host.RequestAsync(request.Number);
        view.Items.Single(i => i.Number == laptop).State.Should().Be(RequestedItemState.ClosedComplete);
        view.State.Should().Be(ServiceRequestState.ClosedIncomplete);
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Assets.AsNoTracking().SingleAsync(a => a.ModelId == screen)))
            .State.Should().Be(AssetState.InStock, "the rejected monitor reserved nothing");
    }

    [Fact]
    public async Task Without_stock_the_item_is_backordered_with_a_purchase_task_and_is_reserved_once_the_asset_is_received()
    {
        var first = (await host.OrderAsync(CatalogTestHost.Ana, MacBookLine)).Items.Single().Number;
        var second = await host.OrderAsync(CatalogTestHost.Bob, MacBookLine);
        var late = second.Items.Single().Number;
        foreach (var item in (string[])[first, late])
        {
            await VoteAsync(item, CatalogTestHost.Mia, ApprovalDecision.Approved);
            await VoteAsync(item, Finance, ApprovalDecision.Approved);
        }

        var view = await host.RequestAsync(second.Number);
        view.Items.Single().Should().Match<RequestedItemView>(i => i.State == RequestedItemState.Backordered && i.Stage == "Backordered");
        (await OpenTaskNamesAsync(late)).Should().Equal("Purchase the asset");
        (await OpenTaskNamesAsync(first)).Should().Equal("Configure the asset");

        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            db.Assets.Add(new Asset
            {
                Number = "AST0009020", ShortDescription = "Apple MacBook Pro 14", SerialNumber = "SN20", SerialKey = "SN20", ModelId = host.MacBook, StockroomId = stockroom,
                State = AssetState.InStock, Substate = AssetSubstate.Available, OpenedBy = CatalogTestHost.Admin, OpenedAt = host.Now, UpdatedAt = host.Now,
            });
            await db.SaveChangesAsync();
        });
        await CompleteAsync(late, "Purchase the asset");

        (await host.RequestAsync(second.Number)).Items.Single().State.Should().Be(RequestedItemState.Fulfilment);
        (await OpenTaskNamesAsync(late)).Should().Equal("Configure the asset");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Assets.AsNoTracking().SingleAsync(a => a.Number == "AST0009020")))
            .Should().Match<Asset>(a => a.Substate == AssetSubstate.Reserved && a.ReservedFor == late);
    }

    [Fact]
    public async Task Three_laptops_reserve_the_two_in_stock_backorder_the_third_and_hand_all_three_over_once_it_is_received()
    {
        var line = new OrderLine("laptop", null, 3, Values(("model", Id(host.Latitude)), ("requesterManager", CatalogTestHost.Mia), ("justification", "Three new hires.")));
        var request = await host.OrderAsync(CatalogTestHost.Ana, line);
        var item = request.Items.Single().Number;
        await VoteAsync(item, CatalogTestHost.Mia, ApprovalDecision.Approved);
        await VoteAsync(item, Finance, ApprovalDecision.Approved);

        (await host.RequestAsync(request.Number)).Items.Single().State.Should().Be(RequestedItemState.Backordered);
        (await OpenTaskNamesAsync(item)).Should().Equal("Purchase the asset");
        (await ReservedForAsync(item)).Should().HaveCount(2, "both Latitudes in stock are reserved at once");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RecordNotes.AsNoTracking().Where(n => n.RecordNumber == item).Select(n => n.Text).ToListAsync()))
            .Should().Contain(n => n.Contains("2 of 3") && n.Contains("1 being purchased"));

        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            db.Assets.Add(new Asset
            {
                Number = "AST0009030", ShortDescription = "Dell Latitude 7450", SerialNumber = "SN30", SerialKey = "SN30", ModelId = host.Latitude, StockroomId = stockroom,
                State = AssetState.InStock, Substate = AssetSubstate.Available, OpenedBy = CatalogTestHost.Admin, OpenedAt = host.Now, UpdatedAt = host.Now,
            });
            await db.SaveChangesAsync();
        });
        await CompleteAsync(item, "Purchase the asset");
        (await ReservedForAsync(item)).Should().HaveCount(3);
        await CompleteAsync(item, "Configure the asset");
        await CompleteAsync(item, "Deliver the asset");

        var latitudes = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Assets.AsNoTracking().Where(a => a.ModelId == host.Latitude).ToListAsync());
        latitudes.Should().HaveCount(3).And.OnlyContain(a => a.State == AssetState.InUse && a.AssignedPerson == CatalogTestHost.Ana && a.ConfigurationItemNumber != null);
        latitudes.Select(a => a.ConfigurationItemNumber).Should().OnlyHaveUniqueItems();
        (await host.RequestAsync(request.Number)).State.Should().Be(ServiceRequestState.ClosedComplete);
    }

    private Task<List<string>> ReservedForAsync(string item) => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Assets.AsNoTracking()
        .Where(a => a.ReservedFor == item && a.Substate == AssetSubstate.Reserved).Select(a => a.Number).ToListAsync());

    [Fact]
    public async Task The_generic_workflow_gives_each_group_a_catalog_task_and_a_task_not_done_closes_the_item_incomplete()
    {
        await host.InScopeAsync(async s =>
        {
            var admin = s.GetRequiredService<CatalogAdministration>();
            var groups = s.GetRequiredService<DirectoryGroups>();
            await groups.EnsureAsync("service-desk", "Service desk", null, CancellationToken.None);
            await groups.EnsureAsync("network", "Network", null, CancellationToken.None);
            await admin.SaveItemAsync("cabling", new CatalogItemInput
            {
                Category = "hardware", Name = "Desk cabling", Price = 0, FulfilmentProcessKey = "request-fulfilment",
                Variables = [new CatalogVariable { Key = "fulfilmentGroups", Label = "Teams", Type = VariableType.SingleLineText }],
            }, CatalogTestHost.Admin, CancellationToken.None);
            await admin.PublishAsync("cabling", CatalogTestHost.Admin, CancellationToken.None);
        });
        var line = new OrderLine("cabling", null, 1, Values(("fulfilmentGroups", "service-desk, network")));
        var done = await host.OrderAsync(CatalogTestHost.Ana, line);
        var notDone = await host.OrderAsync(CatalogTestHost.Ana, line);

        var tasks = await OpenTasksAsync(done.Items.Single().Number);
        tasks.Select(t => t.CandidateGroups).Should().BeEquivalentTo(new[] { "service-desk", "network" });
        foreach (var task in tasks)
        {
            await CompleteTaskAsync(task.Id, ("fulfilmentOutcome", "done"));
        }

        var refused = await OpenTasksAsync(notDone.Items.Single().Number);
        await CompleteTaskAsync(refused[0].Id, ("fulfilmentOutcome", "notDone"), ("fulfilmentNotes", "No socket at that desk."));

        (await host.RequestAsync(done.Number)).Should().Match<ServiceRequestView>(r => r.State == ServiceRequestState.ClosedComplete);
        (await host.RequestAsync(notDone.Number)).State.Should().Be(ServiceRequestState.ClosedIncomplete);
        (await OpenTasksAsync(notDone.Items.Single().Number)).Should().BeEmpty("the other group's task ends with the item");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RecordNotes.AsNoTracking()
            .Where(n => n.RecordNumber == notDone.Items.Single().Number).Select(n => n.Text).ToListAsync()))
            .Should().Contain(t => t.Contains("No socket at that desk."));
    }

    [Fact]
    public async Task An_item_approved_at_checkout_is_not_asked_again_by_the_generic_workflow()
    {
        await host.InScopeAsync(async s =>
        {
            var admin = s.GetRequiredService<CatalogAdministration>();
            await admin.SaveItemAsync("vpn", new CatalogItemInput
            {
                Category = "hardware", Name = "VPN token", Price = 0, FulfilmentProcessKey = "request-fulfilment", ApprovalRuleKey = CatalogTestHost.LaptopRule,
            }, CatalogTestHost.Admin, CancellationToken.None);
            await admin.PublishAsync("vpn", CatalogTestHost.Admin, CancellationToken.None);
        });
        var item = (await host.OrderAsync(CatalogTestHost.Ana, new OrderLine("vpn", null, 1, null))).Items.Single().Number;
        (await OpenTasksAsync(item)).Should().BeEmpty("the process starts once the checkout's approval is decided");

        await VoteAsync(item, CatalogTestHost.Mia, ApprovalDecision.Approved);
        foreach (var job in host.Jobs.Of<RequestedItemFulfilmentJob>())
        {
            await RecordingJobs.RunAsync(job, host.Services);
        }

        (await OpenTaskNamesAsync(item)).Should().Equal("Fulfil the requested item");
        (await ApprovalRulesAsked(item)).Should().Equal([CatalogTestHost.LaptopRule], "the workflow sees the approval checkout asked and does not ask it twice");
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task VoteAsync(string item, string user, ApprovalDecision decision, string? comment = null)
    {
        var open = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking()
            .Where(a => a.RecordNumber == item && a.State == ApprovalState.Pending).Select(a => a.Id).SingleAsync());
        await host.VoteAsync(open, user, decision, comment);
    }

    private Task<List<string>> ApprovalRulesAsked(string item) => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking()
        .Where(a => a.RecordNumber == item).OrderBy(a => a.RequestedAt).ThenBy(a => a.RuleKey == RequestApprovalDefaults.FinanceRule).Select(a => a.RuleKey).ToListAsync());

    private Task<List<HumanTaskRecord>> OpenTasksAsync(string item) => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().HumanTasks.AsNoTracking()
        .Where(t => t.BusinessKey == item && t.Status == HumanTaskStatus.Open).OrderBy(t => t.CreatedAt).ToListAsync());

    private async Task<List<string?>> OpenTaskNamesAsync(string item) => [.. (await OpenTasksAsync(item)).Select(t => t.Name)];

    private async Task CompleteAsync(string item, string name)
    {
        var task = (await OpenTasksAsync(item)).Should().ContainSingle(t => t.Name == name, $"{item} waits for '{name}'").Subject;
        await CompleteTaskAsync(task.Id);
    }

    private Task<ProcessInstanceRecord> CompleteTaskAsync(string id, params (string Key, object? Value)[] values) => host.InScopeAsync(s =>
        s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(id, Values(values), CatalogTestHost.Admin, CancellationToken.None));

    internal static string ModelPath(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "WorkflowItsm.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory.FullName, "workflows", file);
    }
}
