using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Conflicts;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Changes.Calendar;

/// <summary>
/// The change calendar: FullCalendar (month, week, and a list "timeline") in the browser, reading the visible range
/// from /api/changes/calendar; beneath it the changes with conflicts in the coming weeks, each with what conflicts
/// and its next free slot on demand, for keyboards, screen readers and phones.
/// </summary>
public sealed partial class ChangeCalendarPage
{
    public const int AheadDays = 30;
    private const string ModulePath = "./changes/dist/changecalendar.js";

    private readonly Dictionary<string, FreeSlot?> slots = [];
    private ElementReference canvas;
    private IJSObjectReference? module;
    private int calendar;
    private IReadOnlyList<ChangeWithConflicts>? ahead;

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    [Inject] private Modules.RecordPages RecordPages { get; set; } = null!;

    [Inject] private BrowserTime Time { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var now = Clock.GetUtcNow().UtcDateTime;
        ahead = await scope.ServiceProvider.GetRequiredService<ChangeCalendar>().ConflictsAheadAsync(now.AddDays(-1), now.AddDays(AheadDays), 20, CancellationToken.None);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        calendar = await module.InvokeAsync<int>("create", canvas);
    }

    private async Task FindSlotAsync(string number)
    {
        await using var scope = Scopes.CreateAsyncScope();
        slots[number] = await scope.ServiceProvider.GetRequiredService<NextFreeSlot>().FindAsync(number, CancellationToken.None);
    }

    private async Task ShowAsync(DateTime start)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("gotoDate", calendar, start.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (module is null)
        {
            return;
        }

        try
        {
            await module.InvokeVoidAsync("destroy", calendar);
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone with the page; nothing left to clean up in the browser.
        }
    }
}
