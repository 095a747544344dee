using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Assets.Software;

namespace WorkflowItsm.Itsm.Tests.Assets.Software;

public sealed class SoftwareQueriesTests
{
    [Fact]
    public async Task A_products_page_reads_its_versions_licences_installations_and_removal_candidates()
    {
        await using var host = await SoftwareTestHost.StartAsync();
        await host.ImportAsync([SoftwareTestHost.Installation("LT-1", "Office Suite", "2021", cores: 4, cpus: 1, user: "lena"), SoftwareTestHost.Installation("LT-2", "Office Suite", "2019")]);
        var (product, version) = await host.ProductAsync("Office Suite", "2021");
        await host.EntitleAsync(new EntitlementInput { ProductId = product, VersionId = version, Metric = LicenceMetric.PerDevice, Count = 1, DowngradeRights = true });

        var details = await host.InScopeAsync(s => s.GetRequiredService<SoftwareQueries>().ProductAsync(product, CancellationToken.None));
        var installations = await host.InScopeAsync(s => s.GetRequiredService<SoftwareQueries>().InstallationsAsync(product, null, false, 1, 10, CancellationToken.None));
        var candidates = await host.InScopeAsync(s => s.GetRequiredService<SoftwareQueries>().InstallationsAsync(product, "lt", true, 1, 10, CancellationToken.None));

        details!.Versions.Select(v => (v.Version, v.Installations)).Should().Equal(("2021", 1), ("2019", 1));
        details.Entitlements.Should().ContainSingle().Which.Version.Should().Be("2021");
        installations.Items.Select(i => i.Device).Should().Equal("LT-1", "LT-2");
        installations.Items[0].Product.Should().Be("Office Suite");
        candidates.Total.Should().Be(0);
    }
}
