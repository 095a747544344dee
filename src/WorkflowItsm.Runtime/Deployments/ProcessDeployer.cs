using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.Validation;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>
/// Deploys BPMN files: every file is parsed and validated first, and only when none has an error are the
/// executable processes stored — each under its process id as key, as version N+1 when its content changed,
/// or kept at its latest version when the content is identical. .dmn files in the same deployment store their
/// decisions and .form files their Camunda Forms the same way (Decisions/DecisionDeployments, Forms/FormDeployments).
/// All or nothing, in one transaction.
/// </summary>
public sealed class ProcessDeployer(
    WorkflowDbContext db, IScriptEngine scripts, IServiceTaskRegistry handlers, TimeProvider time, DefinitionCache definitions, TimerStartSchedules timerStarts)
{
    private const int MaxAttempts = 3;

    /// <exception cref="DeploymentRejectedException">A file is empty, malformed or invalid; nothing was stored.</exception>
    public async Task<IReadOnlyList<DeployedProcess>> DeployAsync(
        IReadOnlyList<BpmnFile> files, string? deployedBy, string? comment, CancellationToken cancellationToken)
    {
        var candidates = Validate(files);

        // Another host may deploy the same key at the same moment; the unique (key, version) index decides, we retry.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var deployed = await StoreAsync(candidates, deployedBy, comment, cancellationToken);
                await ScheduleTimerStartsAsync(candidates.Processes, deployed, cancellationToken);
                return deployed;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Every problem the files have (errors and warnings), as a deployment would find them; nothing is stored.</summary>
    public IReadOnlyList<DeploymentProblem> Check(IReadOnlyList<BpmnFile> files) => Inspect(files).Problems;

    private Candidates Validate(IReadOnlyList<BpmnFile> files)
    {
        var (candidates, problems) = Inspect(files);
        if (problems.Any(p => p.IsError))
        {
            throw new DeploymentRejectedException(problems);
        }

        return candidates;
    }

    private (Candidates Candidates, List<DeploymentProblem> Problems) Inspect(IReadOnlyList<BpmnFile> files)
    {
        if (files.Count == 0)
        {
            return (new([], [], []), [new DeploymentProblem("", null, "DEPLOY001", "No BPMN file was given.", IsError: true)]);
        }

        var (decisions, decisionProblems) = Decisions.DecisionDeployments.Inspect(files.Where(Decisions.DecisionDeployments.IsDmn));
        var (forms, formProblems) = Forms.FormDeployments.Inspect(files.Where(Forms.FormDeployments.IsForm));
        var (processes, processProblems) = InspectBpmn(
            files.Where(file => !Decisions.DecisionDeployments.IsDmn(file) && !Forms.FormDeployments.IsForm(file)).ToList());
        return (new(processes, decisions, forms), [.. processProblems, .. decisionProblems, .. formProblems]);
    }

    private (List<Candidate> Candidates, List<DeploymentProblem> Problems) InspectBpmn(IReadOnlyList<BpmnFile> files)
    {
        var parser = new BpmnParser();
        var validator = new BpmnValidator(new BpmnValidatorOptions
        {
            Scripts = scripts,
            KnownHandlers = handlers.Handlers.Select(h => h.Name).ToArray(),
        });
        var problems = new List<DeploymentProblem>();
        var candidates = new List<Candidate>();
        foreach (var file in files)
        {
            var parsed = parser.Parse(file.Xml);
            problems.AddRange(validator.Validate(parsed).Select(p =>
                new DeploymentProblem(file.FileName, p.ElementId, p.Code, p.Message, p.Severity == BpmnProblemSeverity.Error, p.Line)));
            var executable = parsed.Definitions?.Processes.Where(p => p.IsExecutable).ToList() ?? [];
            if (parsed.Definitions is not null && executable.Count == 0)
            {
                problems.Add(new DeploymentProblem(file.FileName, null, "DEPLOY002", "The file has no executable process (isExecutable=\"true\").", IsError: true));
            }

            problems.AddRange(executable.SelectMany(p => p.AllNodes).OfType<Activity>()
                .Where(a => a.FailedJobRetryTimeCycle is { } cycle && !RetryPolicy.IsValid(cycle))
                .Select(a => new DeploymentProblem(file.FileName, a.Id, "DEPLOY004",
                    $"camunda:failedJobRetryTimeCycle '{a.FailedJobRetryTimeCycle}' is neither R<n>/<duration> (e.g. R3/PT5M) nor a list of durations (e.g. PT10S,PT1M).",
                    IsError: true)));
            var hash = file.ContentHash();
            candidates.AddRange(executable.Select(p => new Candidate(p.Id, p.Name, file, hash, p)));
        }

        foreach (var duplicate in candidates.GroupBy(c => c.Key).Where(g => g.Count() > 1))
        {
            problems.Add(new DeploymentProblem(duplicate.Last().File.FileName, duplicate.Key, "DEPLOY003",
                $"Process '{duplicate.Key}' is defined more than once in this deployment.", IsError: true));
        }

        return (candidates, problems);
    }

    private async Task<IReadOnlyList<DeployedProcess>> StoreAsync(
        Candidates all, string? deployedBy, string? comment, CancellationToken cancellationToken)
    {
        var candidates = all.Processes;
        var keys = candidates.Select(c => c.Key).ToList();
        var latest = await db.ProcessDefinitions
            .Where(d => keys.Contains(d.Key))
            .GroupBy(d => d.Key)
            .Select(g => g.OrderByDescending(d => d.Version).Select(d => new { d.Key, d.Version, d.ContentHash }).First())
            .ToDictionaryAsync(d => d.Key, cancellationToken);

        var deployed = new List<DeployedProcess>();
        var now = time.GetUtcNow();
        foreach (var candidate in candidates)
        {
            if (latest.TryGetValue(candidate.Key, out var current) && current.ContentHash == candidate.Hash)
            {
                deployed.Add(new DeployedProcess(candidate.Key, current.Version, candidate.Name, IsNewVersion: false));
                continue;
            }

            var version = (current?.Version ?? 0) + 1;
            db.ProcessDefinitions.Add(new ProcessDefinitionRecord
            {
                Id = Guid.CreateVersion7(),
                Key = candidate.Key,
                Version = version,
                Name = candidate.Name,
                Xml = candidate.File.Xml,
                ContentHash = candidate.Hash,
                DeployedBy = deployedBy,
                DeployedAt = now,
                Comment = comment,
            });
            deployed.Add(new DeployedProcess(candidate.Key, version, candidate.Name, IsNewVersion: true));
        }

        deployed.AddRange(await Decisions.DecisionDeployments.StageAsync(db, all.Decisions, deployedBy, now, cancellationToken));
        deployed.AddRange(await Forms.FormDeployments.StageAsync(db, all.Forms, deployedBy, now, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return deployed;
    }

    /// <summary>New versions take over the timer start events of their key (after the commit: a job must not start a version that was rolled back).</summary>
    private async Task ScheduleTimerStartsAsync(List<Candidate> candidates, IReadOnlyList<DeployedProcess> deployed, CancellationToken cancellationToken)
    {
        foreach (var process in deployed.Where(d => d.IsNewVersion && d.Kind == DeployedKinds.Process))
        {
            var previous = process.Version == 1 ? null : await db.ProcessDefinitions.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Key == process.Key && d.Version == process.Version - 1, cancellationToken);
            timerStarts.Sync(candidates.First(c => c.Key == process.Key).Process, process.Version, previous is null ? null : definitions.Get(previous));
        }
    }

    private sealed record Candidate(string Key, string? Name, BpmnFile File, string Hash, Bpmn.Model.ProcessDefinition Process);

    private sealed record Candidates(List<Candidate> Processes, List<Decisions.DecisionCandidate> Decisions, List<Forms.FormCandidate> Forms);
}
