using MudBlazor;
using WorkflowItsm.Itsm.Configuration;

namespace WorkflowItsm.Web.Configuration;

/// <summary>CMDB values as people read them: states, criticality, status, attribute types and values, audit fields.</summary>
internal static class CmdbDisplay
{
    public static string StateText(CiState state) => state switch
    {
        CiState.Maintenance => "In maintenance",
        _ => state.ToString(),
    };

    public static string ActionText(CiState to) => to switch
    {
        CiState.Planned => "Back to planned",
        CiState.Building => "Start building",
        CiState.Operational => "Put in operation",
        CiState.Maintenance => "Start maintenance",
        CiState.Retired => "Retire",
        _ => to.ToString(),
    };

    public static Color StateColor(CiState state) => state switch
    {
        CiState.Operational => Color.Success,
        CiState.Maintenance => Color.Warning,
        CiState.Retired => Color.Dark,
        _ => Color.Info,
    };

    public static string StatusText(OperationalStatus status) => status.ToString();

    public static Color StatusColor(OperationalStatus status) => status switch
    {
        OperationalStatus.Up => Color.Success,
        OperationalStatus.Degraded => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>A health finding as the CI list's query string names it (<c>?health=stale</c>).</summary>
    public static string HealthKey(CiHealthFinding finding) => finding.ToString().ToLowerInvariant();

    public static CiHealthFinding? ParseHealth(string? key) =>
        Enum.GetValues<CiHealthFinding>().Cast<CiHealthFinding?>().FirstOrDefault(f => string.Equals(HealthKey(f!.Value), key?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string HealthText(CiHealthFinding finding) => finding switch
    {
        CiHealthFinding.Stale => "Stale",
        CiHealthFinding.Orphan => "Orphans",
        _ => "Duplicates",
    };

    public static string CriticalityText(BusinessCriticality criticality) => criticality + " criticality";

    public static string TypeText(CiAttributeType type) => type switch
    {
        CiAttributeType.Text => "Text",
        CiAttributeType.Number => "Number",
        CiAttributeType.Boolean => "Yes / no",
        CiAttributeType.Date => "Date",
        CiAttributeType.Choice => "Choice",
        CiAttributeType.ConfigurationItem => "Configuration item",
        CiAttributeType.Person => "Person",
        CiAttributeType.Group => "Group",
        _ => type.ToString(),
    };

    /// <summary>A value as read: yes/no for booleans, the option's label for a choice (the query gives it), the text otherwise.</summary>
    public static string? ValueText(CiAttributeView attribute) => attribute.Type switch
    {
        CiAttributeType.Boolean => attribute.Value switch { "true" => "Yes", "false" => "No", _ => null },
        _ => attribute.DisplayValue,
    };

    /// <summary>An audit field in words: a CI's own field, an attribute by its name, a relation by its words.</summary>
    public static string FieldText(string field, IReadOnlyList<CiAttributeView> attributes, IReadOnlyList<CiRelationTypeView> types)
    {
        if (attributes.FirstOrDefault(a => a.Key == field) is { } attribute)
        {
            return attribute.Name;
        }

        var reverse = field.EndsWith(".reverse", StringComparison.Ordinal);
        var key = reverse ? field[..^".reverse".Length] : field;
        if (types.FirstOrDefault(t => t.Key == key) is { } type)
        {
            var words = reverse ? type.ReverseName : type.Name;
            return char.ToUpperInvariant(words[0]) + words[1..];
        }

        return field switch
        {
            "shortDescription" => "Name",
            "businessCriticality" => "Business criticality",
            "operationalStatus" => "Operational status",
            "assignmentGroup" => "Support group",
            "assignedTo" => "Owner",
            _ => char.ToUpperInvariant(field[0]) + field[1..],
        };
    }
}
