using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Tests.Problems;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Incidents;

/// <summary>The incident workflow's tasks follow their incident; a task whose business key is no incident's number costs the database nothing.</summary>
public sealed class IncidentTaskSyncTests : IAsyncLifetime
{
    private ProblemTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ProblemTestHost.StartAsync(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static HumanTaskRecord TriageTask(string businessKey) => new()
    {
        Id = Guid.NewGuid().ToString("N"), InstanceId = "i-1", DefinitionKey = IncidentService.TriageProcess, ElementId = "ResolveIncident",
        BusinessKey = businessKey, Assignee = "ana",
    };

    /// <summary>What the database was sent while the sink heard of the task's creation and of its assignee.</summary>
    private async Task<IReadOnlyList<EfCommandLog.Sent>> SentForAsync(HumanTaskRecord task)
    {
        using var log = new EfCommandLog();
        await host.InScopeAsync(async s =>
        {
            var sync = s.GetRequiredService<IncidentTaskSync>();
            await sync.TasksCreatedAsync([task], CancellationToken.None);
            await sync.TaskAssignedAsync(task, "ana", CancellationToken.None);
            return true;
        });
        // Only this host's database: the log hears the commands of tests running beside this one too.
        return [.. log.Entries.Where(entry => entry.What == EfCommandLog.Kind.Command && ReferenceEquals(entry.Connection, host.Connection))];
    }

    [Fact]
    public async Task A_triage_task_for_a_key_that_is_no_incident_number_sends_nothing_to_the_database()
    {
        var sent = await SentForAsync(TriageTask("LOAD42"));

        sent.Should().BeEmpty("an integration's own reference names no incident to look for");
    }

    [Fact]
    public async Task A_triage_task_of_an_incident_looks_its_incident_up_and_takes_it_on()
    {
        var incident = await host.IncidentAsync("Printer jams on floor 2");

        var sent = await SentForAsync(TriageTask(incident.Number));

        sent.Should().Contain(entry => entry.Text.Contains("\"Incidents\"", StringComparison.Ordinal), "the incident's tasks follow it");
        var assignee = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Incidents.AsNoTracking()
            .Where(i => i.Number == incident.Number).Select(i => i.AssignedTo).SingleAsync());
        assignee.Should().Be("ana", "the agent who took the task now has the incident");
    }
}
