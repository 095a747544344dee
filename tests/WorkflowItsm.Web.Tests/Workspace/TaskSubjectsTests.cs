using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Modules;
using WorkflowItsm.Web.Workspace;

namespace WorkflowItsm.Web.Tests.Workspace;

/// <summary>
/// What the inbox reads about its tasks' records: incidents (by business key, or through the instance a portal
/// report started), problems, none for other processes; for a whole page in a few queries; the text search in the
/// database; and the next task of a queue that a person may take on.
/// </summary>
public sealed class TaskSubjectsTests(TaskSubjectsTests.Setup shared) : IClassFixture<TaskSubjectsTests.Setup>
{
    private const string Group = "context-desk";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The class's host with one queue of tasks: incidents, a problem, a portal report and a task about no record.</summary>
    public sealed class Setup : SharedHost
    {
        public IReadOnlyList<Incident> Incidents { get; private set; } = [];
        public Problem Problem { get; private set; } = null!;
        public string PortalInstanceId { get; private set; } = "";
        public string PlainInstanceId { get; private set; } = "";

        public override async ValueTask InitializeAsync()
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await services.GetRequiredService<DirectoryGroups>().EnsureAsync(Group, "Context desk", null, default);
            await CreatePersonAsync("cora.caller", "Cora-Caller-1!", Roles.Requester);
            var incidents = new List<Incident>();
            foreach (var (text, level) in new[] { ("Scanner jams on every page", 2), ("VPN drops every ten minutes", 3), ("Monitor flickers", 3), ("Mail stuck in outbox", 3) })
            {
                incidents.Add(await services.GetRequiredService<IncidentService>().CreateAsync(new NewIncident
                {
                    ShortDescription = text, Description = $"{text}, says the caller.", Caller = "cora.caller", AssignmentGroup = Group, Impact = level, Urgency = level,
                }, "cora.caller", default));
            }

            Incidents = incidents;
            Problem = await services.GetRequiredService<ProblemService>().CreateAsync(
                new NewProblem { ShortDescription = "Scanners of floor 2 jam", AssignmentGroup = Group }, "admin", default);

            // The portal's "report an issue" starts the process without a business key; its first step makes the incident.
            var runtime = services.GetRequiredService<WorkflowRuntime>();
            PortalInstanceId = (await runtime.StartAsync(new StartProcessCommand("incident-triage", StartedBy: "cora.caller", Variables: new Dictionary<string, object?>
            {
                ["shortDescription"] = "Printer shows error 42", ["impact"] = 3L, ["urgency"] = 3L, ["reportedBy"] = "cora.caller",
            }), default)).Id;

