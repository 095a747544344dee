using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace WorkflowItsm.Web.Designer;

/// <summary>
/// The designer bundle's JavaScript module (bpmn-js) as a page holds it: the diagrams it creates are destroyed with
/// it, and a browser that is already gone is no error when the page is disposed.
/// </summary>
internal sealed class DiagramModule(IJSObjectReference module) : IAsyncDisposable
{
    private readonly List<int> diagrams = [];

    public static async Task<DiagramModule> ImportAsync(IJSRuntime js) =>
        new(await js.InvokeAsync<IJSObjectReference>("import", "./designer/dist/designer.js"));

    /// <summary>Opens a modeler (or, with readOnly, a viewer) in <paramref name="host"/>; returns its handle.</summary>
    public async Task<int> CreateAsync(ElementReference host, object options, object? changes)
    {
        var handle = await module.InvokeAsync<int>("create", host, options, changes);
        diagrams.Add(handle);
        return handle;
    }

    public ValueTask<T> InvokeAsync<T>(string identifier, params object?[] args) => module.InvokeAsync<T>(identifier, args);

    public ValueTask InvokeVoidAsync(string identifier, params object?[] args) => module.InvokeVoidAsync(identifier, args);

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var handle in diagrams)
            {
                await module.InvokeVoidAsync("destroy", handle);
            }

            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone with the browser tab: nothing left to clean up there.
        }
    }
}
