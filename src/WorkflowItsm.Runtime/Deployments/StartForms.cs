using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>A process a requester can start from the portal: its latest version's none start event has a form.</summary>
public sealed record StartableProcess(
    string Key, string? Name, int Version, IReadOnlyList<FormField> Fields, IReadOnlyList<string> CandidateStarterGroups, IReadOnlyList<string> CandidateStarterUsers)
{
    /// <summary>The process property (<c>camunda:properties</c>) naming it in the portal, in its requesters' words.</summary>
    public const string PortalTitleProperty = "portalTitle";

    /// <summary>The process property with one or two sentences the portal shows under the title.</summary>
    public const string PortalDescriptionProperty = "portalDescription";

    /// <summary>What the portal calls it: its <see cref="PortalTitleProperty"/>, else the process's name, else its key.</summary>
    public string Title { get; init; } = Name ?? Key;

    public string? Description { get; init; }

    /// <summary>The Camunda Form (form-js) the start event names instead of generated fields.</summary>
    public Forms.CamundaForm? CamundaForm { get; init; }

    /// <summary>Whether the start form asks for <paramref name="variable"/>: a generated field's id, or a Camunda Form field's key (a group's path for nested ones).</summary>
    public bool Declares(string variable) =>
        CamundaForm is { } form
            ? form.Inputs.Any(input => input.Key.Split('.')[0] == variable)
            : Fields.Any(field => field.Id == variable);

    /// <summary>
    /// Refuses values the process's Camunda Form does not accept, as the generated fields' own check does in the engine;
    /// the portal and the requests API call it before starting.
    /// </summary>
    /// <exception cref="Bpmn.Execution.FormRejectedException">Names each field that is wrong.</exception>
    public void CheckCamundaForm(IReadOnlyDictionary<string, object?>? variables)
    {
        if (CamundaForm is not null && Forms.CamundaFormSchema.Validate(CamundaForm.Inputs, variables) is { Count: > 0 } errors)
        {
            throw new Bpmn.Execution.FormRejectedException(errors);
        }
    }

    /// <summary>
    /// Whether <paramref name="user"/> (in <paramref name="groups"/>) may start it: anyone when the process names no
    /// candidate starters (<c>camunda:candidateStarterGroups</c>/<c>Users</c>), else only those named.
    /// </summary>
    public bool MayStart(string user, IReadOnlyCollection<string> groups) =>
        (CandidateStarterGroups.Count == 0 && CandidateStarterUsers.Count == 0)
        || CandidateStarterUsers.Contains(user, StringComparer.Ordinal)
        || CandidateStarterGroups.Intersect(groups, StringComparer.Ordinal).Any();
}

/// <summary>
/// The self-service portal's catalogue: processes whose start event carries a <c>camunda:formData</c> form or names a
/// deployed Camunda Form (<c>camunda:formRef</c>, or a <c>camunda-forms:</c> form key).
/// </summary>
public sealed class StartForms(WorkflowDbContext db, DefinitionCache definitions, FormFieldOptions options, Forms.CamundaForms camundaForms)
{
    public async Task<IReadOnlyList<StartableProcess>> ListAsync(CancellationToken cancellationToken)
    {
        var latest = await db.ProcessDefinitions.AsNoTracking()
            .GroupBy(d => d.Key)
            .Select(g => g.OrderByDescending(d => d.Version).Select(d => new { d.Id, d.Key, d.Version, d.DeployedAt }).First())
            .ToListAsync(cancellationToken);
        var startable = new List<StartableProcess>();
        foreach (var version in latest.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (await StartableAsync(await definitions.GetAsync(db, version.Id, cancellationToken), version.Key, version.Version, version.DeployedAt, cancellationToken) is { } process)
            {
                startable.Add(process);
            }
        }

        return startable;
    }

    /// <summary>The latest version of <paramref name="key"/> when it can be started from the portal; else null.</summary>
    public async Task<StartableProcess?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var version = await db.ProcessDefinitions.AsNoTracking().Where(d => d.Key == key).OrderByDescending(d => d.Version)
            .Select(d => new { d.Id, d.Version, d.DeployedAt }).FirstOrDefaultAsync(cancellationToken);
        return version is null ? null
            : await StartableAsync(await definitions.GetAsync(db, version.Id, cancellationToken), key, version.Version, version.DeployedAt, cancellationToken);
    }

    /// <summary>Null when the none start event has no form, or names a Camunda Form that is not deployed (nothing to show a requester).</summary>
    private async Task<StartableProcess?> StartableAsync(ProcessDefinition process, string key, int version, DateTimeOffset deployedAt, CancellationToken cancellationToken)
    {
        if (process.Graph.Nodes.OfType<StartEvent>().FirstOrDefault(s => s.Definition is null) is not { } start)
        {
            return null;
        }

        var formKey = start.FormRef is { } reference
            ? CamundaFormKey.ForReference(reference.FormRef.Raw, reference.Binding, int.TryParse(reference.Version?.Raw, out var pinned) ? pinned : null)
            : CamundaFormKey.Parse(start.FormKey);
        var camundaForm = formKey is null ? null : await camundaForms.ResolveAsync(formKey, deployedAt, cancellationToken);
        if (camundaForm is null && (formKey is not null || start.FormFields.Count == 0))
        {
            return null;
        }

        return new StartableProcess(key, process.Name, version,
            camundaForm is null ? await options.ResolveAsync(start.FormFields, cancellationToken) : [], process.CandidateStarterGroups, process.CandidateStarterUsers)
        {
            Title = process.Properties.GetValueOrDefault(StartableProcess.PortalTitleProperty) ?? process.Name ?? key,
            Description = process.Properties.GetValueOrDefault(StartableProcess.PortalDescriptionProperty),
            CamundaForm = camundaForm,
        };
    }
}
