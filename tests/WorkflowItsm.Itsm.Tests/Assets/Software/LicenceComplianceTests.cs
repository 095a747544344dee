using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using static WorkflowItsm.Itsm.Tests.Assets.Software.SoftwareTestHost;

namespace WorkflowItsm.Itsm.Tests.Assets.Software;

public sealed class LicenceComplianceTests
{
    [Fact]
    public async Task Scenario5_100_per_device_rights_and_104_installations_on_102_devices_is_102_used_2_over_and_a_true_up_of_2_unit_costs()
    {
        await using var host = await StartAsync();
        var items = Enumerable.Range(1, 102).Select(n => Installation($"LT-{n:D4}", "Office Suite", "2021"))
            .Concat([Installation("lt-0001", "Office Suite", "2019"), Installation("LT-0002", "OFFICE SUITE", "2019")]) // two devices with two versions, names in another case
            .ToList();
        (await host.ImportAsync(items)).Added.Should().Be(104);
        var (product, _) = await host.ProductAsync("Office Suite", "2021");
        await host.EntitleAsync(new EntitlementInput { ProductId = product, Metric = LicenceMetric.PerDevice, Count = 100, UnitCost = 250m });

        var compliance = await host.ComplianceAsync(product);

        compliance!.Installations.Should().Be(104);
        compliance.Used.Should().Be(102);
        compliance.Rights.Should().Be(100);
        compliance.Shortfall.Should().Be(2);
        compliance.TrueUpCost.Should().Be(500m);
        compliance.Status.Should().Be(ComplianceStatus.OverUsed);
    }

    [Fact]
    public async Task Scenario5_a_downgrade_right_covers_the_older_version_and_without_it_the_older_version_is_short()
    {
        await using var host = await StartAsync();
        await host.ImportAsync([Installation("SRV-DB-01", "Office Suite", "2019"), Installation("SRV-DB-02", "Office Suite", "2021"), Installation("SRV-DB-03", "Office Suite", "2016")]);
        var (product, v2021) = await host.ProductAsync("Office Suite", "2021");

        var plain = await host.EntitleAsync(new EntitlementInput { ProductId = product, VersionId = v2021, Metric = LicenceMetric.PerDevice, Count = 3, UnitCost = 100m });
        var without = await host.ComplianceAsync(product);
        await host.InScopeAsync(s => s.GetRequiredService<LicenceEntitlements>().UpdateAsync(plain.Id,
            new EntitlementInput { ProductId = product, VersionId = v2021, Metric = LicenceMetric.PerDevice, Count = 3, UnitCost = 100m, DowngradeRights = true }, "lena", CancellationToken.None));
        var with = await host.ComplianceAsync(product);

        without!.Shortfall.Should().Be(2, "2019 and 2016 are older than the 2021 bought, without downgrade rights");
        without.Status.Should().Be(ComplianceStatus.OverUsed);
        with!.Shortfall.Should().Be(0);
        with.Used.Should().Be(3);
        with.Status.Should().Be(ComplianceStatus.Compliant);
    }

    [Fact]
    public async Task Scenario5_per_core_2_cpus_of_16_cores_count_32_once_per_device_and_a_site_licence_is_unlimited()
    {
        await using var host = await StartAsync();
        await host.ImportAsync([Installation("SRV-SQL-01", "Database Server", "2022", cores: 16, cpus: 2), Installation("SRV-SQL-01", "Database Server", "2019")]);
        await host.ImportAsync([Installation("ws-1", "Browser", "120"), Installation("ws-2", "Browser", "121")]);
        var (database, _) = await host.ProductAsync("Database Server", "2022");
        var (browser, _) = await host.ProductAsync("Browser", "120");
        await host.EntitleAsync(new EntitlementInput { ProductId = database, Metric = LicenceMetric.PerCore, Count = 40, UnitCost = 1_500m });
        await host.EntitleAsync(new EntitlementInput { ProductId = browser, Metric = LicenceMetric.Site });

        var cores = await host.ComplianceAsync(database);
        var site = await host.ComplianceAsync(browser);

        cores!.Used.Should().Be(32);
        cores.Surplus.Should().Be(8);
        cores.Status.Should().Be(ComplianceStatus.UnderUsed);
        site!.Rights.Should().BeNull();
        site.Used.Should().Be(2);
        site.Status.Should().Be(ComplianceStatus.Compliant);
    }

