using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Tests.Problems;

namespace WorkflowItsm.Itsm.Tests.Records;

/// <summary>What every kind of record gets from the kernel, shown on incidents and problems (the required fields per move: ProblemServiceTests, incident API tests).</summary>
public sealed class RecordKernelTests : IAsyncLifetime
{
    private ProblemTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ProblemTestHost.StartAsync(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public void A_lifecycle_table_names_the_allowed_moves_and_the_fields_a_move_needs()
    {
        var lifecycle = new RecordLifecycle<ProblemState>()
            .Open(ProblemState.New)
            .Allow(ProblemState.New, ProblemState.Assessed)
            .Require(ProblemState.Assessed, "category", "Choose a category.");
        var record = new Problem { Number = "PRB0000001", ShortDescription = "x", OpenedBy = "ana", State = ProblemState.New };

        lifecycle.IsOpen(ProblemState.New).Should().BeTrue();
        lifecycle.IsOpen(ProblemState.Closed).Should().BeFalse("a state not named open is not open");
        lifecycle.AllowedFrom(ProblemState.Closed).Should().BeEmpty("a state without moves is an end state");
        var refused = () => lifecycle.EnsureAllowed(record, ProblemState.Closed);
        refused.Should().Throw<RecordTransitionException>().Which.AllowedStates.Should().Equal(nameof(ProblemState.Assessed));
        lifecycle.RequiredFor(ProblemState.Assessed).Should().Equal("category");
    }

    [Fact]
    public async Task Incidents_and_problems_check_and_apply_the_fields_of_a_record_about_a_service_the_same_way()
    {
        var wrong = new NewIncident { ShortDescription = " ", Category = new string('c', WorkflowItsm.Itsm.Records.Record.CodeLength + 1), Impact = 4, Urgency = 0, AssignmentGroup = "no-such-group" };
        var incidentErrors = await CreatingFailsAsync(() => host.InScopeAsync(s => s.GetRequiredService<IncidentService>().CreateAsync(wrong, "ana", CancellationToken.None)));
        var problemErrors = await CreatingFailsAsync(() => host.CreateAsync(new NewProblem
        {
            ShortDescription = wrong.ShortDescription, Category = wrong.Category, Impact = wrong.Impact, Urgency = wrong.Urgency, AssignmentGroup = wrong.AssignmentGroup,
        }));
        string[] fields = ["shortDescription", "category", "impact", "urgency", "assignmentGroup"];
        incidentErrors.Keys.Should().BeEquivalentTo(fields);
        problemErrors.Keys.Should().BeEquivalentTo(fields, "one check serves both kinds");

        var incident = await host.IncidentAsync("VPN drops every hour");
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "VPN concentrator leaks sessions" });
        (incident.Impact, incident.Urgency, incident.Priority).Should().Be((3, 3, 5), "a new record starts at the lowest impact and urgency");
        (problem.Impact, problem.Urgency, problem.Priority).Should().Be((3, 3, 5));

