using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Forms;

/// <summary>A deployed Camunda Form: its form-js schema and the input fields the server checks.</summary>
public sealed record CamundaForm(string FormId, int Version, string FileName, string Schema, IReadOnlyList<CamundaFormInput> Inputs);

/// <summary>A form id with its latest version, for lists.</summary>
public sealed record CamundaFormSummary(string FormId, int LatestVersion, string FileName, DateTimeOffset DeployedAt);

/// <summary>
/// Finds the Camunda Form a form key names (<see cref="CamundaFormKey"/>) for a process version. "Deployed with the
/// process" is the version that was current when the process version was deployed: a deployment repeating an
/// unchanged form keeps its version instead of adding one, so the form a process was deployed with may be older than
/// the process. Later deployments of the form do not change what such a task shows; "latest" follows them.
/// </summary>
public sealed class CamundaForms(WorkflowDbContext db)
{
    public async Task<IReadOnlyList<CamundaFormSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var latest = await db.FormDefinitions.AsNoTracking()
            .GroupBy(f => f.Key)
            .Select(g => g.OrderByDescending(f => f.Version).Select(f => new { f.Key, f.Version, f.FileName, f.DeployedAt }).First())
            .ToListAsync(cancellationToken);
        return latest.OrderBy(f => f.Key, StringComparer.OrdinalIgnoreCase)
            .Select(f => new CamundaFormSummary(f.Key, f.Version, f.FileName, f.DeployedAt)).ToList();
    }

    /// <summary>The form a task's or start event's form key names, for the process version deployed at <paramref name="processDeployedAt"/>; null when none is deployed.</summary>
    public async Task<CamundaForm?> ResolveAsync(CamundaFormKey key, DateTimeOffset processDeployedAt, CancellationToken cancellationToken)
    {
        var candidates = key.FormId is { } formId
            ? db.FormDefinitions.AsNoTracking().Where(f => f.Key == formId)
            : db.FormDefinitions.AsNoTracking().Where(f => f.FileName == key.FileName);
        // Few versions per form: the binding is applied here, since SQLite cannot compare DateTimeOffset in a query.
        var versions = await candidates.Select(f => new { f.Id, f.Version, f.DeployedAt }).ToListAsync(cancellationToken);
        var chosen = key.Binding switch
        {
            FormRefBinding.Version => versions.FirstOrDefault(v => v.Version == key.Version),
            FormRefBinding.Deployment => versions.Where(v => v.DeployedAt <= processDeployedAt).OrderBy(v => v.DeployedAt).ThenBy(v => v.Version).LastOrDefault(),
            _ => versions.OrderBy(v => v.DeployedAt).ThenBy(v => v.Version).LastOrDefault(),
        };
        if (chosen is null)
        {
            return null;
        }

        var record = await db.FormDefinitions.AsNoTracking().FirstAsync(f => f.Id == chosen.Id, cancellationToken);
        return new CamundaForm(record.Key, record.Version, record.FileName, record.Schema, CamundaFormSchema.Read(record.Schema).Inputs);
    }

    /// <summary>The form a task of <paramref name="definitionId"/> shows by <paramref name="formKey"/>; null when the key names no Camunda Form or none is deployed.</summary>
    public Task<CamundaForm?> ForDefinitionAsync(string? formKey, Guid definitionId, CancellationToken cancellationToken) =>
        ResolveForAsync(formKey, db.ProcessDefinitions.Where(d => d.Id == definitionId).Select(d => d.DeployedAt), cancellationToken);

    /// <summary>The same for a task of instance <paramref name="instanceId"/>: its definition's deployment time in one query.</summary>
    public Task<CamundaForm?> ForInstanceAsync(string? formKey, string instanceId, CancellationToken cancellationToken) =>
        ResolveForAsync(formKey,
            db.ProcessInstances.Where(i => i.Id == instanceId).Join(db.ProcessDefinitions, i => i.DefinitionId, d => d.Id, (_, d) => d.DeployedAt),
            cancellationToken);

    private async Task<CamundaForm?> ResolveForAsync(string? formKey, IQueryable<DateTimeOffset> processDeployedAt, CancellationToken cancellationToken) =>
        CamundaFormKey.Parse(formKey) is { } key
            ? await ResolveAsync(key, await processDeployedAt.FirstAsync(cancellationToken), cancellationToken)
            : null;
}
