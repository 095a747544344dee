using System.Globalization;

namespace WorkflowItsm.Bpmn.Model;

/// <summary>Which deployed version of a Camunda Form a task or start event shows (<c>camunda:formRefBinding</c>).</summary>
public enum FormRefBinding
{
    /// <summary>The latest deployed version of the form id (Camunda's default).</summary>
    Latest,
    /// <summary>The version deployed together with the process.</summary>
    Deployment,
    /// <summary><c>camunda:formRefVersion</c>.</summary>
    Version,
}

/// <summary>
/// <c>camunda:formRef</c>: a form-js form (a deployed <c>.form</c> file) by the id in its JSON. The id and version may
/// be expressions on a user task, evaluated when the task is created.
/// </summary>
public sealed record CamundaFormReference(ExpressionText FormRef, FormRefBinding Binding, ExpressionText? Version);

/// <summary>
/// The Camunda Form a task or start event shows, as its form key says it. The engine writes a task's
/// <c>camunda:formRef</c> into the task's form key in this shape (its expressions evaluated), so the task row says
/// which form it shows without the model. The shapes:
/// <list type="bullet">
/// <item><c>camunda-forms:deployment:FILE</c>: the .form file of that name deployed with the process.</item>
/// <item><c>camunda-forms:app:FILE</c> (and <c>camunda-forms:FILE</c>): in Camunda a file of the process application; the
/// product has none, so the latest deployed .form file of that name.</item>
/// <item><c>camunda-forms:ref:latest:ID</c>, <c>…:ref:deployment:ID</c>, <c>…:ref:version:N:ID</c>: a form reference.</item>
/// </list>
/// </summary>
/// <param name="FileName">For a key naming a file: its name (no folder).</param>
/// <param name="FormId">For a form reference: the form's id.</param>
public sealed record CamundaFormKey(string? FileName, string? FormId, FormRefBinding Binding, int? Version = null)
{
    public const string Prefix = "camunda-forms:";
    private const string DeploymentPrefix = "deployment:";
    private const string AppPrefix = "app:";
    private const string ReferencePrefix = "ref:";

    /// <summary>Whether the form key names a Camunda Form (whatever else it says).</summary>
    public static bool IsCamundaForm(string? formKey) => formKey?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public static CamundaFormKey ForReference(string formId, FormRefBinding binding, int? version) =>
        new(null, formId, binding, binding == FormRefBinding.Version ? version : null);

    /// <summary>Null when the key is no Camunda Form or names nothing (e.g. <c>camunda-forms:deployment:</c>).</summary>
    public static CamundaFormKey? Parse(string? formKey)
    {
        if (!IsCamundaForm(formKey))
        {
            return null;
        }

        var rest = formKey![Prefix.Length..];
        if (rest.StartsWith(ReferencePrefix, StringComparison.Ordinal))
        {
            return ParseReference(rest[ReferencePrefix.Length..]);
        }

        var (binding, path) = rest.StartsWith(DeploymentPrefix, StringComparison.Ordinal)
            ? (FormRefBinding.Deployment, rest[DeploymentPrefix.Length..])
            : (FormRefBinding.Latest, rest.StartsWith(AppPrefix, StringComparison.Ordinal) ? rest[AppPrefix.Length..] : rest);
        // A folder in the key (forms/task.form) is where the file lay in the source tree; deployed files go by name.
        var fileName = path[(path.LastIndexOf('/') + 1)..];
        return fileName.Length == 0 ? null : new CamundaFormKey(fileName, null, binding);
    }

    private static CamundaFormKey? ParseReference(string text)
    {
        var parts = text.Split(':', 2);
        if (parts.Length < 2)
        {
            return null;
        }

        switch (parts[0])
        {
            case "latest" when parts[1].Length > 0:
                return ForReference(parts[1], FormRefBinding.Latest, null);
            case "deployment" when parts[1].Length > 0:
                return ForReference(parts[1], FormRefBinding.Deployment, null);
            case "version":
                var versioned = parts[1].Split(':', 2);
                return versioned.Length == 2 && versioned[1].Length > 0
                    && int.TryParse(versioned[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                    ? ForReference(versioned[1], FormRefBinding.Version, version)
                    : null;
            default:
                return null;
        }
    }

    public override string ToString() => (FormId, Binding) switch
    {
        (null, FormRefBinding.Deployment) => $"{Prefix}{DeploymentPrefix}{FileName}",
        (null, _) => $"{Prefix}{AppPrefix}{FileName}",
        (_, FormRefBinding.Version) => $"{Prefix}{ReferencePrefix}version:{Version?.ToString(CultureInfo.InvariantCulture)}:{FormId}",
        (_, FormRefBinding.Deployment) => $"{Prefix}{ReferencePrefix}deployment:{FormId}",
        _ => $"{Prefix}{ReferencePrefix}latest:{FormId}",
    };

    /// <summary>What an operator reads: which form, by which binding.</summary>
    public string Describe() => (FormId, Binding) switch
    {
        (null, FormRefBinding.Deployment) => $"form file '{FileName}' deployed with the process",
        (null, _) => $"form file '{FileName}' (latest deployed)",
        (_, FormRefBinding.Version) => $"form '{FormId}' version {Version}",
        (_, FormRefBinding.Deployment) => $"form '{FormId}' deployed with the process",
        _ => $"form '{FormId}' (latest version)",
    };
}
