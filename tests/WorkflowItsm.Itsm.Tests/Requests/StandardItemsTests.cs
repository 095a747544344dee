using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using static WorkflowItsm.Itsm.Tests.Requests.CatalogSamples;

namespace WorkflowItsm.Itsm.Tests.Requests;

/// <summary>
/// Issue 20's standard simple items with their workflows (workflows/password-reset.bpmn, software-installation.bpmn,
/// system-access.bpmn): the password reset runs without anyone, the software installation takes a licence right from
/// the compliance or waits for one to be bought, and access to a system is approved by the system's owner in the CMDB
/// before its support group grants it. Also who may order for whom.
/// </summary>
public sealed class StandardItemsTests : IAsyncLifetime
{
    private const string OldPassword = "Old-Pass-word-1";
    private CatalogTestHost host = null!;
    private long acrobat;
    private string erp = null!;
    private string unowned = null!;

    public async ValueTask InitializeAsync()
    {
        host = await CatalogTestHost.StartAsync();
        await host.InScopeAsync(async s =>
        {
            var xml = new List<BpmnFile>();
            foreach (var file in (string[])["password-reset.bpmn", "software-installation.bpmn", "system-access.bpmn"])
            {
                xml.Add(new BpmnFile(file, await File.ReadAllTextAsync(FulfilmentWorkflowTests.ModelPath(file))));
            }

            await s.GetRequiredService<ProcessDeployer>().DeployAsync(xml, "test", null, CancellationToken.None);
            await s.GetRequiredService<RequestApprovalDefaults>().EnsureAsync(CancellationToken.None);
            var groups = s.GetRequiredService<DirectoryGroups>();
            await groups.EnsureAsync("service-desk", "Service desk", null, CancellationToken.None);
            await groups.EnsureAsync("applications", "Applications", null, CancellationToken.None);

            var db = s.GetRequiredService<ItsmDbContext>();
            var product = new SoftwareProduct { Publisher = "Adobe", Name = "Acrobat Pro", MatchKey = SoftwareProduct.KeyOf("Adobe", "Acrobat Pro"), CreatedAt = host.Now };
            db.SoftwareProducts.Add(product);
            await db.SaveChangesAsync();
            acrobat = product.Id;
            var version = new SoftwareVersion { ProductId = product.Id, Version = "24.1", Rank = 1 };
            var device = new SoftwareDevice { Name = "PC-0001", NameKey = "PC-0001", LastSeenAt = host.Now };
            db.AddRange(version, device);
            await db.SaveChangesAsync();
            db.SoftwareInstallations.Add(new SoftwareInstallation { DeviceId = device.Id, ProductId = product.Id, VersionId = version.Id, UserName = CatalogTestHost.Mia, FirstSeenAt = host.Now, LastSeenAt = host.Now });
            db.LicenceEntitlements.Add(new LicenceEntitlement { ProductId = product.Id, Metric = LicenceMetric.PerDevice, Count = 2, CreatedAt = host.Now, UpdatedAt = host.Now, UpdatedBy = CatalogTestHost.Admin });
            await db.SaveChangesAsync();

            var cis = s.GetRequiredService<CiService>();
            erp = (await cis.CreateAsync(new NewConfigurationItem
            {
                Name = "ERP", Class = CmdbSeed.BusinessService, Attributes = new Dictionary<string, string?> { ["serviceOwner"] = CatalogTestHost.Mia, ["supportGroup"] = "applications" },
            }, CatalogTestHost.Admin, CancellationToken.None)).Number;
            unowned = (await cis.CreateAsync(new NewConfigurationItem { Name = "Old intranet", Class = CmdbSeed.BusinessService }, CatalogTestHost.Admin, CancellationToken.None)).Number;

            var admin = s.GetRequiredService<CatalogAdministration>();
            await admin.SaveCategoryAsync("access", new CatalogCategoryInput("Access"), CancellationToken.None);
            await admin.SaveItemAsync("password-reset", new CatalogItemInput { Category = "access", Name = "Password reset", Price = 0, FulfilmentProcessKey = "password-reset" }, CatalogTestHost.Admin, CancellationToken.None);
            await admin.SaveItemAsync("software", new CatalogItemInput
            {
                Category = "access", Name = "Software installation", Price = 0, FulfilmentProcessKey = AssignLicenceHandler.ProcessKey,
                Variables = [new CatalogVariable { Key = "product", Label = "Software", Type = VariableType.Choice, Required = true, Choices = [new VariableChoice(Id(acrobat), "Adobe Acrobat Pro")] }],
            }, CatalogTestHost.Admin, CancellationToken.None);
            await admin.SaveItemAsync("system-access", new CatalogItemInput
            {
                Category = "access", Name = "Access to a system", Price = 0, FulfilmentProcessKey = RouteAccessHandler.ProcessKey,
                Variables = [new CatalogVariable { Key = "system", Label = "System", Type = VariableType.ConfigurationItem, Required = true }],
            }, CatalogTestHost.Admin, CancellationToken.None);
            foreach (var key in (string[])["password-reset", "software", "system-access"])
            {
                await admin.PublishAsync(key, CatalogTestHost.Admin, CancellationToken.None);
            }

            var users = s.GetRequiredService<UserManager<DirectoryUser>>();
            foreach (var name in (string[])[CatalogTestHost.Ana, CatalogTestHost.Bob])
            {
                var user = (await users.FindByNameAsync(name))!;
                (await users.AddPasswordAsync(user, OldPassword)).Succeeded.Should().BeTrue();
            }
        });
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_password_reset_emails_a_single_use_link_and_no_password_to_the_address_on_file_and_closes_without_a_human_task()
    {
        await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Users.Where(u => u.UserName == CatalogTestHost.Ana)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnabled, true).SetProperty(x => x.LockoutEnd, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)).SetProperty(x => x.AccessFailedCount, 5)));

        var request = await host.OrderAsync(CatalogTestHost.Ana, new OrderLine("password-reset", null, 1, null));
        var item = request.Items.Single().Number;

        var view = await host.RequestAsync(request.Number);
        view.State.Should().Be(ServiceRequestState.ClosedComplete);
        view.Items.Single().Stage.Should().Be("Delivered");
        (await TasksAsync(item)).Should().BeEmpty("nobody works a password reset");
        var mail = PasswordMails().Should().ContainSingle().Subject;
        mail.Arguments[0].Should().Be(CatalogTestHost.Ana, "the link goes to the directory's address of the person, nobody else");
        var body = (string)mail.Arguments[3]!;
        body.Should().Contain("link").And.Contain("complete").And.Contain("works once");
        var link = (string)mail.Arguments[4]!;
        link.Should().StartWith(ResetPasswordHandler.LinkPath + "?user=ana&token=");
        var token = Uri.UnescapeDataString(link[(link.IndexOf("&token=", StringComparison.Ordinal) + "&token=".Length)..]);
        token.Should().NotBeNullOrWhiteSpace();
        (await NotesAsync(item)).Should().Contain(n => n.Contains("link to choose a new password was emailed") && !n.Contains(token), "the item says so, without the link");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Notifications.AnyAsync(n => n.Body.Contains(token) || (n.Link != null && n.Link.Contains(token)))))
            .Should().BeFalse("the link is never kept under the bell");

        const string NewPassword = "New-Pass-word-2";
        await host.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<DirectoryUser>>();
            var ana = (await users.FindByNameAsync(CatalogTestHost.Ana))!;
            (await users.CheckPasswordAsync(ana, OldPassword)).Should().BeTrue("no password was made: the old one works until she chooses a new one");
            ana.LockoutEnd.Should().NotBeNull("the account is unlocked by using the link, not by ordering it");

            var unknown = await ResetPasswordHandler.ResetWithTokenAsync(users, "nobody", token, NewPassword);
            ResetPasswordHandler.IsInvalidLink(unknown).Should().BeTrue("an unknown person gets the same answer as a bad link");
            var wrongPerson = await ResetPasswordHandler.ResetWithTokenAsync(users, CatalogTestHost.Bob, token, NewPassword);
            ResetPasswordHandler.IsInvalidLink(wrongPerson).Should().BeTrue("ana's token does not reset bob's password");
            var weak = await ResetPasswordHandler.ResetWithTokenAsync(users, CatalogTestHost.Ana, token, "short");
            weak.Succeeded.Should().BeFalse();
            ResetPasswordHandler.IsInvalidLink(weak).Should().BeFalse("the policy refused the password, not the link");
        });
        await host.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<DirectoryUser>>();
            var stampBefore = (await users.FindByNameAsync(CatalogTestHost.Ana))!.SecurityStamp;
            (await ResetPasswordHandler.ResetWithTokenAsync(users, CatalogTestHost.Ana, token, NewPassword)).Succeeded.Should().BeTrue("a refused password leaves the link usable");
            var ana = (await users.FindByNameAsync(CatalogTestHost.Ana))!;
            (await users.CheckPasswordAsync(ana, NewPassword)).Should().BeTrue();
            (await users.CheckPasswordAsync(ana, OldPassword)).Should().BeFalse();
            ana.SecurityStamp.Should().NotBe(stampBefore, "every other session ends");
            ana.LockoutEnd.Should().BeNull();
            ana.AccessFailedCount.Should().Be(0);
        });
        await host.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<DirectoryUser>>();
            var again = await ResetPasswordHandler.ResetWithTokenAsync(users, CatalogTestHost.Ana, token, "Another-Pass-word-3");
            ResetPasswordHandler.IsInvalidLink(again).Should().BeTrue("the link works once");
            (await users.CheckPasswordAsync((await users.FindByNameAsync(CatalogTestHost.Ana))!, NewPassword)).Should().BeTrue();
        });
    }

    [Fact]
    public async Task A_password_reset_for_someone_without_an_address_on_file_changes_nothing_and_closes_incomplete_saying_why()
    {
        await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Users.Where(u => u.UserName == CatalogTestHost.Bob)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, (string?)null).SetProperty(x => x.NormalizedEmail, (string?)null)));

        var request = await host.OrderAsync(CatalogTestHost.Bob, new OrderLine("password-reset", null, 1, null));

        (await host.RequestAsync(request.Number)).State.Should().Be(ServiceRequestState.ClosedIncomplete);
        (await NotesAsync(request.Items.Single().Number)).Should().Contain(n => n.Contains("no email address on file"));
        PasswordMails().Should().BeEmpty();
        await host.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<DirectoryUser>>();
            (await users.CheckPasswordAsync((await users.FindByNameAsync(CatalogTestHost.Bob))!, OldPassword)).Should().BeTrue();
        });
    }

    [Fact]
    public async Task Software_takes_a_free_licence_right_the_next_order_waits_for_a_purchase_and_goes_on_once_a_licence_is_recorded()
    {
        // Two rights, one device uses the product: one right is free.
        var first = (await host.OrderAsync(CatalogTestHost.Ana, SoftwareLine)).Items.Single().Number;
        (await FaultsAsync()).Should().BeEmpty();
        (await TaskNamesAsync(first)).Should().Equal("Install the software");
        (await NotesAsync(first)).Should().Contain(n => n.Contains("A licence of Adobe Acrobat Pro is assigned to ana"));

        var second = await host.OrderAsync(CatalogTestHost.Bob, SoftwareLine);
        var late = second.Items.Single().Number;
        var waiting = (await host.RequestAsync(second.Number)).Items.Single();
        waiting.State.Should().Be(RequestedItemState.Backordered, "the free right is held by ana's order until installed");
        waiting.Stage.Should().Be("Backordered");
        (await TaskNamesAsync(late)).Should().Equal("Buy a licence");

        await host.InScopeAsync(s => s.GetRequiredService<LicenceEntitlements>().AddAsync(
            new EntitlementInput { ProductId = acrobat, Metric = LicenceMetric.PerDevice, Count = 1 }, CatalogTestHost.Admin, CancellationToken.None));
        await CompleteAsync(late, "Buy a licence", ("fulfilmentOutcome", "done"));

        (await host.RequestAsync(second.Number)).Items.Single().State.Should().Be(RequestedItemState.Fulfilment);
        (await TaskNamesAsync(late)).Should().Equal("Install the software");
        foreach (var item in (string[])[first, late])
        {
            await CompleteAsync(item, "Install the software", ("fulfilmentOutcome", "done"));
        }

        (await host.RequestAsync(second.Number)).State.Should().Be(ServiceRequestState.ClosedComplete);
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().LicenceComplianceSnapshots.CountAsync(c => c.ProductId == acrobat && c.Trigger.StartsWith("catalog "))))
            .Should().Be(3, "each of the three checks reads the compliance recomputed then");
    }

    [Fact]
    public async Task Software_whose_licence_cannot_be_bought_closes_incomplete_with_the_buyers_reason()
    {
        await host.OrderAsync(CatalogTestHost.Ana, SoftwareLine);
        var late = (await host.OrderAsync(CatalogTestHost.Bob, SoftwareLine)).Items.Single().Number;

        await CompleteAsync(late, "Buy a licence", ("fulfilmentOutcome", "notDone"), ("fulfilmentNotes", "No budget left this year."));

        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<RequestedItem>().SingleAsync(i => i.Number == late))).State.Should().Be(RequestedItemState.ClosedIncomplete);
        (await NotesAsync(late)).Should().Contain(n => n.Contains("No budget left this year."));
    }

    [Fact]
    public async Task Access_to_a_system_is_approved_by_its_owner_in_the_cmdb_then_its_support_group_grants_it()
    {
        var item = (await host.OrderAsync(CatalogTestHost.Ana, new OrderLine("system-access", null, 1, Values(("system", erp))))).Items.Single().Number;

        var approval = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking().Include(a => a.Approvers).SingleAsync(a => a.RecordNumber == item));
        approval.RuleKey.Should().Be(RequestApprovalDefaults.SystemOwnerRule);
        approval.Approvers.Select(a => a.UserName).Should().Equal(CatalogTestHost.Mia);
        var request = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<RequestedItem>().Where(i => i.Number == item).Select(i => i.RequestNumber).SingleAsync());
        (await host.RequestAsync(request)).Items.Single().Stage.Should().Be("Awaiting approval");

        await host.VoteAsync(approval.Id, CatalogTestHost.Mia, ApprovalDecision.Approved);

        var grant = (await TasksAsync(item)).Should().ContainSingle().Subject;
        grant.Name.Should().Be("Grant the access");
        grant.CandidateGroups.Should().Be("applications");
        await CompleteAsync(item, "Grant the access", ("fulfilmentOutcome", "done"));
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<RequestedItem>().SingleAsync(i => i.Number == item))).State.Should().Be(RequestedItemState.ClosedComplete);
    }

    [Fact]
    public async Task Access_rejected_by_the_owner_or_to_a_system_nobody_owns_closes_the_item_incomplete()
    {
        var rejected = (await host.OrderAsync(CatalogTestHost.Ana, new OrderLine("system-access", null, 1, Values(("system", erp))))).Items.Single().Number;
        var approval = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking().Where(a => a.RecordNumber == rejected).Select(a => a.Id).SingleAsync());
        await host.VoteAsync(approval, CatalogTestHost.Mia, ApprovalDecision.Rejected, "Not in your role.");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<RequestedItem>().SingleAsync(i => i.Number == rejected))).State.Should().Be(RequestedItemState.ClosedIncomplete);
        (await TasksAsync(rejected)).Should().BeEmpty();

        var orphan = (await host.OrderAsync(CatalogTestHost.Ana, new OrderLine("system-access", null, 1, Values(("system", unowned))))).Items.Single().Number;
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<RequestedItem>().SingleAsync(i => i.Number == orphan))).State.Should().Be(RequestedItemState.ClosedIncomplete);
        (await NotesAsync(orphan)).Should().Contain(n => n.Contains("has no owner in the CMDB"));
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AnyAsync(a => a.RecordNumber == orphan))).Should().BeFalse();
    }

    [Fact]
    public async Task A_requester_orders_for_herself_only_an_agent_orders_for_anyone_and_nothing_is_stored_when_refused()
    {
        var monitor = new OrderLine("monitor", null, 1, null);
        var refused = () => host.InScopeAsync(s => s.GetRequiredService<CatalogCheckout>().OrderAsync([monitor], CatalogTestHost.Bob, CatalogTestHost.Ana, CancellationToken.None));
        (await refused.Should().ThrowAsync<CatalogOrderForbiddenException>()).Which.Message.Should().Contain("requestedFor");
        (await host.CountAsync<ServiceRequest>()).Should().Be(0);

        var unknown = () => host.InScopeAsync(s => s.GetRequiredService<CatalogCheckout>().OrderAsync([monitor], "nobody", CatalogTestHost.Ana, CancellationToken.None));
        (await unknown.Should().ThrowAsync<WorkflowItsm.Itsm.Records.RecordValidationException>()).Which.Errors.Keys.Should().Equal("requestedFor");

        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            var role = new DirectoryRole(Roles.Agent) { NormalizedName = Roles.Agent.ToUpperInvariant() };
            db.Roles.Add(role);
            await db.SaveChangesAsync();
            var adam = await db.Users.SingleAsync(u => u.UserName == CatalogTestHost.Admin);
            db.Set<IdentityUserRole<string>>().Add(new IdentityUserRole<string> { UserId = adam.Id, RoleId = role.Id });
            await db.SaveChangesAsync();
        });
        var onBehalf = await host.InScopeAsync(s => s.GetRequiredService<CatalogCheckout>().OrderAsync([monitor], CatalogTestHost.Bob, CatalogTestHost.Admin, CancellationToken.None));
        onBehalf.Should().Match<ServiceRequest>(r => r.RequestedFor == CatalogTestHost.Bob && r.OpenedBy == CatalogTestHost.Admin);
        onBehalf.Items.Single().RequestedFor.Should().Be(CatalogTestHost.Bob);
    }

    /// <summary>The mails sent straight to a person (not the bell's): the reset link's.</summary>
    private List<WorkflowItsm.Testing.PlannedJob> PasswordMails() =>
        [.. host.Jobs.Of<NotificationEmailJob>().Where(j => j.Method.Name == nameof(NotificationEmailJob.SendOnlyByEmailAsync))];

    private Task<List<string>> FaultsAsync() => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Faults.AsNoTracking()
        .Select(f => f.ElementId + ": " + f.Message).ToListAsync());

    private OrderLine SoftwareLine => new("software", null, 1, Values(("product", Id(acrobat))));

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<List<HumanTaskRecord>> TasksAsync(string item) => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().HumanTasks.AsNoTracking()
        .Where(t => t.BusinessKey == item && t.Status == HumanTaskStatus.Open).OrderBy(t => t.CreatedAt).ToListAsync());

    private async Task<List<string?>> TaskNamesAsync(string item) => [.. (await TasksAsync(item)).Select(t => t.Name)];

    private Task<List<string>> NotesAsync(string item) => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RecordNotes.AsNoTracking()
        .Where(n => n.RecordNumber == item).Select(n => n.Text).ToListAsync());

    private async Task CompleteAsync(string item, string name, params (string Key, object? Value)[] values)
    {
        var task = (await TasksAsync(item)).Should().ContainSingle(t => t.Name == name, $"{item} waits for '{name}'").Subject;
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(task.Id, Values(values), CatalogTestHost.Admin, CancellationToken.None));
    }
}
