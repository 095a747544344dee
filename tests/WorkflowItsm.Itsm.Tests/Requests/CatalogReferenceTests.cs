using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Requests;
using static WorkflowItsm.Itsm.Tests.Requests.CatalogSamples;

namespace WorkflowItsm.Itsm.Tests.Requests;

/// <summary>The server checks that every reference a form holds exists: a person of the directory, a CI, a location (a CI of the location class).</summary>
public sealed class CatalogReferenceTests : IAsyncLifetime
{
    private static readonly CatalogItemDefinition Move = new()
    {
        Name = "Desk move",
        Variables =
        [
            new CatalogVariable { Key = "colleague", Label = "Colleague", Type = VariableType.Person },
            new CatalogVariable { Key = "computer", Label = "Computer", Type = VariableType.ConfigurationItem },
            new CatalogVariable { Key = "office", Label = "Office", Type = VariableType.Location },
        ],
    };

    private CatalogTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await CatalogTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private Task<string> CiAsync(string name, string ciClass) => host.InScopeAsync(async s => (await s.GetRequiredService<CiService>().CreateAsync(
        new NewConfigurationItem { Name = name, Class = ciClass }, CatalogTestHost.Admin, CancellationToken.None)).Number);

    private Task<EffectiveForm> EvaluateAsync(Dictionary<string, object?> values) => host.InScopeAsync(async s =>
        (await s.GetRequiredService<CatalogForms>().EvaluateAsync(Move, values, 1, CancellationToken.None)).Form);

    [Fact]
    public async Task Unknown_people_cis_and_locations_are_errors_naming_the_variable_known_ones_are_stored()
    {
        var berlin = await CiAsync("Berlin office", CmdbSeed.Location);
        var service = await CiAsync("Payroll", CmdbSeed.BusinessService);

        var wrong = await EvaluateAsync(Values(("colleague", "nobody"), ("computer", "CI9999999"), ("office", service)));
        wrong.Errors.Select(e => e.Variable).Should().BeEquivalentTo(["colleague", "computer", "office"], "a business service is no location");
        wrong.Values.Should().BeEmpty();

        var right = await EvaluateAsync(Values(("colleague", CatalogTestHost.Bob), ("computer", service.ToLowerInvariant()), ("office", berlin)));
        right.IsValid.Should().BeTrue(string.Join("; ", right.Errors));
        right.Values.Should().Contain("computer", service).And.Contain("office", berlin);
    }
}
