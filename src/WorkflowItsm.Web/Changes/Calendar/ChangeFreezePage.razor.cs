using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Lookups;
using WorkflowItsm.Web.Records;

namespace WorkflowItsm.Web.Changes.Calendar;

/// <summary>One change freeze: when and what it freezes, its approval (change managers vote here), the changes it holds, its activity.</summary>
public sealed partial class ChangeFreezePage
{
    private ChangeFreeze? freeze;
    private bool notFound;
    private bool mayPlan;
    private bool busy;
    private IReadOnlyList<(string Number, string Title)> held = [];
    private IReadOnlyList<ActivityItem> activity = [];
    private Dictionary<string, string> names = [];

    [Parameter] public string Number { get; set; } = "";

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private BrowserTime Time { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication).User;
        mayPlan = principal.IsInRole(Roles.ChangeManager) || principal.IsInRole(Roles.Admin);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        try
        {
            freeze = await services.GetRequiredService<ChangeFreezes>().GetAsync(Number, CancellationToken.None);
        }
        catch (RecordNotFoundException)
        {
            (freeze, notFound) = (null, true);
            return;
        }

        var db = services.GetRequiredService<ItsmDbContext>();
        var scopeNumbers = freeze.Scope.Select(s => s.CiNumber).ToList();
        names = await db.ConfigurationItems.AsNoTracking().Where(c => scopeNumbers.Contains(c.Number)).ToDictionaryAsync(c => c.Number, c => c.ShortDescription);
        held = [.. (await db.Changes.AsNoTracking().Where(c => c.HeldByFreezeId == freeze.Id).OrderBy(c => c.Number)
            .Select(c => new { c.Number, c.ShortDescription }).ToListAsync()).Select(c => (c.Number, c.ShortDescription))];
        var timeline = await services.GetRequiredService<RecordTimeline>().ReadAsync(Number, withWorkNotes: true, CancellationToken.None);
        var principal = (await Authentication).User;
        var people = await services.GetRequiredService<DirectoryLookup>().NamesAsync(ActivityLines.People(timeline), ActivityLines.Groups(timeline), principal, CancellationToken.None);
        activity = ActivityLines.OfRecord(timeline, people, (field, value) =>
            field == "state" && Enum.TryParse<ChangeFreezeState>(value, out var state) ? FreezeWords.State(state) : value);
    }

    private string NameOf(string number) => names.TryGetValue(number, out var name) ? name : number;

    private async Task MoveAsync(ChangeFreezeState to)
    {
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ChangeFreezes>();
            var user = (await Authentication).User.Identity?.Name ?? string.Empty;
            var moved = to == ChangeFreezeState.Cancelled
                ? await service.CancelAsync(Number, user, CancellationToken.None)
                : await service.SubmitAsync(Number, user, CancellationToken.None);
            Snackbar.Add($"{moved.Number} is {FreezeWords.State(moved.State).ToLowerInvariant()}.", Severity.Success);
        }
        catch (RecordConflictException refused)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }
        catch (RecordValidationException invalid)
        {
            Snackbar.Add(string.Join(" ", invalid.Errors.SelectMany(e => e.Value)), Severity.Warning);
        }
        finally
        {
            busy = false;
        }

        await LoadAsync();
    }
}
