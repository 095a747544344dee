using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Changes.Calendar;

/// <summary>Maintenance and blackout windows: everyone on the staff reads them, change managers and admins add and remove them.</summary>
public sealed partial class ChangeWindowsPage
{
    private static readonly DayOfWeek[] WeekOrder =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private IReadOnlyList<ChangeWindow> windows = [];
    private Dictionary<string, string> names = [];
    private Dictionary<string, string[]> errors = [];
    private WindowForm? form;

    private sealed class WindowForm
    {
        public string? Name { get; set; }
        public ChangeWindowKind Kind { get; set; }
        public bool Weekly { get; set; }
        public HashSet<DayOfWeek> Days { get; } = [];
        public string? StartTime { get; set; } = "22:00";
        public int? DurationMinutes { get; set; } = 240;
        public string? TimeZone { get; set; }
        public string? Start { get; set; }
        public string? End { get; set; }
        public bool AppliesToAll { get; set; }
        public string? Adding { get; set; }
        public List<string> Targets { get; } = [];
    }

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private BrowserTime Time { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        windows = await scope.ServiceProvider.GetRequiredService<ChangeWindows>().ListAsync(CancellationToken.None);
        var numbers = windows.SelectMany(w => w.Targets.Select(t => t.CiNumber)).Distinct().ToList();
        names = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().ConfigurationItems.AsNoTracking()
            .Where(c => numbers.Contains(c.Number)).ToDictionaryAsync(c => c.Number, c => c.ShortDescription);
    }

    private string NameOf(string number) => names.TryGetValue(number, out var name) ? name : number;

    private string? ErrorOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private void Add()
    {
        errors = [];
        form = new WindowForm { TimeZone = Time.Zone.Id };
    }

    private void Toggle(DayOfWeek day, bool on)
    {
        if (on)
        {
            form!.Days.Add(day);
        }
        else
        {
            form!.Days.Remove(day);
        }
    }

    private async Task AddTarget()
    {
        if (form?.Adding is { Length: > 0 } number && !form.Targets.Contains(number))
        {
            form.Targets.Add(number);
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
        var input = form!;
        var weekly = input.Weekly && input.Kind == ChangeWindowKind.Maintenance;
        var request = new NewChangeWindow
        {
            Name = input.Name,
            Kind = input.Kind,
            AppliesToAll = input.AppliesToAll,
            Start = weekly ? null : FromBrowser(input.Start),
            End = weekly ? null : FromBrowser(input.End),
            Days = weekly ? [.. input.Days] : null,
            StartTime = weekly && TimeOnly.TryParse(input.StartTime, CultureInfo.InvariantCulture, out var opens) ? opens : null,
            DurationMinutes = weekly ? input.DurationMinutes : null,
            TimeZone = weekly ? input.TimeZone : null,
            Targets = input.AppliesToAll ? [] : input.Targets,
        };
        if (weekly && input.Days.Count == 0)
        {
            errors = new() { ["days"] = ["Pick the days it opens on."] };
            return;
        }

        try
        {
            var user = (await Authentication).User.Identity?.Name ?? string.Empty;
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ChangeWindows>().CreateAsync(request, user, CancellationToken.None);
            Snackbar.Add($"Window \"{request.Name}\" added.", Severity.Success);
            form = null;
            errors = [];
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            errors = invalid.Errors.ToDictionary(e => e.Key, e => e.Value);
        }
    }

    private async Task RemoveAsync(ChangeWindow window)
    {
        await using var scope = Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ChangeWindows>().DeleteAsync(window.Id, CancellationToken.None);
        await LoadAsync();
    }

    /// <summary>A date and time typed in the browser's zone, in UTC.</summary>
    private DateTime? FromBrowser(string? local) =>
        DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), Time.Zone)
            : null;

    private string When(ChangeWindow window)
    {
        if (!window.IsRecurring)
        {
            return $"{Time.Moment(window.Start)} – {Time.Moment(window.End)}";
        }

        var days = string.Join(", ", WeekOrder.Where(d => window.Days.HasFlag(ChangeWindow.WeekDaysOf(d))).Select(d => d.ToString()[..3]));
        var minutes = window.DurationMinutes ?? 0;
        var length = minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes} min";
        return $"Every {days} at {window.StartTime:HH\\:mm} for {length} ({window.TimeZone})";
    }
}
