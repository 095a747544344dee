using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Changes;

/// <summary>
/// Issue 18, test 5 (the domain half): a weekly CAB (Tuesdays 14:00 UTC, 10 minutes a change) on a fake clock of
/// Monday morning; the agenda job plans tomorrow's meeting with the changes that must be decided in it, sends it to
/// the board once, and the chair records decisions.
/// </summary>
public sealed class CabAgendaJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Tuesday1400 = new(2026, 12, 8, 14, 0, 0, DateTimeKind.Utc);
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider time = new(Monday);
    private ServiceProvider services = null!;
    private long cabId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        connection.Open();
        services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IJobs>(new RecordingJobs())
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        await db.Database.EnsureCreatedAsync(Ct);
        db.Groups.Add(new DirectoryGroup { Key = "cab", DisplayName = "Change advisory board" });
        foreach (var name in new[] { "carl", "m1", "m2", "m3", "m4", "m5", "d5" })
        {
            db.Users.Add(new DirectoryUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.test" });
        }

        await db.SaveChangesAsync(Ct);
        var members = await db.Users.Where(u => u.UserName!.StartsWith('m')).ToListAsync(Ct);
        db.GroupMembers.AddRange(members.Select(u => new DirectoryGroupMember { GroupKey = "cab", UserId = u.Id }));
        Add(db, "CHG0001001", ChangeType.Normal, ChangeRisk.Moderate, ChangeState.Authorize, Tuesday1400.AddDays(1));
        Add(db, "CHG0001002", ChangeType.Normal, ChangeRisk.High, ChangeState.Authorize, Tuesday1400.AddDays(6));
        Add(db, "CHG0001003", ChangeType.Normal, ChangeRisk.Low, ChangeState.Authorize, Tuesday1400.AddDays(1)); // the change manager alone
        Add(db, "CHG0001004", ChangeType.Emergency, ChangeRisk.High, ChangeState.Authorize, Tuesday1400.AddDays(1)); // the ECAB
        Add(db, "CHG0001005", ChangeType.Normal, ChangeRisk.Moderate, ChangeState.Authorize, Tuesday1400.AddDays(8)); // next week's meeting
        Add(db, "CHG0001006", ChangeType.Normal, ChangeRisk.Moderate, ChangeState.Assess, Tuesday1400.AddDays(1)); // not yet submitted
        await db.SaveChangesAsync(Ct);
        var cab = await scope.ServiceProvider.GetRequiredService<CabDefinitions>().AddAsync(new CabDefinitionInput("Weekly CAB", "0 14 * * 2", "UTC", 60, 10, "carl", "cab",
            Delegates: [new CabDelegateInput("m5", "d5")]), Ct);
        cabId = cab.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Test5_the_job_builds_the_next_meetings_agenda_with_the_changes_to_decide_in_it_and_sends_it_once()
    {
        await RunJobAsync();
        await RunJobAsync();

        var meeting = await InScopeAsync(async s =>
        {
            var summary = (await s.GetRequiredService<CabMeetings>().UpcomingAsync(Monday.UtcDateTime, Monday.UtcDateTime.AddDays(14), Ct)).Should().ContainSingle().Subject;
            return await s.GetRequiredService<CabMeetings>().GetAsync(summary.Id, Ct);
        });
        meeting.StartsAt.Should().Be(Tuesday1400);
        meeting.EndsAt.Should().Be(Tuesday1400.AddMinutes(60));
        meeting.Items.Select(i => (i.ChangeNumber, i.StartsAt, i.Minutes)).Should().Equal(
            ("CHG0001001", Tuesday1400, 10),
            ("CHG0001002", Tuesday1400.AddMinutes(10), 10));
        var sent = await InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Notifications.Where(n => n.Kind == NotificationKinds.CabAgenda).ToListAsync(Ct));
        sent.Select(n => n.Recipient).Should().BeEquivalentTo(["carl", "m1", "m2", "m3", "m4", "m5", "d5"], "the board, the delegate of m5 and the chair, once although the job ran twice");
        sent[0].Body.Should().Contain("CHG0001001").And.Contain("14:10 CHG0001002");
    }

    [Fact]
    public async Task Test5_a_change_that_stops_waiting_leaves_the_agenda_and_the_board_gets_the_new_one()
    {
        await RunJobAsync();
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            (await db.Changes.FirstAsync(c => c.Number == "CHG0001001", Ct)).State = ChangeState.New; // rejected by the change manager meanwhile
            return await db.SaveChangesAsync(Ct);
        });

        await RunJobAsync();

        var meeting = await MeetingAsync();
        meeting.Items.Should().ContainSingle().Which.Should().Match<CabAgendaItemView>(i => i.ChangeNumber == "CHG0001002" && i.StartsAt == Tuesday1400);
        (await InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Notifications.CountAsync(n => n.Kind == NotificationKinds.CabAgenda && n.Recipient == "m1", Ct)))
            .Should().Be(2);
    }

    [Fact]
    public async Task Test5_the_boards_votes_decide_items_by_themselves_while_the_meeting_runs_and_what_was_not_reached_is_deferred()
    {
        await RunJobAsync();
        var id = (await MeetingAsync()).Id;
        var meetings = (Func<CabMeetings, Task> act) => InScopeAsync(async s => { await act(s.GetRequiredService<CabMeetings>()); return true; });

        await FluentActions.Awaiting(() => meetings(m => m.DecideAsync(id, "CHG0001001", CabDecision.Deferred, null, "carl", Ct)))
            .Should().ThrowAsync<CabMeetingConflictException>().WithMessage("*planned*while it runs*");
        await meetings(m => m.StartAsync(id, Ct));
        // The board's vote through the approval engine (as the approval panel on the meeting page casts it) decides CHG0001001.
        var approvalId = Guid.NewGuid().ToString("N");
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            db.Approvals.Add(new Approval
            {
                Id = approvalId, RecordNumber = "CHG0001001", RuleKey = "change-cab", RuleName = "Change advisory board", RequestedBy = "workflow",
                RequestedAt = Monday.UtcDateTime, State = ApprovalState.Pending, Policy = ApprovalPolicy.Anyone,
                Approvers = [new ApprovalApprover { ApprovalId = approvalId, UserName = "m1", Source = "CAB cab" }],
            });
            return await db.SaveChangesAsync(Ct);
        });
        await InScopeAsync(s => s.GetRequiredService<ApprovalService>().VoteAsync(approvalId, "m1", ApprovalDecision.Approved, "Looks safe.", Ct));
        var running = await MeetingAsync();
        running.Items.Select(i => (i.ChangeNumber, i.Decision, i.DecidedBy, i.DecisionNote)).Should().Equal(
            ("CHG0001001", CabDecision.Approved, null, "Change advisory board: 1 of 1 approvers approved (1 needed)."),
            ("CHG0001002", CabDecision.Pending, null, null));
        await FluentActions.Awaiting(() => meetings(m => m.DecideAsync(id, "CHG0001001", CabDecision.Deferred, null, "carl", Ct)))
            .Should().ThrowAsync<CabMeetingConflictException>().WithMessage("*decided already (approved by the board's vote)*");
        await FluentActions.Awaiting(() => meetings(m => m.DecideAsync(id, "CHG0001002", CabDecision.Rejected, "Too risky", "carl", Ct)))
            .Should().ThrowAsync<RecordValidationException>().Where(e => e.Errors.ContainsKey("decision"), "the board rejects by voting, the chair only defers");
        await meetings(m => m.CompleteAsync(id, "One change decided.", "carl", Ct));

        var meeting = await MeetingAsync();
        meeting.State.Should().Be(CabMeetingState.Completed);
        meeting.Minutes.Should().Be("One change decided.");
        meeting.Items.Select(i => (i.ChangeNumber, i.Decision, i.DecisionNote)).Should().Equal(
            ("CHG0001001", CabDecision.Approved, "Change advisory board: 1 of 1 approvers approved (1 needed)."),
            ("CHG0001002", CabDecision.Deferred, "Not reached in the meeting."));
    }

    [Fact]
    public async Task A_board_with_a_wrong_schedule_time_zone_or_group_is_refused_naming_each_field()
    {
        var refused = await FluentActions.Awaiting(() => InScopeAsync(s => s.GetRequiredService<CabDefinitions>().AddAsync(
                new CabDefinitionInput("Weekly CAB", "every tuesday", "Mars/Olympus", 5, 10, "nobody", "no-such-group"), Ct)))
            .Should().ThrowAsync<RecordValidationException>();
        refused.Which.Errors.Keys.Should().BeEquivalentTo(["name", "schedule", "meetingMinutes", "manager", "membersGroup"],
            "the name is taken and the time zone is only checked once the schedule reads");
        (await InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().CabDefinitions.CountAsync(Ct))).Should().Be(1);
    }

    private async Task<CabMeetingView> MeetingAsync() => await InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<ItsmDbContext>();
        var id = await db.CabMeetings.Where(m => m.CabDefinitionId == cabId).Select(m => m.Id).SingleAsync(Ct);
        return await s.GetRequiredService<CabMeetings>().GetAsync(id, Ct);
    });

    private Task<bool> RunJobAsync() => InScopeAsync(async s =>
    {
        await s.GetRequiredService<CabAgendaJob>().BuildAgendasAsync(Ct);
        return true;
    });

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private static void Add(ItsmDbContext db, string number, ChangeType type, ChangeRisk risk, ChangeState state, DateTime plannedStart) =>
        db.Changes.Add(new Change
        {
            Number = number, ShortDescription = $"Change {number[^2..]}", OpenedBy = "ana", Type = type, Risk = risk, State = state,
            PlannedStart = plannedStart, PlannedEnd = plannedStart.AddHours(1), AssignmentGroup = "infra",
        });
}
