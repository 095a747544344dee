namespace WorkflowItsm.Itsm.Integrations;

/// <summary>
/// What an API token may do besides what its owner may: read or write per area. A write scope includes reading the
/// same area. Scopes are written "area:read" / "area:write" (incidents:write).
/// </summary>
public static class ApiScopes
{
    public const string Incidents = "incidents";
    public const string Requests = "requests";
    public const string Changes = "changes";
    public const string Processes = "processes";
    public const string Tasks = "tasks";
    public const string Admin = "admin";

    public const string Read = "read";
    public const string Write = "write";

    public static IReadOnlyList<string> Areas { get; } = [Incidents, Requests, Changes, Processes, Tasks, Admin];

    /// <summary>Every scope there is, in the order a form lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Areas.SelectMany(a => new[] { $"{a}:{Read}", $"{a}:{Write}" })];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>Whether the scopes allow the access to the area (writing needs area:write; reading either).</summary>
    public static bool Allow(IEnumerable<string> scopes, string area, bool write) =>
        scopes.Any(s => s == $"{area}:{Write}" || (!write && s == $"{area}:{Read}"));

    /// <summary>Whether the scopes read something, anything: enough for reference data (people, categories) and the caller's own profile.</summary>
    public static bool ReadAny(IEnumerable<string> scopes) => scopes.Any(IsKnown);

    /// <summary>Whether the scopes write anything: enough to change the caller's own notification settings.</summary>
    public static bool WriteAny(IEnumerable<string> scopes) => scopes.Any(s => IsKnown(s) && s.EndsWith($":{Write}", StringComparison.Ordinal));

    /// <summary>"incidents:write" → "Incidents: read and write"; for the pages.</summary>
    public static string Label(string scope)
    {
        var at = scope.IndexOf(':', StringComparison.Ordinal);
        if (at < 0)
        {
            return scope;
        }

        var area = scope[..at];
        var label = area switch
        {
            Incidents => "Incidents and problems",
            Requests => "Requests and catalog",
            Changes => "Changes, releases and CMDB",
            Processes => "Processes",
            Tasks => "Tasks and external tasks",
            Admin => "Administration",
            _ => area,
        };
        return scope[(at + 1)..] == Write ? $"{label}: read and write" : $"{label}: read";
    }
}
