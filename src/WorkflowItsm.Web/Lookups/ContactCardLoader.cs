using Microsoft.AspNetCore.Components.Authorization;

namespace WorkflowItsm.Web.Lookups;

/// <summary>Opens and closes a contact card, reading it from the directory the first time it opens.</summary>
internal sealed class ContactCardLoader
{
    private string? loadedFor;

    public bool IsOpen { get; private set; }
    public bool Loading { get; private set; }
    public PersonCard? Card { get; private set; }

    public async Task ToggleAsync(string? userName, IServiceScopeFactory scopes, AuthenticationStateProvider authentication, Action changed)
    {
        if (IsOpen || string.IsNullOrWhiteSpace(userName))
        {
            IsOpen = false;
            return;
        }

        IsOpen = true;
        if (string.Equals(loadedFor, userName, StringComparison.Ordinal))
        {
            return;
        }

        Loading = true;
        changed();
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        Card = await scope.ServiceProvider.GetRequiredService<DirectoryLookup>().CardAsync(userName, user, CancellationToken.None);
        loadedFor = userName;
        Loading = false;
    }

    public void Close() => IsOpen = false;

    public void Reset()
    {
        IsOpen = false;
        Card = null;
        loadedFor = null;
    }
}
