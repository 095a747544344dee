namespace WorkflowItsm.Runtime.Deployments;

/// <summary>
/// One deployed version of a process: the BPMN XML exactly as published, under its definition key.
/// New content for a key becomes version N+1; running instances keep the version they started on.
/// </summary>
public sealed class ProcessDefinitionRecord
{
    public Guid Id { get; set; }

    /// <summary>The BPMN process id, the key users start processes by.</summary>
    public required string Key { get; set; }

    public int Version { get; set; }

    public string? Name { get; set; }

    /// <summary>The BPMN 2.0 XML as deployed, diagram interchange included.</summary>
    public required string Xml { get; set; }

    /// <summary>SHA-256 of the XML, so identical content keeps its version.</summary>
    public required string ContentHash { get; set; }

    public string? DeployedBy { get; set; }

    public DateTimeOffset DeployedAt { get; set; }

    public string? Comment { get; set; }
}
