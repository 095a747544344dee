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

    /// <summary>
    /// Whether <paramref name="user"/> (in <paramref name="groups"/>) may start it: anyone when the process names no
    /// candidate starters (<c>camunda:candidateStarterGroups</c>/<c>Users</c>), else only those named.
    /// </summary>
    public bool MayStart(string user, IReadOnlyCollection<string> groups) =>
        (CandidateStarterGroups.Count == 0 && CandidateStarterUsers.Count == 0)
        || CandidateStarterUsers.Contains(user, StringComparer.Ordinal)
        || CandidateStarterGroups.Intersect(groups, StringComparer.Ordinal).Any();
}

/// <summary>The self-service portal's catalogue: processes whose start event carries a <c>camunda:formData</c> form.</summary>
public sealed class StartForms(WorkflowDbContext db, DefinitionCache definitions, FormFieldOptions options)
{
    public async Task<IReadOnlyList<StartableProcess>> ListAsync(CancellationToken cancellationToken)
    {
        var latest = await db.ProcessDefinitions.AsNoTracking()
            .GroupBy(d => d.Key)
            .Select(g => g.OrderByDescending(d => d.Version).Select(d => new { d.Id, d.Key, d.Version }).First())
            .ToListAsync(cancellationToken);
        var startable = new List<StartableProcess>();
        foreach (var version in latest.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (Startable(await definitions.GetAsync(db, version.Id, cancellationToken), version.Key, version.Version) is { } process)
            {
                startable.Add(process with { Fields = await options.ResolveAsync(process.Fields, cancellationToken) });
            }
        }

        return startable;
    }

    /// <summary>The latest version of <paramref name="key"/> when it can be started from the portal; else null.</summary>
    public async Task<StartableProcess?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var version = await db.ProcessDefinitions.AsNoTracking().Where(d => d.Key == key).OrderByDescending(d => d.Version)
            .Select(d => new { d.Id, d.Version }).FirstOrDefaultAsync(cancellationToken);
        var process = version is null ? null : Startable(await definitions.GetAsync(db, version.Id, cancellationToken), key, version.Version);
        return process is null ? null : process with { Fields = await options.ResolveAsync(process.Fields, cancellationToken) };
    }

    private static StartableProcess? Startable(ProcessDefinition process, string key, int version) =>
        process.Graph.Nodes.OfType<StartEvent>().FirstOrDefault(s => s.Definition is null) is { FormFields.Count: > 0 } start
            ? new StartableProcess(key, process.Name, version, start.FormFields, process.CandidateStarterGroups, process.CandidateStarterUsers)
            {
                Title = process.Properties.GetValueOrDefault(StartableProcess.PortalTitleProperty) ?? process.Name ?? key,
                Description = process.Properties.GetValueOrDefault(StartableProcess.PortalDescriptionProperty),
            }
            : null;
}
