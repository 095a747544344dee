using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Changes.Cab;

/// <summary>A board's meeting run item by item: the chair starts it, records a decision per change, closes it with minutes.</summary>
public sealed partial class CabMeetingPage
{
    private CabMeetingView? meeting;
    private bool missing;
    private bool mayRun;
    private bool busy;
    private string? minutes;
    private string? errorOf;
    private readonly FormErrors errors = new();
    private readonly Dictionary<string, string?> notes = new(StringComparer.Ordinal);

    [Parameter]
    public long Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    private string UserName { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        var user = Authentication is null ? null : (await Authentication).User;
        UserName = user?.Identity?.Name ?? "";
        mayRun = user is not null && (user.IsInRole(Roles.ChangeManager) || user.IsInRole(Roles.Admin));
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            meeting = await scope.ServiceProvider.GetRequiredService<CabMeetings>().GetAsync(Id, CancellationToken.None);
            foreach (var item in meeting.Items)
            {
                notes.TryAdd(item.ChangeNumber, null);
            }

        }
        catch (RecordNotFoundException)
        {
            missing = true;
        }
    }

    private Task StartAsync() => RunAsync(meetings => meetings.StartAsync(Id, CancellationToken.None), "The meeting has started.");

    private Task DecideAsync(string change, CabDecision decision)
    {
        errorOf = change;
        return RunAsync(meetings => meetings.DecideAsync(Id, change, decision, notes.GetValueOrDefault(change), UserName, CancellationToken.None),
            $"{change}: {CabWords.Of(decision).ToLowerInvariant()}.");
    }

    private Task CloseAsync() => RunAsync(meetings => meetings.CompleteAsync(Id, minutes, UserName, CancellationToken.None), "The meeting is closed.");

    private async Task RunAsync(Func<CabMeetings, Task> step, string done)
    {
        busy = true;
        errors.Clear();
        try
        {
            await using (var scope = Scopes.CreateAsyncScope())
            {
                await step(scope.ServiceProvider.GetRequiredService<CabMeetings>());
            }

            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
        }
        catch (RecordValidationException invalid)
        {
            errors.Set(invalid.Errors);
        }
        catch (RecordConflictException conflict)
        {
            Snackbar.Add(conflict.Message, Severity.Warning);
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }
}
