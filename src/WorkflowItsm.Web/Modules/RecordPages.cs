namespace WorkflowItsm.Web.Modules;

/// <summary>Where a record number leads: the page of the module whose prefix it has (INC0001001 → incidents/INC0001001).</summary>
public sealed class RecordPages(IEnumerable<WebModule> modules)
{
    // Longest prefix first, so that a prefix inside another (REQ, REQX) never takes the other's records.
    private readonly RecordPage[] links = [.. modules.SelectMany(module => module.RecordPages).OrderByDescending(link => link.Prefix.Length)];

    /// <summary>The page of the record numbered <paramref name="number"/>, relative to the base address; null when no module shows such records.</summary>
    public string? Of(string number) =>
        links.FirstOrDefault(link => number.StartsWith(link.Prefix, StringComparison.Ordinal)) is { } link
            ? $"{link.PagePath}/{Uri.EscapeDataString(number)}"
            : null;
}
