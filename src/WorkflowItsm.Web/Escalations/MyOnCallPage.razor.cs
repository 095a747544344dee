using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Escalations;

/// <summary>The signed-in person's on-call feed address and pager hook (the channel seam for SMS, voice and chat).</summary>
public sealed partial class MyOnCallPage
{
    private readonly FormErrors errors = new();
    private OnCallChannelView? channel;
    private string? url;
    private string? secret;
    private string user = "";

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        user = (await Authentication).User.Identity?.Name ?? "";
        await using var scope = Scopes.CreateAsyncScope();
        channel = await scope.ServiceProvider.GetRequiredService<OnCallChannels>().OfAsync(user, CancellationToken.None);
        url = channel?.Url;
    }

    private async Task SaveAsync()
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var saved = await scope.ServiceProvider.GetRequiredService<OnCallChannels>().SetAsync(user, url, CancellationToken.None);
            (channel, secret) = (saved.Channel, saved.Secret ?? secret);
            errors.Clear();
            Snackbar.Add("Pages go to your gateway too.", Severity.Success);
        }
        catch (RecordValidationException invalid)
        {
            errors.Set(invalid.Errors);
        }
    }

    private async Task ResetSecretAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        secret = await scope.ServiceProvider.GetRequiredService<OnCallChannels>().ResetSecretAsync(user, CancellationToken.None);
    }

    private async Task RemoveAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OnCallChannels>().RemoveAsync(user, CancellationToken.None);
        (channel, url, secret) = (null, null, null);
        Snackbar.Add("Pages no longer go to a gateway.", Severity.Info);
    }
}
