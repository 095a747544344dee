using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Configuration;

/// <summary>
/// A small estate for the demo: the business services the demo incidents name (email, vpn, erp, wifi, printing,
/// laptops), the applications, an ERP cluster of two VMs (one may fail), hosts, a database, the core switch and the
/// office that contains them. Seeded once: nothing happens when a CI exists.
/// </summary>
internal static class CmdbDemoData
{
    private const string By = "system";
    private const string Discovery = "discovery";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<ItsmDbContext>().ConfigurationItems.AnyAsync(cancellationToken))
        {
            return;
        }

        var cis = services.GetRequiredService<CiService>();
        var relations = services.GetRequiredService<CiRelations>();

        async Task<string> Ci(string name, string classKey, BusinessCriticality criticality, Dictionary<string, string?>? attributes = null, string? source = null, string? group = null) =>
            (await cis.CreateAsync(new NewConfigurationItem
            {
                Name = name, Class = classKey, State = CiState.Operational, BusinessCriticality = criticality, Attributes = attributes, Source = source,
                AssignmentGroup = group,
            }, By, cancellationToken)).Number;

        Task Relate(string source, string type, string target) => relations.AddAsync(new NewCiRelation(source, type, target), By, cancellationToken);

        var office = await Ci("Head office", CmdbSeed.Location, BusinessCriticality.High, new() { ["address"] = "Hafenstraße 12", ["city"] = "Hamburg" });
        var coreSwitch = await Ci("core-sw-01", CmdbSeed.NetworkDevice, BusinessCriticality.Critical,
            new() { ["deviceType"] = "switch", ["serialNumber"] = "FOC2231X0AB", ["managementIp"] = "10.0.0.2" }, Discovery, "network");
        var firewall = await Ci("fw-01", CmdbSeed.NetworkDevice, BusinessCriticality.Critical,
            new() { ["deviceType"] = "firewall", ["serialNumber"] = "FGT60F-9921", ["managementIp"] = "10.0.0.1" }, Discovery, "network");
        var accessPoint = await Ci("ap-floor-2", CmdbSeed.NetworkDevice, BusinessCriticality.Medium, new() { ["deviceType"] = "access-point" }, Discovery, "network");
        var esx1 = await Ci("esx-01", CmdbSeed.Server, BusinessCriticality.High, Server("CZ2150A1", "512", "2", "32", "VMware ESXi 8"), Discovery);
        var esx2 = await Ci("esx-02", CmdbSeed.Server, BusinessCriticality.High, Server("CZ2150A2", "512", "2", "32", "VMware ESXi 8"), Discovery);
        var vmMail = await Ci("vm-mail-01", CmdbSeed.VirtualMachine, BusinessCriticality.High, Vm("32", "Windows Server 2022", "hyper-v"), Discovery);
        var vmErp1 = await Ci("vm-erp-app-01", CmdbSeed.VirtualMachine, BusinessCriticality.High, Vm("64", "Ubuntu 24.04", "vmware"), Discovery);
        var vmErp2 = await Ci("vm-erp-app-02", CmdbSeed.VirtualMachine, BusinessCriticality.High, Vm("64", "Ubuntu 24.04", "vmware"), Discovery);
        var vmDb = await Ci("vm-db-01", CmdbSeed.VirtualMachine, BusinessCriticality.Critical, Vm("128", "Debian 12", "vmware"), Discovery);
        var vmPrint = await Ci("vm-print-01", CmdbSeed.VirtualMachine, BusinessCriticality.Low, Vm("8", "Windows Server 2022", "hyper-v"), Discovery);
        var postgres = await Ci("PostgreSQL 16 on vm-db-01", CmdbSeed.SoftwareInstance, BusinessCriticality.Critical,
            new() { ["version"] = "16.4", ["port"] = "5432", ["installedOn"] = "2025-03-14" }, Discovery);
        var erpDb = await Ci("erpdb", CmdbSeed.Database, BusinessCriticality.Critical, new() { ["engine"] = "postgresql", ["sizeGb"] = "820" }, Discovery);
        var erpCluster = await Ci("ERP application cluster", CmdbSeed.ApplicationCluster, BusinessCriticality.Critical,
            new() { ["minUp"] = "1", ["minUpUnit"] = "count" }, group: "applications");
        var mailApp = await Ci("Exchange Server", CmdbSeed.Application, BusinessCriticality.High, new() { ["vendor"] = "Microsoft", ["version"] = "2019 CU14" }, group: "applications");
        var erpApp = await Ci("ERP suite", CmdbSeed.Application, BusinessCriticality.Critical, new() { ["vendor"] = "SAP", ["version"] = "S/4HANA 2023" }, group: "applications");
        var printApp = await Ci("Print management", CmdbSeed.Application, BusinessCriticality.Low, new() { ["vendor"] = "PaperCut", ["version"] = "23.0" });
        var endpointApp = await Ci("Endpoint management", CmdbSeed.Application, BusinessCriticality.Medium, new() { ["vendor"] = "Microsoft", ["version"] = "Intune" });
        var email = await Ci("Email", CmdbSeed.BusinessService, BusinessCriticality.High, Service("applications", "Mon–Sun 0–24"));
        var vpn = await Ci("VPN", CmdbSeed.BusinessService, BusinessCriticality.High, Service("network", "Mon–Sun 0–24"));
        var erp = await Ci("ERP", CmdbSeed.BusinessService, BusinessCriticality.Critical, Service("applications", "Mon–Fri 6–22"));
        var wifi = await Ci("Wi-Fi", CmdbSeed.BusinessService, BusinessCriticality.Medium, Service("network", "Mon–Fri 7–20"));
        var printing = await Ci("Printing", CmdbSeed.BusinessService, BusinessCriticality.Low, Service("service-desk", "Mon–Fri 7–19"));
        var laptops = await Ci("Laptops", CmdbSeed.BusinessService, BusinessCriticality.Medium, Service("service-desk", "Mon–Fri 8–18"));

        foreach (var ci in new[] { coreSwitch, firewall, accessPoint, esx1, esx2 })
        {
            await Relate(office, CmdbSeed.Contains, ci);
        }

        await Relate(esx1, CmdbSeed.ConnectsTo, coreSwitch);
        await Relate(esx2, CmdbSeed.ConnectsTo, coreSwitch);
        await Relate(firewall, CmdbSeed.ConnectsTo, coreSwitch);
        await Relate(accessPoint, CmdbSeed.ConnectsTo, coreSwitch);
        await Relate(vmMail, CmdbSeed.HostedOn, esx1);
        await Relate(vmErp1, CmdbSeed.HostedOn, esx1);
        await Relate(vmErp2, CmdbSeed.HostedOn, esx2);
        await Relate(vmDb, CmdbSeed.HostedOn, esx2);
        await Relate(vmPrint, CmdbSeed.HostedOn, esx2);
        await Relate(vmErp1, CmdbSeed.MemberOf, erpCluster);
        await Relate(vmErp2, CmdbSeed.MemberOf, erpCluster);
        await Relate(postgres, CmdbSeed.RunsOn, vmDb);
        await Relate(erpDb, CmdbSeed.HostedOn, postgres);
        await Relate(mailApp, CmdbSeed.RunsOn, vmMail);
        await Relate(erpApp, CmdbSeed.RunsOn, erpCluster);
        await Relate(erpApp, CmdbSeed.DependsOn, erpDb);
        await Relate(printApp, CmdbSeed.RunsOn, vmPrint);
        await Relate(email, CmdbSeed.DependsOn, mailApp);
        await Relate(erp, CmdbSeed.DependsOn, erpApp);
        await Relate(vpn, CmdbSeed.DependsOn, firewall);
        await Relate(wifi, CmdbSeed.DependsOn, accessPoint);
        await Relate(printing, CmdbSeed.DependsOn, printApp);
        await Relate(laptops, CmdbSeed.DependsOn, endpointApp);
        await SeedHealthFindingsAsync(services, (name, classKey, criticality, attributes, source) => Ci(name, classKey, criticality, attributes, source), cancellationToken);
    }

    /// <summary>Something for the health page to find: a VM discovery last saw four months ago, an application whose host is gone, a switch recorded twice.</summary>
    private static async Task SeedHealthFindingsAsync(IServiceProvider services, Func<string, string, BusinessCriticality, Dictionary<string, string?>?, string?, Task<string>> ci,
        CancellationToken cancellationToken)
    {
        var stale = await ci("vm-legacy-01", CmdbSeed.VirtualMachine, BusinessCriticality.Low, Vm("16", "Windows Server 2012 R2", "hyper-v"), Discovery);
        await ci("Timesheet (legacy)", CmdbSeed.Application, BusinessCriticality.Low, new() { ["vendor"] = "In-house", ["version"] = "3.2" }, null);
        await ci("sw-floor-3", CmdbSeed.NetworkDevice, BusinessCriticality.Medium, new() { ["deviceType"] = "switch", ["serialNumber"] = "FOC2301Y0CD" }, Discovery);
        await ci("SW-Floor-3", CmdbSeed.NetworkDevice, BusinessCriticality.Medium, new() { ["deviceType"] = "switch", ["serialNumber"] = "foc2301y0cd" }, null);

        var db = services.GetRequiredService<ItsmDbContext>();
        var lastSeen = DateTime.UtcNow.AddDays(-120);
        var id = await db.ConfigurationItems.Where(c => c.Number == stale).Select(c => c.Id).SingleAsync(cancellationToken);
        await db.CiAttributeValues.Where(v => v.CiId == id).ExecuteUpdateAsync(v => v.SetProperty(x => x.WrittenAt, lastSeen), cancellationToken);
        await db.ConfigurationItems.Where(c => c.Id == id)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.UpdatedAt, lastSeen).SetProperty(x => x.OpenedAt, lastSeen), cancellationToken);
    }

    private static Dictionary<string, string?> Server(string serial, string ram, string cpus, string cores, string os) =>
        new() { ["serialNumber"] = serial, ["ramGb"] = ram, ["cpuCount"] = cpus, ["coresPerCpu"] = cores, ["operatingSystem"] = os, ["monitored"] = "true" };

    private static Dictionary<string, string?> Vm(string ram, string os, string hypervisor) =>
        new() { ["ramGb"] = ram, ["cpuCount"] = "1", ["coresPerCpu"] = "8", ["operatingSystem"] = os, ["hypervisor"] = hypervisor, ["monitored"] = "true" };

    private static Dictionary<string, string?> Service(string group, string hours) => new() { ["supportGroup"] = group, ["serviceHours"] = hours };
}
