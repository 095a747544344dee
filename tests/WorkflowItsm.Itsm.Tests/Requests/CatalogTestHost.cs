using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Requests;

/// <summary>
/// The domain on an in-memory SQLite database with a fake clock and no workflow deployed: requesters ana and bob,
/// the manager mia who approves laptops (rule laptop-approval on RITM), asset models with stock (Latitude 1,350 ×2,
/// MacBook 2,100 ×1, ThinkPad 1,700 none in stock), and the published items Laptop and Monitor.
/// </summary>
internal sealed class CatalogTestHost : IAsyncDisposable
{
    public const string Ana = "ana";
    public const string Bob = "bob";
    public const string Mia = "mia";
    public const string Admin = "adam";
    public const string LaptopRule = "laptop-approval";

    private readonly SqliteConnection connection = new("Data Source=:memory:");

    private CatalogTestHost()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        connection.Open();
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IJobs>(Jobs)
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .AddSoftwareAssets()
            // The directory's accounts (Identity's stores on the same database): the password reset item uses them.
            .AddIdentityCore<DirectoryUser>().AddRoles<DirectoryRole>().AddEntityFrameworkStores<ItsmDbContext>()
            .AddTokenProvider<StampTokens>(TokenOptions.DefaultProvider).Services
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public RecordingJobs Jobs { get; } = new();

    public ServiceProvider Services { get; }

    public int Latitude { get; private set; }
    public int MacBook { get; private set; }
    public int ThinkPad { get; private set; }

