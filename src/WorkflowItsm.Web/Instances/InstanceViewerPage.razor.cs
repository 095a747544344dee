using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Designer;

namespace WorkflowItsm.Web.Instances;

public sealed partial class InstanceViewerPage
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private ElementReference host;
    private DiagramModule? module;
    private DotNetObjectReference<InstanceViewerPage>? self;
    private int viewerId;
    private int activeTab;
    private InstanceDetails? details;
    private IReadOnlyList<FaultView> faults = [];
    private IReadOnlyList<ElementStatistics> statistics = [];
    private bool heatMap;
    private bool notFound;
    private bool mayOperate;
    private string? loadError;
    private string? shownVersion;
    private string? shownId;
    private readonly CancellationTokenSource closing = new();

    [Parameter] public string Id { get; set; } = "";

    private Color StatusColor => details?.Instance.Status switch
    {
        InstanceRunStatus.Running => Color.Info,
        InstanceRunStatus.Completed => Color.Success,
        InstanceRunStatus.Faulted => Color.Error,
        _ => Color.Default,
    };

    private string StartedText => details is null ? "" :
        $"started {BrowserTime.Moment(details.Instance.StartedAt)}{(details.Instance.StartedBy is null ? "" : $" by {details.Instance.StartedBy}")}"
        + (details.Instance.EndedAt is { } ended ? $", ended {BrowserTime.Moment(ended)}" : "");

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        module = await DiagramModule.ImportAsync(JS);
        self = DotNetObjectReference.Create(this);
        viewerId = await module.CreateAsync(host, new { readOnly = true }, self);
        await RefreshAsync();
        // Live: while the instance runs (or the heat map is shown), re-read it and repaint what changed.
        _ = LiveRefresh.RunAsync(RefreshEvery,
            () => details is { Instance.Status: not InstanceRunStatus.Running } && !heatMap ? Task.CompletedTask : InvokeAsync(RefreshAsync), closing.Token);
    }

    /// <summary>A link to the parent or a child instance reuses this page: show the new instance at once.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (module is not null && shownId != Id)
        {
            notFound = false;
            activeTab = 0;
            await RefreshAsync();
        }
    }

    private async Task RefreshAsync()
    {
        shownId = Id;
        await using var scope = Scopes.CreateAsyncScope();
        var instances = scope.ServiceProvider.GetRequiredService<InstanceQueries>();
        // Agents follow the instances of their own tasks only; process owners and admins every one (as the API).
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        mayOperate = WorkflowItsm.Web.Api.InstanceVisibility.SeesEveryInstance(user);
        details = await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Web.Api.InstanceVisibility>().MaySeeAsync(user, Id, closing.Token)
            ? await instances.GetAsync(Id, closing.Token)
            : null;
        if (details is null)
        {
            notFound = true;
            StateHasChanged();
            return;
        }

        faults = (await scope.ServiceProvider.GetRequiredService<FaultQueries>().ListAsync(new FaultFilter(InstanceId: Id, Open: false), 1, 100, closing.Token)).Items;
        var version = $"{details.Instance.DefinitionKey}:{details.Instance.DefinitionVersion}";
        if (shownVersion != version)
        {
            var xml = await scope.ServiceProvider.GetRequiredService<ProcessDefinitionQueries>()
                .GetXmlAsync(details.Instance.DefinitionKey, details.Instance.DefinitionVersion, closing.Token);
            loadError = xml is null ? "its definition version is gone." : await module!.InvokeAsync<string?>("open", viewerId, xml);
            shownVersion = version;
        }

        if (heatMap)
        {
            statistics = await instances.ElementStatisticsAsync(details.Instance.DefinitionKey, details.Instance.DefinitionVersion, 1000, closing.Token);
        }

        await PaintAsync();
        StateHasChanged();
    }

    private async Task PaintAsync()
    {
        if (details is null || module is null)
        {
            return;
        }

        var maxTotal = statistics.Select(s => s.TotalDuration?.Ticks ?? 0).DefaultIfEmpty(0).Max();
        await module.InvokeVoidAsync("showInstance", viewerId, new
        {
            tokens = details.Tokens,
            entered = details.Journal.Where(j => j.Kind == nameof(JournalEntryKind.ElementEntered) && j.ElementId is not null).Select(j => j.ElementId).Distinct(),
            taken = details.Journal.Where(j => j.Kind == nameof(JournalEntryKind.ElementCompleted) && j.ElementId is not null).Select(j => j.ElementId).Distinct(),
            faults = faults.Where(f => f.Status != FaultStatus.Resolved).Select(f => new { elementId = f.ElementId, message = f.Message }),
            heat = heatMap
                ? statistics.ToDictionary(s => s.ElementId, s => new
                {
                    label = $"{s.Entered}× · {Format(s.MedianDuration)}",
                    title = $"entered {s.Entered}, completed {s.Completed}, here now {s.Active}; median {Format(s.MedianDuration)}, p95 {Format(s.P95Duration)}",
                    weight = maxTotal == 0 ? 0 : (double)(s.TotalDuration?.Ticks ?? 0) / maxTotal,
                })
                : null,
        });
    }

    /// <summary>A fault's badge on the diagram was clicked: show the faults, with their errors and retry buttons.</summary>
    [JSInvokable]
    public Task FaultClicked(string elementId)
    {
        activeTab = FaultsTab;
        StateHasChanged();
        return Task.CompletedTask;
    }

    private const int FaultsTab = 3;

    private async Task ToggleHeatMapAsync(bool on)
    {
        heatMap = on;
        statistics = [];
        await RefreshAsync();
    }

    private async Task RetryAsync(FaultView fault)
    {
        if (!mayOperate)
        {
            return;
        }

        await using var scope = Scopes.CreateAsyncScope();
        var user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name;
        try
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().RetryFaultAsync(fault.Id, user, closing.Token);
            Snackbar.Add($"Retrying {fault.ElementId}.", Severity.Info);
        }
        catch (Exception exception) when (exception is RuntimeConflictException or RuntimeNotFoundException)
        {
            Snackbar.Add(exception.Message, Severity.Error);
        }

        await RefreshAsync();
    }

    private static string Format(TimeSpan? duration) => duration switch
    {
        null => "–",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:F0} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds:F1} s",
        { TotalHours: < 1 } d => $"{d.TotalMinutes:F0} min",
        { TotalDays: < 1 } d => $"{d.TotalHours:F1} h",
        var d => $"{d.Value.TotalDays:F1} d",
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => text,
        _ => System.Text.Json.JsonSerializer.Serialize(value),
    };

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        if (module is not null)
        {
            await module.DisposeAsync();
        }

        closing.Dispose();
        self?.Dispose();
    }
}
