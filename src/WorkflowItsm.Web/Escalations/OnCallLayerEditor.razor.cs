using Microsoft.AspNetCore.Components;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Escalations;

/// <summary>One layer's rotation in a schedule form: rotation, handoff, first shift, restriction and the members in order; each field shows its own error.</summary>
public sealed partial class OnCallLayerEditor
{
    [Parameter, EditorRequired] public LayerForm Form { get; set; } = null!;

    /// <summary>The API's name of this layer in the schedule's errors ("layers[0]").</summary>
    [Parameter, EditorRequired] public string Prefix { get; set; } = "";

    [Parameter, EditorRequired] public FormErrors Errors { get; set; } = null!;

    [Parameter] public EventCallback OnRemove { get; set; }

    [Parameter] public string TestId { get; set; } = "layer";

    private string Field(string name) => $"{Prefix}.{name}";
}
