using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Web.Incidents;

/// <summary>The editable fields; <see cref="Changes"/> sends only what differs from the incident they were filled from.</summary>
internal sealed class IncidentEdit
{
    public IncidentView? Base { get; private set; }

    public bool IsDirty => Base is not null && Changes() != new IncidentChanges();

    public string? ShortDescription { get; set; }
    public string? Description { get; set; }
    public int Impact { get; set; }
    public int Urgency { get; set; }
    public string? Category { get; set; }
    public string? Subcategory { get; set; }
    public string? Service { get; set; }
    public string? ConfigurationItem { get; set; }
    public string? AssignmentGroup { get; set; }
    public string? AssignedTo { get; set; }
    public string? Parent { get; set; }
    public bool IsMajor { get; set; }

    public void From(IncidentView incident)
    {
        Base = incident;
        ShortDescription = incident.ShortDescription;
        Description = incident.Description;
        Impact = incident.Impact;
        Urgency = incident.Urgency;
        Category = incident.Category;
        Subcategory = incident.Subcategory;
        Service = incident.Service;
        ConfigurationItem = incident.ConfigurationItem;
        AssignmentGroup = incident.AssignmentGroup;
        AssignedTo = incident.AssignedTo;
        Parent = incident.Parent;
        IsMajor = incident.IsMajor;
    }

    public IncidentChanges Changes()
    {
        var incident = Base!;
        return new()
        {
            ShortDescription = Differs(ShortDescription, incident.ShortDescription),
            Description = Differs(Description, incident.Description),
            Category = Differs(Category, incident.Category),
            Subcategory = Differs(Subcategory, incident.Subcategory),
            Service = Differs(Service, incident.Service),
            ConfigurationItem = Differs(ConfigurationItem, incident.ConfigurationItem),
            Impact = Impact == incident.Impact ? null : Impact,
            Urgency = Urgency == incident.Urgency ? null : Urgency,
            AssignmentGroup = Differs(AssignmentGroup, incident.AssignmentGroup),
            AssignedTo = Differs(AssignedTo, incident.AssignedTo),
            Parent = Differs(Parent, incident.Parent),
            IsMajor = IsMajor == incident.IsMajor ? null : IsMajor,
        };
    }

    // Unchanged: null (leave it); cleared: "" (clear it).
    private static string? Differs(string? now, string? before) =>
        string.Equals(now ?? "", before ?? "", StringComparison.Ordinal) ? null : now ?? "";
}
