using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Forms;

/// <summary>
/// The .form half of a deployment: every Camunda Form (form-js JSON) is read first, so a file that is no form is
/// refused naming it, then stored under the id in its JSON as version N+1 when its content changed.
/// <see cref="ProcessDeployer"/> calls it so .bpmn, .dmn and .form files deploy together, all or nothing.
/// </summary>
internal static class FormDeployments
{
    public static bool IsForm(BpmnFile file) => file.FileName.EndsWith(".form", StringComparison.OrdinalIgnoreCase);

    public static (List<FormCandidate> Candidates, List<DeploymentProblem> Problems) Inspect(IEnumerable<BpmnFile> files)
    {
        var candidates = new List<FormCandidate>();
        var problems = new List<DeploymentProblem>();
        foreach (var file in files)
        {
            var (id, _, problem) = CamundaFormSchema.Read(file.Xml);
            if (problem is not null)
            {
                problems.Add(new DeploymentProblem(file.FileName, id, "FORM001", problem, IsError: true));
                continue;
            }

            // A form without an id is found by its file name only; its file name is its key, so it still has versions.
            candidates.Add(new FormCandidate(id ?? FileNameOf(file), file, file.ContentHash()));
        }

        foreach (var duplicate in candidates.GroupBy(c => c.FormId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new DeploymentProblem(duplicate.Last().File.FileName, duplicate.Key, "FORM002",
                $"Form '{duplicate.Key}' is defined in more than one file of this deployment.", IsError: true));
        }

        return (candidates, problems);
    }

    /// <summary>Adds the new versions to the context (the caller saves); unchanged forms keep their version.</summary>
    public static async Task<List<DeployedProcess>> StageAsync(WorkflowDbContext db, List<FormCandidate> candidates, string? deployedBy,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var keys = candidates.Select(c => c.FormId).ToList();
        var latest = await db.FormDefinitions
            .Where(f => keys.Contains(f.Key))
            .GroupBy(f => f.Key)
            .Select(g => g.OrderByDescending(f => f.Version).Select(f => new { f.Key, f.Version, f.ContentHash, f.FileName }).First())
            .ToDictionaryAsync(f => f.Key, cancellationToken);
        var deployed = new List<DeployedProcess>();
        foreach (var (formId, file, hash) in candidates)
        {
            var fileName = FileNameOf(file);
            if (latest.TryGetValue(formId, out var current) && current.ContentHash == hash && current.FileName == fileName)
            {
                deployed.Add(new DeployedProcess(formId, current.Version, fileName, IsNewVersion: false) { Kind = DeployedKinds.Form });
                continue;
            }

            var version = (current?.Version ?? 0) + 1;
            db.FormDefinitions.Add(new FormDefinitionRecord
            {
                Id = Guid.CreateVersion7(),
                Key = formId,
                Version = version,
                FileName = fileName,
                Schema = file.Xml,
                ContentHash = hash,
                DeployedBy = deployedBy,
                DeployedAt = now,
            });
            deployed.Add(new DeployedProcess(formId, version, fileName, IsNewVersion: true) { Kind = DeployedKinds.Form });
        }

        return deployed;
    }

    /// <summary>A form key names a file without its folder (forms/task.form is task.form), as Camunda's deployment resource names do at the end.</summary>
    public static string FileNameOf(BpmnFile file) => file.FileName[(file.FileName.Replace('\\', '/').LastIndexOf('/') + 1)..];
}

internal sealed record FormCandidate(string FormId, BpmnFile File, string Hash);
