using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Tests.Persistence;

public sealed class WorkflowDbContextTests : IAsyncLifetime
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private WorkflowDbContext db = null!;

    public async ValueTask InitializeAsync()
    {
        await connection.OpenAsync();
        db = new WorkflowDbContext(new DbContextOptionsBuilder<WorkflowDbContext>().UseSqlite(connection).Options);
        await db.Database.EnsureCreatedAsync();
    }

    private static ProcessDefinitionRecord Definition(string key, int version) => new()
    {
        Id = Guid.NewGuid(), Key = key, Version = version, Xml = "<definitions/>", ContentHash = new string('0', 64),
        DeployedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task Versions_of_one_key_are_kept_side_by_side()
    {
        db.ProcessDefinitions.AddRange(Definition("incident-triage", 1), Definition("incident-triage", 2), Definition("problem", 1));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        var versions = await db.ProcessDefinitions.Where(d => d.Key == "incident-triage").Select(d => d.Version).ToListAsync(TestContext.Current.CancellationToken);

        versions.Should().BeEquivalentTo([1, 2]);
    }

    [Fact]
    public async Task The_same_version_of_a_key_cannot_be_stored_twice()
    {
        db.ProcessDefinitions.AddRange(Definition("incident-triage", 1), Definition("incident-triage", 1));

        var save = () => db.SaveChangesAsync(TestContext.Current.CancellationToken);

        await save.Should().ThrowAsync<DbUpdateException>();
    }

    [Fact]
    public void Key_column_length_is_declared_in_the_model() =>
        db.Model.FindEntityType(typeof(ProcessDefinitionRecord))!.FindProperty(nameof(ProcessDefinitionRecord.Key))!
            .GetMaxLength().Should().Be(200);

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        await connection.DisposeAsync();
    }
}
