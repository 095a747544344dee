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
/// The on-call schedules per group with who answers each layer now; admins and groups' managers start a new schedule
/// here with its primary rotation (the schedule's page adds the secondary and overrides).
/// </summary>
public sealed partial class OnCallSchedulesPage
{
    private readonly FormErrors errors = new();
    private readonly TableGroupDefinition<Row> groupBy = new() { Selector = r => r.GroupKey, Expandable = false };
    private IReadOnlyList<Row>? rows;
    private Dictionary<string, string> groupNames = [];
    private NewScheduleForm? form;
    private bool mayCreate;
    private bool isAdmin;
    private bool busy;
    private string user = "";

    private sealed record Row(int Id, string GroupKey, string Name, string TimeZone, TimeZoneInfo Zone, OnCallAnswer? Primary, OnCallAnswer? Secondary);

    private sealed class NewScheduleForm
    {
        public string? Name { get; set; }
        public string? Group { get; set; }
        public string? TimeZone { get; set; }
        public LayerForm Primary { get; } = new();
    }

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        var principal = (await Authentication).User;
        user = principal.Identity?.Name ?? "";
        isAdmin = principal.IsInRole(Roles.Admin);
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        mayCreate = (principal.IsInRole(Roles.Agent) || isAdmin)
            && await scope.ServiceProvider.GetRequiredService<OnCallSchedules>().CanCreateAsync(user, isAdmin, CancellationToken.None);
        var schedules = await db.Set<OnCallSchedule>().AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides)
            .OrderBy(s => s.GroupKey).ThenBy(s => s.Name).ToListAsync();
        var keys = schedules.Select(s => s.GroupKey).Distinct().ToList();
        groupNames = await db.Groups.AsNoTracking().Where(g => keys.Contains(g.Key)).ToDictionaryAsync(g => g.Key, g => g.DisplayName);
        var now = Clock.GetUtcNow().UtcDateTime;
        rows = [.. schedules.Select(s => new Row(s.Id, s.GroupKey, s.Name, s.TimeZone, TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone),
            Answer(s, OnCallLayerKind.Primary, now), Answer(s, OnCallLayerKind.Secondary, now)))];
    }

    private static OnCallAnswer? Answer(OnCallSchedule schedule, OnCallLayerKind layer, DateTime now) =>
        schedule.Layers.Any(l => l.Kind == layer) || schedule.Overrides.Any(o => o.Layer == layer) ? OnCallSchedules.Answer(schedule, layer, now) : null;

    private void Add()
    {
        errors.Clear();
        var today = DateOnly.FromDateTime(BrowserTime.Local(Clock.GetUtcNow().UtcDateTime));
        form = new NewScheduleForm { TimeZone = BrowserTime.Zone == TimeZoneInfo.Utc ? "Europe/Berlin" : BrowserTime.Zone.Id };
        form.Primary.StartDate = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task SaveAsync()
    {
        var input = form!;
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var schedules = scope.ServiceProvider.GetRequiredService<OnCallSchedules>();
            if (!string.IsNullOrWhiteSpace(input.Group) && !await schedules.CanEditAsync(input.Group, user, isAdmin, CancellationToken.None))
            {
                errors.Set(new Dictionary<string, string[]> { ["groupKey"] = [$"Only an admin or the manager of {input.Group} plans its on-call schedule."] });
                return;
            }

            var schedule = await schedules.CreateAsync(new NewOnCallSchedule
            {
                Name = input.Name, GroupKey = input.Group, TimeZone = input.TimeZone, Layers = [input.Primary.ToInput()],
            }, user, CancellationToken.None);
            Navigation.NavigateTo($"escalations/schedules/{schedule.Id}");
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
}