    public static async Task<CatalogTestHost> StartAsync()
    {
        var host = new CatalogTestHost();
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            await db.Database.EnsureCreatedAsync();
            foreach (var name in (string[])[Ana, Bob, Mia, Admin])
            {
                db.Users.Add(new DirectoryUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.test" });
            }

            var latitude = new AssetModel { Manufacturer = "Dell", Name = "Latitude 7450", Category = AssetCategory.Laptop, UnitCost = 1350 };
            var macBook = new AssetModel { Manufacturer = "Apple", Name = "MacBook Pro 14", Category = AssetCategory.Laptop, UnitCost = 2100 };
            var thinkPad = new AssetModel { Manufacturer = "Lenovo", Name = "ThinkPad X1", Category = AssetCategory.Laptop, UnitCost = 1700 };
            db.AssetModels.AddRange(latitude, macBook, thinkPad);
            await db.SaveChangesAsync();
            (host.Latitude, host.MacBook, host.ThinkPad) = (latitude.Id, macBook.Id, thinkPad.Id);
            var serial = 0;
            foreach (var model in (AssetModel[])[latitude, latitude, macBook])
            {
                serial++;
                db.Assets.Add(new Asset
                {
                    Number = $"AST000900{serial}", ShortDescription = model.DisplayName, SerialNumber = $"SN{serial}", SerialKey = $"SN{serial}", ModelId = model.Id,
                    State = AssetState.InStock, Substate = AssetSubstate.Available, OpenedBy = Admin, OpenedAt = host.Now, UpdatedAt = host.Now,
                });
            }

            await db.SaveChangesAsync();
            await s.GetRequiredService<ApprovalRules>().CreateAsync(new ApprovalRuleInput
            {
                Key = LaptopRule, Name = "Laptop approval", RecordKind = "RITM", Policy = ApprovalPolicy.Anyone, ApproverPeople = [Mia],
            }, Admin, CancellationToken.None);
            var admin = s.GetRequiredService<CatalogAdministration>();
            await admin.SaveCategoryAsync("hardware", new CatalogCategoryInput("Hardware"), CancellationToken.None);
            await admin.SaveItemAsync("laptop", CatalogSamples.Laptop(LaptopRule), Admin, CancellationToken.None);
            await admin.PublishAsync("laptop", Admin, CancellationToken.None);
            await admin.SaveItemAsync("monitor", CatalogSamples.MonitorItem, Admin, CancellationToken.None);
            await admin.PublishAsync("monitor", Admin, CancellationToken.None);
        });
        return host;
    }

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public Task<ServiceRequest> OrderAsync(string by, params OrderLine[] lines) =>
        InScopeAsync(s => s.GetRequiredService<CatalogCheckout>().OrderAsync(lines, null, by, CancellationToken.None));

    public Task<ServiceRequestView> RequestAsync(string number) =>
        InScopeAsync(async s => (await s.GetRequiredService<RequestQueries>().GetAsync(number, Admin, true, CancellationToken.None))!);

    public Task<Approval> VoteAsync(string approvalId, string user, ApprovalDecision decision, string? comment = null) =>
        InScopeAsync(s => s.GetRequiredService<ApprovalService>().VoteAsync(approvalId, user, decision, comment, CancellationToken.None));

    public Task<RequestedItem> MoveAsync(string number, RequestedItemState to, string? reason = null) =>
        InScopeAsync(s => s.GetRequiredService<RequestedItems>().MoveAsync(number, new RequestedItemTransition(to, reason), Admin, CancellationToken.None));

    public Task<int> CountAsync<T>()
        where T : class => InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<T>().CountAsync());

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>The items the tests order: the laptop (model lookup over stock, dock, dock model, justification over 1,500) and a monitor.</summary>
internal static class CatalogSamples
{
    public static CatalogItemInput Laptop(string? approvalRule) => new()
    {
        Category = "hardware", Name = "Laptop", ShortDescription = "A laptop for work", Price = 1200, ApprovalRuleKey = approvalRule,
        Variables =
        [
            new CatalogVariable { Key = "model", Label = "Model", Type = VariableType.AssetModel, Required = true, InStockOnly = true, SetsPrice = true },
            new CatalogVariable { Key = "dock", Label = "Docking station", Type = VariableType.YesNo, Default = "false" },
            new CatalogVariable
            {
                Key = "dockModel", Label = "Dock model", Type = VariableType.Choice, Visible = false,
                Choices = [new VariableChoice("usb-c", "USB-C dock"), new VariableChoice("thunderbolt", "Thunderbolt dock")],
            },
            new CatalogVariable { Key = "justification", Label = "Business justification", Type = VariableType.MultiLineText },
        ],
        Rules =
        [
            new CatalogRule
            {
                Name = "Dock model when a dock is wanted", Conditions = [new RuleCondition("dock", RuleOperator.Equals, "yes")],
                Actions = [new RuleAction("dockModel", RuleEffect.Show), new RuleAction("dockModel", RuleEffect.Require)],
            },
            new CatalogRule
            {
                Name = "Justify a laptop over 1,500", Conditions = [new RuleCondition(CatalogRuleEvaluator.PriceFact, RuleOperator.GreaterThan, "1500")],
                Actions = [new RuleAction("justification", RuleEffect.Require)],
            },
        ],
    };

    public static CatalogItemInput MonitorItem { get; } = new()
    {
        Category = "hardware", Name = "Monitor", Price = 240,
        Variables =
        [
            new CatalogVariable
            {
                Key = "size", Label = "Size", Type = VariableType.Choice, Required = true, Default = "27",
                Choices = [new VariableChoice("24", "24 inch"), new VariableChoice("27", "27 inch")],
            },
        ],
    };

    public static Dictionary<string, object?> Values(params (string Key, object? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
}

/// <summary>
/// Reset tokens for the domain's tests, which have no data protection (the host's provider signs them): a token names
/// its purpose, person and security stamp, so — like the host's — it dies when the stamp renews on a password change.
/// </summary>
internal sealed class StampTokens : IUserTwoFactorTokenProvider<DirectoryUser>
{
    public async Task<string> GenerateAsync(string purpose, UserManager<DirectoryUser> manager, DirectoryUser user) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{purpose}|{user.Id}|{await manager.GetSecurityStampAsync(user)}|+/="));

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<DirectoryUser> manager, DirectoryUser user) =>
        token == await GenerateAsync(purpose, manager, user);

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<DirectoryUser> manager, DirectoryUser user) => Task.FromResult(false);
}
