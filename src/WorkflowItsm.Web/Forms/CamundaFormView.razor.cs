using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using WorkflowItsm.Runtime.Forms;
using WorkflowItsm.Web.Api;

namespace WorkflowItsm.Web.Forms;

/// <summary>
/// Renders a deployed Camunda Form with form-js (wwwroot/forms/dist, bundled from Forms/client) on the task page and
/// in the portal. The browser validates first and shows each error at its field; the server checks the values again
/// when the task completes or the request starts (Runtime/Forms), and <see cref="Errors"/> shows what it refused.
/// </summary>
public sealed partial class CamundaFormView : IAsyncDisposable
{
    private const string ModulePath = "./forms/dist/camundaforms.js";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ElementReference container;
    private IJSObjectReference? module;
    private int? formId;
    // Why the form cannot be shown or was not submitted (form-js refused it); shown above the form.
    private string? formError;
    private bool renderedReadOnly;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    [Parameter, EditorRequired] public CamundaForm Form { get; set; } = null!;

    /// <summary>The data the form starts from: the instance's variables for a task, nothing for a new request.</summary>
    [Parameter] public IReadOnlyDictionary<string, object?> Data { get; set; } = new Dictionary<string, object?>();

    [Parameter] public bool ReadOnly { get; set; }

    /// <summary>The server's messages, in the fields' labels.</summary>
    [Parameter] public IReadOnlyList<string> Errors { get; set; } = [];

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            if (firstRender)
            {
                module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
                var readOnly = ReadOnly;
                formId = await module.InvokeAsync<int>("render", container, Form.Schema, JsonSerializer.Serialize(Data, Json), readOnly);
                renderedReadOnly = readOnly;
            }

            // Also after the first render: the page re-renders while form-js is still being loaded and drawn (an agent
            // who claims at once), and that render's pass skipped the form it did not have yet. Left read-only, the
            // claimed task's form would refuse its submit.
            while (module is not null && formId is { } id && renderedReadOnly != ReadOnly)
            {
                renderedReadOnly = ReadOnly;
                await module.InvokeVoidAsync("setReadOnly", id, renderedReadOnly);
            }
        }
        catch (JSException failed)
        {
            // form-js refused the schema (e.g. a component type of a newer form-js): say so instead of an empty box.
            formError = $"The form '{Form.FormId}' cannot be shown: {failed.Message}";
            StateHasChanged();
        }
        catch (Exception gone) when (gone is JSDisconnectedException or ObjectDisposedException or OperationCanceledException)
        {
            // The user left the page while the form was drawn.
        }
    }

    /// <summary>
    /// The values the form submits; null when the browser found errors (form-js shows them at their fields), the form is
    /// not drawn yet, or form-js refused to submit (then the form says why).
    /// </summary>
    public async Task<Dictionary<string, object?>?> SubmitAsync()
    {
        if (module is null || formId is not { } id)
        {
            return null;
        }

        string submitted;
        try
        {
            submitted = await module.InvokeAsync<string>("submit", id);
        }
        catch (JSException refused)
        {
            // An error here would end the whole circuit (the page shows "Something went wrong"); the form says it instead.
            formError = $"The form '{Form.FormId}' could not be submitted: {refused.Message}";
            StateHasChanged();
            return null;
        }

        formError = null;
        using var result = JsonDocument.Parse(submitted);
        if (!result.RootElement.GetProperty("valid").GetBoolean())
        {
            return null;
        }

        return result.RootElement.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => JsonVariables.ToClr(p.Value), StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (module is null)
        {
            return;
        }

        try
        {
            if (formId is { } id)
            {
                await module.InvokeVoidAsync("dispose", id);
            }

            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and with it the form.
        }
    }
}
