using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Hosting;

/// <summary>
/// The startup step that turns the free-text services and CIs of records from before the CMDB into CI numbers
/// (issue 17), on SQLite and on PostgreSQL: a name a CI has becomes its number, audited with the source
/// "migration"; a name none has is cleared and kept in a work note; a second run changes nothing.
/// </summary>
public sealed class ServiceNamesMigrationTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Old_free_text_services_and_CIs_are_matched_to_CI_numbers_audited_or_kept_in_a_note_and_a_second_run_changes_nothing_on_SQLite()
    {
        await using var host = new WebHostFactory();
        await ScenarioAsync(host);
    }

    [Fact]
    public async Task Old_free_text_services_and_CIs_are_matched_to_CI_numbers_audited_or_kept_in_a_note_and_a_second_run_changes_nothing_on_PostgreSQL()
    {
        server.SkipIfUnavailable();
        var connectionString = await server.CreateDatabaseAsync("migration");
        await using var baseHost = new WebHostFactory();
        await using var host = baseHost.WithWebHostBuilder(builder => builder
            .UseSetting("Database:Provider", "PostgreSql")
            .UseSetting("ConnectionStrings:Default", connectionString));
        await ScenarioAsync(host);
    }

    private static async Task ScenarioAsync(WebApplicationFactory<Program> host)
    {
        string wifi, mailServer, matched, unmatched, problem;
        int matchedSla, unmatchedSla;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var cis = services.GetRequiredService<CiService>();
            wifi = (await cis.CreateAsync(new NewConfigurationItem { Name = "Wi-Fi", Class = CmdbSeed.BusinessService }, "system", Ct)).Number;
            mailServer = (await cis.CreateAsync(new NewConfigurationItem { Name = "Mail-Srv-01", Class = CmdbSeed.Server }, "system", Ct)).Number;
            var incidents = services.GetRequiredService<IncidentService>();
            matched = (await incidents.CreateAsync(new NewIncident { ShortDescription = "Mail and Wi-Fi flaky", Caller = "admin" }, "admin", Ct)).Number;
            unmatched = (await incidents.CreateAsync(new NewIncident { ShortDescription = "Payroll printer jams", Caller = "admin" }, "admin", Ct)).Number;
            problem = (await services.GetRequiredService<ProblemService>().CreateAsync(new NewProblem { ShortDescription = "Mail server restarts" }, "admin", Ct)).Number;
            var db = services.GetRequiredService<ItsmDbContext>();
            // Written as the records from before the CMDB have them: no form checks them any more.
            await db.Incidents.Where(i => i.Number == matched).ExecuteUpdateAsync(i => i.SetProperty(x => x.Service, "wifi").SetProperty(x => x.ConfigurationItem, "mail-srv-01"), Ct);
            await db.Incidents.Where(i => i.Number == unmatched).ExecuteUpdateAsync(i => i.SetProperty(x => x.Service, "Payroll").SetProperty(x => x.ConfigurationItem, "printer-7"), Ct);
            await db.Problems.Where(p => p.Number == problem).ExecuteUpdateAsync(p => p.SetProperty(x => x.ConfigurationItem, "MAIL-SRV-01"), Ct);
            var slaMatched = new SlaDefinition { Name = "Wi-Fi in 2 hours", Kind = SlaKind.Resolution, TargetSeconds = 7200, CalendarKey = BusinessCalendars.AroundTheClock, Service = "WiFi" };
            var slaUnmatched = new SlaDefinition { Name = "Telex in 2 hours", Kind = SlaKind.Resolution, TargetSeconds = 7200, CalendarKey = BusinessCalendars.AroundTheClock, Service = "telex" };
            db.SlaDefinitions.AddRange(slaMatched, slaUnmatched);
            await db.SaveChangesAsync(Ct);
            (matchedSla, unmatchedSla) = (slaMatched.Id, slaUnmatched.Id);
        }

        ServiceNamesMigrationResult first, second;
        int auditAfterFirst, notesAfterFirst;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<ServiceNamesMigration>().RunAsync(Ct);
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            auditAfterFirst = await db.RecordAudit.CountAsync(Ct);
            notesAfterFirst = await db.RecordNotes.CountAsync(Ct);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            second = await scope.ServiceProvider.GetRequiredService<ServiceNamesMigration>().RunAsync(Ct);
        }

        await using var check = host.Services.CreateAsyncScope();
        var read = check.ServiceProvider.GetRequiredService<ItsmDbContext>();
        first.Should().Be(new ServiceNamesMigrationResult(Matched: 3, KeptAsNotes: 2, SlaDefinitionsMatched: 1, SlaDefinitionsDeactivated: 1));
        second.DidAnything.Should().BeFalse();
        (await read.RecordAudit.CountAsync(Ct)).Should().Be(auditAfterFirst, "a second run changes nothing");
        (await read.RecordNotes.CountAsync(Ct)).Should().Be(notesAfterFirst);

        (await read.Incidents.SingleAsync(i => i.Number == matched, Ct)).Should().BeEquivalentTo(new { Service = wifi, ConfigurationItem = mailServer });
        (await read.RecordAudit.Where(a => a.RecordNumber == matched && a.Source == ServiceNamesMigration.Source)
                .Select(a => new { a.Field, a.OldValue, a.NewValue, a.ChangedBy }).ToListAsync(Ct))
            .Should().BeEquivalentTo([
                new { Field = "service", OldValue = "wifi", NewValue = wifi, ChangedBy = ServiceNamesMigration.By },
                new { Field = "configurationItem", OldValue = "mail-srv-01", NewValue = mailServer, ChangedBy = ServiceNamesMigration.By },
            ]);

        (await read.Incidents.SingleAsync(i => i.Number == unmatched, Ct)).Should().BeEquivalentTo(new { Service = (string?)null, ConfigurationItem = (string?)null });
        (await read.RecordNotes.Where(n => n.RecordNumber == unmatched).Select(n => new { n.Kind, n.Text }).ToListAsync(Ct)).Should().BeEquivalentTo([
            new { Kind = RecordNoteKind.WorkNote, Text = "Service before the CMDB: Payroll" },
            new { Kind = RecordNoteKind.WorkNote, Text = "Configuration item before the CMDB: printer-7" },
        ]);

        (await read.Problems.SingleAsync(p => p.Number == problem, Ct)).ConfigurationItem.Should().Be(mailServer);
        (await read.SlaDefinitions.SingleAsync(d => d.Id == matchedSla, Ct)).Should().BeEquivalentTo(new { Service = wifi, IsActive = true });
        (await read.SlaDefinitions.SingleAsync(d => d.Id == unmatchedSla, Ct)).Should().BeEquivalentTo(
            new { Service = (string?)null, IsActive = false, Name = "Telex in 2 hours (service before the CMDB: telex)" });
    }
}