        var changed = await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().UpdateAsync(
            incident.Number, new IncidentChanges { Impact = 1, Urgency = 2, Description = " Seen by 40 people " }, null, "ana", CancellationToken.None));
        var changedProblem = await host.ProblemsAsync(p => p.UpdateAsync(
            problem.Number, new ProblemChanges { Impact = 1, Urgency = 2, Description = " Seen by 40 people " }, null, "ana", CancellationToken.None));
        (changed.Priority, changed.Description).Should().Be((2, "Seen by 40 people"), "impact 1 × urgency 2 is priority 2 in the default matrix");
        (changedProblem.Priority, changedProblem.Description).Should().Be((2, "Seen by 40 people"));
    }

    [Fact]
    public void A_change_is_empty_only_when_no_field_of_the_kernel_or_the_kind_is_given()
    {
        new IncidentChanges().IsEmpty.Should().BeTrue();
        new IncidentChanges { AssignedTo = "" }.IsEmpty.Should().BeFalse("clearing a field is a change");
        new IncidentChanges { IsMajor = false }.IsEmpty.Should().BeFalse("the kind's own fields count");
        new ProblemChanges().IsEmpty.Should().BeTrue();
        new ProblemChanges { Fix = "Replace the rollers" }.IsEmpty.Should().BeFalse();
    }

    private static async Task<IReadOnlyDictionary<string, string[]>> CreatingFailsAsync(Func<Task> create) =>
        (await create.Should().ThrowAsync<RecordValidationException>()).Which.Errors;

    [Fact]
    public async Task Incidents_and_problems_share_one_audit_and_one_note_table_keyed_by_number()
    {
        var incident = await host.IncidentAsync("VPN drops every hour");
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "VPN concentrator restarts", Incidents = [incident.Number] });

        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().AddNoteAsync(incident.Number, RecordNoteKind.WorkNote, "Checked the tunnel", "ana", CancellationToken.None));

        var audit = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RecordAudit.AsNoTracking().ToListAsync());
        audit.Should().Contain(a => a.RecordNumber == incident.Number && a.Field == "shortDescription" && a.NewValue == "VPN drops every hour");
        audit.Should().Contain(a => a.RecordNumber == problem.Number && a.Field == ProblemService.IncidentLinkField && a.NewValue == incident.Number);
        var notes = await host.NotesAsync(incident);
        notes.Should().ContainSingle().Which.Text.Should().Be("Checked the tunnel");
    }

    [Fact]
    public async Task A_link_is_read_from_both_records()
    {
        var incident = await host.IncidentAsync("Printer offline");
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "Print server crashes", Incidents = [incident.Number] });

        var fromProblem = await host.InScopeAsync(s => s.GetRequiredService<RecordLinks>().OfAsync(problem.Number, CancellationToken.None));
        var fromIncident = await host.InScopeAsync(s => s.GetRequiredService<RecordLinks>().OfAsync(incident.Number, CancellationToken.None));

        fromProblem.Should().ContainSingle().Which.Should().Match<RecordLinkView>(l => l.Number == incident.Number && l.Kind == RecordLinkKinds.Causes && l.Outgoing);
        fromIncident.Should().ContainSingle().Which.Should().Match<RecordLinkView>(l => l.Number == problem.Number && !l.Outgoing);
    }

    [Fact]
    public async Task Any_kind_of_record_takes_attachments_with_an_audit_entry_and_a_new_revision()
    {
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "Disk fills up" });

        var view = await host.InScopeAsync(s => s.GetRequiredService<RecordAttachments>()
            .AddAsync(problem.Number, "df.txt", "text/plain", Encoding.UTF8.GetBytes("/dev/sda1 100%"), "ana", CancellationToken.None));

        view.FileName.Should().Be("df.txt");
        var details = await host.DetailsAsync(problem.Number);
        details.Problem.Revision.Should().Be(problem.Revision + 1);
        details.History.Should().Contain(h => h.Field == RecordAttachments.AuditField && h.NewValue == "df.txt");
        var listed = await host.InScopeAsync(s => s.GetRequiredService<RecordAttachments>().ListAsync(problem.Number, CancellationToken.None));
        listed.Should().ContainSingle().Which.Sha256.Should().HaveLength(64);
    }

    [Fact]
    public async Task A_number_of_no_known_kind_or_a_missing_record_is_not_found_in_words()
    {
        var unknownKind = () => host.InScopeAsync(s => s.GetRequiredService<RecordStore>().FindAsync("XYZ0000001", CancellationToken.None));
        var missing = () => host.InScopeAsync(s => s.GetRequiredService<RecordStore>().FindAsync("PRB0999999", CancellationToken.None));

        (await unknownKind.Should().ThrowAsync<RecordNotFoundException>()).Which.Message.Should().Be("No record 'XYZ0000001'.");
        (await missing.Should().ThrowAsync<RecordNotFoundException>()).Which.Message.Should().Be("No problem 'PRB0999999'.");
    }

    [Fact]
    public async Task A_stale_revision_is_refused_without_writing_anything()
    {
        var problem = await host.CreateAsync(new NewProblem { ShortDescription = "Slow logins" });

        var stale = () => host.ProblemsAsync(p => p.UpdateAsync(problem.Number, new ProblemChanges { Description = "later" }, problem.Revision - 1, "ana", CancellationToken.None));

        (await stale.Should().ThrowAsync<RecordConcurrencyException>()).Which.Number.Should().Be(problem.Number);
        (await host.DetailsAsync(problem.Number)).Problem.Description.Should().BeNull();
    }

    [Fact]
    public async Task The_time_line_merges_notes_and_field_changes_newest_first_and_shows_the_requester_only_comments()
    {
        var incident = await host.IncidentAsync("Laptop will not boot");
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().AddNoteAsync(incident.Number, RecordNoteKind.Comment, "Tried a restart", "ana", CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().UpdateAsync(incident.Number, new IncidentChanges { Urgency = 1 }, null, "ana", CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().AddNoteAsync(incident.Number, RecordNoteKind.WorkNote, "Ordered a disk", "ana", CancellationToken.None));

        var staff = await host.InScopeAsync(s => s.GetRequiredService<RecordTimeline>().ReadAsync(incident.Number, withWorkNotes: true, CancellationToken.None));
        var requester = await host.InScopeAsync(s => s.GetRequiredService<RecordTimeline>().ReadAsync(incident.Number, withWorkNotes: false, CancellationToken.None));

        staff.Should().BeInDescendingOrder(a => a.At);
        staff[0].Should().Match<RecordActivity>(a => a.Kind == RecordActivityKind.WorkNote && a.Text == "Ordered a disk");
        staff.Should().Contain(a => a.Kind == RecordActivityKind.FieldChange && a.Field == "urgency" && a.OldValue == "3" && a.NewValue == "1");
        staff.Should().Contain(a => a.Kind == RecordActivityKind.Comment);
        requester.Should().ContainSingle().Which.Text.Should().Be("Tried a restart");
    }
}
