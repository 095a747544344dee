using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Assets;

/// <summary>
/// Scenario 4's "the CI follows the asset's state", up to the port the CMDB plugs into: every saved move is told to
/// each registered <see cref="IAssetStateObserver"/> with where the asset came from; a refused move tells nobody.
/// </summary>
public sealed class AssetStateObserverTests : IAsyncDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly RecordingObserver observer = new();
    private readonly ServiceProvider services;

    public AssetStateObserverTests()
    {
        connection.Open();
        services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)))
            .AddSingleton<IJobs>(new RecordingJobs())
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .AddSingleton<IAssetStateObserver>(observer)
            .BuildServiceProvider();
    }

    private sealed class RecordingObserver : IAssetStateObserver
    {
        public List<(string Number, string? ConfigurationItem, AssetPosition From, AssetPosition To)> Moves { get; } = [];

        public Task StateMovedAsync(Asset asset, AssetPosition from, string by, CancellationToken cancellationToken)
        {
            Moves.Add((asset.Number, asset.ConfigurationItemNumber, from, asset.Position));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Scenario_4_every_saved_move_reaches_the_state_observers_with_the_asset_s_CI_and_a_refused_one_none()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        await db.Database.EnsureCreatedAsync(ct);
        db.Users.Add(new DirectoryUser { UserName = "rita", NormalizedUserName = "RITA", Email = "rita@example.test" });
        await db.SaveChangesAsync(ct);
        var model = await scope.ServiceProvider.GetRequiredService<AssetModels>().CreateAsync(new AssetModelInput("Dell", "OptiPlex 7020", AssetCategory.Desktop, 800m, 48), ct);
        var room = await scope.ServiceProvider.GetRequiredService<StockAdmin>().CreateStockroomAsync(new StockroomInput("Main", null), ct);
        var assets = scope.ServiceProvider.GetRequiredService<AssetService>();
        var asset = await assets.CreateAsync(new NewAsset { ModelId = model.Id, SerialNumber = "OBS-1", ConfigurationItemNumber = "CI0001001" }, "ana", ct);

        await assets.MoveAsync(asset.Number, new AssetMove(AssetState.InStock, StockroomId: room.Id), "ana", ct);
        await assets.IssueAsync(asset.Number, "rita", null, "ana", ct);
        var refused = () => assets.MoveAsync(asset.Number, new AssetMove(AssetState.OnOrder), "ana", ct);
        await refused.Should().ThrowAsync<WorkflowItsm.Itsm.Records.RecordTransitionException>();
        await assets.MoveAsync(asset.Number, new AssetMove(AssetState.Retired, AssetSubstate.Donated), "ana", ct);

        observer.Moves.Should().Equal(
            (asset.Number, "CI0001001", new AssetPosition(AssetState.OnOrder), AssetPosition.Available),
            (asset.Number, "CI0001001", AssetPosition.Available, AssetPosition.InUse),
            (asset.Number, "CI0001001", AssetPosition.InUse, new AssetPosition(AssetState.Retired, AssetSubstate.Donated)));
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await connection.DisposeAsync();
    }
}
