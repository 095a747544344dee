using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Tests.ServiceLevels;

namespace WorkflowItsm.Itsm.Tests.Incidents;

/// <summary>
/// The incident list filtered by several states is read state by state and merged (for the database's indexes):
/// every page must hold exactly the rows, in exactly the order, of sorting all matching incidents at once.
/// </summary>
public sealed class IncidentListTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);
    private SlaTestHost host = null!;
    private List<Incident> all = null!;

    public async ValueTask InitializeAsync()
    {
        host = await SlaTestHost.StartAsync(new DateTimeOffset(Start));
        var random = new Random(3);
        var states = Enum.GetValues<IncidentState>();
        all = Enumerable.Range(1, 240).Select(n => new Incident
        {
            Number = $"INC{n:D7}",
            ShortDescription = n % 7 == 0 ? $"Printer jam (see INC{n - 1:D7})" : "Printer jam",
            Caller = "rita",
            OpenedBy = "rita",
            AssignmentGroup = n % 3 == 0 ? "network" : "service-desk",
            Priority = 1 + random.Next(5),
            State = states[random.Next(states.Length)],
            // Coarse times, so that sort keys tie and the id decides.
            OpenedAt = Start.AddHours(random.Next(40)),
            UpdatedAt = Start.AddHours(random.Next(40)),
        }).ToList();
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            db.Incidents.AddRange(all);
            return await db.SaveChangesAsync();
        });
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Theory]
    [InlineData(RecordSort.Newest)]
    [InlineData(RecordSort.Oldest)]
    [InlineData(RecordSort.Priority)]
    [InlineData(RecordSort.Updated)]
    public async Task Several_states_page_exactly_as_one_sort_of_all_matching_incidents(RecordSort sort)
    {
        IncidentState[] open = [IncidentState.New, IncidentState.InProgress, IncidentState.OnHold, IncidentState.New];
        foreach (var group in new string?[] { null, "service-desk" })
        {
            var matching = Sorted(all.Where(i => open.Contains(i.State) && (group is null || i.AssignmentGroup == group)), sort).Select(i => i.Number).ToList();
            for (var page = 1; page <= 5; page++)
            {
                var listed = await host.InScopeAsync(s => s.GetRequiredService<IncidentQueries>().ListAsync(
                    new IncidentFilter { States = open, AssignmentGroup = group }, sort, page, 25, CancellationToken.None));

                listed.Total.Should().Be(matching.Count);
                listed.Items.Select(i => i.Number).Should().Equal(matching.Skip((page - 1) * 25).Take(25));
            }
        }
    }

    [Fact]
    public async Task Several_states_with_a_text_search_find_the_number_and_its_mentions()
    {
        var listed = await host.InScopeAsync(s => s.GetRequiredService<IncidentQueries>().ListAsync(
            new IncidentFilter { States = Enum.GetValues<IncidentState>(), Text = "INC0000013" }, RecordSort.Newest, 1, 50, CancellationToken.None));

        listed.Items.Select(i => i.Number).Should().BeEquivalentTo(["INC0000013", "INC0000014"]);
    }

    [Fact]
    public async Task A_list_counts_up_to_the_limit_and_then_says_there_are_at_least_that_many()
    {
        await AddIncidentsAsync(IncidentQueries.CountLimit - all.Count);
        var exactly = await ListAllAsync(page: 1);
        exactly.Total.Should().Be(IncidentQueries.CountLimit);
        exactly.TotalIsLowerBound.Should().BeFalse("all of them were counted");

        await AddIncidentsAsync(1);
        var more = await ListAllAsync(page: 1);
        more.Total.Should().Be(IncidentQueries.CountLimit);
        more.TotalIsLowerBound.Should().BeTrue();

        // Pages beyond the count still come from the database.
        var beyond = await ListAllAsync(page: (IncidentQueries.CountLimit / 100) + 1);
        beyond.Items.Should().ContainSingle().Which.Number.Should().Be(Sorted(all, RecordSort.Newest).Last().Number, "the oldest is last, newest first");
    }

    private Task<WorkflowItsm.Runtime.Instances.Page<IncidentListItem>> ListAllAsync(int page) =>
        host.InScopeAsync(s => s.GetRequiredService<IncidentQueries>().ListAsync(new IncidentFilter(), RecordSort.Newest, page, 100, CancellationToken.None));

    private Task<int> AddIncidentsAsync(int count) => host.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<ItsmDbContext>();
        var first = await db.Incidents.CountAsync() + 1;
        db.Incidents.AddRange(Enumerable.Range(first, count).Select(n => new Incident
        {
            Number = $"INC{n:D7}",
            ShortDescription = "Screen flickers",
            Caller = "rita",
            OpenedBy = "rita",
            OpenedAt = Start.AddDays(2).AddMinutes(n),
            UpdatedAt = Start.AddDays(2).AddMinutes(n),
        }));
        return await db.SaveChangesAsync();
    });

    private static IEnumerable<Incident> Sorted(IEnumerable<Incident> incidents, RecordSort sort) => sort switch
    {
        RecordSort.Oldest => incidents.OrderBy(i => i.OpenedAt).ThenBy(i => i.Id),
        RecordSort.Priority => incidents.OrderBy(i => i.Priority).ThenBy(i => i.OpenedAt).ThenBy(i => i.Id),
        RecordSort.Updated => incidents.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
        _ => incidents.OrderByDescending(i => i.OpenedAt).ThenByDescending(i => i.Id),
    };
}
