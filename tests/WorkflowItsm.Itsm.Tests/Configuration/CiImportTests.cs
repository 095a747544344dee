using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Configuration;

/// <summary>Identification rules per class, reconciliation by source priority and freshness, and the CI import's dry run, commit and de-duplication tasks.</summary>
public sealed class CiImportTests : IAsyncLifetime
{
    private CmdbTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await CmdbTestHost.StartAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<CiImportPlan> PlanAsync(string source, string csv) =>
        host.InScopeAsync(s => s.GetRequiredService<CiImport>().PlanAsync(source, () => CiImport.ReadCsvAsync(new StringReader(csv), Ct), Ct));

    private Task<CiImportPlan> CommitAsync(string source, string csv) =>
        host.InScopeAsync(s => s.GetRequiredService<CiImport>().CommitAsync(source, () => CiImport.ReadCsvAsync(new StringReader(csv), Ct), CmdbTestHost.By, Ct));

    private Task<int> CountCisAsync() => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ConfigurationItems.CountAsync(Ct));

    private async Task<CiAttributeView> AttributeAsync(string number, string key) => (await host.DetailsAsync(number)).Attributes.Single(a => a.Key == key);

    [Fact]
    public async Task Scenario_1_class_inheritance_a_rule_on_database_replaces_the_inherited_software_instance_rule()
    {
        var database = await host.CreateAsync("payroll-db", "database", new Dictionary<string, string?> { ["engine"] = "postgresql", ["port"] = "5432" });
        var webServer = await host.CreateAsync("nginx-pay", "software-instance", new Dictionary<string, string?> { ["port"] = "443" });

        var byInheritedRule = await PlanAsync("discovery", "class,name,port\ndatabase,payroll-db,5432\nsoftware-instance, NGINX-pay ,443\n");
        var byOwnRule = await PlanAsync("discovery", "class,name,engine\ndatabase,Payroll-DB,PostgreSQL\n");

        byInheritedRule.Details[0].Should().Match<CiImportRowPlan>(r => r.Action == CiImportAction.Insert && r.Number == null, "name + port is the software instance's rule, which database replaced");
        byInheritedRule.Details[1].Should().Match<CiImportRowPlan>(r => r.Action == CiImportAction.Unchanged && r.Number == webServer.Number && r.MatchedBy == "name + port");
        byOwnRule.Details.Single().Should().Match<CiImportRowPlan>(r => r.Action == CiImportAction.Unchanged && r.Number == database.Number && r.MatchedBy == "name + engine");

        var rules = await host.InScopeAsync(s => s.GetRequiredService<CiIdentificationRules>().GetAsync("virtual-machine", Ct));
        rules.Should().Match<CiIdentificationRulesView>(r => r.Inherited && r.DefinedBy == "server");
        rules.Rules.Should().BeEquivalentTo(new[] { new[] { "serialNumber" }, new[] { "name" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Scenario_1_an_admin_gives_a_class_its_own_rules_and_an_empty_list_inherits_again()
    {
        var rules = host.InScopeAsync(s => s.GetRequiredService<CiIdentificationRules>().SetAsync("virtual-machine", new CiIdentificationRulesInput([["name", "HYPERVISOR"]]), Ct));
        (await rules).Should().Match<CiIdentificationRulesView>(r => !r.Inherited && r.Rules.Count == 1 && r.Rules[0][1] == "hypervisor");

        var bad = () => host.InScopeAsync(s => s.GetRequiredService<CiIdentificationRules>().SetAsync("virtual-machine", new CiIdentificationRulesInput([["name"], ["colour"]]), Ct));
        (await bad.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("rules[1]");

        var inherited = await host.InScopeAsync(s => s.GetRequiredService<CiIdentificationRules>().SetAsync("virtual-machine", new CiIdentificationRulesInput([]), Ct));
        inherited.Should().Match<CiIdentificationRulesView>(r => r.Inherited && r.DefinedBy == "server" && r.Rules.Count == 2);
    }

    [Fact]
    public async Task Scenario_2_the_same_CSV_imported_twice_with_serials_differing_only_in_case_makes_no_duplicates()
    {
        var first = await CommitAsync("discovery", "class,name,serialNumber,ramGb\nserver,srv-a,SN-100,64\nserver,srv-b,SN-200,32\nnetwork-device,sw-1,SW-9,\n");
        var second = await CommitAsync("discovery", "class,name,serialNumber,ramGb\nserver,srv-a,sn-100,64\nserver,srv-b, sn-200 ,32\nnetwork-device,sw-1,sw-9,\n");

        first.Should().Match<CiImportPlan>(p => p.Committed && p.Inserts == 3 && p.Invalid == 0);
        second.Should().Match<CiImportPlan>(p => p.Committed && p.Inserts == 0 && p.Updates == 3 && p.Ambiguous == 0);
        (await CountCisAsync()).Should().Be(3);
    }

    [Fact]
    public async Task Scenario_2_a_lower_priority_source_cannot_overwrite_RAM_written_by_a_higher_one_until_that_value_is_stale()
    {
        var discovered = await CommitAsync("discovery", "class,name,serialNumber,ramGb\nserver,srv-a,SN-100,64\n");
        var number = discovered.Details.Single().Number!;
        host.Time.Advance(TimeSpan.FromDays(3));

        var fresh = await CommitAsync("spreadsheet", "class,name,serialNumber,ramGb\nserver,srv-a,SN-100,32\n");

        fresh.Details.Single().Should().Match<CiImportRowPlan>(r => r.Action == CiImportAction.Unchanged && r.Number == number);
        fresh.Details.Single().Attributes.Single(a => a.Key == "ramGb").Should().Match<CiAttributeDecision>(d =>
            !d.Written && d.OldValue == "64" && d.IncomingValue == "32" && d.Reason == "kept: written by Discovery (priority 80) 3 days ago");
        (await AttributeAsync(number, "ramGb")).Should().Match<CiAttributeView>(a => a.Value == "64" && a.Source == "discovery");

        host.Time.Advance(TimeSpan.FromDays(58)); // 61 days: older than the server class's 60-day refresh period
        var stale = await CommitAsync("spreadsheet", "class,name,serialNumber,ramGb\nserver,srv-a,SN-100,32\n");

        stale.Details.Single().Should().Match<CiImportRowPlan>(r => r.Action == CiImportAction.Update);
        stale.Details.Single().Attributes.Single(a => a.Key == "ramGb").Reason.Should().StartWith("written: Discovery's value is stale, written 61 days ago");
        (await AttributeAsync(number, "ramGb")).Should().Match<CiAttributeView>(a => a.Value == "32" && a.Source == "spreadsheet");
        (await host.DetailsAsync(number)).History.Where(h => h.Field == "ramGb").Select(h => (h.OldValue, h.NewValue, h.Source))
            .Should().BeEquivalentTo([("64", "32", "spreadsheet"), ((string?)null, "64", "discovery")]);
    }

    [Fact]
    public async Task Scenario_2_the_dry_run_plan_matches_what_the_commit_does()
    {
        await CommitAsync("discovery", "class,name,serialNumber,ramGb,operatingSystem\nserver,srv-a,SN-100,64,Debian 12\nserver,srv-b,SN-200,32,\n");
        await host.CreateAsync("srv-c", "server", new Dictionary<string, string?> { ["serialNumber"] = "SN-300", ["ramGb"] = "16" }, source: "spreadsheet");
        const string csv = "class,name,serialNumber,ramGb,operatingSystem\nserver,srv-a,SN-100,128,Debian 13\nserver,srv-b,SN-200,32,\nserver,srv-c,SN-300,24,Alma 9\nserver,srv-d,SN-400,8,Alma 9\n";

        var plan = await PlanAsync("manual", csv);
        (await CountCisAsync()).Should().Be(3, "a dry run writes nothing");
        var done = await CommitAsync("manual", csv);

        done.Should().BeEquivalentTo(plan, o => o.Excluding(p => p.Committed).Excluding(p => p.Details));
        done.Details.Should().BeEquivalentTo(plan.Details, o => o.Excluding(r => r.Number));
        plan.Should().Match<CiImportPlan>(p => p.Inserts == 1 && p.Updates == 1 && p.Unchanged == 2, "srv-a keeps what Discovery wrote, srv-b sends the same values");
        foreach (var (row, committed) in plan.Details.Zip(done.Details))
        {
            var details = await host.DetailsAsync(committed.Number!);
            details.Ci.Name.Should().Be(row.Name);
            foreach (var decision in row.Attributes)
            {
                details.Attributes.Single(a => a.Key == decision.Key).Value.Should().Be(decision.Written ? decision.IncomingValue : decision.OldValue, $"line {row.Line}: {decision.Reason}");
            }
        }
    }

    [Fact]
    public async Task An_empty_value_never_overwrites_a_stored_one_unless_the_source_is_set_to_clear()
    {
        var number = (await CommitAsync("discovery", "class,name,serialNumber,ramGb\nserver,srv-a,SN-100,64\n")).Details.Single().Number!;

        var empty = await CommitAsync("discovery", "class,name,serialNumber,ramGb\nserver,srv-a,SN-100,\n");

        empty.Details.Single().Action.Should().Be(CiImportAction.Unchanged);
        (await AttributeAsync(number, "ramGb")).Value.Should().Be("64");

        await host.InScopeAsync(s => s.GetRequiredService<CiDataSources>().SaveAsync("discovery", new CiDataSourceInput("Discovery", 80, ClearsValues: true), Ct));
        var clearing = await CommitAsync("discovery", "class,name,serialNumber,ramGb\nserver,srv-a,SN-100,\n");

        clearing.Details.Single().Action.Should().Be(CiImportAction.Update);
        (await AttributeAsync(number, "ramGb")).Value.Should().BeNull();
    }

    [Fact]
    public async Task An_ambiguous_row_makes_a_deduplication_task_and_changes_no_CI_until_a_person_merges_it()
    {
        var one = await host.CreateAsync("dup-host", "server", new Dictionary<string, string?> { ["serialNumber"] = "SN-1" });
        var two = await host.CreateAsync("DUP-HOST", "server", new Dictionary<string, string?> { ["serialNumber"] = "SN-2" });
        var historyBefore = (await host.DetailsAsync(one.Number)).History.Count + (await host.DetailsAsync(two.Number)).History.Count;

        var plan = await CommitAsync("discovery", "class,name,ramGb\nserver,dup-host,64\n");

        plan.Details.Single().Should().Match<CiImportRowPlan>(r => r.Action == CiImportAction.Ambiguous && r.MatchedBy == "name");
        plan.Details.Single().Candidates.Should().Equal(one.Number, two.Number);
        ((await host.DetailsAsync(one.Number)).History.Count + (await host.DetailsAsync(two.Number)).History.Count).Should().Be(historyBefore);
        (await CountCisAsync()).Should().Be(2);
        var tasks = await host.InScopeAsync(s => s.GetRequiredService<CiDuplicateTasks>().ListAsync(CiDuplicateTaskState.Open, 1, 50, Ct));
        var task = tasks.Items.Should().ContainSingle().Subject;
        task.Candidates.Select(c => c.Number).Should().Equal(one.Number, two.Number);

        var notACandidate = () => host.InScopeAsync(s => s.GetRequiredService<CiDuplicateTasks>().ResolveAsync(task.Id, new CiDuplicateResolution("CI0009999", null), CmdbTestHost.By, Ct));
        (await notACandidate.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Should().ContainKey("mergeInto");
        var resolved = await host.InScopeAsync(s => s.GetRequiredService<CiDuplicateTasks>().ResolveAsync(task.Id, new CiDuplicateResolution(two.Number, null), CmdbTestHost.By, Ct));

        resolved.Should().Match<CiDuplicateTaskView>(t => t.State == CiDuplicateTaskState.Merged && t.ResultNumber == two.Number && t.ResolvedBy == CmdbTestHost.By);
        (await AttributeAsync(two.Number, "ramGb")).Should().Match<CiAttributeView>(a => a.Value == "64" && a.Source == "discovery");
        (await AttributeAsync(one.Number, "ramGb")).Value.Should().BeNull();
        var again = () => host.InScopeAsync(s => s.GetRequiredService<CiDuplicateTasks>().ResolveAsync(task.Id, new CiDuplicateResolution(null, true), CmdbTestHost.By, Ct));
        await again.Should().ThrowAsync<CiDuplicateTaskResolvedException>();
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_line_and_field_and_nothing_of_the_import_is_stored()
    {
        const string csv = "class,name,serialNumber,ramGb,location,colour\n"
            + "server,srv-ok,SN-1,64,,\n"
            + "mainframe,big-iron,SN-2,,,\n"
            + "server,srv-x,SN-3,lots,,\n"
            + "server,srv-y,SN-4,8,CI0009999,\n"
            + "server,srv-z,SN-5,8,,red\n"
            + "server,srv-a,SN-1,8,,\n";

        var plan = await PlanAsync("discovery", csv);
        var commit = () => CommitAsync("discovery", csv);

        plan.Should().Match<CiImportPlan>(p => p.Invalid == 5 && p.Inserts == 1);
        var refused = (await commit.Should().ThrowAsync<CiImportRefusedException>()).Which;
        refused.Errors.Keys.Should().BeEquivalentTo("line 3.class", "line 4.attributes.ramGb", "line 5.attributes.location", "line 6.attributes.colour", "line 7.name");
        refused.Errors["line 4.attributes.ramGb"].Single().Should().Be("RAM (GB) is a number (got 'lots').");
        refused.Errors["line 7.name"].Single().Should().Contain("Line 2");
        (await CountCisAsync()).Should().Be(0);
        var unknownSource = () => CommitAsync("crystal-ball", "class,name\nserver,x\n");
        (await unknownSource.Should().ThrowAsync<CiImportRefusedException>()).Which.Errors.Should().ContainKey("line 0.source");
    }

    [Fact]
    public async Task An_import_larger_than_a_batch_commits_batch_by_batch_and_finds_candidates_per_batch()
    {
        var rows = Enumerable.Range(1, CiImport.BatchSize + 20).Select(i => $"server,srv-{i},SN-{i},{i % 64 + 1}");
        var csv = "class,name,serialNumber,ramGb\n" + string.Join('\n', rows) + "\n";

        var first = await CommitAsync("discovery", csv);
        var second = await CommitAsync("discovery", csv.ToLowerInvariant().Replace("class,name,serialnumber,ramgb", "class,name,serialNumber,ramGb", StringComparison.Ordinal));

        first.Inserts.Should().Be(CiImport.BatchSize + 20);
        second.Should().Match<CiImportPlan>(p => p.Inserts == 0 && p.Updates == CiImport.BatchSize + 20);
        (await CountCisAsync()).Should().Be(CiImport.BatchSize + 20);
    }
}
