using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Components;
using WorkflowItsm.Web.Incidents;
using WorkflowItsm.Web.Records;

namespace WorkflowItsm.Web.Portal;

/// <summary>
/// A requester's request: for a reported incident, what they told us, one status in their words, the desk's promise,
/// the conversation with the desk, files, and what they may do now — confirm the resolution, say it still does not
/// work, or withdraw it — without ever needing the agents' inbox. Any other request shows where its process stands.
/// </summary>
public sealed partial class RequestPage : IDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);
    private readonly CancellationTokenSource closing = new();
    private InstanceDetails? details;
    private RequestIncident? incident;
    private string? title;
    private string? catalogName;
    private string statusText = "";
    private bool notFound;
    private string user = "";
    private string? answer;
    private string? answerError;
    private string? comment;
    private string? commentError;
    private string? fileError;
    private bool withdrawing;
    private bool busy;

    [Parameter] public string Id { get; set; } = "";

    private Color StatusColor => incident is not null ? IncidentDisplay.StateColor(incident.State)
        : details?.Instance.Status == InstanceRunStatus.Completed ? Color.Success : Color.Info;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        // The page follows the request while it is open: the desk's replies and changes of status appear by themselves.
        _ = LiveRefresh.RunAsync(RefreshEvery, () => notFound || busy ? Task.CompletedTask : InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }), closing.Token);
    }

    private async Task LoadAsync()
    {
        var principal = (await Authentication.GetAuthenticationStateAsync()).User;
        user = principal.Identity?.Name ?? "";
        await using var scope = Scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<InstanceQueries>().GetAsync(Id, closing.Token);
        var isStaff = principal.IsInRole(Roles.Admin) || principal.IsInRole(Roles.Agent);
        notFound = found is null || (found.Instance.StartedBy != user && !isStaff);
        details = notFound ? null : found;
        // A request that opened an incident (the portal's "report an issue") is that incident's conversation.
        incident = details is null ? null : await RequestIncident.LoadAsync(scope.ServiceProvider, details, user, isStaff, closing.Token);
        if (details is not null)
        {
            if (incident is null)
            {
                // The catalogue name does not change while the page follows the request: read once.
                catalogName ??= (await MyRequests.CatalogNamesAsync(scope.ServiceProvider.GetRequiredService<ItsmDbContext>(), [details.Instance.DefinitionKey], closing.Token))
                    .GetValueOrDefault(details.Instance.DefinitionKey) ?? MyRequests.UnnamedRequest;
            }

            title = incident?.ShortDescription ?? catalogName;
            statusText = incident?.StateText ?? RequestStatus.Describe(details.Instance.Status);
        }
    }

    private Task ConfirmAsync() => ActAsync((caller, number) => caller.ConfirmAsync(number, user, answer, CancellationToken.None), "Thank you: it is closed.");

    private Task ReopenAsync() => ActAsync((caller, number) => caller.ReopenAsync(number, user, answer, CancellationToken.None), "It is back with the service desk.");

    private Task WithdrawAsync() => ActAsync((caller, number) => caller.WithdrawAsync(number, user, answer, CancellationToken.None), "Your request is withdrawn.");

    private async Task CommentAsync()
    {
        commentError = null;
        await ActAsync(async (caller, number) =>
        {
            try
            {
                await caller.CommentAsync(number, user, comment, CancellationToken.None);
                comment = null;
            }
            catch (RecordValidationException invalid)
            {
                commentError = string.Join(" ", invalid.Errors.Values.SelectMany(e => e));
            }
        }, success: null);
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null || incident is null)
        {
            return;
        }

        busy = true;
        try
        {
            fileError = await AttachmentUpload.AttachAsync(Scopes, AttachmentOptions, incident.Number, file, user, closing.Token);
            if (fileError is null)
            {
                Snackbar.Add($"{file.Name} attached.", Severity.Success);
            }
        }
        finally
        {
            busy = false;
        }

        await LoadAsync();
    }

    /// <summary>Runs one of the caller's actions on the incident and shows the outcome; a refusal is shown in words.</summary>
    private async Task ActAsync(Func<IncidentCaller, string, Task> action, string? success)
    {
        if (incident is null)
        {
            return;
        }

        busy = true;
        answerError = null;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await action(scope.ServiceProvider.GetRequiredService<IncidentCaller>(), incident.Number);
            if (success is not null)
            {
                Snackbar.Add(success, Severity.Success);
                answer = null;
                withdrawing = false;
            }
        }
        catch (RecordValidationException invalid)
        {
            answerError = string.Join(" ", invalid.Errors.Values.SelectMany(e => e));
        }
        catch (Exception conflict) when (conflict is RecordConflictException or RuntimeConflictException)
        {
            // Someone moved it meanwhile (the desk reopened it, the timer closed it): say so; the page reloads below.
            Snackbar.Add(conflict.Message, Severity.Warning);
        }
        finally
        {
            busy = false;
        }

        await LoadAsync();
    }

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
    }
}
