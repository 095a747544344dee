using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Escalations;

/// <summary>
/// One on-call schedule: who is on call now, its layers' rotations (edited by admins and the group's manager), a
/// calendar of who actually answers each layer day by day over four weeks (overrides applied, restricted hours left
/// out) with an override added from any day, the overrides, and swap requests asked and answered here.
/// </summary>
public sealed partial class OnCallSchedulePage
{
    private const int CalendarDays = 28;

    private readonly FormErrors errors = new();
    private readonly FormErrors overrideErrors = new();
    private readonly FormErrors swapErrors = new();
    private OnCallSchedule? schedule;
    private TimeZoneInfo? zone;
    private string groupName = "";
    private IReadOnlyList<OnCallAnswer> now = [];
    private IReadOnlyList<OnCallLayerKind> layers = [];
    private IReadOnlyList<CalendarDay> days = [];
    private IReadOnlyList<OnCallSwapView> swaps = [];
    private DateTime periodStart;
    private DateTime periodEnd;
    private DateOnly? firstDay;
    private ScheduleForm? editing;
    private SpanForm? overrideForm;
    private SpanForm? swapForm;
    private bool notFound;
    private bool mayEdit;
    private bool mayWork;
    private bool isAdmin;
    private string user = "";

    /// <summary>One local day of the calendar: each layer's spans within it.</summary>
    private sealed record CalendarDay(DateOnly Day, string Label, DateTime StartsAt, IReadOnlyDictionary<OnCallLayerKind, IReadOnlyList<DaySpan>> Spans);

    private sealed record DaySpan(string Hours, string UserName, bool IsOverride);

    private sealed class ScheduleForm
    {
        public string? Name { get; set; }
        public string? TimeZone { get; set; }
        public List<LayerForm> Layers { get; set; } = [];
    }

    private sealed class SpanForm
    {
        public OnCallLayerKind Layer { get; set; } = OnCallLayerKind.Primary;
        public string? UserName { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Reason { get; set; }
    }

    [Parameter] public int Id { get; set; }

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        var principal = (await Authentication).User;
        user = principal.Identity?.Name ?? "";
        isAdmin = principal.IsInRole(Roles.Admin);
        mayWork = principal.IsInRole(Roles.Agent) || isAdmin;
        firstDay = null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ItsmDbContext>();
        schedule = await db.Set<OnCallSchedule>().AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides).FirstOrDefaultAsync(s => s.Id == Id);
        notFound = schedule is null;
        if (schedule is null)
        {
            return;
        }

        zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        groupName = await db.Groups.AsNoTracking().Where(g => g.Key == schedule.GroupKey).Select(g => g.DisplayName).FirstOrDefaultAsync() ?? schedule.GroupKey;
        mayEdit = mayWork && await services.GetRequiredService<OnCallSchedules>().CanEditAsync(schedule.GroupKey, user, isAdmin, CancellationToken.None);
        swaps = await services.GetRequiredService<OnCallSwaps>().OfScheduleAsync(Id, CancellationToken.None);
        var at = Clock.GetUtcNow().UtcDateTime;
        layers = [.. schedule.Layers.Select(l => l.Kind).Union(schedule.Overrides.Select(o => o.Layer)).Distinct().Order()];
        now = [.. layers.Select(layer => OnCallSchedules.Answer(schedule, layer, at))];
        BuildCalendar(at);
    }

    /// <summary>Four weeks of local days from <see cref="firstDay"/> (default: this week's Monday in the schedule's zone).</summary>
    private void BuildCalendar(DateTime at)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, zone!));
        var first = firstDay ??= today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        periodStart = OnCallRotation.ToUtc(first, TimeOnly.MinValue, zone!);
        periodEnd = OnCallRotation.ToUtc(first.AddDays(CalendarDays), TimeOnly.MinValue, zone!);
        var coverage = layers.ToDictionary(layer => layer, layer => OnCallRotation.Coverage(schedule!, layer, periodStart, periodEnd));
        var list = new List<CalendarDay>();
        for (var i = 0; i < CalendarDays; i++)
        {
            var day = first.AddDays(i);
            var (start, end) = (OnCallRotation.ToUtc(day, TimeOnly.MinValue, zone!), OnCallRotation.ToUtc(day.AddDays(1), TimeOnly.MinValue, zone!));
            var spans = layers.ToDictionary(layer => layer, layer => (IReadOnlyList<DaySpan>)[.. coverage[layer]
                .Where(s => s.StartsAt < end && s.EndsAt > start)
                .Select(s => new DaySpan($"{HourOf(s.StartsAt < start ? start : s.StartsAt, day)}–{HourOf(s.EndsAt > end ? end : s.EndsAt, day)}", s.UserName, s.IsOverride))]);
            list.Add(new CalendarDay(day, day.ToString("ddd dd MMM", CultureInfo.InvariantCulture) + (day == today ? " (today)" : ""), start, spans));
        }

        days = list;
    }

    /// <summary>"09:00", or "24:00" for the next midnight (a span running to the end of the day).</summary>
    private string HourOf(DateTime utc, DateOnly day)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone!);
        return DateOnly.FromDateTime(local) > day ? "24:00" : local.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private OnCallLayerKind FirstLayer => layers.Count > 0 ? layers[0] : OnCallLayerKind.Primary;

    private async Task MoveAsync(int byDays)
    {
        firstDay = byDays == 0 ? null : firstDay?.AddDays(byDays);
        await LoadAsync();
    }

    private void Edit()
    {
        errors.Clear();
        editing = new ScheduleForm { Name = schedule!.Name, TimeZone = schedule.TimeZone, Layers = [.. schedule.Layers.OrderBy(l => l.Kind).Select(LayerForm.From)] };
    }

    private void AddSecondary()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Clock.GetUtcNow().UtcDateTime, zone!));
        editing!.Layers.Add(new LayerForm
        {
            Layer = OnCallLayerKind.Secondary, StartDate = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
    }

    private async Task SaveLayersAsync()
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var schedules = scope.ServiceProvider.GetRequiredService<OnCallSchedules>();
            await schedules.EnsureCanEditAsync(Id, user, isAdmin, CancellationToken.None);
            await schedules.UpdateAsync(Id, new NewOnCallSchedule
            {
                Name = editing!.Name, TimeZone = editing.TimeZone, Layers = [.. editing.Layers.Select(l => l.ToInput())],
            }, CancellationToken.None);
            editing = null;
            errors.Clear();
            Snackbar.Add("Rotations saved.", Severity.Success);
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            errors.Set(invalid.Errors);
        }
        catch (OnCallForbiddenException forbidden)
        {
            errors.Set(forbidden.Message);
            Snackbar.Add(forbidden.Message, Severity.Error);
        }
    }

    private void OverrideOn(CalendarDay day)
    {
        overrideErrors.Clear();
        var layer = FirstLayer;
        overrideForm = new SpanForm
        {
            Layer = layer,
            From = day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T09:00",
            To = day.Day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T09:00",
        };
    }

    private async Task SaveOverrideAsync()
    {
        var input = overrideForm!;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var schedules = scope.ServiceProvider.GetRequiredService<OnCallSchedules>();
            await schedules.EnsureCanEditAsync(Id, user, isAdmin, CancellationToken.None);
            await schedules.AddOverrideAsync(Id, new NewOnCallOverride
            {
                Layer = input.Layer, UserName = input.UserName, StartsAt = OnCallDisplay.FromInput(input.From, zone!), EndsAt = OnCallDisplay.FromInput(input.To, zone!), Reason = input.Reason,
            }, user, CancellationToken.None);
            overrideForm = null;
            overrideErrors.Clear();
            Snackbar.Add("Override added.", Severity.Success);
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            overrideErrors.Set(invalid.Errors);
        }
        catch (OnCallForbiddenException forbidden)
        {
            Snackbar.Add(forbidden.Message, Severity.Error);
        }
    }

    private async Task RemoveOverrideAsync(OnCallOverride removed)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var schedules = scope.ServiceProvider.GetRequiredService<OnCallSchedules>();
        try
        {
            await schedules.EnsureCanEditAsync(Id, user, isAdmin, CancellationToken.None);
            await schedules.RemoveOverrideAsync(Id, removed.Id, CancellationToken.None);
        }
        catch (Exception refused) when (refused is OnCallForbiddenException or RecordNotFoundException)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }

        await LoadAsync();
    }

    private void AskSwap()
    {
        swapErrors.Clear();
        // Her next own shift is the likely one to give away: offered, still editable.
        var mine = layers.SelectMany(layer => OnCallRotation.Coverage(schedule!, layer, Clock.GetUtcNow().UtcDateTime, periodEnd).Where(s => s.UserName == user).Select(s => (layer, s)))
            .OrderBy(x => x.s.StartsAt).FirstOrDefault();
        swapForm = mine.s is { } shift
            ? new SpanForm { Layer = mine.layer, From = OnCallDisplay.ToInput(shift.StartsAt, zone!), To = OnCallDisplay.ToInput(shift.EndsAt, zone!) }
            : new SpanForm { Layer = FirstLayer };
    }

    private async Task SaveSwapAsync()
    {
        var input = swapForm!;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OnCallSwaps>().RequestAsync(Id, new NewOnCallSwap
            {
                Layer = input.Layer, UserName = input.UserName, StartsAt = OnCallDisplay.FromInput(input.From, zone!), EndsAt = OnCallDisplay.FromInput(input.To, zone!), Reason = input.Reason,
            }, user, CancellationToken.None);
            swapForm = null;
            swapErrors.Clear();
            Snackbar.Add($"Asked {input.UserName}; nothing changes until they accept.", Severity.Success);
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            swapErrors.Set(invalid.Errors);
        }
    }

    private async Task AnswerSwapAsync(OnCallSwapView swap, bool accept)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var swaps = scope.ServiceProvider.GetRequiredService<OnCallSwaps>();
        try
        {
            _ = accept ? await swaps.AcceptAsync(Id, swap.Id, user, CancellationToken.None) : await swaps.DeclineAsync(Id, swap.Id, user, CancellationToken.None);
            Snackbar.Add(accept ? "Accepted: you are on call for that span." : "Declined.", Severity.Success);
        }
        catch (Exception refused) when (refused is OnCallForbiddenException or EscalationConflictException or RecordNotFoundException)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }

        await LoadAsync();
    }
}
