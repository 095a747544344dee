namespace WorkflowItsm.Web.Records;

/// <summary>A record linked to the one shown: how it relates ("Parent", "Child"; empty where the panel's title says it), and where it leads.</summary>
public sealed record LinkedRecord(string Relation, string Number, string Href, string? Title = null, string? State = null);
