using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Changes.Calendar;

/// <summary>Change freezes: staff read them; change managers and admins draft, submit and cancel them; the approval (on each freeze's page) enforces them.</summary>
public sealed partial class ChangeFreezesPage
{
    private IReadOnlyList<ChangeFreeze> freezes = [];
    private Dictionary<string, string> names = [];
    private Dictionary<string, string[]> errors = [];
    private FreezeForm? form;

    private sealed class FreezeForm
    {
        public string? Name { get; set; }
        public string? Reason { get; set; }
        public string? Start { get; set; }
        public string? End { get; set; }
        public string? Adding { get; set; }
        public List<string> Scope { get; } = [];
    }

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private BrowserTime Time { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        freezes = await scope.ServiceProvider.GetRequiredService<ChangeFreezes>().ListAsync(CancellationToken.None);
        var numbers = freezes.SelectMany(f => f.Scope.Select(s => s.CiNumber)).Distinct().ToList();
        names = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().ConfigurationItems.AsNoTracking()
            .Where(c => numbers.Contains(c.Number)).ToDictionaryAsync(c => c.Number, c => c.ShortDescription);
    }

    private string NameOf(string number) => names.TryGetValue(number, out var name) ? name : number;

    private string? ErrorOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private void Add()
    {
        errors = [];
        form = new FreezeForm();
    }

    private async Task AddScope()
    {
        if (form?.Adding is { Length: > 0 } number && !form.Scope.Contains(number))
        {
            form.Scope.Add(number);
            await using var scope = Scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().ConfigurationItems.AsNoTracking()
                .Where(c => c.Number == number).Select(c => c.ShortDescription).FirstOrDefaultAsync() is { } name)
            {
                names[number] = name;
            }
        }

        form!.Adding = null;
    }

    private async Task SaveAsync()
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ChangeFreezes>().CreateAsync(
                new NewChangeFreeze(form!.Name, form.Reason, FromBrowser(form.Start), FromBrowser(form.End), form.Scope), await UserAsync(), CancellationToken.None);
            Snackbar.Add($"Freeze \"{form.Name}\" drafted.", Severity.Success);
            form = null;
            errors = [];
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors.ToDictionary(e => e.Key, e => e.Value);
        }
    }

    private async Task MoveAsync(ChangeFreeze freeze, ChangeFreezeState to)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ChangeFreezes>();
            var user = await UserAsync();
            var moved = to == ChangeFreezeState.AwaitingApproval
                ? await service.SubmitAsync(freeze.Number, user, CancellationToken.None)
                : await service.CancelAsync(freeze.Number, user, CancellationToken.None);
            Snackbar.Add($"\"{freeze.Name}\" is {FreezeWords.State(moved.State).ToLowerInvariant()}.", Severity.Success);
        }
        catch (RecordConflictException conflict)
        {
            Snackbar.Add(conflict.Message, Severity.Warning);
        }

        await LoadAsync();
    }

    private async Task<string> UserAsync() => (await Authentication).User.Identity?.Name ?? string.Empty;

    private DateTime? FromBrowser(string? local) =>
        DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), Time.Zone)
            : null;
}
