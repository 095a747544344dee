namespace WorkflowItsm.Runtime.Deployments;

/// <summary>One uploaded or bundled <c>.bpmn</c> (or <c>.dmn</c>, or <c>.form</c>) file; <see cref="Xml"/> holds its text.</summary>
public sealed record BpmnFile(string FileName, string Xml)
{
    /// <summary>The SHA-256 of the text: a deployment of the same content keeps the stored version instead of adding one.</summary>
    public string ContentHash() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Xml)));
}

/// <summary>A problem that keeps a deployment from being stored, located by file and BPMN element.</summary>
/// <param name="Line">The line of the file the problem is about, when the parser knows it.</param>
public sealed record DeploymentProblem(string FileName, string? ElementId, string Code, string Message, bool IsError, int? Line = null);

/// <summary>One process a deployment touched: a new version, or the unchanged latest one when the content was identical.</summary>
public sealed record DeployedProcess(string Key, int Version, string? Name, bool IsNewVersion)
{
    /// <summary>What was deployed under the key: a process, a DMN decision or a Camunda Form (<see cref="DeployedKinds"/>).</summary>
    public string Kind { get; init; } = DeployedKinds.Process;
}

public static class DeployedKinds
{
    public const string Process = "process";
    public const string Decision = "decision";
    public const string Form = "form";
}

/// <summary>The deployment was refused; nothing was stored.</summary>
public sealed class DeploymentRejectedException : Exception
{
    public DeploymentRejectedException() : this([]) { }

    public DeploymentRejectedException(string message) : base(message) => Problems = [];

    public DeploymentRejectedException(string message, Exception inner) : base(message, inner) => Problems = [];

    public DeploymentRejectedException(IReadOnlyList<DeploymentProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    public IReadOnlyList<DeploymentProblem> Problems { get; }

    /// <summary>The count and the first errors, so a log line or a problem's detail says what is wrong without the list.</summary>
    private static string Describe(IReadOnlyList<DeploymentProblem> problems)
    {
        var errors = problems.Where(p => p.IsError).ToList();
        var first = string.Join(" ", errors.Take(3).Select(p => $"{p.ElementId ?? p.FileName}: {p.Message} ({p.Code})"));
        return $"The deployment has {errors.Count} error(s); nothing was deployed. {first}{(errors.Count > 3 ? " …" : "")}".TrimEnd();
    }
}
