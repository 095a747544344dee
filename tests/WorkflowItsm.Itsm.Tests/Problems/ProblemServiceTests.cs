using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Problems;

/// <summary>Problems on their own (no workflow): numbers, priority, the lifecycle with what each state needs, known errors, links and the work note on resolution.</summary>
public sealed class ProblemServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ProblemTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ProblemTestHost.StartAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_problem_is_numbered_prioritized_by_the_matrix_audited_and_goes_to_second_line_by_default()
    {
        var first = await host.CreateAsync(new NewProblem { ShortDescription = "VPN drops", Impact = 1, Urgency = 2 });
        var second = await host.CreateAsync(new NewProblem { ShortDescription = "Printer queue stalls" });

        first.Number.Should().Be("PRB0001001");
        second.Number.Should().Be("PRB0001002");
        first.Priority.Should().Be(2);
        second.Priority.Should().Be(5);
        first.AssignmentGroup.Should().Be(ProblemService.DefaultGroup);
        first.State.Should().Be(ProblemState.New);
        (await host.DetailsAsync(first.Number)).History.Select(h => h.Field).Should().Contain(["shortDescription", "priority", "state", "assignmentGroup"]);
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_stored()
    {
        var act = () => host.CreateAsync(new NewProblem { ShortDescription = " ", Impact = 4, AssignmentGroup = "nobody", Incidents = ["INC9999999"] });

        (await act.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys
            .Should().BeEquivalentTo("shortDescription", "impact", "assignmentGroup", "incidents");
        var list = await host.InScopeAsync(s => s.GetRequiredService<ProblemQueries>().ListAsync(new ProblemFilter(), RecordSort.Newest, 1, 10, Ct));
        list.Total.Should().Be(0);
    }

    [Fact]
    public async Task The_lifecycle_refuses_skipped_states_and_asks_for_a_root_cause_before_a_fix_and_a_fix_before_resolving()
    {
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "Mail delays" });

        var skip = () => host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.Resolved, Fix: "x"));
        (await skip.Should().ThrowAsync<RecordTransitionException>()).Which.AllowedStates.Should().Equal(nameof(ProblemState.Assessed), nameof(ProblemState.Cancelled));

        await host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.Assessed));
        await host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.RootCauseAnalysis));
        var noCause = () => host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.FixInProgress));
        (await noCause.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("rootCause");
        await host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.FixInProgress, RootCause: "Queue worker leaks connections"));
        var noFix = () => host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.Resolved));
        (await noFix.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("fix");

        host.Time.Advance(TimeSpan.FromHours(2));
        var resolved = await host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.Resolved, Fix: "Worker 2.4 closes its connections"));
        var closed = await host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.Closed));

        resolved.ResolvedAt.Should().Be(Start.UtcDateTime.AddHours(2));
        closed.ClosedAt.Should().NotBeNull();
        var details = await host.DetailsAsync(problem.Number);
        details.AllowedTransitions.Should().BeEmpty();
        details.History.Where(h => h.Field == "state").Select(h => h.NewValue)
            .Should().Equal("New", "Assessed", "RootCauseAnalysis", "FixInProgress", "Resolved", "Closed");
        var change = () => host.ProblemsAsync(p => p.UpdateAsync(problem.Number, new ProblemChanges { Description = "late" }, null, "ana", Ct));
        (await change.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().Equal("state");
    }

    [Fact]
    public async Task Root_cause_and_workaround_together_make_a_known_error_and_clearing_the_workaround_unmakes_it()
    {
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "Outlook freezes on start" });

        var causeOnly = await host.ProblemsAsync(p => p.UpdateAsync(problem.Number, new ProblemChanges { RootCause = "Corrupt OST cache" }, null, "ana", Ct));
        causeOnly.IsKnownError.Should().BeFalse("a root cause alone is not a known error");
        var known = await host.ProblemsAsync(p => p.UpdateAsync(problem.Number, new ProblemChanges { Workaround = "Start with /resetnavpane" }, null, "ana", Ct));
        known.IsKnownError.Should().BeTrue();
        var cleared = await host.ProblemsAsync(p => p.UpdateAsync(problem.Number, new ProblemChanges { Workaround = "" }, null, "ana", Ct));

        cleared.IsKnownError.Should().BeFalse();
        cleared.Workaround.Should().BeNull();
        (await host.DetailsAsync(problem.Number)).History.Where(h => h.Field == "isKnownError").Select(h => $"{h.OldValue}→{h.NewValue}")
            .Should().Equal("→false", "false→true", "true→false");
    }

    [Fact]
    public async Task The_known_error_search_matches_text_in_any_case_filters_by_category_and_CI_and_leaves_out_cancelled_ones()
    {
        await host.CreateAsync(new NewProblem { ShortDescription = "VPN drops every hour", Category = "network", RootCause = "Gateway DPD timeout too short", Workaround = "Reconnect with the BACKUP profile" });
        var doorController = await host.CiAsync("door-ctl-3");
        await host.CreateAsync(new NewProblem { ShortDescription = "Badge readers reject cards", Category = "hardware", ConfigurationItem = doorController, RootCause = "Clock drift", Workaround = "Reboot the controller" });
        await host.CreateAsync(new NewProblem { ShortDescription = "VPN slow", Category = "network", RootCause = "Undersized tunnel" });
        var cancelled = await host.CreateAsync(new NewProblem { ShortDescription = "VPN client crash", Category = "network", RootCause = "Old client", Workaround = "Reinstall the backup client" });
        await host.TransitionAsync(cancelled.Number, new ProblemTransition(ProblemState.Cancelled));

        var byText = await SearchAsync(new KnownErrorFilter("backup"));
        var byCategory = await SearchAsync(new KnownErrorFilter(Category: "network"));
        var byItem = await SearchAsync(new KnownErrorFilter("reboot", ConfigurationItem: doorController));
        var wrongItem = await SearchAsync(new KnownErrorFilter("reboot", ConfigurationItem: "door-ctl-4"));

        byText.Select(k => (k.ShortDescription, k.Workaround)).Should().Equal(("VPN drops every hour", "Reconnect with the BACKUP profile"));
        byCategory.Select(k => k.ShortDescription).Should().Equal("VPN drops every hour");
        byItem.Single().RootCause.Should().Be("Clock drift");
        wrongItem.Should().BeEmpty();
    }

    [Fact]
    public async Task Incidents_link_once_to_one_open_problem_and_unlink()
    {
        var incident = await host.IncidentAsync("VPN dropped");
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "VPN drops" });
        var other = await host.CreateAsync(new NewProblem { ShortDescription = "Another VPN problem" });

        await host.ProblemsAsync(p => p.LinkIncidentAsync(problem.Number, incident.Number, "ana", Ct));
        await host.ProblemsAsync(p => p.LinkIncidentAsync(problem.Number, incident.Number, "ana", Ct));
        var elsewhere = () => host.ProblemsAsync(p => p.LinkIncidentAsync(other.Number, incident.Number, "ana", Ct));
        var unknown = () => host.ProblemsAsync(p => p.LinkIncidentAsync(problem.Number, "INC9999999", "ana", Ct));

        (await host.DetailsAsync(problem.Number)).Incidents.Select(i => i.Number).Should().Equal(incident.Number);
        (await elsewhere.Should().ThrowAsync<RecordValidationException>()).Which.Errors["incident"].Single().Should().Contain(problem.Number);
        await unknown.Should().ThrowAsync<RecordNotFoundException>();

        await host.ProblemsAsync(p => p.UnlinkIncidentAsync(problem.Number, incident.Number, "ana", Ct));
        var notLinked = () => host.ProblemsAsync(p => p.UnlinkIncidentAsync(problem.Number, incident.Number, "ana", Ct));

        await notLinked.Should().ThrowAsync<RecordNotFoundException>();
        var details = await host.DetailsAsync(problem.Number);
        details.Incidents.Should().BeEmpty();
        details.History.Where(h => h.Field == "incident").Select(h => $"{h.OldValue}→{h.NewValue}").Should().Equal($"→{incident.Number}", $"{incident.Number}→");
    }

    [Fact]
    public async Task Resolving_notes_the_fix_on_linked_open_incidents_without_resolving_them()
    {
        var open = await host.IncidentAsync("VPN dropped again");
        var done = await host.IncidentAsync("VPN dropped last week");
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().TransitionAsync(done.Number,
            new IncidentTransition(IncidentState.Resolved, ResolutionCode: "workaround", ResolutionNotes: "Reconnected"), "ana", Ct));
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "VPN drops", Incidents = [open.Number, done.Number] });
        foreach (var state in new[] { ProblemState.Assessed, ProblemState.RootCauseAnalysis })
        {
            await host.TransitionAsync(problem.Number, new ProblemTransition(state));
        }

        await host.TransitionAsync(problem.Number, new ProblemTransition(ProblemState.Resolved, Fix: "Gateway firmware 7.2"));

        var note = (await host.NotesAsync(open)).Should().ContainSingle().Subject;
        note.Kind.Should().Be(RecordNoteKind.WorkNote);
        note.Text.Should().Be($"Problem {problem.Number} resolved: Gateway firmware 7.2");
        (await host.NotesAsync(done)).Should().BeEmpty("a resolved incident is not told again");
        var stillOpen = await host.InScopeAsync(s => s.GetRequiredService<IncidentQueries>().GetAsync(open.Number, true, Ct));
        stillOpen!.Incident.State.Should().Be(IncidentState.New, "the service desk confirms with each caller");
    }

    [Fact]
    public async Task A_stale_revision_is_refused_and_changes_nothing()
    {
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "Disk fills up" });
        await host.ProblemsAsync(p => p.UpdateAsync(problem.Number, new ProblemChanges { Impact = 1 }, problem.Revision, "ana", Ct));

        var stale = () => host.ProblemsAsync(p => p.UpdateAsync(problem.Number, new ProblemChanges { Description = "late" }, problem.Revision, "ana", Ct));

        await stale.Should().ThrowAsync<RecordConcurrencyException>();
        (await host.DetailsAsync(problem.Number)).Problem.Description.Should().BeNull();
    }

    private async Task<IReadOnlyList<KnownErrorView>> SearchAsync(KnownErrorFilter filter) =>
        (await host.InScopeAsync(s => s.GetRequiredService<ProblemQueries>().KnownErrorsAsync(filter, 1, 20, Ct))).Items;
}
