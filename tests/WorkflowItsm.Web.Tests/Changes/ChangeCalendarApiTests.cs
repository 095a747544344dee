using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Tests.Changes;

/// <summary>
/// Planning changes through the API (issue 18): scenario 3's conflicts and next free slot, bad windows and freezes
/// (400 naming the field), the freeze moves (409 naming the allowed ones), the calendar range and its iCal feed with
/// the CAB meetings (test 5).
/// </summary>
public sealed class ChangeCalendarApiTests(ChangeCalendarApiTests.Setup shared) : IClassFixture<ChangeCalendarApiTests.Setup>
{
    private const string Password = "Change-Pass-1!";
    private static readonly DateTime Night = DateTime.UtcNow.Date.AddDays(3).AddHours(22);

    public sealed class Setup : SharedHost
    {
        public HttpClient Manager { get; private set; } = null!;
        public HttpClient Agent { get; private set; } = null!;
        public string AppA { get; private set; } = "";
        public string SrvS { get; private set; } = "";

        public override async ValueTask InitializeAsync()
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                var cis = scope.ServiceProvider.GetRequiredService<CiService>();
                AppA = (await cis.CreateAsync(new NewConfigurationItem { Name = "AppA", Class = CmdbSeed.Application }, "system", CancellationToken.None)).Number;
                SrvS = (await cis.CreateAsync(new NewConfigurationItem { Name = "SrvS", Class = CmdbSeed.Server }, "system", CancellationToken.None)).Number;
                await scope.ServiceProvider.GetRequiredService<CiRelations>().AddAsync(new NewCiRelation(AppA, CmdbSeed.RunsOn, SrvS), "system", CancellationToken.None);
            }