    [Fact]
    public async Task Per_user_licences_count_distinct_people()
    {
        await using var host = await StartAsync();
        await host.ImportAsync([Installation("LT-1", "PDF Editor", "11", user: "ana"), Installation("LT-2", "PDF Editor", "11", user: "ana"), Installation("LT-3", "PDF Editor", "11", user: "ben")]);
        var (product, _) = await host.ProductAsync("PDF Editor", "11");
        await host.EntitleAsync(new EntitlementInput { ProductId = product, Metric = LicenceMetric.PerUser, Count = 1, UnitCost = 20m });

        var compliance = await host.ComplianceAsync(product);

        compliance!.Used.Should().Be(2);
        compliance.TrueUpCost.Should().Be(20m);
    }

    [Fact]
    public async Task Importing_the_same_installations_again_adds_none_and_updates_them()
    {
        await using var host = await StartAsync();
        List<InstallationReport> feed = [Installation("LT-0042", "Office Suite", "2021", user: "ana") with { Serial = "5CG123" }, Installation("SRV-APP-01", "Office Suite", "2021")];
        await host.ImportAsync(feed);
        host.Time.Advance(TimeSpan.FromDays(1));

        var again = await host.ImportAsync([feed[0] with { Device = "lt-0042-renamed", Serial = "5cg123", User = "ben" }, feed[1] with { Device = "srv-app-01" }]);

        again.Added.Should().Be(0);
        again.Updated.Should().Be(2);
        again.DevicesAdded.Should().Be(0);
        var rows = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().SoftwareInstallations.Include(i => i.Device).OrderBy(i => i.Id).ToListAsync());
        rows.Should().HaveCount(2);
        rows[0].UserName.Should().Be("ben");
        rows[0].Device!.Name.Should().Be("lt-0042-renamed");
        rows[0].LastSeenAt.Should().Be(host.Time.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task A_bad_batch_names_the_item_and_field_and_changes_nothing()
    {
        await using var host = await StartAsync();
        var bad = new List<InstallationReport> { Installation("LT-1", "Office Suite", "2021"), Installation("LT-2", "Office Suite", ""), Installation("LT-3", "Office Suite", "2021", cores: 0) };

        var act = () => host.ImportAsync(bad);

        var refused = (await act.Should().ThrowAsync<RecordValidationException>()).Which;
        refused.Errors.Keys.Should().BeEquivalentTo("items[1].version", "items[2].cores");
        var counts = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            return (await db.SoftwareProducts.CountAsync(), await db.SoftwareInstallations.CountAsync(), await db.SoftwareDevices.CountAsync());
        });
        counts.Should().Be((0, 0, 0));
    }

    [Fact]
    public async Task Versions_are_ordered_as_numbers_not_as_text()
    {
        VersionOrder.Compare("16.10", "16.9").Should().BePositive();
        VersionOrder.Compare("2019", "2021").Should().BeNegative();
        VersionOrder.Compare("11.0", "11.0.1").Should().BeNegative();
        await using var host = await StartAsync();
        await host.ImportAsync([Installation("a", "Editor", "16.10"), Installation("b", "Editor", "16.9"), Installation("c", "Editor", "9")]);
        var ranks = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().SoftwareVersions.OrderBy(v => v.Rank).Select(v => v.Version).ToListAsync());
        ranks.Should().Equal("9", "16.9", "16.10");
    }

    [Fact]
    public async Task The_nightly_run_adds_a_snapshot_per_product_to_the_history_and_counts_devices_not_seen_lately_as_removal_candidates()
    {
        await using var host = await StartAsync();
        await host.ImportAsync([Installation("LT-1", "Office Suite", "2021"), Installation("LT-2", "Office Suite", "2021") with { LastSeen = host.Time.GetUtcNow().UtcDateTime.AddDays(-45) }]);
        var (product, _) = await host.ProductAsync("Office Suite", "2021");

        await host.InScopeAsync(s => s.GetRequiredService<LicenceComplianceJob>().RunAsync(CancellationToken.None));

        var history = await host.InScopeAsync(s => s.GetRequiredService<SoftwareQueries>().ComplianceHistoryAsync(product, 1, 10, CancellationToken.None));
        history.Items.Select(h => h.Trigger).Should().Equal("nightly", "import");
        history.Items[0].RemovalCandidates.Should().Be(1);
    }
}
