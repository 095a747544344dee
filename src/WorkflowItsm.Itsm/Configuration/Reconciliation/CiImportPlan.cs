using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>One CI as a data source sends it: its class key, name and attribute values by key (text, as for the API).</summary>
public sealed record CiImportRow
{
    /// <summary>Where the row is in its file or batch (a CSV's header is line 1; a JSON batch's first row is 1).</summary>
    public int Line { get; init; }
    public string? Class { get; init; }
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string?>? Attributes { get; init; }

    /// <summary>What made the line unreadable (a CSV line with the wrong number of fields); never read from a request.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? FormatError { get; init; }

    /// <summary>A person resolving a de-duplication task chose this CI: identification is skipped.</summary>
    internal string? MergeInto { get; init; }

    /// <summary>A person resolving a de-duplication task said the row is a CI of its own.</summary>
    internal bool CreateNew { get; init; }
}

public enum CiImportAction
{
    Insert,
    Update,
    Unchanged,

    /// <summary>More than one CI matches the first identification rule that matches any: a de-duplication task, nothing written.</summary>
    Ambiguous,
    Invalid,
}

public sealed record CiImportError(int Line, string Field, string Reason);

/// <summary>What happens to one attribute of a row: the stored and incoming value, whether the incoming one is written, and why.</summary>
public sealed record CiAttributeDecision(string Key, string Name, string? OldValue, string? IncomingValue, bool Written, string Reason);

/// <summary>What happens to one row; <see cref="Number"/> is the CI updated (or, after a commit, inserted).</summary>
public sealed record CiImportRowPlan(
    int Line, string? Class, string? ClassName, string? Name, CiImportAction Action, string? Number, string? MatchedBy,
    IReadOnlyList<string> Candidates, IReadOnlyList<CiAttributeDecision> Attributes, IReadOnlyList<CiImportError> Errors);

/// <summary>
/// The plan of an import (a dry run) or what its commit did: counts of every action, and the rows' details up to
/// <see cref="CiImport.MaxDetails"/> (<see cref="DetailsTruncated"/> says when there were more), so a plan of
/// 100,000 rows stays small.
/// </summary>
public sealed record CiImportPlan(
    string Source, bool Committed, int Rows, int Inserts, int Updates, int Unchanged, int Ambiguous, int Invalid,
    IReadOnlyList<CiImportRowPlan> Details, bool DetailsTruncated, IReadOnlyList<CiImportError> Errors);

/// <summary>The import has invalid rows (or no usable header): nothing of it was written. Fields are "line N.field".</summary>
public sealed class CiImportRefusedException(IReadOnlyList<CiImportError> errors)
    : RecordValidationException("CMDB import", errors.GroupBy(e => FieldOf(e)).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()))
{
    public IReadOnlyList<CiImportError> ImportErrors { get; } = errors;

    public static string FieldOf(CiImportError error) => $"line {error.Line}.{error.Field}";
}
