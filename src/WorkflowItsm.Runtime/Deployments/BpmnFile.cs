namespace WorkflowItsm.Runtime.Deployments;

/// <summary>One uploaded or bundled <c>.bpmn</c> file.</summary>
public sealed record BpmnFile(string FileName, string Xml);

/// <summary>A problem that keeps a deployment from being stored, located by file and BPMN element.</summary>
public sealed record DeploymentProblem(string FileName, string? ElementId, string Code, string Message, bool IsError);

/// <summary>One process a deployment touched: a new version, or the unchanged latest one when the content was identical.</summary>
public sealed record DeployedProcess(string Key, int Version, string? Name, bool IsNewVersion);

/// <summary>The deployment was refused; nothing was stored.</summary>
public sealed class DeploymentRejectedException : Exception
{
    public DeploymentRejectedException() : this([]) { }

    public DeploymentRejectedException(string message) : base(message) => Problems = [];

    public DeploymentRejectedException(string message, Exception inner) : base(message, inner) => Problems = [];

    public DeploymentRejectedException(IReadOnlyList<DeploymentProblem> problems)
        : base($"The deployment has {problems.Count(p => p.IsError)} error(s); nothing was deployed.") => Problems = problems;

    public IReadOnlyList<DeploymentProblem> Problems { get; }
}
