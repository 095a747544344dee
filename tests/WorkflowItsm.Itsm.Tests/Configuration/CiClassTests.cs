using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Configuration;

/// <summary>Classes in a tree: a class has its ancestors' attributes and its own; admins add classes and attributes in data.</summary>
public sealed class CiClassTests : IAsyncLifetime
{
    private CmdbTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await CmdbTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<IReadOnlyList<CiClassView>> TreeAsync() => host.InScopeAsync(s => s.GetRequiredService<CiQueries>().ClassTreeAsync(Ct));

    private static CiClassView Find(IEnumerable<CiClassView> tree, string key) =>
        tree.SelectMany(Flatten).Single(c => c.Key == key);

    private static IEnumerable<CiClassView> Flatten(CiClassView c) => c.Children.SelectMany(Flatten).Prepend(c);

    [Fact]
    public async Task Class_inheritance_the_seeded_tree_has_nine_classes_and_a_virtual_machine_inherits_the_server_attributes_marked_as_inherited()
    {
        var tree = await TreeAsync();

        tree.SelectMany(Flatten).Select(c => c.Key).Should().BeEquivalentTo(
            "business-service", "application", "application-cluster", "server", "virtual-machine", "database", "network-device", "location", "software-instance");
        var vm = Find(tree, "virtual-machine");
        vm.Parent.Should().Be("server");
        vm.RefreshPeriodDays.Should().Be(60);
        vm.Attributes.Select(a => a.Key).Should().StartWith(["serialNumber", "ramGb", "cpuCount", "coresPerCpu", "operatingSystem"]).And.EndWith("hypervisor");
        vm.Attributes.Single(a => a.Key == "ramGb").InheritedFromName.Should().Be("Server");
        vm.Attributes.Single(a => a.Key == "hypervisor").InheritedFrom.Should().BeNull();
        Find(tree, "database").Attributes.Select(a => a.Key).Should().Contain(["version", "port", "engine"]);
        Find(tree, "application-cluster").Attributes.Single(a => a.Key == "minUpUnit").Options.Select(o => o.Label).Should().Equal("Members", "Percent of members");
    }

    [Fact]
    public async Task Class_inheritance_an_attribute_an_admin_adds_to_server_reaches_virtual_machines_and_its_key_cannot_be_taken_again_below()
    {
        await host.AdminAsync(a => a.AddAttributeAsync("server", new NewCiAttribute("rack", "Rack", CiAttributeType.Text), Ct));
        var vm = await host.CreateAsync("vm-erp-01", "virtual-machine", new Dictionary<string, string?> { ["rack"] = "R12", ["hypervisor"] = "vmware" });

        var attributes = (await host.DetailsAsync(vm.Number)).Attributes;
        attributes.Single(a => a.Key == "rack").Should().Match<CiAttributeView>(a => a.Value == "R12" && a.InheritedFrom == "Server");
        attributes.Single(a => a.Key == "hypervisor").DisplayValue.Should().Be("VMware ESXi");

        var again = () => host.AdminAsync(a => a.AddAttributeAsync("virtual-machine", new NewCiAttribute("RACK", "Rack again", CiAttributeType.Text), Ct));
        (await again.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("key");
        var above = () => host.AdminAsync(a => a.AddAttributeAsync("server", new NewCiAttribute("hypervisor", "Hypervisor", CiAttributeType.Text), Ct));
        (await above.Should().ThrowAsync<RecordValidationException>()).Which.Errors["key"].Single().Should().Contain("Virtual machine");
    }

    [Fact]
    public async Task An_admin_class_under_a_parent_takes_its_refresh_period_and_bad_definitions_are_named()
    {
        await host.AdminAsync(a => a.UpdateClassAsync("server", new CiClassChanges(RefreshPeriodDays: 30), Ct));
        await host.AdminAsync(a => a.CreateClassAsync(new NewCiClass("storage-server", "Storage server", "server"), Ct));
        await host.AdminAsync(a => a.AddAttributeAsync("storage-server", new NewCiAttribute("raidLevel", "RAID level", CiAttributeType.Choice,
            Options: [new("raid-1", "RAID 1"), new("raid-6", "RAID 6")]), Ct));

        var storage = Find(await TreeAsync(), "storage-server");
        storage.RefreshPeriodDays.Should().Be(30);
        storage.Attributes.Select(a => a.Key).Should().Contain(["serialNumber", "raidLevel"]);

        var bad = () => host.AdminAsync(a => a.CreateClassAsync(new NewCiClass("Bad Key", "", "nothing", RefreshPeriodDays: 0), Ct));
        (await bad.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().BeEquivalentTo("key", "name", "parent", "refreshPeriodDays");
        var choice = () => host.AdminAsync(a => a.AddAttributeAsync("server", new NewCiAttribute("state", "State", CiAttributeType.Choice), Ct));
        (await choice.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().BeEquivalentTo("key", "options");
    }
}
