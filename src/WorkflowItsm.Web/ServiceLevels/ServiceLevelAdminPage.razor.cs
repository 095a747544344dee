using System.Globalization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Web.Categories;
using WorkflowItsm.Web.Incidents;

namespace WorkflowItsm.Web.ServiceLevels;

public sealed partial class ServiceLevelAdminPage
{
    /// <summary>Monday first, as a week reads in the desk's calendars.</summary>
    private static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static readonly int[] CommonWarnings = [25, 50, 75, 90];

    private List<PriorityMatrixCell> matrix = [];
    private List<CalendarForm> calendars = [];
    private IReadOnlyList<CalendarView> calendarViews = [];
    private List<SlaDefinition> definitions = [];
    private IReadOnlyList<GroupView> groups = [];
    private DefinitionForm? editing;
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private string user = "";
    private bool busy;
    private CategoryNames categories = CategoryNames.None;

    protected override async Task OnInitializedAsync()
    {
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        await LoadAsync();
    }

    private IReadOnlyDictionary<string, string> serviceNames = new Dictionary<string, string>();

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        matrix = [.. await services.GetRequiredService<PriorityMatrix>().GetAsync(CancellationToken.None)];
        calendarViews = await services.GetRequiredService<BusinessCalendars>().ListAsync(CancellationToken.None);
        calendars = calendarViews.Select(CalendarForm.From).ToList();
        definitions = [.. await services.GetRequiredService<SlaDefinitions>().ListAsync(CancellationToken.None)];
        serviceNames = await services.GetRequiredService<CiReferences>().NamesAsync(definitions.Select(d => d.Service), CancellationToken.None);
        groups = await services.GetRequiredService<DirectoryGroups>().ListAsync(CancellationToken.None);
        categories = await CategoryNames.LoadAsync(services, CancellationToken.None);
    }

    private CalendarView? CalendarOf(string? key) => calendarViews.FirstOrDefault(c => c.Key == key);

    private bool HasError(string field) => errors.ContainsKey(field);

    private string? ErrorOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private static string KindText(SlaKind kind) => kind == SlaKind.Response ? "Time to respond" : "Time to resolve";

    private string AppliesTo(SlaDefinition definition)
    {
        var parts = new List<string>();
        if (SlaDefinition.SplitList(definition.Priorities) is { Length: > 0 } priorities)
        {
            parts.Add(string.Join(", ", priorities.Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var n) ? $"P{n}" : p)));
        }

        if (definition.Category is { } category)
        {
            parts.Add(categories.Category(category));
        }

        if (definition.AssignmentGroup is { } group)
        {
            parts.Add(groups.FirstOrDefault(g => g.Key == group)?.DisplayName ?? group);
        }

        if (definition.Service is { } service)
        {
            parts.Add($"service {serviceNames.GetValueOrDefault(service, service)}");
        }

        return parts.Count == 0 ? "All incidents" : string.Join(" · ", parts);
    }

    private string TargetExplained(DefinitionForm form)
    {
        var calendar = CalendarOf(form.CalendarKey);
        var seconds = SlaTargets.Seconds(form.Amount, form.Unit, calendar);
        var day = SlaTargets.BusinessDay(calendar);
        return form.Unit == SlaTargetUnit.Days && !SlaTargets.IsAroundTheClock(calendar)
            ? $"= {seconds / 3600.0:0.##} business hours (a business day on this calendar is {day.TotalHours:0.##} hours)"
            : $"= {SlaTargets.Text(seconds, calendar)}";
    }

    private static string PrioritiesText(List<string> selected) => selected.Count == 0 ? "" : string.Join(", ", selected.Select(p => $"P{p}"));

    private static string PauseText(List<string> selected) =>
        string.Join(", ", selected.Select(r => Enum.TryParse<OnHoldReason>(r, out var reason) ? IncidentDisplay.OnHoldText(reason) : r));

    private static string WarningsText(List<string> selected) => string.Join(", ", selected.Select(p => $"{p} %"));

    private static IEnumerable<int> WarningChoices(DefinitionForm form) => CommonWarnings.Union(form.Warnings).Order();

    private void AddDefinition()
    {
        errors = new Dictionary<string, string[]>();
        editing = new DefinitionForm
        {
            CalendarKey = BusinessCalendars.BusinessHours,
            Kind = SlaKind.Resolution,
            Amount = 1,
            Unit = SlaTargetUnit.Days,
            Warnings = [50, 75],
            PauseReasons = [OnHoldReason.AwaitingCaller],
            BreachProcessKey = SlaDefinitions.EscalationProcess,
            Order = 50,
            IsActive = true,
        };
    }

    private void Edit(SlaDefinition definition)
    {
        errors = new Dictionary<string, string[]>();
        editing = DefinitionForm.From(definition, CalendarOf(definition.CalendarKey));
    }

    private void CancelEdit()
    {
        editing = null;
        errors = new Dictionary<string, string[]>();
    }

    private async Task SaveDefinitionAsync()
    {
        if (editing is null)
        {
            return;
        }

        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var saved = await scope.ServiceProvider.GetRequiredService<SlaAdministration>()
                .SaveDefinitionAsync(editing.Id, editing.ToDefinition(CalendarOf(editing.CalendarKey)), CancellationToken.None);
            Snackbar.Add($"Saved \"{saved.Name}\".", Severity.Success);
            editing = null;
            errors = new Dictionary<string, string[]>();
            await LoadAsync();
        }
        catch (SlaValidationException invalid)
        {
            errors = invalid.Errors;
        }
        catch (ServiceLevelSettingNotFoundException gone)
        {
            Snackbar.Add(gone.Message, Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task RemoveDefinitionAsync(SlaDefinition definition)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SlaAdministration>().RemoveDefinitionAsync(definition.Id, CancellationToken.None);
            Snackbar.Add($"Removed \"{definition.Name}\".", Severity.Success);
            if (editing?.Id == definition.Id)
            {
                editing = null;
            }

            await LoadAsync();
        }
        catch (Exception refused) when (refused is SlaDefinitionInUseException or ServiceLevelSettingNotFoundException)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }
    }

    private async Task SaveMatrixAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var problems = await scope.ServiceProvider.GetRequiredService<PriorityMatrix>().SetAsync(matrix, CancellationToken.None);
        Snackbar.Add(problems.Count == 0 ? "Priority matrix saved." : string.Join(" ", problems), problems.Count == 0 ? Severity.Success : Severity.Error);
    }

    private static Task<IEnumerable<string>> SearchTimeZones(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
            .Where(id => string.IsNullOrWhiteSpace(text) || id.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).AsEnumerable());

    private async Task SaveCalendarAsync(CalendarForm calendar)
    {
        if (!calendar.TryParse(out var hours, out var holidays))
        {
            return;
        }

        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var saved = await scope.ServiceProvider.GetRequiredService<SlaAdministration>().SaveCalendarAsync(calendar.Key,
                new CalendarInput(calendar.Name, calendar.TimeZoneId, hours, holidays, calendar.Revision), user, CancellationToken.None);
            Snackbar.Add($"Calendar saved; {saved.ClocksRecalculated} running SLA clocks recalculated, {saved.TasksMoved} tasks due at their new targets.", Severity.Success);
            await LoadAsync();
        }
        catch (SlaValidationException invalid)
        {
            calendar.Errors = [.. invalid.Errors.SelectMany(e => e.Value)];
        }
        catch (DbUpdateConcurrencyException stale)
        {
            calendar.Errors = [stale.Message];
        }
    }

    private async Task ImportAsync(CalendarForm calendar, IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            using var reader = new StreamReader(file.OpenReadStream(maxAllowedSize: 1024 * 1024));
            var text = await reader.ReadToEndAsync();
            await using var scope = Scopes.CreateAsyncScope();
            var year = DateTime.UtcNow.Year;
            var saved = await scope.ServiceProvider.GetRequiredService<SlaAdministration>().ImportHolidaysAsync(calendar.Key, text, year, year + 2, user, CancellationToken.None);
            Snackbar.Add($"Holidays imported: the calendar now has {saved.Calendar.Holidays.Count}.", Severity.Success);
            await LoadAsync();
        }
        catch (Exception refused) when (refused is FormatException or IOException or SlaValidationException)
        {
            calendar.Errors = [refused.Message];
        }
    }

    /// <summary>An SLA definition as the admin edits it: lists as choices, the target as an amount and a unit of the calendar.</summary>
    private sealed class DefinitionForm
    {
        public int? Id { get; init; }
        public string OriginalName { get; init; } = "";
        public string? Name { get; set; }
        public SlaKind Kind { get; set; }
        public IEnumerable<int> Priorities { get; set; } = [];
        public string? Category { get; set; }
        public string? AssignmentGroup { get; set; }
        public string? Service { get; set; }
        public long Amount { get; set; }
        public SlaTargetUnit Unit { get; set; }
        public string CalendarKey { get; set; } = "";
        public IEnumerable<OnHoldReason> PauseReasons { get; set; } = [];
        public IEnumerable<int> Warnings { get; set; } = [];
        public string? BreachProcessKey { get; set; }
        public bool RestartOnReassignment { get; set; }
        public int Order { get; set; }
        public bool IsActive { get; set; }

        public static DefinitionForm From(SlaDefinition definition, CalendarView? calendar)
        {
            var (amount, unit) = SlaTargets.Split(definition.TargetSeconds, calendar);
            return new DefinitionForm
            {
                Id = definition.Id,
                OriginalName = definition.Name,
                Name = definition.Name,
                Kind = definition.Kind,
                Priorities = SlaDefinition.SplitList(definition.Priorities).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList(),
                Category = definition.Category,
                AssignmentGroup = definition.AssignmentGroup,
                Service = definition.Service,
                Amount = amount,
                Unit = unit,
                CalendarKey = definition.CalendarKey,
                PauseReasons = SlaDefinition.SplitList(definition.PauseOnHoldReasons).Select(r => Enum.Parse<OnHoldReason>(r, ignoreCase: true)).ToList(),
                Warnings = definition.Warnings.ToList(),
                BreachProcessKey = definition.BreachProcessKey,
                RestartOnReassignment = definition.RestartOnReassignment,
                Order = definition.Order,
                IsActive = definition.IsActive,
            };
        }

        public SlaDefinition ToDefinition(CalendarView? calendar) => new()
        {
            Name = Name ?? "",
            Kind = Kind,
            Priorities = Join(Priorities.Order()),
            Category = Category,
            AssignmentGroup = AssignmentGroup,
            Service = Service,
            TargetSeconds = SlaTargets.Seconds(Amount, Unit, calendar),
            CalendarKey = CalendarKey,
            PauseOnHoldReasons = Join(PauseReasons),
            WarningPercents = Join(Warnings.Order()),
            BreachProcessKey = BreachProcessKey,
            RestartOnReassignment = Kind == SlaKind.Response && RestartOnReassignment,
            Order = Order,
            IsActive = IsActive,
        };

        private static string? Join<T>(IEnumerable<T> values)
        {
            var text = string.Join(",", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
            return text.Length == 0 ? null : text;
        }
    }

    /// <summary>A calendar as the admin edits it: a week of days (Monday first), each closed or open in intervals, and dated holidays.</summary>
    private sealed class CalendarForm
    {
        public required string Key { get; init; }
        public string Name { get; set; } = "";
        public string TimeZoneId { get; set; } = "";
        public List<DayForm> Days { get; init; } = [];
        public List<HolidayForm> Holidays { get; init; } = [];
        public int Revision { get; init; }
        public List<string> Errors { get; set; } = [];

        public static CalendarForm From(CalendarView view) => new()
        {
            Key = view.Key,
            Name = view.Name,
            TimeZoneId = view.TimeZoneId,
            Revision = view.Revision,
            Days = Week.Select(day => new DayForm(day)
            {
                Intervals = view.Hours.Where(h => h.Day == day).OrderBy(h => h.Start, StringComparer.Ordinal)
                    .Select(h => new IntervalForm { Start = h.Start, End = h.End == "24:00" ? "00:00" : h.End }).ToList(),
            }).ToList(),
            Holidays = view.Holidays.Select(h => new HolidayForm { Date = h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Name = h.Name }).ToList(),
        };

        public bool TryParse(out List<CalendarHours> hours, out List<CalendarHoliday> holidays)
        {
            Errors = [];
            hours = [];
            holidays = [];
            foreach (var day in Days)
            {
                foreach (var interval in day.Intervals)
                {
                    if (Time(interval.Start) is not { } start || Time(interval.End) is not { } end)
                    {
                        Errors.Add($"{day.Day}: give both times, from and to.");
                        continue;
                    }

                    hours.Add(new CalendarHours(day.Day, start, end));
                }
            }

            foreach (var holiday in Holidays)
            {
                if (!DateOnly.TryParseExact(holiday.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    Errors.Add($"Holiday \"{holiday.Name}\": choose its date.");
                    continue;
                }

                holidays.Add(new CalendarHoliday(date, holiday.Name?.Trim() ?? ""));
            }

            return Errors.Count == 0;
        }

        /// <summary>A time input gives "HH:mm" or, with seconds, "HH:mm:ss"; the calendar stores "HH:mm".</summary>
        private static string? Time(string? text) =>
            TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToString("HH:mm", CultureInfo.InvariantCulture) : null;
    }

    private sealed class DayForm(DayOfWeek day)
    {
        public DayOfWeek Day { get; } = day;
        public List<IntervalForm> Intervals { get; init; } = [];
        public bool IsOpen => Intervals.Count > 0;

        /// <summary>Opening a closed day gives it the usual office hours to adjust; closing it drops its hours.</summary>
        public void SetOpen(bool open)
        {
            if (!open)
            {
                Intervals.Clear();
            }
            else if (Intervals.Count == 0)
            {
                Intervals.Add(new IntervalForm());
            }
        }
    }

    private sealed class IntervalForm
    {
        public string? Start { get; set; } = "08:00";
        public string? End { get; set; } = "18:00";
    }

    private sealed class HolidayForm
    {
        public string? Date { get; set; }
        public string? Name { get; set; }
    }
}
