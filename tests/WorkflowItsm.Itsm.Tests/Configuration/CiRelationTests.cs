using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Configuration;

/// <summary>Relations: named both ways, allowed per pair of classes (a rule for a class holds for its subclasses).</summary>
public sealed class CiRelationTests : IAsyncLifetime
{
    private CmdbTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await CmdbTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Relation_class_pair_rules_a_rule_for_servers_holds_for_virtual_machines_and_each_end_reads_its_own_words()
    {
        var vm = await host.CreateAsync("vm-mail-01", "virtual-machine");
        var host1 = await host.CreateAsync("esx-01", "server");
        var mailbox = await host.CreateAsync("Exchange mailbox store", "database");
        var sqlServer = await host.CreateAsync("SQL Server instance", "software-instance");

        await host.RelateAsync(vm, CmdbSeed.HostedOn, host1);
        await host.RelateAsync(mailbox, CmdbSeed.HostedOn, sqlServer);
        await host.RelateAsync(sqlServer, CmdbSeed.RunsOn, vm);

        var vmDetails = await host.DetailsAsync(vm.Number);
        vmDetails.Relations.Select(r => (r.Words, r.OtherNumber)).Should().BeEquivalentTo([("hosted on", host1.Number), ("runs", sqlServer.Number)]);
        (await host.DetailsAsync(host1.Number)).Relations.Single().Words.Should().Be("hosts");
        vmDetails.History.Should().Contain(h => h.Field == "hosted-on" && h.NewValue == host1.Number);
    }

    [Fact]
    public async Task Relation_class_pair_rules_a_pair_no_rule_allows_a_missing_CI_or_an_unknown_type_is_refused_naming_the_field()
    {
        var office = await host.CreateAsync("Head office", "location");
        var server = await host.CreateAsync("srv-01", "server");

        var notAllowed = () => host.RelateAsync(office, CmdbSeed.RunsOn, server);
        var error = (await notAllowed.Should().ThrowAsync<RecordValidationException>()).Which.Errors;
        error.Keys.Should().Equal("type");
        error["type"].Single().Should().Contain("A location cannot be 'runs on' a server").And.Contain("Application → Server");

        var missing = () => host.InScopeAsync(s => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<CiRelations>(s)
            .AddAsync(new NewCiRelation(server.Number, "connects-to", "CI0009999"), CmdbTestHost.By, TestContext.Current.CancellationToken));
        (await missing.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("target");
        var unknownType = () => host.RelateAsync(server, "loves", office);
        (await unknownType.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("type");

        await host.RelateAsync(office, CmdbSeed.Contains, server);
        var twice = () => host.RelateAsync(office, CmdbSeed.Contains, server);
        (await twice.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("target");
    }
}
