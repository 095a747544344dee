using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Configuration;

/// <summary>CIs on the record kernel: numbers, typed attribute values with their source and time, audit, lifecycle.</summary>
public sealed class CiServiceTests : IAsyncLifetime
{
    private CmdbTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await CmdbTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_CI_is_numbered_and_its_values_are_stored_typed_with_source_and_time_and_audited_with_the_source()
    {
        var server = await host.CreateAsync("srv-pay-01", "server", new Dictionary<string, string?>
        {
            ["serialNumber"] = "SN-4711", ["ramGb"] = "64.0", ["cpuCount"] = "2", ["coresPerCpu"] = "16", ["monitored"] = "TRUE", ["operatingSystem"] = "Debian 12",
        }, source: "sccm");
        var second = await host.CreateAsync("Pay", "business-service", new Dictionary<string, string?> { ["serviceOwner"] = "ana", ["supportGroup"] = "network-team" });

        server.Number.Should().Be("CI0001001");
        second.Number.Should().Be("CI0001002");
        var details = await host.DetailsAsync(server.Number);
        var ram = details.Attributes.Single(a => a.Key == "ramGb");
        ram.Should().Match<CiAttributeView>(a => a.Value == "64" && a.Source == "sccm" && a.WrittenAt == host.Time.GetUtcNow().UtcDateTime);
        details.Attributes.Single(a => a.Key == "monitored").Value.Should().Be("true");
        details.History.Single(h => h.Field == "ramGb").Should().Match<CiAuditView>(h => h.NewValue == "64" && h.Source == "sccm");

        host.Time.Advance(TimeSpan.FromDays(3));
        await host.UpdateAsync(server.Number, new CiChanges { Source = "manual", Attributes = new Dictionary<string, string?> { ["ramGb"] = "128", ["operatingSystem"] = null } });

        details = await host.DetailsAsync(server.Number);
        details.Attributes.Single(a => a.Key == "ramGb").Should().Match<CiAttributeView>(a => a.Value == "128" && a.Source == "manual");
        details.Attributes.Single(a => a.Key == "operatingSystem").Value.Should().BeNull();
        details.History.Where(h => h.Field == "ramGb").Select(h => (h.OldValue, h.NewValue, h.Source)).Should().BeEquivalentTo([("64", "128", "manual"), ((string?)null, "64", "sccm")]);
    }

    [Fact]
    public async Task Attribute_type_validation_names_each_wrong_attribute_and_nothing_is_stored()
    {
        var act = () => host.CreateAsync("srv-bad", "server", new Dictionary<string, string?>
        {
            ["ramGb"] = "lots", ["monitored"] = "maybe", ["location"] = "CI0009999", ["colour"] = "red",
        });

        var errors = (await act.Should().ThrowAsync<RecordValidationException>()).Which.Errors;
        errors.Keys.Should().BeEquivalentTo("attributes.ramGb", "attributes.monitored", "attributes.location", "attributes.colour");
        errors["attributes.ramGb"].Single().Should().Contain("RAM (GB) is a number");
        errors["attributes.location"].Single().Should().Contain("no configuration item 'CI0009999'");
        var badChoice = () => host.CreateAsync("db-bad", "database", new Dictionary<string, string?> { ["engine"] = "access", ["installedOn"] = "07/12/2026" });
        (await badChoice.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().BeEquivalentTo("attributes.engine", "attributes.installedOn");
        var unknownClass = () => host.CreateAsync("x", "mainframe");
        (await unknownClass.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("class");
        var owner = () => host.CreateAsync("Mail", "business-service", new Dictionary<string, string?> { ["serviceOwner"] = "nobody", ["supportGroup"] = "no-group" });
        (await owner.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().BeEquivalentTo("attributes.serviceOwner", "attributes.supportGroup");

        var stored = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ConfigurationItems.CountAsync(Ct));
        stored.Should().Be(0);
    }

    [Fact]
    public async Task Lifecycle_an_illegal_move_is_refused_naming_the_allowed_moves_and_allowed_ones_are_audited()
    {
        var ci = await host.InScopeAsync(s => s.GetRequiredService<CiService>().CreateAsync(new NewConfigurationItem { Name = "sw-core-01", Class = "network-device" }, CmdbTestHost.By, Ct));
        ci.State.Should().Be(CiState.Planned);

        var jump = () => host.TransitionAsync(ci.Number, CiState.Maintenance);
        (await jump.Should().ThrowAsync<RecordTransitionException>()).Which.AllowedStates.Should().Equal("Building", "Retired");

        await host.TransitionAsync(ci.Number, CiState.Building);
        await host.TransitionAsync(ci.Number, CiState.Operational);
        await host.TransitionAsync(ci.Number, CiState.Maintenance);
        var retired = await host.TransitionAsync(ci.Number, CiState.Retired);

        retired.ClosedAt.Should().NotBeNull();
        var details = await host.DetailsAsync(ci.Number);
        details.AllowedTransitions.Should().BeEmpty();
        details.History.Where(h => h.Field == "state").Select(h => h.NewValue).Should().BeEquivalentTo(["Planned", "Building", "Operational", "Maintenance", "Retired"]);
    }
}
