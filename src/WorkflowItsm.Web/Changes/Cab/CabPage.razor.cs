using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Lookups;

namespace WorkflowItsm.Web.Changes.Cab;

public sealed partial class CabPage
{
    private IReadOnlyList<CabDefinitionView> boards = [];
    private IReadOnlyList<CabMeetingSummary> meetings = [];
    private DirectoryNames names = DirectoryNames.None;
    private BoardForm? editing;
    private readonly FormErrors errors = new();
    private bool mayManage;
    private bool busy;

    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        var user = Authentication is null ? null : (await Authentication).User;
        mayManage = user is not null && (user.IsInRole(Roles.ChangeManager) || user.IsInRole(Roles.Admin));
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        boards = await scope.ServiceProvider.GetRequiredService<CabDefinitions>().ListAsync(CancellationToken.None);
        // Only the names the boards show, in one lookup (not every group with its members).
        var asker = Authentication is null ? new System.Security.Claims.ClaimsPrincipal() : (await Authentication).User;
        names = await scope.ServiceProvider.GetRequiredService<DirectoryLookup>().NamesAsync(
            boards.SelectMany(b => b.Delegates.SelectMany(d => new[] { d.Member, d.Delegate }).Append(b.Manager)),
            boards.Select(b => b.MembersGroup), asker, CancellationToken.None);
        var today = Time.GetUtcNow().UtcDateTime.Date;
        meetings = await scope.ServiceProvider.GetRequiredService<CabMeetings>().UpcomingAsync(today, today.AddDays(30), CancellationToken.None);
    }

    private static string Agenda(CabMeetingSummary meeting) => meeting.Changes switch
    {
        0 => "Nothing on the agenda yet.",
        1 => meeting.Decided == 1 ? "1 change, decided." : "1 change on the agenda.",
        var n => meeting.Decided == 0 ? $"{n} changes on the agenda." : $"{n} changes, {meeting.Decided} decided.",
    };

    private string GroupName(string key) => names.Group(key);

    private string Delegates(CabDefinitionView board) => board.Delegates.Count == 0
        ? string.Empty
        : "; stand-ins: " + string.Join(", ", board.Delegates.Select(d => $"{names.Person(d.Delegate)} for {names.Person(d.Member)}"));

    private void Add()
    {
        errors.Clear();
        editing = new BoardForm();
    }

    private void Edit(CabDefinitionView board)
    {
        errors.Clear();
        editing = new BoardForm
        {
            Id = board.Id, OriginalName = board.Name, Name = board.Name, Schedule = board.Schedule, TimeZone = board.TimeZone,
            MeetingMinutes = board.MeetingMinutes, MinutesPerChange = board.MinutesPerChange, Manager = board.Manager,
            MembersGroup = board.MembersGroup, Active = board.Active, Delegates = board.Delegates,
        };
    }

    private async Task SaveAsync()
    {
        if (editing is null)
        {
            return;
        }

        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<CabDefinitions>();
            var input = new CabDefinitionInput(editing.Name, editing.Schedule, editing.TimeZone, editing.MeetingMinutes, editing.MinutesPerChange,
                editing.Manager, editing.MembersGroup, editing.Active, editing.Delegates);
            _ = editing.Id is { } id ? await service.UpdateAsync(id, input, CancellationToken.None) : await service.AddAsync(input, CancellationToken.None);
            Snackbar.Add($"\"{editing.Name?.Trim()}\" saved.", Severity.Success);
            editing = null;
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            errors.Set(invalid.Errors);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task BuildAgendaAsync(CabDefinitionView board)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var definition = await scope.ServiceProvider.GetRequiredService<CabDefinitions>().FindAsync(board.Id, CancellationToken.None);
        var meeting = await scope.ServiceProvider.GetRequiredService<CabAgendaJob>().BuildNextAsync(definition, CancellationToken.None);
        Snackbar.Add(meeting is null ? $"{board.Name} has no next meeting." : $"The agenda of {board.Name} has {meeting.Items.Count} change(s).", Severity.Info);
        await LoadAsync();
    }

    private sealed class BoardForm
    {
        public long? Id { get; init; }
        public string? OriginalName { get; init; }
        public string? Name { get; set; }
        public string? Schedule { get; set; } = "0 14 * * 2";
        public string? TimeZone { get; set; } = "Europe/London";
        public int? MeetingMinutes { get; set; } = 60;
        public int? MinutesPerChange { get; set; } = 10;
        public string? Manager { get; set; }
        public string? MembersGroup { get; set; }
        public bool Active { get; set; } = true;
        public IReadOnlyList<CabDelegateInput> Delegates { get; init; } = [];
    }
}
