using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Assets.Software;

/// <summary>The software domain on an in-memory SQLite database with a fake clock; one person, "lena", owns licences.</summary>
internal sealed class SoftwareTestHost : IAsyncDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    private SoftwareTestHost(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        connection.Open();
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IJobs>(new RecordingJobs())
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .AddSoftwareAssets()
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public ServiceProvider Services { get; }

    public static async Task<SoftwareTestHost> StartAsync(DateTimeOffset? start = null)
    {
        var host = new SoftwareTestHost(start ?? new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Users.Add(new DirectoryUser { UserName = "lena", NormalizedUserName = "LENA", Email = "lena@example.test" });
        await db.SaveChangesAsync();
        return host;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<InstallationImportResult> ImportAsync(IReadOnlyList<InstallationReport> items) =>
        InScopeAsync(s => s.GetRequiredService<InstallationImport>().ImportAsync(items, CancellationToken.None));

    public Task<LicenceEntitlement> EntitleAsync(EntitlementInput input) =>
        InScopeAsync(s => s.GetRequiredService<LicenceEntitlements>().AddAsync(input, "lena", CancellationToken.None));

    public Task<ComplianceView?> ComplianceAsync(long productId) =>
        InScopeAsync(s => s.GetRequiredService<SoftwareQueries>().ComplianceAsync(productId, CancellationToken.None));

    public Task<(long Product, long Version)> ProductAsync(string name, string version) =>
        InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            var product = await db.SoftwareProducts.SingleAsync(p => p.Name == name);
            var id = await db.SoftwareVersions.Where(v => v.ProductId == product.Id && v.Version == version).Select(v => v.Id).SingleAsync();
            return (product.Id, id);
        });

    public static InstallationReport Installation(string device, string product, string version, int? cores = null, int? cpus = null, string? user = null) =>
        new() { Device = device, Publisher = "Contoso", Product = product, Version = version, Cores = cores, Cpus = cpus, User = user };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await connection.DisposeAsync();
    }
}
