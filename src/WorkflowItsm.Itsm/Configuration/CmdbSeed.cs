namespace WorkflowItsm.Itsm.Configuration;

/// <summary>
/// The classes, attributes, relation types and rules every database starts with (admins add their own). Ids are
/// fixed because the migrations insert these rows, and negative: PostgreSQL's identity sequences do not move past
/// rows inserted with ids, so admins' rows (numbered by the database from 1) never meet a seeded one.
/// </summary>
public static class CmdbSeed
{
    public const string BusinessService = "business-service";
    public const string Application = "application";
    public const string ApplicationCluster = "application-cluster";
    public const string Server = "server";
    public const string VirtualMachine = "virtual-machine";
    public const string SoftwareInstance = "software-instance";
    public const string Database = "database";
    public const string NetworkDevice = "network-device";
    public const string Location = "location";

    public const string DependsOn = "depends-on";
    public const string RunsOn = "runs-on";
    public const string HostedOn = "hosted-on";
    public const string Contains = "contains";
    public const string ConnectsTo = "connects-to";
    public const string MemberOf = "member-of";
    public const string ManagedBy = "managed-by";

    /// <summary>The redundancy of a cluster: how many members must be up (a count, or a percent of its members).</summary>
    public const string MinUp = "minUp";
    public const string MinUpUnit = "minUpUnit";
    public const string Percent = "percent";

    internal static readonly CiClass[] Classes =
    [
        Class(1, BusinessService, "Business service", null, "A service the business consumes (email, payroll); impact analysis ends here."),
        Class(2, Application, "Application", null, "Software that delivers a service, as a whole."),
        Class(3, ApplicationCluster, "Application cluster", null, "Redundant members of which a minimum must be up."),
        Class(4, Server, "Server", null, "A physical computer."),
        Class(5, VirtualMachine, "Virtual machine", 4, "A server that runs on a hypervisor host."),
        Class(6, SoftwareInstance, "Software instance", null, "An installed and running piece of software (a web server, a database server)."),
        Class(7, Database, "Database", 6, "A database on a database server."),
        Class(8, NetworkDevice, "Network device", null, "A switch, router, firewall or access point."),
        Class(9, Location, "Location", null, "A site, building or room."),
    ];

    internal static readonly CiAttribute[] Attributes =
    [
        Attribute(1, 1, "serviceOwner", "Service owner", CiAttributeType.Person, 1),
        Attribute(2, 1, "supportGroup", "Support group", CiAttributeType.Group, 2),
        Attribute(3, 1, "serviceHours", "Service hours", CiAttributeType.Text, 3),
        Attribute(4, 2, "vendor", "Vendor", CiAttributeType.Text, 1),
        Attribute(5, 2, "version", "Version", CiAttributeType.Text, 2),
        Attribute(6, 2, "supportGroup", "Support group", CiAttributeType.Group, 3),
        Attribute(7, 3, MinUp, "Minimum members up", CiAttributeType.Number, 1),
        Attribute(8, 3, MinUpUnit, "Minimum counted as", CiAttributeType.Choice, 2),
        Attribute(9, 4, "serialNumber", "Serial number", CiAttributeType.Text, 1),
        Attribute(10, 4, "ramGb", "RAM (GB)", CiAttributeType.Number, 2),
        Attribute(11, 4, "cpuCount", "CPUs", CiAttributeType.Number, 3),
        Attribute(12, 4, "coresPerCpu", "Cores per CPU", CiAttributeType.Number, 4),
        Attribute(13, 4, "operatingSystem", "Operating system", CiAttributeType.Text, 5),
        Attribute(14, 4, "ipAddress", "IP address", CiAttributeType.Text, 6),
        Attribute(15, 4, "monitored", "Monitored", CiAttributeType.Boolean, 7),
        Attribute(16, 5, "hypervisor", "Hypervisor", CiAttributeType.Choice, 1),
        Attribute(17, 6, "version", "Version", CiAttributeType.Text, 1),
        Attribute(18, 6, "port", "Port", CiAttributeType.Number, 2),
        Attribute(19, 6, "installedOn", "Installed on", CiAttributeType.Date, 3),
        Attribute(20, 7, "engine", "Engine", CiAttributeType.Choice, 1),
        Attribute(21, 7, "sizeGb", "Size (GB)", CiAttributeType.Number, 2),
        Attribute(22, 8, "deviceType", "Device type", CiAttributeType.Choice, 1),
        Attribute(23, 8, "serialNumber", "Serial number", CiAttributeType.Text, 2),
        Attribute(24, 8, "managementIp", "Management IP", CiAttributeType.Text, 3),
        Attribute(25, 9, "address", "Address", CiAttributeType.Text, 1),
        Attribute(26, 9, "city", "City", CiAttributeType.Text, 2),
        Attribute(27, 4, "location", "Location", CiAttributeType.ConfigurationItem, 8),
    ];

