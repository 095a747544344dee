using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Web.ServiceLevels;

public sealed partial class ServiceLevelAdminPage
{
    private List<PriorityMatrixCell> matrix = [];
    private List<CalendarForm> calendars = [];
    private List<SlaDefinition> definitions = [];
    private string user = "";

    protected override async Task OnInitializedAsync()
    {
        user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        matrix = [.. await services.GetRequiredService<PriorityMatrix>().GetAsync(CancellationToken.None)];
        calendars = (await services.GetRequiredService<BusinessCalendars>().ListAsync(CancellationToken.None)).Select(CalendarForm.From).ToList();
        definitions = [.. await services.GetRequiredService<SlaDefinitions>().ListAsync(CancellationToken.None)];
    }

    private async Task SaveMatrixAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var problems = await scope.ServiceProvider.GetRequiredService<PriorityMatrix>().SetAsync(matrix, CancellationToken.None);
        Snackbar.Add(problems.Count == 0 ? "Priority matrix saved." : string.Join(" ", problems), problems.Count == 0 ? Severity.Success : Severity.Error);
    }

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

    private async Task SaveDefinitionAsync(SlaDefinition definition)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SlaAdministration>().SaveDefinitionAsync(definition.Id, definition, CancellationToken.None);
            Snackbar.Add($"Saved \"{definition.Name}\".", Severity.Success);
        }
        catch (SlaValidationException invalid)
        {
            Snackbar.Add(string.Join(" ", invalid.Errors.SelectMany(e => e.Value)), Severity.Error);
        }
    }

    /// <summary>A calendar as the admin edits it: hours and holidays as lines of text.</summary>
    private sealed class CalendarForm
    {
        public required string Key { get; init; }
        public string Name { get; set; } = "";
        public string TimeZoneId { get; set; } = "";
        public string HoursText { get; set; } = "";
        public string HolidaysText { get; set; } = "";
        public int Revision { get; init; }
        public List<string> Errors { get; set; } = [];

        public static CalendarForm From(CalendarView view) => new()
        {
            Key = view.Key,
            Name = view.Name,
            TimeZoneId = view.TimeZoneId,
            Revision = view.Revision,
            HoursText = string.Join('\n', view.Hours.Select(h => $"{h.Day} {h.Start}-{h.End}")),
            HolidaysText = string.Join('\n', view.Holidays.Select(h => $"{h.Date:yyyy-MM-dd} {h.Name}")),
        };

        public bool TryParse(out List<CalendarHours> hours, out List<CalendarHoliday> holidays)
        {
            Errors = [];
            hours = [];
            holidays = [];
            foreach (var (line, number) in Lines(HoursText))
            {
                var parts = line.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 3 || !Enum.TryParse<DayOfWeek>(parts[0], ignoreCase: true, out var day))
                {
                    Errors.Add($"Hours line {number}: write it as 'Monday 08:00-18:00'.");
                    continue;
                }

                hours.Add(new CalendarHours(day, parts[1], parts[2]));
            }

            foreach (var (line, number) in Lines(HolidaysText))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var dateText = space < 0 ? line : line[..space];
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                {
                    Errors.Add($"Holidays line {number}: start with the date as 2026-12-25.");
                    continue;
                }

                holidays.Add(new CalendarHoliday(date, space < 0 ? "" : line[(space + 1)..].Trim()));
            }

            return Errors.Count == 0;
        }

        private static IEnumerable<(string Line, int Number)> Lines(string text) =>
            text.Split('\n').Select((line, index) => (line.Trim(), index + 1)).Where(l => l.Item1.Length > 0);
    }
}
