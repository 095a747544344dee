using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Email;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Integrations;

public sealed partial class InboundMailPage
{
    private IReadOnlyList<InboundMailView> mails = [];
    private string? search;

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;
    [Inject] private IOptions<EmailChannelOptions> Options { get; set; } = null!;
    [Inject] private RecordPages RecordPages { get; set; } = null!;

    /// <summary>Whether and where the channel listens, in words.</summary>
    private string Status
    {
        get
        {
            var o = Options.Value;
            if (!o.Enabled)
            {
                return "The email channel is off (EmailChannel:Enabled). Mail listed here came in while it was on.";
            }

            var unknown = o.UnknownSenders switch
            {
                UnknownSenderPolicy.CreateRequester => "mail from unknown senders makes them requesters",
                UnknownSenderPolicy.Drop => "mail from unknown senders is kept but dropped",
                _ => "mail from unknown senders is refused",
            };
            return $"Listening on {o.ListenAddress}:{o.Port} for mail to {o.Address} (any address @{o.Domain}); {unknown}; at most {o.MaxMailsPerSenderPerHour} mails per sender an hour.";
        }
    }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task SearchAsync(string? value)
    {
        search = value;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        mails = await scope.ServiceProvider.GetRequiredService<InboundMails>().ListAsync(search, CancellationToken.None);
    }
}
