using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;

namespace WorkflowItsm.Web.Designer;

public sealed partial class DiffPage
{
    private ElementReference before;
    private ElementReference after;
    private DiagramModule? module;
    private int beforeId;
    private int afterId;
    private int from;
    private int to;
    private string? error;
    private Changes? changes;
    private IReadOnlyList<ProcessVersionSummary> versions = [];

    [Parameter] public string Key { get; set; } = "";

    [SupplyParameterFromQuery(Name = "from")] public int? FromVersion { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public int? ToVersion { get; set; }

    public sealed record ChangedAttribute(string Name, string? OldValue, string? NewValue);

    public sealed record ChangedElement(string Id, string Type, string? Name, IReadOnlyList<ChangedAttribute>? Attributes);

    public sealed record Changes(IReadOnlyList<ChangedElement> Added, IReadOnlyList<ChangedElement> Removed, IReadOnlyList<ChangedElement> Changed, IReadOnlyList<ChangedElement> Moved);

    /// <summary>An element by its name and type ("Triage (User task)"); unnamed, by its type and id.</summary>
    private static RenderFragment Title(ChangedElement element) => builder =>
    {
        builder.OpenElement(0, "b");
        builder.AddContent(1, element.Name ?? element.Type);
        builder.CloseElement();
        builder.OpenElement(2, "span");
        builder.AddAttribute(3, "class", "mud-text-secondary");
        builder.AddContent(4, element.Name is null ? $" {element.Id}" : $" ({element.Type})");
        builder.CloseElement();
    };

    private static string Shown(string? value) => value is null ? "(none)" : $"“{value}”";

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        await using (var scope = Scopes.CreateAsyncScope())
        {
            versions = await scope.ServiceProvider.GetRequiredService<ProcessDefinitionQueries>().ListVersionsAsync(Key, CancellationToken.None);
        }

        module = await DiagramModule.ImportAsync(JS);
        beforeId = await module.CreateAsync(before, new { readOnly = true }, null);
        afterId = await module.CreateAsync(after, new { readOnly = true }, null);
        var latest = versions.Count > 0 ? versions[0].Version : 0;
        await ChangeAsync(FromVersion ?? Math.Max(1, (ToVersion ?? latest) - 1), ToVersion ?? latest);
    }

    private async Task ChangeAsync(int fromVersion, int toVersion)
    {
        from = fromVersion;
        to = toVersion;
        changes = null;
        await using var scope = Scopes.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<ProcessDefinitionQueries>();
        var oldXml = await queries.GetXmlAsync(Key, from, CancellationToken.None);
        var newXml = await queries.GetXmlAsync(Key, to, CancellationToken.None);
        if (oldXml is null || newXml is null)
        {
            error = $"Process '{Key}' has no version {(oldXml is null ? from : to)}.";
            StateHasChanged();
            return;
        }

        var viewers = module!;
        error = await viewers.InvokeAsync<string?>("open", beforeId, oldXml) ?? await viewers.InvokeAsync<string?>("open", afterId, newXml);
        if (error is null)
        {
            changes = await viewers.InvokeAsync<Changes>("diff", beforeId, afterId);
        }

        Navigation.NavigateTo($"designer/{Uri.EscapeDataString(Key)}/diff?from={from}&to={to}", replace: true);
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            await module.DisposeAsync();
        }
    }
}