            await CreatePersonAsync("cm.max", Password, Roles.ChangeManager, ChangeService.DefaultGroup);
            await CreatePersonAsync("ag.eve", Password, Roles.Agent);
            Manager = await SignInAsync("cm.max", Password);
            Agent = await SignInAsync("ag.eve", Password);
        }

        public async Task<string> AddChangeAsync(string title, ChangeState state, DateTime start, DateTime end, string assignee, string ci,
            ChangeRisk risk = ChangeRisk.Low)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            var change = new Change
            {
                Number = await scope.ServiceProvider.GetRequiredService<RecordNumbers>().NextAsync(RecordNumbers.Change, CancellationToken.None),
                ShortDescription = title, OpenedBy = "system", State = state, PlannedStart = start, PlannedEnd = end, AssignedTo = assignee, ConfigurationItem = ci,
                Type = ChangeType.Normal, Risk = risk,
            };
            db.Changes.Add(change);
            await db.SaveChangesAsync(CancellationToken.None);
            return change.Number;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scenario_3_through_the_API_the_check_names_SrvS_and_the_relation_and_the_next_free_slot_is_clean()
    {
        var chg1 = await shared.AddChangeAsync("Patch SrvS", ChangeState.Scheduled, Night, Night.AddHours(1), "ag.eve", shared.SrvS);
        var chg2 = await shared.AddChangeAsync("Upgrade AppA", ChangeState.Authorize, Night.AddMinutes(30), Night.AddMinutes(90), "ag.eve", shared.AppA);
        var blackout = await shared.Manager.PostAsJsonAsync("/api/change-windows/", new
        {
            name = "year-end freeze", kind = "Blackout", start = Night.AddHours(-2), end = Night.AddDays(1), targets = new[] { shared.AppA },
        }, Ct);
        blackout.StatusCode.Should().Be(HttpStatusCode.Created);

        var check = await shared.Agent.PostAsync($"/api/changes/{chg2}/conflicts/check", null, Ct);
        check.StatusCode.Should().Be(HttpStatusCode.OK);
        var conflicts = await check.Content.ReadFromJsonAsync<JsonElement>(Ct);
        conflicts.EnumerateArray().Select(c => c.GetProperty("kind").GetString()).Should().Equal("RelatedCi", "Blackout", "AssigneeBusy");
        conflicts[0].GetProperty("otherChange").GetString().Should().Be(chg1);
        conflicts[0].GetProperty("relationPath").GetString().Should().Be("AppA runs on SrvS");
        (await shared.Agent.GetFromJsonAsync<JsonElement>($"/api/changes/{chg2}/conflicts", Ct)).GetArrayLength().Should().Be(3);

        var slot = await shared.Agent.GetFromJsonAsync<JsonElement>($"/api/changes/{chg2}/next-free-slot", Ct);
        slot.GetProperty("start").GetDateTime().ToUniversalTime().Should().Be(Night.AddDays(1), "the first quarter hour after the blackout, with CHG1 long done");

        var month = await shared.Agent.GetFromJsonAsync<JsonElement>(
            $"/api/changes/calendar?start={Night.AddDays(-3):yyyy-MM-ddTHH:mm:ssZ}&end={Night.AddDays(3):yyyy-MM-ddTHH:mm:ssZ}", Ct);
        var entries = month.GetProperty("entries").EnumerateArray().ToList();
        entries.Should().Contain(e => e.GetProperty("changeNumber").GetString() == chg2 && e.GetProperty("hasConflicts").GetBoolean());
        entries.Should().Contain(e => e.GetProperty("kind").GetString() == "Blackout" && e.GetProperty("title").GetString() == "year-end freeze");

        var feed = await shared.Agent.GetAsync("/api/changes/calendar.ics", Ct);
        feed.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        var ics = await feed.Content.ReadAsStringAsync(Ct);
        ics.Should().StartWith("BEGIN:VCALENDAR").And.Contain($"SUMMARY:{chg2} Upgrade AppA (conflicts)").And.Contain("SUMMARY:Blackout: year-end freeze");
    }

    [Fact]
    public async Task Test5_the_agenda_job_builds_the_coming_CAB_meeting_and_the_iCal_feed_holds_the_meeting_with_its_agenda_and_the_changes()
    {
        // A weekly board meeting four days from now at 09:30 UTC; the change waiting for it starts two days after.
        var meetingDay = DateTime.UtcNow.Date.AddDays(4);
        var waiting = await shared.AddChangeAsync("Move the ledger database", ChangeState.Authorize, meetingDay.AddDays(2).AddHours(20),
            meetingDay.AddDays(2).AddHours(22), "ag.eve", shared.SrvS, ChangeRisk.High);
        CabDefinitionView board;
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("feed-cab", "Infrastructure board", null, Ct);
            board = await scope.ServiceProvider.GetRequiredService<CabDefinitions>().AddAsync(new CabDefinitionInput(
                "Infrastructure CAB", $"30 9 * * {(int)meetingDay.DayOfWeek}", "UTC", 45, 15, "cm.max", "feed-cab"), Ct);
        }

        // The hourly job runs twice: one meeting, the same event in the feed (calendar clients update it, never duplicate it).
        CabMeeting meeting = null!;
        for (var run = 0; run < 2; run++)
        {
            await using var scope = shared.Host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CabAgendaJob>().BuildAgendasAsync(Ct);
            meeting = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().CabMeetings.AsNoTracking().Include(m => m.Items)
                .SingleAsync(m => m.CabDefinitionId == board.Id, Ct);
        }

        meeting.StartsAt.Should().Be(meetingDay.AddHours(9.5));
        meeting.Items.Select(i => i.ChangeNumber).Should().Contain(waiting);

        var ics = await shared.Agent.GetStringAsync("/api/changes/calendar.ics", Ct);
        var feed = Ical.Net.Calendar.Load(ics)!;
        var held = feed.Events.Should().ContainSingle(e => e.Uid == $"cab-meeting-{meeting.Id}@workflowitsm").Subject;
        held.Summary.Should().Be("Infrastructure CAB meeting");
        held.DtStart!.AsUtc.Should().Be(meetingDay.AddHours(9.5));
        held.DtEnd!.AsUtc.Should().Be(meetingDay.AddHours(9.5).AddMinutes(45), "the board's 45 minutes hold its one 15-minute item");
        held.Description.Should().Contain($"{waiting} Move the ledger database");
        held.Url!.ToString().Should().EndWith($"/changes/cab/meetings/{meeting.Id}");
        feed.Events.Should().Contain(e => e.Uid == $"{waiting}@workflowitsm" && e.Summary == $"{waiting} Move the ledger database");

        var range = await shared.Agent.GetFromJsonAsync<JsonElement>(
            $"/api/changes/calendar?start={meetingDay:yyyy-MM-ddTHH:mm:ssZ}&end={meetingDay.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}", Ct);
        var drawn = range.GetProperty("entries").EnumerateArray().Should().ContainSingle(e => e.GetProperty("kind").GetString() == "CabMeeting").Subject;
        drawn.GetProperty("link").GetString().Should().Be($"changes/cab/meetings/{meeting.Id}");
    }

    [Fact]
    public async Task Bad_input_a_window_ending_before_it_starts_or_on_an_unknown_CI_is_400_naming_the_field_and_nothing_is_stored()
    {
        var backwards = await shared.Manager.PostAsJsonAsync("/api/change-windows/", new
        {
            name = "Backwards", kind = "Maintenance", start = Night, end = Night.AddHours(-1), targets = new[] { shared.SrvS },
        }, Ct);
        backwards.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("end", out _).Should().BeTrue();

        var unknown = await shared.Manager.PostAsJsonAsync("/api/change-freezes/", new
        {
            name = "Nowhere", start = Night, end = Night.AddHours(1), scope = new[] { "CI0999999" },
        }, Ct);
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("scope")[0].GetString().Should().Contain("CI0999999");

        var windows = await shared.Agent.GetFromJsonAsync<JsonElement>("/api/change-windows/", Ct);
        windows.EnumerateArray().Should().NotContain(w => w.GetProperty("name").GetString() == "Backwards");
        (await shared.Agent.PostAsJsonAsync("/api/change-windows/", new { name = "Agents may not", kind = "Blackout" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_freeze_is_enforced_by_a_change_managers_approval_and_a_move_it_does_not_allow_is_409_naming_the_allowed_moves()
    {
        var created = await shared.Manager.PostAsJsonAsync("/api/change-freezes/", new
        {
            name = "Early lockdown", start = Night.AddDays(40), end = Night.AddDays(41), scope = new[] { shared.AppA },
        }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString()!;
        number.Should().StartWith("FRZ");
        created.Headers.Location!.ToString().Should().EndWith($"/api/change-freezes/{number}");

        var submitted = await shared.Manager.PostAsync($"/api/change-freezes/{number}/submit", null, Ct);
        (await submitted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString().Should().Be("AwaitingApproval");
        var again = await shared.Manager.PostAsync($"/api/change-freezes/{number}/submit", null, Ct);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync(Ct)).Should().Contain("Enforced").And.Contain("Cancelled");
        (await shared.Manager.PostAsync($"/api/change-freezes/{number}/enforce", null, Ct)).StatusCode.Should().BeOneOf([HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed],
            "a freeze is enforced by its approval, not by a call");

        var approvals = await shared.Manager.GetFromJsonAsync<JsonElement>($"/api/approvals/?record={number}", Ct);
        var approvalId = approvals.EnumerateArray().Single().GetProperty("id").GetString();
        (await shared.Agent.PostAsJsonAsync($"/api/approvals/{approvalId}/votes", new { decision = "approved" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await shared.Manager.PostAsJsonAsync($"/api/approvals/{approvalId}/votes", new { decision = "approved" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var freeze = await shared.Agent.GetFromJsonAsync<JsonElement>($"/api/change-freezes/{number}", Ct);
        freeze.GetProperty("state").GetString().Should().Be("Enforced");
        freeze.GetProperty("enforcedBy").GetString().Should().Be("cm.max");
        (await shared.Agent.GetAsync("/api/change-freezes/FRZ9999999", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