    internal static readonly CiChoiceOption[] Options =
    [
        Option(1, 8, "count", "Members", 1),
        Option(2, 8, Percent, "Percent of members", 2),
        Option(3, 16, "vmware", "VMware ESXi", 1),
        Option(4, 16, "hyper-v", "Hyper-V", 2),
        Option(5, 16, "kvm", "KVM", 3),
        Option(6, 20, "postgresql", "PostgreSQL", 1),
        Option(7, 20, "sql-server", "SQL Server", 2),
        Option(8, 20, "oracle", "Oracle", 3),
        Option(9, 20, "mysql", "MySQL", 4),
        Option(10, 22, "switch", "Switch", 1),
        Option(11, 22, "router", "Router", 2),
        Option(12, 22, "firewall", "Firewall", 3),
        Option(13, 22, "access-point", "Access point", 4),
    ];

    internal static readonly CiRelationType[] RelationTypes =
    [
        new() { Id = -1, Key = DependsOn, Name = "depends on", ReverseName = "used by", Impact = RelationImpact.SourceNeedsTarget },
        new() { Id = -2, Key = RunsOn, Name = "runs on", ReverseName = "runs", Impact = RelationImpact.SourceNeedsTarget },
        new() { Id = -3, Key = HostedOn, Name = "hosted on", ReverseName = "hosts", Impact = RelationImpact.SourceNeedsTarget },
        new() { Id = -4, Key = Contains, Name = "contains", ReverseName = "contained by", Impact = RelationImpact.TargetNeedsSource },
        new() { Id = -5, Key = ConnectsTo, Name = "connects to", ReverseName = "connected from", Impact = RelationImpact.SourceNeedsTarget },
        new() { Id = -6, Key = MemberOf, Name = "member of", ReverseName = "has member", Impact = RelationImpact.TargetNeedsSource, IsMembership = true },
        new() { Id = -7, Key = ManagedBy, Name = "managed by", ReverseName = "manages", Impact = RelationImpact.None },
    ];

    internal static readonly CiRelationRule[] RelationRules =
    [
        Rule(1, 1, 1, null), // a business service depends on anything
        Rule(2, 1, 2, null),
        Rule(3, 1, 3, null),
        Rule(4, 1, 6, null),
        Rule(5, 2, 2, 4), // applications and software run on servers (and virtual machines)
        Rule(6, 2, 6, 4),
        Rule(7, 2, 2, 3),
        Rule(8, 3, 5, 4), // a virtual machine is hosted on a (physical) server
        Rule(9, 3, 7, 6), // a database is hosted on a database server instance
        Rule(10, 4, 9, null), // a location contains anything
        Rule(11, 5, 4, 8),
        Rule(12, 5, 8, 8),
        Rule(13, 6, 4, 3), // servers, applications and software are members of clusters
        Rule(14, 6, 2, 3),
        Rule(15, 6, 6, 3),
        Rule(16, 7, null, null),
    ];

    public const string DiscoverySource = "discovery";
    public const string SpreadsheetSource = "spreadsheet";

    /// <summary>
    /// How CIs of each class are identified, tried in order (a class without rules has its nearest ancestor's, so a
    /// virtual machine is identified as a server; a database has its own, replacing the software instance's).
    /// </summary>
    internal static readonly Reconciliation.CiIdentificationRule[] IdentificationRules =
    [
        IdentificationRule(1, 1, 1, "name"),
        IdentificationRule(2, 2, 1, "name"),
        IdentificationRule(3, 3, 1, "name"),
        IdentificationRule(4, 4, 1, "serialNumber"),
        IdentificationRule(5, 4, 2, "name"),
        IdentificationRule(6, 6, 1, "name,port"),
        IdentificationRule(7, 7, 1, "name,engine"),
        IdentificationRule(8, 8, 1, "serialNumber"),
        IdentificationRule(9, 8, 2, "name"),
        IdentificationRule(10, 9, 1, "name"),
    ];

    /// <summary>Discovery outranks people's edits, which outrank spreadsheets; none clears values by sending nothing.</summary>
    internal static readonly Reconciliation.CiDataSource[] DataSources =
    [
        new() { Id = -1, Key = DiscoverySource, Name = "Discovery", DefaultPriority = 80 },
        new() { Id = -2, Key = CiAttributeValue.ManualSource, Name = "Manual entry", DefaultPriority = 60 },
        new() { Id = -3, Key = SpreadsheetSource, Name = "Spreadsheet", DefaultPriority = 40 },
    ];

    private static Reconciliation.CiIdentificationRule IdentificationRule(int id, int classId, int order, string keys) =>
        new() { Id = -id, ClassId = -classId, Order = order, Keys = keys };

    private static CiClass Class(int id, string key, string name, int? parent, string description) =>
        new() { Id = -id, Key = key, Name = name, ParentId = -parent, Description = description };

    private static CiAttribute Attribute(int id, int classId, string key, string name, CiAttributeType type, int order) =>
        new() { Id = -id, ClassId = -classId, Key = key, Name = name, Type = type, Order = order };

    private static CiChoiceOption Option(int id, int attributeId, string key, string label, int order) =>
        new() { Id = -id, AttributeId = -attributeId, Key = key, Label = label, Order = order };

    private static CiRelationRule Rule(int id, int typeId, int? sourceClass, int? targetClass) =>
        new() { Id = -id, TypeId = -typeId, SourceClassId = -sourceClass, TargetClassId = -targetClass };
}
