using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Tests.ServiceLevels;

namespace WorkflowItsm.Itsm.Tests.Records;

public sealed class PriorityMatrixTests : IAsyncLifetime
{
    private SlaTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await SlaTestHost.StartAsync(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1)));

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private Task<int> PriorityOfAsync(int impact, int urgency) =>
        host.InScopeAsync(s => s.GetRequiredService<PriorityMatrix>().PriorityOfAsync(impact, urgency, CancellationToken.None));

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 2, 2)]
    [InlineData(2, 1, 2)]
    [InlineData(1, 3, 3)]
    [InlineData(2, 2, 3)]
    [InlineData(3, 1, 3)]
    [InlineData(2, 3, 4)]
    [InlineData(3, 2, 4)]
    [InlineData(3, 3, 5)]
    public async Task The_seeded_matrix_is_the_ITIL_table(int impact, int urgency, int priority) =>
        (await PriorityOfAsync(impact, urgency)).Should().Be(priority);

    [Fact]
    public async Task An_admins_matrix_applies_to_new_incidents()
    {
        var cells = (from impact in Enumerable.Range(1, 3) from urgency in Enumerable.Range(1, 3)
                     select new PriorityMatrixCell { Impact = impact, Urgency = urgency, Priority = impact == 3 && urgency == 3 ? 4 : PriorityMatrix.DefaultPriority(impact, urgency) }).ToList();

        var problems = await host.InScopeAsync(s => s.GetRequiredService<PriorityMatrix>().SetAsync(cells, CancellationToken.None));

        problems.Should().BeEmpty();
        (await host.CreateAsync(impact: 3, urgency: 3)).Priority.Should().Be(4);
    }

    [Fact]
    public async Task An_incomplete_or_out_of_range_matrix_is_refused_naming_the_cells_and_nothing_changes()
    {
        List<PriorityMatrixCell> cells = [new() { Impact = 1, Urgency = 1, Priority = 9 }, new() { Impact = 4, Urgency = 1, Priority = 1 }];

        var problems = await host.InScopeAsync(s => s.GetRequiredService<PriorityMatrix>().SetAsync(cells, CancellationToken.None));

        problems.Should().Contain(p => p.Contains("impact 2 × urgency 2", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("Priority runs from 1 to 5 (got 9", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("got 4 × 1", StringComparison.Ordinal));
        (await PriorityOfAsync(1, 1)).Should().Be(1);
    }
}
