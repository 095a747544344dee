using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Configuration;

/// <summary>Scenario 4's last part: the CI follows its asset through receipt, stock, use, maintenance and retirement, each step audited with the asset as its source.</summary>
public sealed class CiFollowsAssetTests : IAsyncDisposable
{
    private CmdbTestHost host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scenario_4_the_CI_follows_the_asset_s_state_and_is_down_while_the_asset_is_missing()
    {
        host = await CmdbTestHost.StartAsync();
        var server = await host.CreateAsync("srv-db-07", "server");
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            db.Users.Add(new WorkflowItsm.Itsm.Directory.DirectoryUser { UserName = "rita", NormalizedUserName = "RITA", Email = "rita@example.test" });
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        var (asset, room) = await host.InScopeAsync(async s =>
        {
            var model = await s.GetRequiredService<AssetModels>().CreateAsync(new AssetModelInput("Dell", "PowerEdge R660", AssetCategory.Server, 9000m, 60), Ct);
            var stockroom = await s.GetRequiredService<StockAdmin>().CreateStockroomAsync(new StockroomInput("Data centre cage", null), Ct);
            var created = await s.GetRequiredService<AssetService>().CreateAsync(
                new NewAsset { ModelId = model.Id, SerialNumber = "PE-0007", ConfigurationItemNumber = server.Number }, CmdbTestHost.By, Ct);
            return (created, stockroom);
        });

        async Task<(CiState State, OperationalStatus Status)> MoveAsync(AssetMove move)
        {
            await host.InScopeAsync(s => s.GetRequiredService<AssetService>().MoveAsync(asset.Number, move, CmdbTestHost.By, Ct));
            var ci = (await host.DetailsAsync(server.Number)).Ci;
            return (ci.State, ci.OperationalStatus);
        }

        (await MoveAsync(new AssetMove(AssetState.InStock, StockroomId: room.Id))).Should().Be((CiState.Planned, OperationalStatus.Up));
        (await MoveAsync(new AssetMove(AssetState.InUse, AssignedPerson: "rita"))).Should().Be((CiState.Operational, OperationalStatus.Up));
        (await MoveAsync(new AssetMove(AssetState.InMaintenance))).Should().Be((CiState.Maintenance, OperationalStatus.Up));
        (await MoveAsync(new AssetMove(AssetState.InUse, AssignedPerson: "rita"))).Should().Be((CiState.Operational, OperationalStatus.Up));
        (await MoveAsync(new AssetMove(AssetState.Missing, AssetSubstate.Stolen))).Should().Be((CiState.Operational, OperationalStatus.Down));
        (await MoveAsync(new AssetMove(AssetState.InUse, AssignedPerson: "rita"))).Should().Be((CiState.Operational, OperationalStatus.Up), "found again");
        (await MoveAsync(new AssetMove(AssetState.Retired, AssetSubstate.Disposed))).Should().Be((CiState.Retired, OperationalStatus.Up));

        var history = await host.InScopeAsync(async s => await s.GetRequiredService<ItsmDbContext>().RecordAudit
            .Where(a => a.RecordNumber == server.Number && a.Field == "state").OrderBy(a => a.Id).Select(a => new { a.NewValue, a.Source }).ToListAsync(Ct));
        history.Select(h => h.NewValue).Should().EndWith(["Planned", "Operational", "Maintenance", "Operational", "Retired"]);
        history.Skip(1).Should().OnlyContain(h => h.Source == $"asset {asset.Number}");
    }

    [Fact]
    public void Each_asset_state_maps_to_a_CI_state_or_leaves_it_as_it_is()
    {
        Enum.GetValues<AssetState>().Select(CiFollowsAsset.StateFor).Should().Equal(
            CiState.Planned, CiState.Planned, null, CiState.Operational, CiState.Maintenance, CiState.Retired, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
