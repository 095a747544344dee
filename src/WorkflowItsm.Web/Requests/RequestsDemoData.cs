using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Requests;

namespace WorkflowItsm.Web.Requests;

/// <summary>
/// The demo's service catalog: Hardware (Laptop — a lookup over the asset models in stock that sets the price, a dock
/// yes/no, the dock model shown and required only with a dock, a justification required over 1,500 — and Monitor),
/// Software (software installation: a licence assigned from the compliance, workflows/software-installation.bpmn) and
/// Access (password reset, automated in workflows/password-reset.bpmn; access to a system, approved by the system's
/// owner in the CMDB — carl owns ERP and Email — in workflows/system-access.bpmn); a laptop by the manager named on its form (carl by default) and, over
/// 1,500, by finance (the admin) in workflows/new-equipment.bpmn. Made through the real services and published, with
/// one order of rita's (a monitor); nothing
/// happens when the catalog has items already.
/// </summary>
internal static class RequestsDemoData
{
    private const string By = "admin";
    private const string SystemOwner = "carl";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.Set<CatalogItem>().AnyAsync(cancellationToken))
        {
            return;
        }

        var groups = services.GetRequiredService<DirectoryGroups>();
        await groups.EnsureAsync(RequestApprovalDefaults.FinanceGroup, "Finance", "Approves catalog orders above the finance limit (approval rule catalog-finance).", cancellationToken);
        if (await db.Users.AnyAsync(u => u.UserName == "admin", cancellationToken))
        {
            await groups.AddMemberAsync(RequestApprovalDefaults.FinanceGroup, "admin", cancellationToken);
        }

        // Access to a system is approved by its owner in the CMDB: carl owns the ERP and Email services of the demo.
        if (await db.Users.AnyAsync(u => u.UserName == SystemOwner, cancellationToken))
        {
            var cis = services.GetRequiredService<CiService>();
            foreach (var system in await db.ConfigurationItems.AsNoTracking().Where(c => c.ShortDescription == "ERP" || c.ShortDescription == "Email").Select(c => c.Number).ToListAsync(cancellationToken))
            {
                await cis.UpdateAsync(system, new CiChanges { Attributes = new Dictionary<string, string?> { ["serviceOwner"] = SystemOwner } }, null, By, cancellationToken);
            }
        }

        var admin = services.GetRequiredService<CatalogAdministration>();
        await admin.SaveCategoryAsync("hardware", new CatalogCategoryInput("Hardware", "Laptops, monitors and accessories.", 1), cancellationToken);
        await admin.SaveCategoryAsync("software", new CatalogCategoryInput("Software", "Applications installed on your device.", 2), cancellationToken);
        await admin.SaveCategoryAsync("access", new CatalogCategoryInput("Access", "Accounts, passwords and access to systems.", 3), cancellationToken);

        var software = await db.SoftwareProducts.AsNoTracking().OrderBy(p => p.Name).Take(20)
            .Select(p => new VariableChoice(p.Id.ToString(CultureInfo.InvariantCulture), p.Publisher + " " + p.Name)).ToListAsync(cancellationToken);
        CatalogItemInput[] items =
        [
            new()
            {
                Category = "hardware", Name = "Laptop", ShortDescription = "A new work laptop, configured and delivered to you.", Price = 1200,
                Description = "Choose a model in stock. Your manager approves every laptop; over 1,500 it needs a business justification and finance approves it too.",
                FulfilmentProcessKey = "new-equipment",
                Variables =
                [
                    new CatalogVariable { Key = "model", Label = "Model", Type = VariableType.AssetModel, Required = true, InStockOnly = true, SetsPrice = true, Help = "Only models in stock are offered." },
                    new CatalogVariable { Key = "dock", Label = "Docking station", Type = VariableType.YesNo, Default = "false" },
                    new CatalogVariable
                    {
                        Key = "dockModel", Label = "Dock model", Type = VariableType.Choice, Visible = false,
                        Choices = [new VariableChoice("usb-c", "USB-C dock"), new VariableChoice("thunderbolt", "Thunderbolt dock")],
                    },
                    new CatalogVariable { Key = "justification", Label = "Business justification", Type = VariableType.MultiLineText, Help = "Why this model? Required over 1,500." },
                    new CatalogVariable
                    {
                        Key = ApprovalService.ManagerVariable, Label = "Your manager", Type = VariableType.Person, Required = true, Default = "carl",
                        Help = "Approves the laptop (the directory does not know managers yet).",
                    },
                ],
                Rules =
                [
                    new CatalogRule
                    {
                        Name = "Dock model only with a dock", Conditions = [new RuleCondition("dock", RuleOperator.Equals, "true")],
                        Actions = [new RuleAction("dockModel", RuleEffect.Show), new RuleAction("dockModel", RuleEffect.Require)],
                    },
                    new CatalogRule
                    {
                        Name = "Justification over 1,500", Conditions = [new RuleCondition(CatalogRuleEvaluator.PriceFact, RuleOperator.GreaterThan, "1500")],
                        Actions = [new RuleAction("justification", RuleEffect.Require)],
                    },
                ],
            },
            new()
            {
                Category = "hardware", Name = "Monitor", ShortDescription = "An extra screen for your desk.", Price = 320, FulfilmentProcessKey = "request-fulfilment",
                Variables =
                [
                    new CatalogVariable
                    {
                        Key = "size", Label = "Size", Type = VariableType.Choice, Required = true, Default = "27",
                        Choices = [new VariableChoice("24", "24 inch"), new VariableChoice("27", "27 inch"), new VariableChoice("32", "32 inch")],
                    },
                    new CatalogVariable { Key = "location", Label = "Deliver to", Type = VariableType.Location },
                ],
            },
            new()
            {
                Category = "access", Name = "Password reset", ShortDescription = "A link to choose a new WorkflowItsm password, emailed to you at once.", Price = 0,
                Description = "Emails a link to the address we have for you; open it within an hour to choose a new password (it also unlocks your sign-in). The link works once. Locked out? The service desk orders it for you.",
                FulfilmentProcessKey = "password-reset",
            },
            new()
            {
                Category = "software", Name = "Software installation", ShortDescription = "Install licensed software on your device.", Price = 0, FulfilmentProcessKey = AssignLicenceHandler.ProcessKey,
                Description = "A licence is assigned to you from the ones the company owns; when none is free one is bought first, and the item shows it as backordered.",
                Variables =
                [
                    software.Count > 0
                        ? new CatalogVariable { Key = "product", Label = "Software", Type = VariableType.Choice, Required = true, Choices = software }
                        : new CatalogVariable { Key = "product", Label = "Software", Type = VariableType.SingleLineText, Required = true },
                    new CatalogVariable { Key = "device", Label = "Device", Type = VariableType.ConfigurationItem, Help = "The computer to install it on (CI number)." },
                ],
            },
            new()
            {
                Category = "access", Name = "Access to a system", ShortDescription = "Ask for access to a business system.", Price = 0,
                Description = "The system's owner approves, then its support team grants the access.", FulfilmentProcessKey = RouteAccessHandler.ProcessKey,
                Variables =
                [
                    new CatalogVariable { Key = "system", Label = "System", Type = VariableType.ConfigurationItem, Required = true },
                    new CatalogVariable
                    {
                        Key = "level", Label = "Access level", Type = VariableType.Choice, Required = true, Default = "read",
                        Choices = [new VariableChoice("read", "Read"), new VariableChoice("write", "Read and write"), new VariableChoice("admin", "Administrator")],
                    },
                    new CatalogVariable { Key = "until", Label = "Needed until", Type = VariableType.Date },
                    new CatalogVariable { Key = "reason", Label = "Reason", Type = VariableType.MultiLineText },
                ],
                Rules =
                [
                    new CatalogRule
                    {
                        Name = "Administrators say why", Conditions = [new RuleCondition("level", RuleOperator.Equals, "admin")],
                        Actions = [new RuleAction("reason", RuleEffect.Require)],
                    },
                ],
            },
        ];
        string[] keys = ["laptop", "monitor", "password-reset", "software-installation", "system-access"];
        for (var i = 0; i < items.Length; i++)
        {
            await admin.SaveItemAsync(keys[i], items[i], By, cancellationToken);
            await admin.PublishAsync(keys[i], By, cancellationToken);
        }

        // One order to follow: rita's monitor (no approval, a catalog task for the service desk), so her orders and the agents' requests list show one.
        if (await db.Users.AnyAsync(u => u.UserName == "rita", cancellationToken))
        {
            await services.GetRequiredService<CatalogCheckout>().OrderAsync(
                [new OrderLine("monitor", null, 1, new Dictionary<string, object?> { ["size"] = "27" })],
                null, "rita", cancellationToken);
        }
    }
}
