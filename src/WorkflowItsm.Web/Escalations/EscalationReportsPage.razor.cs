using System.Globalization;
using Microsoft.AspNetCore.Components;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Escalations;

/// <summary>The escalation and on-call reports over a period of whole days in the browser's zone (default: the last 30 days).</summary>
public sealed partial class EscalationReportsPage
{
    private readonly FormErrors errors = new();
    private EscalationReport? report;
    private IReadOnlyList<OnCallLoadRow> load = [];
    private string? from;
    private string? to;

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        var today = DateOnly.FromDateTime(BrowserTime.Local(Clock.GetUtcNow().UtcDateTime));
        from = today.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        errors.Clear();
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            errors.Set(new Dictionary<string, string[]> { ["from"] = ["Give the first day."] });
            return;
        }

        if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            errors.Set(new Dictionary<string, string[]> { ["to"] = ["Give the last day."] });
            return;
        }

        var start = OnCallRotation.ToUtc(first, TimeOnly.MinValue, BrowserTime.Zone);
        var end = OnCallRotation.ToUtc(last.AddDays(1), TimeOnly.MinValue, BrowserTime.Zone);
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var reports = scope.ServiceProvider.GetRequiredService<EscalationReports>();
            report = await reports.EscalationsAsync(start, end, CancellationToken.None);
            load = await reports.OnCallLoadAsync(start, end, null, CancellationToken.None);
        }
        catch (RecordValidationException invalid)
        {
            errors.Set(invalid.Errors);
            report = null;
        }
    }

    private static string Minutes(double? minutes) => minutes switch
    {
        null => "—",
        < 1 => "under a minute",
        < 120 => $"{minutes.Value.ToString("0.#", CultureInfo.CurrentCulture)} min",
        _ => $"{(minutes.Value / 60).ToString("0.#", CultureInfo.CurrentCulture)} h",
    };
}
