using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using WorkflowItsm.Itsm.Escalations;

namespace WorkflowItsm.Web.Escalations;

/// <summary>The signed-in person's secret feed address of her own on-call spans (<see cref="ScheduleId"/> null) or of one schedule.</summary>
public sealed partial class OnCallFeedLink
{
    private DateTime? issuedAt;
    private string? address;
    private string user = "";

    [Parameter] public int? ScheduleId { get; set; }

    [Parameter] public string TestId { get; set; } = "feed-link";

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private IJSRuntime Js { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        user = (await Authentication).User.Identity?.Name ?? "";
        await using var scope = Scopes.CreateAsyncScope();
        issuedAt = await scope.ServiceProvider.GetRequiredService<OnCallFeeds>().IssuedAtAsync(user, ScheduleId, CancellationToken.None);
    }

    private async Task ResetAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<OnCallFeeds>().ResetAsync(user, ScheduleId, CancellationToken.None);
        address = Navigation.ToAbsoluteUri($"{OnCallFeeds.PathPrefix.TrimStart('/')}{token}/calendar.ics").ToString();
        issuedAt = await scope.ServiceProvider.GetRequiredService<OnCallFeeds>().IssuedAtAsync(user, ScheduleId, CancellationToken.None);
    }

    private async Task RevokeAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OnCallFeeds>().RevokeAsync(user, ScheduleId, CancellationToken.None);
        (issuedAt, address) = (null, null);
        Snackbar.Add("The subscription address is stopped.", Severity.Info);
    }

    private async Task CopyAsync()
    {
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", address);
            Snackbar.Add("Address copied.", Severity.Success);
        }
        catch (JSException)
        {
            // A browser that refuses the clipboard (no permission, not https): the field is selectable.
            Snackbar.Add("Your browser did not allow copying: select the address and copy it.", Severity.Warning);
        }
    }
}