            var drafts = services.GetRequiredService<WorkflowItsm.Runtime.Deployments.ProcessDrafts>();
            var saved = await drafts.SaveAsync("desk-chores", DeskChores, 0, "admin", default);
            await drafts.PublishAsync("desk-chores", saved.Revision, "test", "admin", default);
            PlainInstanceId = (await runtime.StartAsync(new StartProcessCommand("desk-chores", BusinessKey: "chores-1"), default)).Id;
        }
    }

    private const string DeskChores = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="desk-chores" name="Desk chores" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Water" name="Water the plants" camunda:candidateGroups="context-desk" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Water" />
            <bpmn:sequenceFlow id="f2" sourceRef="Water" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task A_page_of_tasks_shows_the_records_they_are_about_read_in_a_few_queries_whatever_its_size()
    {
        var portalTasks = await ListAsync(new HumanTaskFilter(InstanceId: shared.PortalInstanceId), null);
        var (rows, queries) = await ListCountingAsync(new HumanTaskFilter(CandidateGroups: [Group]), null, pageSize: 25);
        var (_, queriesOfTwo) = await ListCountingAsync(new HumanTaskFilter(CandidateGroups: [Group]), null, pageSize: 2);

        rows.Should().HaveCount(6, "four incidents, a problem and the plain task; the portal's report went to the fallback group");
        foreach (var incident in shared.Incidents)
        {
            var subject = rows.Single(r => r.Subject?.Number == incident.Number).Subject!;
            subject.ShortDescription.Should().Be(incident.ShortDescription);
            subject.Description.Should().Be(incident.Description);
            subject.Person.Should().Be("cora.caller");
            subject.PersonLabel.Should().Be("Caller");
            subject.Priority.Should().Be(incident.Priority).And.BeInRange(1, 5, "the record's priority, not the engine's 50 or 80");
            subject.PriorityChip.Should().Be($"P{incident.Priority}");
            subject.Page.Should().Be($"incidents/{incident.Number}");
            subject.StateText.Should().Be("New");
            subject.Sla.Should().NotBeNull("every priority has a resolution SLA");
            subject.Sla!.Remaining.Should().BePositive();
            subject.Sla.Text.Should().EndWith("left");
        }

        var problem = rows.Single(r => r.Task.Name == "Assess problem").Subject!;
        (problem.Number, problem.ShortDescription, problem.Person, problem.Page, problem.Sla).Should()
            .Be((shared.Problem.Number, "Scanners of floor 2 jam", (string?)null, $"problems/{shared.Problem.Number}", (TaskSubjectSla?)null));
        rows.Single(r => r.Task.InstanceId == shared.PlainInstanceId).Subject.Should().BeNull("watering the plants is about no record");

        var portal = portalTasks.Should().ContainSingle().Subject;
        portal.Task.BusinessKey.Should().BeNull();
        portal.Subject!.ShortDescription.Should().Be("Printer shows error 42", "found through the incident's link to the instance");
        portal.Subject.Number.Should().StartWith("INC");
        portal.ProcessName.Should().Be("Incident triage", "the process as published, not its key");

        queries.Should().BeLessThanOrEqualTo(10, "count, page, one per kind of record (incidents, problems, changes, releases, requested items), clocks, a calendar and the process names: never a query per row");
        // The page of 25 is not full, so it needs no count (its total is known from where it is); the page of 2 is full.
        queries.Should().BeLessThanOrEqualTo(queriesOfTwo, "a longer page costs no more queries");
    }

    [Fact]
    public async Task The_search_matches_task_name_record_number_and_short_description_in_the_database_case_aside()
    {
        var all = new HumanTaskFilter(CandidateGroups: [Group]);
        (await NumbersAsync(all, "SCANNER")).Should().BeEquivalentTo([shared.Incidents[0].Number, shared.Problem.Number], "short descriptions, in any case");
        (await NumbersAsync(all, shared.Incidents[2].Number.ToLowerInvariant())).Should().Equal(shared.Incidents[2].Number);
        (await ListAsync(all, "resolve incident")).Should().HaveCount(4).And.OnlyContain(r => r.Task.Name == "Resolve incident");
        (await ListAsync(all, "plants")).Should().ContainSingle().Which.Task.InstanceId.Should().Be(shared.PlainInstanceId);
        (await ListAsync(new HumanTaskFilter(InstanceId: shared.PortalInstanceId), "error 42")).Should().ContainSingle("the portal's incident has no business key");
        (await ListAsync(all, "nothing like this")).Should().BeEmpty();

        await using var scope = shared.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<TaskSubjects>().CountAsync(all, "scanner", Ct)).Should().Be(2);
    }

    [Fact]
    public async Task The_next_task_a_person_may_take_on_is_unassigned_or_theirs()
    {
        await using var scope = shared.Host.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<HumanTaskQueries>();
        var commands = scope.ServiceProvider.GetRequiredService<HumanTaskCommands>();
        var plain = (await queries.ListAsync(new HumanTaskFilter(InstanceId: shared.PlainInstanceId), 1, 1, Ct)).Items.Single();
        await commands.AssignAsync(plain.Id, "someone.else", "admin", Ct);
        try
        {
            var forAda = await queries.ListAsync(new HumanTaskFilter(CandidateGroups: [Group], AvailableTo: "ada.agent"), 1, 50, Ct);
            forAda.Items.Select(t => t.Id).Should().NotContain(plain.Id, "it is someone else's").And.HaveCount(5);
            var forThem = await queries.ListAsync(new HumanTaskFilter(CandidateGroups: [Group], AvailableTo: "someone.else"), 1, 50, Ct);
            forThem.Items.Select(t => t.Id).Should().Contain(plain.Id).And.HaveCount(6);
        }
        finally
        {
            await commands.UnclaimAsync(plain.Id, "someone.else", Ct);
        }
    }

    private async Task<IReadOnlyList<InboxRow>> ListAsync(HumanTaskFilter filter, string? text)
    {
        await using var scope = shared.Host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TaskSubjects>().ListAsync(filter, text, 1, 50, Ct)).Items;
    }

    private async Task<IReadOnlyList<string?>> NumbersAsync(HumanTaskFilter filter, string text) =>
        [.. (await ListAsync(filter, text)).Select(r => r.Subject?.Number)];

    /// <summary>Lists through a context that counts the commands it sends.</summary>
    private async Task<(IReadOnlyList<InboxRow> Rows, int Queries)> ListCountingAsync(HumanTaskFilter filter, string? text, int pageSize)
    {
        await using var scope = shared.Host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var counter = new CommandCounter();
        var options = new DbContextOptionsBuilder<ItsmDbContext>(services.GetRequiredService<DbContextOptions<ItsmDbContext>>()).AddInterceptors(counter).Options;
        await using var db = new ItsmDbContext(options);
        var subjects = new TaskSubjects(db, new BusinessCalendars(db), services.GetRequiredService<RecordPages>(), TimeProvider.System);
        var page = await subjects.ListAsync(filter, text, 1, pageSize, Ct);
        return (page.Items, counter.Count);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
