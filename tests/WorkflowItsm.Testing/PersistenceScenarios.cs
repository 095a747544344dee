using FluentAssertions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;

namespace WorkflowItsm.Testing;

/// <summary>What every database provider must do, written once and run against each real database.</summary>
public static class PersistenceScenarios
{
    /// <summary>The model and the provider's migrations agree: nobody forgot tools/add-migration.sh.</summary>
    public static void HasNoPendingModelChanges(DbContextOptions<ItsmDbContext> options)
    {
        using var db = new ItsmDbContext(options);
        db.Database.HasPendingModelChanges().Should().BeFalse(
            "the model changed without a migration; run tools/add-migration.sh <Name>");
    }

    /// <summary>Applies the migrations to an empty database, then writes and reads back runtime and domain rows.</summary>
    public static async Task MigratesAndRoundTripsAsync(DbContextOptions<ItsmDbContext> options)
    {
        const string xml = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"p\" isExecutable=\"true\"/></definitions>";
        var deployedAt = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

        await using (var db = new ItsmDbContext(options))
        {
            await db.Database.MigrateAsync();
            (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();

            db.ProcessDefinitions.Add(new ProcessDefinitionRecord
            {
                Id = Guid.NewGuid(), Key = "incident-triage", Version = 1, Name = "Incident triage", Xml = xml,
                ContentHash = new string('a', 64), DeployedBy = "admin", DeployedAt = deployedAt, Comment = "first",
            });
            var role = new DirectoryRole(Roles.Agent) { NormalizedName = "AGENT" };
            var user = new DirectoryUser { UserName = "ana", NormalizedUserName = "ANA", Email = "ana@example.test", DisplayName = "Ana Agent" };
            db.Roles.Add(role);
            db.Users.Add(user);
            db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>().Add(new() { UserId = user.Id, RoleId = role.Id });
            await db.SaveChangesAsync();
        }

        await using (var db = new ItsmDbContext(options))
        {
            var definition = await db.ProcessDefinitions.SingleAsync();
            definition.Key.Should().Be("incident-triage");
            definition.Xml.Should().Be(xml);
            definition.DeployedAt.Should().Be(deployedAt);

            var user = await db.Users.SingleAsync(u => u.NormalizedUserName == "ANA");
            user.DisplayName.Should().Be("Ana Agent");
            (await db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>().CountAsync(r => r.UserId == user.Id)).Should().Be(1);

            // One version number per key: a second deployment of version 1 must be refused by the database.
            db.ProcessDefinitions.Add(new ProcessDefinitionRecord
            {
                Id = Guid.NewGuid(), Key = "incident-triage", Version = 1, Xml = xml, ContentHash = new string('b', 64), DeployedAt = deployedAt,
            });
            var duplicate = () => db.SaveChangesAsync();
            await duplicate.Should().ThrowAsync<DbUpdateException>();
        }
    }

    /// <summary>Hangfire's storage for the provider accepts a scheduled job and reports it.</summary>
    public static void SchedulesAHangfireJob(JobStorage storage)
    {
        var client = new BackgroundJobClient(storage);
        var jobId = client.Schedule(() => Console.WriteLine("timer"), TimeSpan.FromHours(1));

        jobId.Should().NotBeNullOrEmpty();
        storage.GetMonitoringApi().ScheduledCount().Should().Be(1);
    }
}
