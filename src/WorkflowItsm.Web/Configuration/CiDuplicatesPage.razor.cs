using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Web.Configuration;

/// <summary>Open de-duplication tasks (resolved ones on demand) with their candidates side by side; agents and admins merge or create as new.</summary>
public sealed partial class CiDuplicatesPage
{
    private const int PageSize = 50;

    private IReadOnlyList<CiDuplicateTaskView> tasks = [];
    private CiModel? model;
    private bool showResolved;
    private bool canResolve;
    private bool busy;
    private string? error;

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        canResolve = user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Admin);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        model = await CiModel.LoadAsync(scope.ServiceProvider.GetRequiredService<Itsm.Persistence.ItsmDbContext>(), CancellationToken.None);
        var page = await scope.ServiceProvider.GetRequiredService<CiDuplicateTasks>().ListAsync(showResolved ? null : CiDuplicateTaskState.Open, 1, PageSize, CancellationToken.None);
        tasks = page.Items;
    }

    private async Task ShowResolvedAsync(bool value)
    {
        showResolved = value;
        await LoadAsync();
    }

    /// <summary>The values with their attributes' names ("Serial number: SN-1 · RAM (GB): 64").</summary>
    private string AttributesText(string classKey, IReadOnlyDictionary<string, string?> values)
    {
        var attributes = model?.ClassByKey(classKey) is { } ciClass ? model.AttributesOf(ciClass.Id) : [];
        var shown = values.Where(v => !string.IsNullOrWhiteSpace(v.Value))
            .Select(v => $"{attributes.FirstOrDefault(a => string.Equals(a.Key, v.Key, StringComparison.OrdinalIgnoreCase))?.Attribute.Name ?? v.Key}: {v.Value}").ToList();
        return shown.Count == 0 ? "no values" : string.Join(" · ", shown);
    }

    private async Task ResolveAsync(long id, string? mergeInto)
    {
        busy = true;
        error = null;
        try
        {
            var by = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? string.Empty;
            await using var scope = Scopes.CreateAsyncScope();
            var resolved = await scope.ServiceProvider.GetRequiredService<CiDuplicateTasks>()
                .ResolveAsync(id, new CiDuplicateResolution(mergeInto, mergeInto is null), by, CancellationToken.None);
            Snackbar.Add(mergeInto is null ? $"Created {resolved.ResultNumber}." : $"Merged into {resolved.ResultNumber}.", Severity.Success);
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            error = string.Join(" ", invalid.Errors.SelectMany(e => e.Value));
        }
        catch (RecordConflictException conflict)
        {
            error = conflict.Message;
        }
        finally
        {
            busy = false;
        }
    }
}
